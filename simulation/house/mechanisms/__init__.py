"""The meeting cycle's mechanisms as small pure functions on numpy arrays (testable alone)."""
