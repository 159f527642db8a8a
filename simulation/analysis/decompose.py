"""How much of an intervention's effect each of its channels carries, over paired seeds.

Every seed runs the scenario with the intervention off, fully on, and on with one channel switched
off at a time (common random numbers: the arms of a seed share their random stream, so seed
noise cancels in the paired differences). The total effect of an outcome is mean(on − off); a
channel carries the effect lost when it is switched off, mean(on − without channel), and its share
is that loss over the total. Intervals are paired bootstraps over seeds (`compare.paired_interval`).
Shares need not add up to 1: channels interact (one may only matter when another is on, or two
may do the same work), so each share says what the effect would lose without that channel alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from rich import box
from rich.table import Table

from simulation.analysis.compare import CONFIDENCE, paired_interval
from simulation.house.batch import run_batch
from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario, with_overrides
from simulation.interventions.config import TABLES, channels

DEFAULT_OUTCOMES = ("trust_between_groups", "trust_residents_institutions",
                    "resident_voice_share", "decisions_made", "decisions_implemented")
COLUMNS = ("outcome", "channel", "n", "effect", "effect_low", "effect_high", "share",
           "share_low", "share_high")
OFF, ON = "off", "on"
NOTE = ("Shares need not add up to 1: channels interact, so each share is what the effect loses "
        "when that channel alone is switched off. A share means little where the total's "
        "interval includes 0.")


class DecomposeError(ValueError):
    """An intervention or outcome the decomposition does not know (bad input)."""


@dataclass(frozen=True)
class Arms:
    """The scenarios every seed runs: off, fully on, and on without each channel."""

    intervention: str
    scenarios: dict[str, Scenario]

    @property
    def channels(self) -> tuple[str, ...]:
        return channels(self.intervention)


def arms(scenario: Scenario, intervention: str) -> Arms:
    """The scenario's own settings for the intervention (its defaults if it has no table)."""
    if intervention not in TABLES:
        raise DecomposeError(f"unknown intervention {intervention!r}; known: "
                             f"{', '.join(TABLES)}")
    key = f"interventions.{intervention}"
    on = with_overrides(scenario, {f"{key}.enabled": True, f"{key}.channels_off": []})
    built = {OFF: with_overrides(scenario, {f"{key}.enabled": False}), ON: on}
    for channel in channels(intervention):
        built[channel] = with_overrides(on, {f"{key}.channels_off": [channel]})
    return Arms(intervention, built)


def paired_seeds(count: int, root: int = 0) -> list[int]:
    """`count` independent run seeds from one root (numpy SeedSequence)."""
    return [int(child.generate_state(1, dtype=np.uint64)[0])
            for child in np.random.SeedSequence(root).spawn(count)]


def check_outcomes(outcomes: Sequence[str]) -> list[str]:
    unknown = [name for name in outcomes if name not in OUTCOMES]
    if unknown:
        raise DecomposeError(f"unknown outcome {', '.join(unknown)}; known: {', '.join(OUTCOMES)}")
    return list(outcomes)


BATCH = 16   # runs of one arm per call of the compiled week


def run_arms(plan: Arms, seeds: Sequence[int], steps: int, outcomes: Sequence[str],
             progress: Callable[[], None] | None = None) -> dict[str, np.ndarray]:
    """(seeds, outcomes) final values per arm: every arm runs every seed."""
    columns = [OUTCOMES.index(name) for name in outcomes]
    finals = {}
    for name, scenario in plan.scenarios.items():
        rows = []
        for start in range(0, len(seeds), BATCH):   # batches small enough for a lively bar
            chunk = seeds[start:start + BATCH]
            rows.append(run_batch(scenario, chunk, steps).finals()[:, columns])
            for _ in chunk:
                if progress:
                    progress()
        finals[name] = np.concatenate(rows)
    return finals


def _share(on: np.ndarray, without: np.ndarray, off: np.ndarray, axis: int = -1) -> np.ndarray:
    """The effect lost without a channel over the total effect (NaN where the total is 0)."""
    total = np.mean(on - off, axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total != 0, np.mean(on - without, axis=axis) / total, np.nan)


def decompose(finals: dict[str, np.ndarray], plan: Arms, outcomes: Sequence[str],
              n_resamples: int = 2999, seed: int = 0) -> pd.DataFrame:
    """Per outcome: the total effect and, per channel, the effect lost and its share."""
    rows: list[dict[str, Any]] = []
    on, off = finals[ON], finals[OFF]
    for k, outcome in enumerate(outcomes):
        x, y = on[:, k], off[:, k]
        low, high = paired_interval((x, y), n_resamples=n_resamples, seed=seed + k)
        rows.append({"outcome": outcome, "channel": "total", "n": len(x),
                     "effect": float(np.mean(x - y)), "effect_low": low, "effect_high": high,
                     "share": 1.0, "share_low": np.nan, "share_high": np.nan})
        for channel in plan.channels:
            w = finals[channel][:, k]
            lost = paired_interval((x, w), n_resamples=n_resamples, seed=seed + k)
            share = paired_interval((x, w, y), _share, n_resamples, seed + k)
            rows.append({"outcome": outcome, "channel": channel, "n": len(x),
                         "effect": float(np.mean(x - w)), "effect_low": lost[0],
                         "effect_high": lost[1], "share": float(_share(x, w, y)),
                         "share_low": share[0], "share_high": share[1]})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _num(value: float) -> str:
    if pd.isna(value):
        return "–"
    if abs(value) < 5e-4:
        return "0.000"      # never "-0.000"
    return f"{value:+.3f}" if abs(value) < 10 else f"{value:+.1f}"


def _pct(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def rich_table(table: pd.DataFrame, title: str) -> Table:
    """The decomposition for the terminal: per outcome the total effect, then what each channel
    carries (the effect lost without it) and its share of the total."""
    view = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", caption=NOTE,
                 caption_justify="left")
    ci = f"{CONFIDENCE:.0%} CI"
    view.add_column("outcome / channel", no_wrap=True)
    for name in ("effect", ci, "share", ci):
        view.add_column(name, justify="right", no_wrap=True)
    for outcome, part in table.groupby("outcome", sort=False):
        view.add_row(f"[bold]{outcome}[/]")
        for row in part.itertuples():
            total = row.channel == "total"
            view.add_row(f"  {row.channel}", _num(row.effect),
                         f"[{_num(row.effect_low)}, {_num(row.effect_high)}]",
                         "" if total else _pct(row.share),
                         "" if total else f"[{_pct(row.share_low)}, {_pct(row.share_high)}]")
        shares = part.loc[part["channel"] != "total", "share"]
        view.add_row("  [dim]sum of shares[/]", "", "", f"[dim]{_pct(shares.sum())}[/]", "",
                     end_section=True)
    return view
