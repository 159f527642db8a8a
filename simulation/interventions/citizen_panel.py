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

from simulation.house.params import param
from simulation.interventions.base import Episodic, Intervention

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules
    from simulation.house.view import ScenarioView


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

    def shape(self, rules: MeetingRules, step: int) -> None:
        """While in force, only the panel takes the residents' seats; it is drawn anew (by
        `mechanisms/lot.py`) in the first week and every `every` weeks."""
        c = self.config
        size = round(c.size * c.intensity)
        if not (c.in_force(step) and c.on("selection")) or size < 2:
            return
        rules.panel_size = size
        rules.panel_redraw = c.episode(step)
        rules.panel_strata = c.strata
        rules.invited_attendance = c.acceptance
