"""samensturing: an agent-based simulation of co-steering in Dutch neighbourhood houses.

The public API for notebooks and scripts is the names below; they stay stable, and outside code
should import only them (the subpackages may change):

    load_scenario(path, **overrides)    a scenario file, validated, with dotted overrides
    Scenario                            the validated scenario (pydantic; frozen)
    HouseModel                          the Mesa model of one house, to step by hand
    run_house(scenario, seed, steps)    one run to the end: .series (one row per week), .decisions
    run_batch(scenario, seeds, steps)   many runs at once: .values[run, week, outcome]
    load_experiment(path, **overrides)  an experiment file expanded into a plan of runs
    run_sweep(experiment, out, ...)     every run of an experiment into a results folder
    load_results(folder)                a results folder as tidy pandas frames: .finals, .series
    ScenarioError, ResultsError         bad input: a scenario or experiment file, a results folder

Overrides are dotted keys of the file; as keyword arguments a double underscore stands for the
dot. A run is a pure function of scenario and seed. For example:

    import simulation as sim

    scenario = sim.load_scenario("scenarios/baseline.toml", power__asymmetry=0.8)
    run = sim.run_house(scenario, seed=1, steps=20)
    plan = sim.load_experiment("experiments/power.toml", experiment__replications=2)
    sim.run_sweep(plan, "results/power-small", executor="serial")
    finals = sim.load_results("results/power-small").finals
    finals.groupby(["power.asymmetry", "interventions.process_director.enabled"])[
        "trust_between_groups"].mean()

docs/api.md has the worked example. The package's rooms: `house` (the model), `interventions`,
`sweeps` (experiments, engine, executors, result store), `analysis` (comparisons and reports),
`app` (the classroom app), `i18n` (texts in Dutch and English), `cli` (the `samensturing`
command). The names are loaded on first use, so that importing the package (as every sweep
worker and the app do) costs nothing until a name is needed.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulation.house.batch import run_batch
    from simulation.house.model import HouseModel
    from simulation.house.runner import run_house
    from simulation.house.scenario import Scenario, ScenarioError
    from simulation.sweeps.experiment import Plan
    from simulation.sweeps.launch import run_sweep
    from simulation.sweeps.store import ResultsError
    from simulation.sweeps.tables import load_results

__all__ = ["HouseModel", "ResultsError", "Scenario", "ScenarioError", "load_experiment",
           "load_results", "load_scenario", "run_batch", "run_house", "run_sweep"]

# name -> the module that defines it, imported on first use (PEP 562)
_LAZY = {
    "HouseModel": "simulation.house.model",
    "run_house": "simulation.house.runner",
    "run_batch": "simulation.house.batch",
    "Scenario": "simulation.house.scenario",
    "ScenarioError": "simulation.house.scenario",
    "run_sweep": "simulation.sweeps.launch",
    "ResultsError": "simulation.sweeps.store",
    "load_results": "simulation.sweeps.tables",
}


def __getattr__(name: str) -> Any:
    """Import a name of the API from its module on first use (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'simulation' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The API's names too before they are loaded, so that help() and completion see them."""
    return sorted({*globals(), *__all__})


def _dotted(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword overrides as dotted keys: `power__asymmetry` means `power.asymmetry`."""
    return {key.replace("__", "."): value for key, value in overrides.items()}


def load_scenario(path: str | os.PathLike[str], **overrides: Any) -> Scenario:
    """Load a scenario file (resolving `extends`), apply overrides and validate.

    Overrides are dotted keys, `load_scenario(path, **{"power.asymmetry": 0.8})`, or keywords
    with `__` for the dot, `load_scenario(path, power__asymmetry=0.8)`. Raises `ScenarioError`
    naming the file, the field and what is allowed.
    """
    from simulation.house.scenario import load_scenario as load

    return load(path, _dotted(overrides))


def load_experiment(path: str | os.PathLike[str], **overrides: Any) -> Plan:
    """Load an experiment file and expand it into a plan: its design points and runs.

    Overrides are dotted keys of the file as for `load_scenario`, e.g.
    `load_experiment(path, experiment__replications=5)`. Raises `ScenarioError` (its
    subclass `ExperimentError`) naming the file, the field and what is allowed.
    """
    from simulation.sweeps.experiment import load_experiment as load

    return load(path, _dotted(overrides))
