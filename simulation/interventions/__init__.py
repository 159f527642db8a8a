"""Interventions: each a mechanism that hooks into the meeting cycle, switched on per scenario."""
