"""Candidate values for the item on the table: the draft and its amendments.

Who may put a value to the room shapes what is decided (Baron & Ferejohn 1989: proposal power).
Besides the drafter's draft, participants who spoke offer amendments, the chair offers the value
with the widest support, and two groups that care about different topics may offer a package
(logrolling; Fisher & Ury 1981: options for mutual gain from different priorities).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def amendments(x: np.ndarray, shares: np.ndarray, tolerance: np.ndarray,
               speakers: np.ndarray) -> np.ndarray:
    """Each speaker's amendment: the value they can accept that is closest to the others' view.

    Speaker i offers the speaking-weighted view of the others, clipped into their own acceptable
    range xᵢ ± θᵢ (interest-based: move towards the others as far as one's interest allows;
    Fisher & Ury 1981; the form is an assumption).
    """
    total = shares.sum() - shares
    others = (np.dot(shares, x) - shares * x) / np.where(total > 0, total, 1.0)
    others = np.where(total > 0, others, x)
    offer = np.clip(others, x - tolerance, x + tolerance)
    return np.clip(offer[speakers], 0.0, 1.0)


def widest_support(x: np.ndarray, tolerance: np.ndarray, centre: float,
                   lo: float = 0.0, hi: float = 1.0) -> float:
    """The value in [lo, hi] inside the most participants' acceptable ranges xᵢ ± θᵢ.

    Coverage only changes at range ends, so the ends (clipped to [lo, hi]) are the only points to
    try; among equally covered points the one nearest `centre` (the room's view) wins.
    """
    lo, hi = max(lo, 0.0), min(hi, 1.0)
    points = np.clip(np.concatenate([x - tolerance, x + tolerance, [lo, hi, centre]]), lo, hi)
    cover = (np.abs(points[:, None] - x[None, :]) <= tolerance[None, :] + 1e-12).sum(axis=1)
    best = points[cover == cover.max()]
    return float(best[np.argmin(np.abs(best - centre))])


def stakes(x: np.ndarray, status_quo: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """(n, topics): how much each participant cares about each topic.

    How far the status quo is from one's view, plus one's tolerance as a floor so that those who
    like the status quo still care about keeping it (assumption).
    """
    return np.abs(x - status_quo[None, :]) + tolerance[:, None]


@dataclass(frozen=True)
class Package:
    """A package deal across two topics: each side gets its view on the topic it cares about."""

    topics: tuple[int, int]
    values: tuple[float, float]
    distance: np.ndarray    # (n,) each participant's stake-weighted distance from the package


def package(x: np.ndarray, shares: np.ndarray, stake: np.ndarray, topic: int,
            partner: int) -> Package | None:
    """Logrolling between the item's topic and one other open topic (None if nobody trades).

    Those who care more about `topic` than about `partner` get their speaking-weighted view on
    `topic`; the others get theirs on `partner`. A participant judges the package by the
    stake-weighted mean of their distances on the two topics (Fisher & Ury 1981; the form is an
    assumption), so one gives way on the topic one cares less about.
    """
    first = stake[:, topic] >= stake[:, partner]
    if first.all() or not first.any():
        return None
    values = (float(np.average(x[first, topic], weights=shares[first])),
              float(np.average(x[~first, partner], weights=shares[~first])))
    far = stake[:, [topic, partner]] * np.abs(x[:, [topic, partner]] - np.array(values))
    distance = far.sum(axis=1) / stake[:, [topic, partner]].sum(axis=1)
    return Package((topic, partner), values, distance)


def partner_topic(stake: np.ndarray, topic: int, open_topics: np.ndarray) -> int | None:
    """The open topic most present care about more than the item's (None if no one does)."""
    others = open_topics[open_topics != topic]
    if others.size == 0:
        return None
    keener = (stake[:, others] > stake[:, [topic]]).sum(axis=0)
    return int(others[np.argmax(keener)]) if keener.max() > 0 else None
