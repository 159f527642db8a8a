"""Explore a house under uncertainty: which intervention helps in a house like mine, how robustly,
and when does it backfire.

A practitioner knows their house only roughly: ranges (`[uncertain]`, see UNCERTAIN.md) instead
of values. The explorer samples plausible houses over those ranges, runs every house once per arm
(no intervention, each intervention, optional pairs) for a few replications with common random
numbers (the same seeds in every arm of a house, so a house's arms are paired), and reads:

- *robustness*: per intervention and goal the share of houses where it helps, or hurts, by more
  than a practical margin (Wilson intervals over houses), and the regret against the best option
  of each house;
- *when it backfires*: PRIM scenario discovery (the `prim` package: the standalone PRIM of the
  EMA Workbench, without the Workbench's modelling framework we do not need) on house
  parameters → hurts by more than the margin, with boxes written out in Dutch and English;
- *what matters most*: Sobol indices (SALib) of each effect to each uncertain parameter when the
  design is Saltelli's, else Spearman rank correlations;
- *honesty*: warnings when the design is too small to see an effect of the margin's size.

Houses run through a run function (`run_batch` by default), one call per (house, arm): in memory,
optionally spread over a `concurrent.futures` executor, or, given a results folder, as a plan of
the sweep engine (resumable, on any of its executors, the runs kept as Parquet like a sweep's).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario, is_integer_parameter, to_toml, with_overrides
from simulation.i18n import TEXTS, Lang, number
from simulation.sweeps.engine import RunFn, run_model
from simulation.sweeps.engine import run_sweep as run_plan
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import ExperimentSpec, Plan, Point, RunSpec, run_key
from simulation.sweeps.experiment import Settings as SweepSettings
from simulation.sweeps.store import ResultsError, ResultStore

NONE = "none"
Design = Literal["sobol", "lhs", "saltelli"]
Progress = Callable[[int, int, pd.DataFrame | None], None]


@dataclass(frozen=True)
class Goal:
    """What a practitioner wants more (or less) of, and the smallest change worth acting on."""

    outcome: str
    higher_is_better: bool
    margin: float           # practical margin, in the outcome's own units
    nl: str
    en: str


GOALS: dict[str, Goal] = {goal.outcome: goal for goal in (
    # two percentage points of the speaking turns: about one turn in fifty
    Goal("resident_voice_share", True, 0.02, "stem van bewoners", "residents' voice"),
    # one decision more (or fewer) carried out, over the whole run
    Goal("decisions_implemented", True, 1.0, "uitgevoerde besluiten", "decisions implemented"),
    # two hundredths on the 0-1 trust scale
    Goal("trust_between_groups", True, 0.02, "vertrouwen tussen groepen", "trust between groups"),
    # one resident fewer (or more) who stopped coming for good
    Goal("resident_dropout", False, 1.0, "afhakende bewoners", "residents dropping out"),
)}
DEFAULT_GOALS = tuple(GOALS)

CONFIDENCE = 0.95
Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
MIN_HOUSES = 16
"""Fewer houses leave a share's Wilson interval wider than ±0,22 even at its best: too wide to
say "most houses"."""
PRIM_MIN_CASES = 3
"""Fewer hurting houses than this give no box: three points make no region."""
PRIM_MAX_MASS = 0.8
"""A box holding more of the houses than this says little more than "in most houses"."""
PRIM_MIN_DENSITY = 0.5
"""A box where fewer than half the houses are hurt is not where it "mostly backfires"."""

CAVEAT: dict[Lang, str] = {
    "nl": "Dit is een model, geen voorspelling. Het zegt hoe interventies uitpakken in huizen "
          "zoals het model ze nabootst, binnen de bereiken die je opgaf; wat het model niet "
          "kent (een persoon, een conflict buiten het huis, geld) telt niet mee. Gebruik de "
          "uitkomst om vragen te stellen en te kijken waar het kantelt, niet als bewijs.",
    "en": "This is a model, not a forecast. It says how interventions work out in houses as the "
          "model imitates them, within the ranges you gave; what the model does not know (a "
          "person, a conflict outside the house, money) does not count. Use it to ask questions "
          "and to see where things tip over, not as proof.",
}


@dataclass(frozen=True)
class Exploration:
    """The answer, as tidy frames.

    houses: one row per sampled house, its uncertain parameters. effects: per house, arm and
    goal the mean paired difference (arm − none) over replications, `benefit` signed so that
    positive is better, and the verdict against the margin. robustness: per arm and goal, shares
    of houses helped and hurt with intervals, and regret. boxes: PRIM boxes of where an arm
    hurts, one row per restricted parameter. sensitivity: per arm, goal and parameter. warnings:
    what the design cannot tell.
    """

    houses: pd.DataFrame
    effects: pd.DataFrame
    robustness: pd.DataFrame
    boxes: pd.DataFrame
    sensitivity: pd.DataFrame
    warnings: pd.DataFrame
    design: Design
    replications: int
    steps: int
    seed: int


# --------------------------------------------------------------------------- design


def sample_houses(uncertain: Mapping[str, tuple[float, float]], houses: int, design: Design,
                  seed: int) -> pd.DataFrame:
    """`houses` plausible houses over the ranges (Saltelli: houses × (parameters + 2) rows, in
    SALib's order); integer parameters are rounded."""
    names = list(uncertain)
    if not names:
        return pd.DataFrame(index=pd.RangeIndex(1, name="house"))
    lows, highs = (np.array(side, dtype=float) for side in zip(*uncertain.values(), strict=True))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    if design == "saltelli":
        from SALib.sample import sobol as salib_sobol

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # "n is not a power of 2": the indices still hold
            unit = salib_sobol.sample(_problem(uncertain), houses, calc_second_order=False,
                                      scramble=True, seed=int(rng.integers(2**31)))
    else:
        sampler = (qmc.Sobol(len(names), scramble=True, rng=rng) if design == "sobol"
                   else qmc.LatinHypercube(len(names), rng=rng))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # Sobol's balance wants a power of 2; not required
            unit = qmc.scale(sampler.random(houses), lows, highs)
    frame = pd.DataFrame(unit, columns=names)
    for name in names:
        if is_integer_parameter(name):
            frame[name] = frame[name].round().astype(np.int64)
    frame.index.name = "house"
    return frame


def _problem(uncertain: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    return {"num_vars": len(uncertain), "names": list(uncertain),
            "bounds": [[float(lo), float(hi)] for lo, hi in uncertain.values()]}


def arms(interventions: Sequence[str], pairs: Iterable[tuple[str, str]] = ()
         ) -> dict[str, dict[str, bool]]:
    """Arm name -> overrides: none, each intervention, each pair ('a+b'). Every compared
    intervention is switched off except the arm's own, so 'none' is the house without them also
    where the house file already has one; interventions not compared stay as the file has them."""
    named = list(dict.fromkeys([*interventions, *(name for pair in pairs for name in pair)]))
    result: dict[str, dict[str, bool]] = {}
    for on in [(), *[(name,) for name in interventions], *[tuple(pair) for pair in pairs]]:
        result["+".join(on) or NONE] = {f"interventions.{name}.enabled": name in on
                                        for name in named}
    return result


def house_seeds(seed: int, house: int, replications: int) -> list[int]:
    """The replications' seeds of one house: shared by all its arms (common random numbers)."""
    state = np.random.SeedSequence(seed, spawn_key=(1, house)).generate_state(
        replications, dtype=np.uint64)
    return [int(s) for s in state]


def _finals(run_fn: RunFn, scenario: Scenario, seeds: Sequence[int],
            columns: Sequence[int]) -> np.ndarray:
    """(replications, goals): the last week's goal outcomes (module level: picklable)."""
    return run_fn(scenario, seeds).values[:, -1, list(columns)]


# --------------------------------------------------------------------------- the whole question


def explore(scenario: Scenario, uncertain: Mapping[str, tuple[float, float]],
            interventions: Sequence[str], pairs: Iterable[tuple[str, str]] = (), *,
            houses: int = 32, replications: int = 4, goals: Sequence[str] = DEFAULT_GOALS,
            steps: int | None = None, seed: int = 0, design: Design = "sobol",
            executor: Executor | None = None, run_fn: RunFn = run_model,
            margins: Mapping[str, float] | None = None,
            folder: str | Path | None = None,
            progress: Progress | None = None) -> Exploration:
    """Sample houses, run every arm of each, and read robustness, boxes and sensitivity.

    `design="saltelli"` runs houses × (parameters + 2) houses so that Sobol indices can be
    computed; otherwise `houses` houses (scrambled Sobol or Latin hypercube). `steps` defaults to
    the scenario's `run.steps`. `margins` overrides the goals' practical margins. `executor`
    spreads the (house, arm) calls (a process pool needs a picklable `run_fn`). With `folder`
    the runs go through the sweep engine into that results folder instead: resumable (the same
    call again continues a stopped exploration) and on any executor of the engine.
    `progress(done, total, robustness)` is told the runs done as they finish (through the sweep
    engine: once, at the end), with the robustness of the houses whose arms have all run (None
    before the first); an exception it raises stops the exploration (the app's cancel).
    """
    unknown = [g for g in goals if g not in GOALS and g not in OUTCOMES]
    if unknown:
        raise ValueError(f"unknown goal(s) {', '.join(unknown)}; allowed: {', '.join(OUTCOMES)}")
    chosen = [_goal(g, (margins or {}).get(g)) for g in goals]
    n_steps = scenario.run.steps if steps is None else steps
    table = sample_houses(uncertain, houses, design, seed)
    options = arms(interventions, pairs)
    calls = []
    for house, row in zip(table.index, table.to_dict("records"), strict=True):
        values = {k: v.item() if isinstance(v, np.generic) else v for k, v in row.items()}
        base = with_overrides(scenario, {**values, "run.steps": n_steps})
        seeds = house_seeds(seed, int(house), replications)
        calls.extend(Call(int(house), arm, {**values, **overrides},
                          with_overrides(base, overrides), seeds)
                     for arm, overrides in options.items())
    outcomes = [g.outcome for g in chosen]
    if folder is None:
        columns = [OUTCOMES.index(name) for name in outcomes]
        mapper = map if executor is None else executor.map
        results: list[np.ndarray] = []
        partial = None
        for values in mapper(_finals, repeat(run_fn, len(calls)), [c.scenario for c in calls],
                             [c.seeds for c in calls], repeat(columns, len(calls))):
            results.append(values)   # in the calls' order: a house's arms one after another
            if progress is None:
                continue
            if len(results) % len(options) == 0:   # a house complete
                partial = robustness(paired_effects(
                    table.iloc[:len(results) // len(options)],
                    {(c.house, c.arm): v for c, v in zip(calls, results, strict=False)},
                    list(options), chosen))
            progress(len(results) * replications, len(calls) * replications, partial)
    else:
        results = through_sweep(calls, outcomes, Path(folder), executor or SerialExecutor(),
                                run_fn, seed, replications, n_steps, scenario.meta.name)
    finals = {(c.house, c.arm): values for c, values in zip(calls, results, strict=True)}
    effects = paired_effects(table, finals, list(options), chosen)
    if folder is not None and progress is not None:
        progress(len(calls) * replications, len(calls) * replications, robustness(effects))
    return Exploration(
        houses=table, effects=effects, robustness=robustness(effects),
        boxes=backfire_boxes(effects, table),
        sensitivity=sensitivity(effects, table, uncertain, design, seed),
        warnings=power_warnings(effects, chosen, replications),
        design=design, replications=replications, steps=n_steps, seed=seed)


@dataclass(frozen=True)
class Call:
    """One house in one arm: its settings (house values and arm), scenario and seeds."""

    house: int
    arm: str
    settings: dict[str, Any]
    scenario: Scenario
    seeds: list[int]

    @property
    def label(self) -> str:
        return point_label(self.house, self.arm)


def point_label(house: int, arm: str) -> str:
    """The design point of a house in an arm, as the sweep engine stores it."""
    return f"house{house:05d} {arm}"


def through_sweep(calls: Sequence[Call], outcomes: Sequence[str], folder: Path,
                  executor: Executor, run_fn: RunFn, seed: int, replications: int, steps: int,
                  name: str) -> list[np.ndarray]:
    """The calls as a plan of the sweep engine, run into `folder` (resumed if it holds this
    exploration already; another plan there is refused): (replications, goals) per call."""
    source = folder / "explore.toml"
    spec = ExperimentSpec(experiment=SweepSettings(
        name="explore", description="samensturing explore: houses sampled over [uncertain]",
        scenarios=[f"{name}.toml"], replications=replications, steps=steps, root_seed=seed,
        outcomes=list(outcomes)))
    points = {(name, c.label): Point(name, c.label, c.settings,
                                     point_label(c.house, NONE), c.scenario) for c in calls}
    runs = [RunSpec(run_key(name, c.label, c.settings, rep), name, c.label, rep, c.seeds[rep])
            for c in calls for rep in range(replications)]
    plan = Plan(spec, source, points, runs)
    store = ResultStore(folder)
    resume = store.manifest_path.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if not source.exists():   # kept as it is on a resume: the manifest holds its text
        source.write_text("# an exploration of samensturing; the house before sampling:\n"
                          + to_toml(calls[0].scenario), encoding="utf-8")
    summary = run_plan(plan, folder, executor, resume=resume, retry_failed=True, run_fn=run_fn)
    if summary.remaining or summary.failed:
        raise ResultsError(f"{folder}: {summary.remaining} runs not done and {summary.failed} "
                           "failed; run the same exploration again to resume")
    finals = store.finals(outcomes).set_index("key")
    return [finals.loc[[r.key for r in runs[i * replications:(i + 1) * replications]],
                       list(outcomes)].to_numpy(dtype=float) for i in range(len(calls))]


def _goal(name: str, margin: float | None) -> Goal:
    goal = GOALS.get(name) or Goal(name, True, 0.0, name, name)
    return goal if margin is None else Goal(goal.outcome, goal.higher_is_better, float(margin),
                                            goal.nl, goal.en)


# --------------------------------------------------------------------------- robustness


def paired_effects(table: pd.DataFrame, finals: Mapping[tuple[Any, str], np.ndarray],
                   arm_names: Sequence[str], goals: Sequence[Goal]) -> pd.DataFrame:
    """Per house, arm (not none) and goal: mean and sd over replications of arm − none."""
    rows = []
    for house in table.index:
        reference = finals[house, NONE]
        for arm in (a for a in arm_names if a != NONE):
            diff = finals[house, arm] - reference          # (replications, goals), paired
            for j, goal in enumerate(goals):
                sign = 1.0 if goal.higher_is_better else -1.0
                mean = float(diff[:, j].mean())
                benefit = sign * mean
                verdict = ("helps" if benefit > goal.margin else
                           "hurts" if benefit < -goal.margin else "neutral")
                rows.append({"house": house, "arm": arm, "goal": goal.outcome, "effect": mean,
                             "benefit": benefit,
                             "sd": float(diff[:, j].std(ddof=1)) if len(diff) > 1 else np.nan,
                             "replications": len(diff), "margin": goal.margin,
                             "verdict": verdict})
    return pd.DataFrame(rows)


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson score interval of a share k/n (sound also near 0 and 1, and for few houses)."""
    if n == 0:
        return np.nan, np.nan
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return float(centre - half), float(centre + half)


def robustness(effects: pd.DataFrame) -> pd.DataFrame:
    """Per arm and goal: mean benefit (t interval over houses), shares helped and hurt (Wilson),
    mean regret against each house's best option and how often the arm is that option."""
    # the best option per house and goal, 'none' (benefit 0) included
    best = effects.groupby(["house", "goal"])["benefit"].max().clip(lower=0.0)
    regret = best.reindex(pd.MultiIndex.from_frame(effects[["house", "goal"]])).to_numpy() \
        - effects["benefit"].to_numpy()
    frame = effects.assign(regret=regret)
    rows = []
    for (arm, goal), group in frame.groupby(["arm", "goal"], sort=False):
        n = len(group)
        helps, hurts = int((group["verdict"] == "helps").sum()), int(
            (group["verdict"] == "hurts").sum())
        mean = float(group["benefit"].mean())
        half = (float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * group["benefit"].std(ddof=1)
                      / np.sqrt(n)) if n > 1 else np.nan)
        rows.append({"arm": arm, "goal": goal, "houses": n, "margin": group["margin"].iloc[0],
                     "mean_benefit": mean, "mean_low": mean - half, "mean_high": mean + half,
                     "helps": helps / n, "helps_low": wilson(helps, n)[0],
                     "helps_high": wilson(helps, n)[1],
                     "hurts": hurts / n, "hurts_low": wilson(hurts, n)[0],
                     "hurts_high": wilson(hurts, n)[1],
                     "mean_regret": float(group["regret"].mean()),
                     "best_share": float((group["regret"] <= 0.0).mean())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- when it backfires


BOX_COLUMNS = ("arm", "goal", "parameter", "low", "high", "low_restricted", "high_restricted",
               "coverage", "density", "mass", "houses_hurt", "nl", "en")


def backfire_boxes(effects: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Per arm and goal: the PRIM box of houses where the arm hurts by more than the margin."""
    rows: list[dict[str, Any]] = []
    if table.shape[1] == 0:
        return pd.DataFrame(columns=list(BOX_COLUMNS))
    for (arm, goal), group in effects.groupby(["arm", "goal"], sort=False):
        hurt = (group.set_index("house")["verdict"] == "hurts").reindex(table.index).to_numpy()
        if hurt.sum() < PRIM_MIN_CASES or hurt.all():
            continue
        found = prim_box(table, hurt)
        if found is None:
            continue
        limits, box_stats = found
        words = {lang: describe(limits, table, lang) for lang in ("nl", "en")}
        for parameter, (low, high) in limits.items():
            rows.append({"arm": arm, "goal": goal, "parameter": parameter, "low": low,
                         "high": high, "low_restricted": low > table[parameter].min(),
                         "high_restricted": high < table[parameter].max(), **box_stats,
                         "houses_hurt": int(hurt.sum()), **words})
    return pd.DataFrame(rows, columns=list(BOX_COLUMNS))


def prim_box(x: pd.DataFrame, cases: np.ndarray
             ) -> tuple[dict[str, tuple[float, float]], dict[str, float]] | None:
    """The first PRIM box of `cases` in `x`: restricted parameters' (low, high) and its coverage,
    density and mass. Of the peeling trajectory the box with the best balance of coverage (how
    much of the harm it holds) and density (how much of it is harm) is taken, their harmonic
    mean, among those holding at most PRIM_MAX_MASS of the houses; restrictions PRIM finds not
    significant (quasi-p ≥ 0.05) are dropped. None when no box is dense enough to tell."""
    import logging

    import prim

    logging.getLogger("prim").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = prim.Prim(x.reset_index(drop=True).astype(float), cases.astype(float),
                      threshold=0.5, threshold_type=">")
        box = p.find_box()
        if box is None:
            return None
        t = box.peeling_trajectory.astype(float)
        balance = (2 * t["coverage"] * t["density"] / (t["coverage"] + t["density"])).where(
            t["mass"] <= PRIM_MAX_MASS)
        if balance.isna().all():
            return None
        box.select(int(np.argmax(balance.fillna(-1.0).to_numpy())))
        limits = box.limits
        for name in limits.index[limits["qp values"] >= 0.05]:
            if len(limits) > 1:
                box.drop_restriction(name)
                limits = box.limits
    if (len(limits) == 0 or box.res_dim == 0 or box.density < PRIM_MIN_DENSITY
            or box.mass > PRIM_MAX_MASS):   # dropped restrictions may have widened it
        return None
    return ({str(k): (float(r["min"]), float(r["max"])) for k, r in limits.iterrows()},
            {"coverage": float(box.coverage), "density": float(box.density),
             "mass": float(box.mass)})


def percent(share: float, lang: Lang) -> str:
    return f"{number(100 * share, lang, 0)}%"


def arm_name(arm: str, lang: Lang) -> str:
    """An arm by the app's names of its interventions ('Onafhankelijke procesregisseur'); a pair
    joined by ' + '."""
    return " + ".join(TEXTS.get(f"iv_{name}", {}).get(lang, name) for name in arm.split("+"))


PARAMETER_NAMES: dict[str, dict[Lang, str]] = {
    # the intake's parameters (simulation/analysis/profile.py), as a sentence names them
    "population.residents": {"nl": "het aantal bewoners", "en": "the number of residents"},
    "power.asymmetry": {"nl": "de machtsongelijkheid", "en": "the power asymmetry"},
    "trust.prior_conflict": {"nl": "het conflict uit het verleden", "en": "the prior conflict"},
    "vertical.execution_administration.pass_probability": {
        "nl": "de kans dat een besluit bij het bestuur doorkomt",
        "en": "the chance that a decision gets through the administration"},
    "trust.between": {"nl": "het vertrouwen tussen groepen bij de start",
                      "en": "the trust between groups at the start"},
    "shortcoming.sharing": {"nl": "het delen van informatie", "en": "the sharing of information"},
    "speaking.silencing": {"nl": "het zwijgen door machtsverschil",
                           "en": "the silencing by a power gap"},
    "population.self_selection": {"nl": "de zelfselectie van mondige bewoners",
                                  "en": "the self-selection of outspoken residents"},
    "influence.positions.resident": {"nl": "het beginstandpunt van bewoners",
                                     "en": "the residents' starting position"},
    "engagement.staff_initial": {"nl": "de betrokkenheid van professionals en ambtenaren",
                                 "en": "the engagement of professionals and officials"},
    "informal.contact_rate": {"nl": "het contact tussen bewoners buiten het huis",
                              "en": "the residents' contact outside the house"},
}


def parameter_name(name: str, lang: Lang) -> str:
    """A house parameter in words with its file name: 'de machtsongelijkheid (power.asymmetry)';
    one the intake does not ask about by its file name only."""
    words = PARAMETER_NAMES.get(name, {}).get(lang)
    return f"{words} ({name})" if words else name


def describe(limits: Mapping[str, tuple[float, float]], table: pd.DataFrame, lang: Lang) -> str:
    """A box in words: 'als de machtsongelijkheid (power.asymmetry) boven 0,5 ligt en ...'."""
    parts = []
    for name, (low, high) in limits.items():
        above, below = low > table[name].min(), high < table[name].max()
        lo, hi, what = number(low, lang), number(high, lang), parameter_name(name, lang)
        if lang == "nl":
            parts.append(f"{what} tussen {lo} en {hi} ligt" if above and below else
                         f"{what} boven {lo} ligt" if above else f"{what} onder {hi} ligt")
        else:
            parts.append(f"{what} is between {lo} and {hi}" if above and below else
                         f"{what} is above {lo}" if above else f"{what} is below {hi}")
    joined = (" en " if lang == "nl" else " and ").join(parts)
    return ("als " if lang == "nl" else "when ") + joined


# --------------------------------------------------------------------------- what matters most


SENSITIVITY_COLUMNS = ("arm", "goal", "parameter", "method", "index", "index_low", "index_high",
                       "total", "total_low", "total_high")


def sensitivity(effects: pd.DataFrame, table: pd.DataFrame,
                uncertain: Mapping[str, tuple[float, float]], design: Design,
                seed: int) -> pd.DataFrame:
    """Sobol first-order and total indices of each arm's per-house benefit (Saltelli designs),
    else Spearman's rank correlation with a Fisher-z interval."""
    rows = []
    for (arm, goal), group in effects.groupby(["arm", "goal"], sort=False) if uncertain else ():
        y = group.set_index("house")["benefit"].reindex(table.index).to_numpy()
        if design == "saltelli":
            from SALib.analyze import sobol as salib_sobol

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                s = salib_sobol.analyze(_problem(uncertain), y, calc_second_order=False,
                                        seed=seed)
            for i, name in enumerate(uncertain):
                rows.append({"arm": arm, "goal": goal, "parameter": name, "method": "sobol",
                             "index": s["S1"][i], "index_low": s["S1"][i] - s["S1_conf"][i],
                             "index_high": s["S1"][i] + s["S1_conf"][i], "total": s["ST"][i],
                             "total_low": s["ST"][i] - s["ST_conf"][i],
                             "total_high": s["ST"][i] + s["ST_conf"][i]})
            continue
        n = len(y)
        for name in uncertain:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # a constant column or effect: undefined
                rho = float(stats.spearmanr(table[name], y).statistic)
            half = Z / np.sqrt(n - 3) if n > 3 else np.inf
            low, high = (np.tanh(np.arctanh(np.clip(rho, -0.999999, 0.999999)) + d)
                         for d in (-half, half))
            rows.append({"arm": arm, "goal": goal, "parameter": name, "method": "spearman",
                         "index": rho, "index_low": float(low), "index_high": float(high),
                         "total": np.nan, "total_low": np.nan, "total_high": np.nan})
    return pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))


# --------------------------------------------------------------------------- honesty


WARNING_COLUMNS = ("code", "arm", "goal", "nl", "en")


def power_warnings(effects: pd.DataFrame, goals: Sequence[Goal], replications: int
                   ) -> pd.DataFrame:
    """What the design cannot tell: too few houses for a share, or too few replications to see
    whether one house's effect passes the margin (its interval is wider than the margin), with
    the replications that would do (per goal, for the noisiest arm)."""
    rows = []
    houses = effects["house"].nunique()
    if houses < MIN_HOUSES:
        low, high = wilson(houses // 2, houses)
        rows.append({"code": "few_houses", "arm": "", "goal": "", "nl":
                     f"Met {houses} huizen is een aandeel onzeker tot ±"
                     f"{percent((high - low) / 2, 'nl')}: neem er minstens {MIN_HOUSES}.",
                     "en": f"With {houses} houses a share is uncertain by up to ±"
                     f"{percent((high - low) / 2, 'en')}: take at least {MIN_HOUSES}."})
    noise = effects.groupby(["goal", "arm"], sort=False)["sd"].median()
    plural = {"nl": "herhaling" if replications == 1 else "herhalingen",
              "en": "replication" if replications == 1 else "replications"}
    for g in goals:
        sd = noise.loc[g.outcome]
        arm = str(sd.idxmax()) if sd.notna().any() else str(sd.index[0])
        worst = float(sd.max()) if sd.notna().all() else np.inf
        resolution = Z * worst / np.sqrt(replications)
        if not resolution > g.margin:
            continue
        if np.isfinite(resolution) and g.margin > 0:
            needed = int(np.ceil((Z * worst / g.margin) ** 2))
            shown = {lang: number(resolution, lang) for lang in ("nl", "en")}
            advice = {"nl": f"neem er zo'n {needed}", "en": f"take about {needed}"}
        elif np.isfinite(resolution):   # a margin of 0 (an outcome without one): none suffice
            shown = {lang: number(resolution, lang) for lang in ("nl", "en")}
            advice = {"nl": "geen aantal is genoeg zonder marge",
                      "en": "no number is enough without a margin"}
        else:
            shown = {"nl": "?", "en": "?"}
            advice = {"nl": "neem er minstens 2 om dat te zien",
                      "en": "take at least 2 to see it"}
        rows.append({"code": "underpowered", "arm": arm, "goal": g.outcome, "nl":
                     f"{g.nl.capitalize()}: met {replications} {plural['nl']} is het effect in "
                     f"één huis onzeker tot ±{shown['nl']} (bij de interventie "
                     f"{arm_name(arm, 'nl')}), meer dan de marge van {number(g.margin, 'nl')}: "
                     f"helpt of schaadt per huis is dan deels toeval; {advice['nl']}.",
                     "en": f"{g.en.capitalize()}: with {replications} {plural['en']} the effect "
                     f"in one house is uncertain by ±{shown['en']} (for the intervention "
                     f"{arm_name(arm, 'en')}), more than the margin of {number(g.margin, 'en')}: "
                     f"helps or hurts per house is then partly chance; {advice['en']}."})
    return pd.DataFrame(rows, columns=list(WARNING_COLUMNS))
