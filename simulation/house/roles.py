"""The roles of the house in one dependency-free place (scenario, state, interventions)."""

from __future__ import annotations

ROLES = ("resident", "professional", "official", "administrator", "other")
