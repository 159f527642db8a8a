"""A citizen panel (burgerpanel): residents drawn by stratified lot instead of self-selection.

Self-selected participants are the better-resourced residents with stronger views (Fung 2006;
Michels & De Graaf 2010). A panel invites a fixed number of residents drawn by lot within strata
of their positions (as sortition for citizens' assemblies draws within strata; Flanigan et al.
2021), so every part of the spread of views gets its proportional seats. Only the invited can take
the residents' seats; each comes with a fixed chance (the panel asks, and pays, for commitment).
The panel rotates: a new draw every `every` weeks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.house.params import param
from simulation.house.state import RESIDENT
from simulation.interventions.base import Episodic, Intervention

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules
    from simulation.house.view import HouseView, ScenarioView


class CitizenPanelConfig(Episodic):
    """`[interventions.citizen_panel]`: redrawn every `every` weeks; intensity scales the size."""

    channels = ("selection",)

    every: int = param(26, 1, 520, "weeks", "weeks until the panel is drawn anew (rotation)",
                       "assumption")
    size: int = param(20, 2, 1000, "residents", "residents drawn at full intensity (fewer than "
                      "2 after scaling by intensity = no panel)", "assumption: about the "
                      "residents' seats of the baseline room")
    strata: int = param(4, 1, 20, "strata", "equal-sized bands of residents' mean position, "
                        "each given its proportional seats", "Flanigan et al. 2021")
    acceptance: float = param(
        0.8, 0, 1, "probability", "chance an invited panel member attends a meeting",
        "assumption")

    def contradictions(self, scenario: ScenarioView) -> list[tuple[str, str]]:
        residents = scenario.population.residents
        if self.size > residents:
            return [("interventions.citizen_panel.size",
                     f"{self.size} is more than the {residents} residents; allowed: at most "
                     "population.residents")]
        return []


class CitizenPanel(Intervention):
    """Replaces self-selected residents by a rotating panel drawn by stratified lot."""

    name = "citizen_panel"
    config: CitizenPanelConfig

    def __init__(self, config: CitizenPanelConfig, model: HouseView) -> None:
        super().__init__(config, model)
        self.panel: np.ndarray | None = None

    def before_meeting(self, model: HouseView, rules: MeetingRules, step: int) -> None:
        c = self.config
        size = round(c.size * c.intensity)
        if not (c.in_force(step) and c.on("selection")) or size < 2:
            self.panel = None
            return
        if c.episode(step) or self.panel is None:
            s = model.state
            residents = np.flatnonzero(s.active & (s.role == RESIDENT))
            self.panel = stratified_lot(residents, s.x[residents].mean(axis=1), size, c.strata,
                                        model.rng)
        rules.invited = self.panel
        rules.invited_attendance = c.acceptance


def stratified_lot(candidates: np.ndarray, key: np.ndarray, size: int, strata: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Draw `size` of the candidates: proportional seats per quantile band of `key`.

    Each band gets its proportional share of the seats rounded down; the few seats left over go
    to distinct bands drawn in proportion to their remaining room.
    """
    size = min(size, candidates.size)
    if size == 0:
        return candidates[:0]
    bands = np.array_split(candidates[np.argsort(key, kind="stable")], strata)
    seats = np.array([size * band.size // candidates.size for band in bands])
    room = np.array([band.size for band in bands]) - seats
    extra = rng.choice(len(bands), size=size - seats.sum(), replace=False,
                       p=room / room.sum()) if seats.sum() < size else []
    seats[extra] += 1
    drawn = [rng.choice(band, size=k, replace=False) for band, k in zip(bands, seats, strict=True)]
    return np.sort(np.concatenate(drawn))
