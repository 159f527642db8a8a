"""What human players choose for their seats in a week (the classroom's role play).

A seat is a participant; every seat without a choice behaves as the model's own agent. The
choices enter the week's mechanisms as their inputs — whether one comes, one's claim to speak,
how far one moves toward what one heard, the topic one raises, one's stance on the candidates —
so that what follows from them (who is heard, what is decided, what gets through) still emerges
from the run. A played run is a pure function of scenario, seed and the weekly choices.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

MODEL = -1                        # the model decides
SUPPORT, OBJECT, AMEND = range(3)  # stances on the candidates for a decision
STANCES = ("support", "object", "amend")


class Choices(NamedTuple):
    """One week's choices, one entry per participant."""

    attend: np.ndarray    # int: MODEL, 0 = stays away, 1 = comes (if the room has space)
    voice: np.ndarray     # float: factor on one's claim to speaking time (1 = as the model)
    openness: np.ndarray  # float: how far one moves toward what one heard, 0..1 (MODEL: one's own)
    topic: np.ndarray     # int: the topic one raises when no item is open (MODEL: none)
    stance: np.ndarray    # int: MODEL (by one's tolerance), SUPPORT, OBJECT or AMEND


def model_choices(n: int) -> Choices:
    """Everyone as the model's agent."""
    return Choices(attend=np.full(n, MODEL, dtype=np.int64), voice=np.ones(n),
                   openness=np.full(n, float(MODEL)), topic=np.full(n, MODEL, dtype=np.int64),
                   stance=np.full(n, MODEL, dtype=np.int64))
