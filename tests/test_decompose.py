"""`samensturing decompose`: each channel's share of an intervention's effect over paired seeds.

The command is run end to end on a tiny budget; the statistical tests use the same functions on
30 paired seeds and ask for intervals, never pinned values.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from stats import Interval, mean_ci, paired_ci
from typer.testing import CliRunner

from simulation.analysis import decompose as dc
from simulation.cli import app
from simulation.house.model import HouseModel
from simulation.house.scenario import Scenario, load_scenario, with_overrides
from simulation.house.state import RESIDENT

ROOT = Path(__file__).resolve().parents[1]
BASELINE = load_scenario(ROOT / "scenarios" / "baseline.toml")


def samensturing(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the command, run in this process."""
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_decompose_prints_every_channel_and_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "rr.csv"
    code, stdout, stderr = samensturing(
        "decompose", str(ROOT / "scenarios" / "baseline.toml"), "--intervention",
        "role_reversal", "--seeds", "3", "--steps", "6", "--outcomes",
        "trust_between_groups,resident_voice_share", "--out", str(out))
    assert code == 0, stderr
    for word in ("total", *dc.channels("role_reversal"), "trust_between_groups",
                 "need not add up to 1"):
        assert word in stdout
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["channel"] for r in rows] == 2 * ["total", *dc.channels("role_reversal")]
    assert all(r["n"] == "3" for r in rows)


@pytest.mark.parametrize(("args", "named"), [
    (["--intervention", "nope"], "unknown intervention 'nope'; known: role_reversal"),
    (["--intervention", "mayor", "--outcomes", "trust"], "unknown outcome trust; known:"),
])
def test_decompose_refuses_unknown_names_in_one_line(args: list[str], named: str) -> None:
    code, _, stderr = samensturing("decompose", str(ROOT / "scenarios" / "baseline.toml"),
                                   *args, "--seeds", "2")
    assert code == 2 and named in " ".join(stderr.split())


def test_arms_switch_off_one_channel_each_and_seeds_come_from_one_root() -> None:
    plan = dc.arms(BASELINE, "mayor")
    assert list(plan.scenarios) == [dc.OFF, dc.ON, "escalation", "backing", "hierarchy"]
    assert plan.scenarios[dc.OFF].interventions.mayor.enabled is False
    assert plan.scenarios["backing"].interventions.mayor.channels_off == ("backing",)
    assert dc.paired_seeds(4, root=1) == dc.paired_seeds(4, root=1) != dc.paired_seeds(4, root=2)
    assert len(set(dc.paired_seeds(50))) == 50


def test_shares_are_the_effect_lost_over_the_total() -> None:
    plan = dc.arms(BASELINE, "steering_group")
    off = np.array([[0.0], [1.0], [2.0]])
    finals = {dc.OFF: off, dc.ON: off + 2.0, "alignment": off + 0.5, "direct_line": off + 2.0}
    table = dc.decompose(finals, plan, ["decisions_made"], n_resamples=199).set_index("channel")
    assert table.loc["total", "effect"] == pytest.approx(2.0)
    assert table.loc["alignment", "share"] == pytest.approx(0.75)
    assert table.loc["direct_line", "share"] == pytest.approx(0.0)


@pytest.mark.slow
def test_role_reversal_trust_gain_vanishes_when_its_listening_channel_is_off() -> None:
    """Trust follows from being heard: without listening, role reversal leaves trust alone."""
    plan = dc.arms(BASELINE, "role_reversal")
    outcome = "trust_between_groups"
    finals = {k: v[:, 0] for k, v in dc.run_arms(plan, dc.paired_seeds(30), 52, [outcome]).items()}
    total = paired_ci(finals[dc.ON], finals[dc.OFF])
    rest = paired_ci(finals["listening"], finals[dc.OFF])
    print(f"role reversal: {outcome} {total}; with listening off {rest}")
    assert total.low > 0
    assert rest.low <= 0 or rest.high < total.low / 4


def listening_paid(scenario: Scenario, seed: int, steps: int = 26) -> np.ndarray:
    """(staff, residents): mean attention a present member pays to each other participant, as
    the feedback counts it (min(1, n·w)), over the meetings they attended."""
    model = HouseModel(scenario, seed)
    paid, count = np.zeros(2), np.zeros(2)
    for _ in range(steps):
        model.step()
        meeting = model.last_meeting
        if not meeting.held:
            continue
        n = meeting.present.size
        heard = np.minimum(1.0, n * meeting.weights)
        np.fill_diagonal(heard, 0.0)
        per_listener = heard.sum(axis=1) / (n - 1)
        staff = model.state.role[meeting.present] != RESIDENT
        for g, members in enumerate((staff, ~staff)):
            paid[g] += per_listener[members].sum()
            count[g] += members.sum()
    return paid / count


@pytest.mark.slow
def test_role_reversal_raises_the_listening_of_the_powerful_most_at_equal_presence() -> None:
    """Most for the powerful through the mechanism, not attendance: everyone is at every
    meeting (residents by an invitation they always accept, staff always), and staff's listening
    still rises more than residents'."""
    equal = with_overrides(BASELINE, {
        "population.room_capacity": 50, "population.institutional_attendance": 1.0,
        "population.staff_engagement_weight": 0.0, "interventions.citizen_panel.enabled": True,
        "interventions.citizen_panel.size": 40, "interventions.citizen_panel.strata": 1,
        "interventions.citizen_panel.acceptance": 1.0, "interventions.citizen_panel.every": 520})
    sessions = with_overrides(equal, {"interventions.role_reversal.enabled": True})
    effect = np.array([listening_paid(sessions, s) - listening_paid(equal, s) for s in range(30)])
    staff, residents = mean_ci(effect[:, 0]), mean_ci(effect[:, 1])
    more: Interval = mean_ci(effect[:, 0] - effect[:, 1])
    print(f"role reversal, listening at equal presence: staff {staff}, residents {residents}, "
          f"staff − residents {more}")
    assert residents.low > 0
    assert more.low > 0
