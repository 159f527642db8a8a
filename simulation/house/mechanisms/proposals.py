"""Candidate values for the item on the table: the draft and its amendments.

Who may put a value to the room shapes what is decided (Baron & Ferejohn 1989: proposal power).
Besides the drafter's draft, participants who spoke offer amendments, the chair offers the value
with the widest support, and two groups that care about different topics may offer a package
(logrolling; Fisher & Ury 1981: options for mutual gain from different priorities).
"""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def amendments(x: np.ndarray, shares: np.ndarray, tolerance: np.ndarray,
               speakers: np.ndarray) -> np.ndarray:
    """Each speaker's amendment: the value they can accept that is closest to the others' view.

    Speaker i offers the speaking-weighted view of the others, clipped into their own acceptable
    range xᵢ ± θᵢ (interest-based: move towards the others as far as one's interest allows;
    Fisher & Ury 1981; the form is an assumption).
    """
    weighted, total = (shares * x).sum(), shares.sum()
    offers = np.empty(int(speakers.sum()))
    k = 0
    for i in range(x.size):
        if not speakers[i]:
            continue
        rest = total - shares[i]
        others = (weighted - shares[i] * x[i]) / rest if rest > 0 else x[i]
        offer = min(max(others, x[i] - tolerance[i]), x[i] + tolerance[i])
        offers[k] = min(max(offer, 0.0), 1.0)
        k += 1
    return offers


@jit
def widest_support(x: np.ndarray, tolerance: np.ndarray, centre: float,
                   lo: float = 0.0, hi: float = 1.0) -> float:
    """The value in [lo, hi] inside the most participants' acceptable ranges xᵢ ± θᵢ.

    Coverage only changes at range ends, so the ends (clipped to [lo, hi]) are the only points to
    try; among equally covered points the one nearest `centre` (the room's view) wins, the
    earliest tried among equally near ones.
    """
    lo, hi = max(lo, 0.0), min(hi, 1.0)
    n = x.size
    points = np.empty(2 * n + 3)
    points[:n] = x - tolerance
    points[n:2 * n] = x + tolerance
    points[2 * n:] = (lo, hi, centre)
    best, best_cover, best_near = lo, -1, np.inf
    for p in range(points.size):
        point = min(max(points[p], lo), hi)
        cover = 0
        for i in range(n):
            cover += abs(point - x[i]) <= tolerance[i] + 1e-12
        near = abs(point - centre)
        if cover > best_cover or (cover == best_cover and near < best_near):
            best, best_cover, best_near = point, cover, near
    return best


@jit
def stakes(x: np.ndarray, status_quo: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """(n, topics): how much each participant cares about each topic.

    How far the status quo is from one's view, plus one's tolerance as a floor so that those who
    like the status quo still care about keeping it (assumption).
    """
    return np.abs(x - status_quo) + np.expand_dims(tolerance, 1)


@jit
def package(x: np.ndarray, shares: np.ndarray, stake: np.ndarray, topic: int,
            partner: int) -> tuple[bool, float, float, np.ndarray]:
    """Logrolling between the item's topic and one other open topic: (offered, value on `topic`,
    value on `partner`, each participant's distance from the package).

    Those who care more about `topic` than about `partner` get their speaking-weighted view on
    `topic`; the others get theirs on `partner`. A participant judges the package by the
    stake-weighted mean of their distances on the two topics (Fisher & Ury 1981; the form is an
    assumption), so one gives way on the topic one cares less about. Not offered if nobody
    trades (all care most about the same one).
    """
    n = x.shape[0]
    first = stake[:, topic] >= stake[:, partner]
    distance = np.zeros(n)
    if first.all() or not first.any():
        return False, 0.0, 0.0, distance
    value = (x[first, topic] * shares[first]).sum() / shares[first].sum()
    other = (x[~first, partner] * shares[~first]).sum() / shares[~first].sum()
    for i in range(n):
        a, b = stake[i, topic], stake[i, partner]
        distance[i] = (a * abs(x[i, topic] - value) + b * abs(x[i, partner] - other)) / (a + b)
    return True, value, other, distance


@jit
def partner_topic(stake: np.ndarray, topic: int, open_topics: np.ndarray) -> int:
    """The open topic (mask) most present care about more than the item's; -1 if no one does."""
    best, best_keen = -1, 0
    for t in range(open_topics.size):
        if not open_topics[t] or t == topic:
            continue
        keen = 0
        for i in range(stake.shape[0]):
            keen += stake[i, t] > stake[i, topic]
        if keen > best_keen:
            best, best_keen = t, keen
    return best
