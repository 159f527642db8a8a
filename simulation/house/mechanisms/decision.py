"""Decisions under the house's rule: hierarchical, majority, consent or consensus."""

from __future__ import annotations

import numpy as np

RULES = ("hierarchical", "majority", "consent", "consensus")


def proposal(x: np.ndarray, shares: np.ndarray) -> float:
    """The room's view: positions weighted by speaking share (who talks, frames)."""
    return float(np.dot(x, shares) / shares.sum())


def decide(rule: str, x: np.ndarray, shares: np.ndarray, tolerance: np.ndarray,
           objection_factor: float, formal: np.ndarray,
           proposer: int | None = None) -> tuple[bool, float]:
    """Whether the meeting decides, and on what value.

    The value on the table is the proposer's view as amended in the deliberation (the one who
    put the item on the agenda drafts it; Bachrach & Baratz 1962); with the proposer absent, the
    room's speaking-weighted view.
    hierarchical: the chair (highest formal authority present) decides on their own position.
    majority: more than half support the proposal (within their tolerance).
    consent: nobody objects (nobody further than objection_factor x tolerance).
    consensus: everybody supports.
    """
    if rule == "hierarchical":
        return True, float(x[int(np.argmax(formal))])
    value = float(x[proposer]) if proposer is not None else proposal(x, shares)
    distance = np.abs(x - value)
    if rule == "majority":
        return bool((distance <= tolerance).mean() > 0.5), value
    if rule == "consent":
        return bool((distance <= objection_factor * tolerance).all()), value
    if rule == "consensus":
        return bool((distance <= tolerance).all()), value
    raise ValueError(f"unknown decision rule {rule!r}; allowed: {', '.join(RULES)}")
