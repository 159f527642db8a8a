"""Feedback after a meeting: being heard, decisions and kept or broken promises update states."""

from __future__ import annotations

import numpy as np


def heard(w: np.ndarray) -> np.ndarray:
    """How much the others listened to each participant, 1 = at least an equal share."""
    n = w.shape[0]
    if n < 2:
        return np.ones(n)
    listened = np.minimum(1.0, n * w)
    np.fill_diagonal(listened, 0.0)
    return listened.sum(axis=0) / (n - 1)


def listened_by_group(w: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each participant and group: mean attention received from that group's members.

    Returns (mean attention, has-members mask), both (present, groups). `onehot` is
    (present, groups) role membership.
    """
    n = w.shape[0]
    listened = np.minimum(1.0, n * w)
    np.fill_diagonal(listened, 0.0)
    total = listened.T @ onehot                     # [i, g] = sum_j in g of listened[j, i]
    members = onehot.sum(axis=0)[None, :] - onehot  # others of g present, excluding oneself
    has = members > 0
    return np.where(has, total / np.maximum(members, 1), 0.0), has


def relax(value: np.ndarray, target: np.ndarray | float,
          rate: float | np.ndarray) -> np.ndarray:
    """Move towards a target by a share (exponential smoothing), kept within [0, 1]."""
    return np.clip(value + rate * (target - value), 0.0, 1.0)


def repeated_rate(rate: float, factor: float) -> float:
    """A smoothing rate made `factor` times as strong: the rate of applying it `factor` times,
    1 - (1 - rate)^factor, so it never passes 1 (a weight of 2 = two steps towards the target)."""
    return 1.0 - (1.0 - rate) ** factor


def efficacy(satisfaction: np.ndarray, heard: np.ndarray) -> np.ndarray:
    """The will to come back: satisfied *and* heard (geometric mean; both are needed)."""
    return np.sqrt(satisfaction * heard)


def outcome_value(interest: np.ndarray, decided: bool, value: float,
                  self_interest: np.ndarray) -> np.ndarray:
    """How good the meeting's result is to each participant (0..1).

    Judged against one's interest (the anchor), not the view one was talked into. A decision is
    worth its closeness to that interest (weighted by self-interest) plus the
    joint gain of having decided at all; no decision leaves one's interest half served and the
    joint interest a quarter (talking is not nothing) — both assumption.
    """
    if decided:
        return self_interest * (1.0 - np.abs(interest - value)) + (1.0 - self_interest)
    return self_interest * 0.5 + (1.0 - self_interest) * 0.25
