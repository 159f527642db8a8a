"""The app's controls. Each takes the current `Choice` and reports a new one through `on_choice`.

Of the house only the parameters that matter in class are exposed; everything else comes from the
scenario file. Every parameter and channel of an intervention is reachable, the less common ones
folded away under "more settings", so that e.g. a biased director never looks neutral. Mesa's
own controls are English-only and take the seed as free text, so these are Solara widgets with
translated labels and a numeric seed; a number field reads and writes numbers as the language
does (Solara's own shows 0.5 and answers in English).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import get_args

import solara
from solara.components.input import use_change

from simulation.app.numbers import number, parsed
from simulation.app.session import (
    UPLOAD_LIMIT_KB,
    VERTICAL_KEYS,
    Choice,
    load_upload,
    shipped_scenarios,
    shown_name,
)
from simulation.app.upload import Upload
from simulation.app.views import Explanation, Problem
from simulation.house.mechanisms.decision import RULES
from simulation.house.scenario import (
    Scenario,
    ScenarioError,
    flat_values,
    is_integer_parameter,
    iter_parameters,
    load_scenario,
)
from simulation.i18n import Lang, scenario_description, scenario_name, t
from simulation.interventions.base import Episodic, Timing
from simulation.interventions.config import Interventions

OnChoice = Callable[[Choice], None]
MAX_RESIDENTS_SLIDER = 300
TIMING_FIELDS = frozenset(Episodic.model_fields)   # the card's own controls, not "more settings"
MAX_SLIDER_POSITIONS = 100   # a wider range gets a number field: a slider would be too coarse
ERROR_STYLE = {"font-size": "12px", "color": "#b00020"}
ADVANCED_CSS = """
.sam-advanced .v-expansion-panel-text__wrapper { padding: 2px 4px 8px 4px; }
.sam-advanced .v-label { white-space: normal; }
"""


@dataclass(frozen=True)
class Rejected:
    """Settings the house refused: the dotted keys the student had just changed, and why.

    The controls show the old values again, so each control whose key is among `keys` shows the
    reason right under itself, where the student is looking; a refusal that no control caused
    (no key changed) goes in the box under the scenario.
    """

    keys: frozenset[str]
    error: ScenarioError

    @classmethod
    def of(cls, scenario: Scenario, new: Choice, error: ScenarioError) -> Rejected:
        """The keys of `new` whose value differs from the house's `scenario` now."""
        now = flat_values(scenario)
        return cls(frozenset(key for key, value in new.overrides.items()
                             if now.get(key) != (tuple(value) if isinstance(value, list)
                                                 else value)), error)


@solara.component
def FieldProblem(rejected: Rejected | None, keys: Collection[str], lang: Lang) -> None:
    """Why a value just set in this control was refused, under the control itself."""
    if rejected is not None and rejected.keys & set(keys):
        Problem(t("value_refused", lang), rejected.error, lang, "field-error")


@solara.component
def Picker(label: str, items: Mapping[str, str], value: str, on_value: Callable[[str], None],
           css_class: str = "") -> None:
    """A drop-down list that shows `items`' titles and reports their keys (a file name stays
    the value whatever the language shows)."""
    solara.v.Select(label=label, v_model=value, on_v_model=on_value, class_=css_class,
                    items=[{"title": title, "value": key} for key, title in items.items()])


@solara.component
def ScenarioPicker(choice: Choice, lang: Lang, on_choice: OnChoice) -> None:
    """A shipped scenario from the list, or the student's own file (validated like the CLI)."""
    problem, set_problem = solara.use_state(None)
    shipped = shipped_scenarios()
    names = {name: scenario_name(name, lang) for name in [*shipped, choice.name]}

    def pick(name: str) -> None:
        if name in shipped:
            loaded(set_problem, lambda: load_scenario(shipped[name]),
                   lambda base: on_choice(choice.with_base(name, base)))

    def upload(name: str, size: int, read: Callable[[int], bytes]) -> None:
        label = f"{shown_name(name).removesuffix('.toml')} ({t('uploaded', lang)})"
        loaded(set_problem, lambda: load_upload(name, size, read),
               lambda base: on_choice(choice.with_base(label, base)))

    Picker(t("scenario", lang), names, choice.name, pick)
    if choice.base.meta.description:
        solara.Text(scenario_description(choice.name, lang, choice.base.meta.description),
                    style={"font-size": "12px", "color": "#555"}, classes=["sam-description"])
    Upload(t("upload_label", lang, limit=UPLOAD_LIMIT_KB), UPLOAD_LIMIT_KB * 1024, upload)
    if problem:
        Problem(t("upload_invalid", lang), problem, lang, "upload-error")


@solara.component
def SecondPicker(choice: Choice, lang: Lang, on_choice: OnChoice) -> None:
    """Side by side: what the dashed house is, the same one without interventions or any shipped
    scenario (same seed, same week). The controls change the first house only; a line says so."""
    problem, set_problem = solara.use_state(None)
    same = t("second_same", lang)
    shipped = shipped_scenarios()

    def pick(label: str) -> None:
        if label not in shipped:
            set_problem(None)
            on_choice(choice.with_second(None))
            return
        loaded(set_problem, lambda: load_scenario(shipped[label]),
               lambda base: on_choice(choice.with_second(label, base)))

    Picker(t("second_house", lang), {same: same, **{name: scenario_name(name, lang)
                                                    for name in shipped}},
           choice.beside or same, pick, "sam-second")
    if choice.beside:
        solara.Text(t("second_note", lang), style={"font-size": "12px", "color": "#555"})
    if problem:
        Problem(t("upload_invalid", lang), problem, lang, "second-error")


def loaded(set_problem: Callable[[ScenarioError | None], None], load: Callable[[], Scenario],
           then: Callable[[Scenario], None]) -> None:
    """Pass a scenario on once it loads, or show why it does not (an error box, no traceback)."""
    try:
        base = load()
    except ScenarioError as exc:
        set_problem(exc)
        return
    set_problem(None)
    then(base)


@solara.component
def HouseSettings(choice: Choice, scenario: Scenario, lang: Lang, on_choice: OnChoice,
                  rejected: Rejected | None = None) -> None:
    """Seed and the handful of house parameters a class varies, each with why a value it was
    just set to was refused."""
    pop = scenario.population
    others = pop.total - pop.residents
    rule_labels = {t(f"rule_{rule}", lang): rule for rule in RULES}
    levels = [level.pass_probability for _, level in scenario.vertical.levels()]
    vertical = round(sum(levels) / len(levels), 2)

    bad_seed, set_bad_seed = solara.use_state(False)

    def seed(value: float | None) -> None:
        set_bad_seed(value is None or value < 0)
        if value is not None and value >= 0:
            on_choice(replace(choice, seed=int(value)))

    NumberField(t("seed", lang), choice.seed, True, lang, seed)
    if bad_seed:
        solara.Text(t("seed_invalid", lang), classes=["sam-parameter-error"], style=ERROR_STYLE)
    solara.Text(t("seed_help", lang), style={"font-size": "12px", "color": "#555"})
    solara.SliderInt(_label("residents", lang, pop.residents), value=pop.residents,
                     min=max(1, pop.room_capacity - others),
                     max=max(MAX_RESIDENTS_SLIDER, pop.residents),
                     on_value=lambda v: on_choice(choice.changed({"population.residents": v})))
    FieldProblem(rejected, ["population.residents"], lang)
    solara.SliderFloat(_label("asymmetry", lang, scenario.power.asymmetry),
                       value=scenario.power.asymmetry, min=0, max=1, step=0.05,
                       on_value=lambda v: on_choice(choice.changed({"power.asymmetry": v})))
    FieldProblem(rejected, ["power.asymmetry"], lang)
    solara.SliderFloat(_label("prior_conflict", lang, scenario.trust.prior_conflict),
                       value=scenario.trust.prior_conflict, min=0, max=1, step=0.05,
                       on_value=lambda v: on_choice(choice.changed({"trust.prior_conflict": v})))
    FieldProblem(rejected, ["trust.prior_conflict"], lang)
    solara.Select(t("decision_rule", lang), values=list(rule_labels),
                  value=t(f"rule_{scenario.house.decision_rule}", lang),
                  on_value=lambda label: on_choice(
                      choice.changed({"house.decision_rule": rule_labels[label]})))
    FieldProblem(rejected, ["house.decision_rule"], lang)
    solara.SliderFloat(_label("vertical", lang, vertical), value=vertical, min=0, max=1,
                       step=0.05,
                       on_value=lambda v: on_choice(choice.changed(dict.fromkeys(VERTICAL_KEYS,
                                                                                  v))))
    FieldProblem(rejected, VERTICAL_KEYS, lang)
    solara.Text(t("vertical_help", lang), style={"font-size": "12px", "color": "#555"})


def _label(key: str, lang: Lang, value: float) -> str:
    """A control's label with its value, so a screenshot or projector shows the setting; a
    fraction with two decimals in the language's own numbers (0,50 in Dutch)."""
    shown = number(value, lang, fixed=True) if isinstance(value, float) else number(value, lang, 0)
    return f"{t(key, lang)}: {shown}"


def intervention_timing(scenario: Scenario, name: str) -> Timing:
    """The intervention's table in the scenario, or its defaults (switched off) when absent."""
    current = getattr(scenario.interventions, name)
    if current is not None:
        return current
    kind = next(arg for arg in get_args(Interventions.model_fields[name].annotation)
                if arg is not type(None))
    return kind(enabled=False)


@solara.component
def InterventionSettings(name: str, choice: Choice, scenario: Scenario, lang: Lang,
                         on_choice: OnChoice, rejected: Rejected | None = None) -> None:
    """On/off, timing and intensity of one intervention, with what it does and its source, and
    under each control why a value it was just set to was refused."""
    timing = intervention_timing(scenario, name)
    steps = scenario.run.steps
    key = f"interventions.{name}"

    def set_field(field: str, value: object) -> None:
        on_choice(choice.changed({f"{key}.enabled": timing.enabled, f"{key}.{field}": value}))

    def refused(field: str) -> None:
        FieldProblem(rejected, [f"{key}.{field}"], lang)

    with solara.Card(margin=0, classes=["sam-intervention"], style={"padding": "4px 10px"}):
        solara.Switch(label=t(f"iv_{name}", lang), value=timing.enabled, color="primary",
                      on_value=lambda v: set_field("enabled", v))
        refused("enabled")
        if timing.enabled:
            solara.SliderInt(_label("start", lang, timing.start), value=timing.start, min=1,
                             max=steps - 1, on_value=lambda v: set_field("start", v))
            refused("start")
            solara.SliderInt(_label("end", lang, timing.end or 0), value=timing.end or 0,
                             min=0, max=steps, on_value=lambda v: set_field("end", v or None))
            refused("end")
            if isinstance(timing, Episodic):
                solara.SliderInt(_label("every", lang, timing.every), value=timing.every, min=1,
                                 max=26, on_value=lambda v: set_field("every", v))
                refused("every")
            solara.SliderFloat(_label("intensity", lang, timing.intensity),
                               value=timing.intensity, min=0, max=1,
                               step=0.05, on_value=lambda v: set_field("intensity", v))
            refused("intensity")
            # folded away; not solara.Details, whose Vuetify 2 names ipyvuetify 3 refuses
            solara.Style(ADVANCED_CSS)
            with solara.v.ExpansionPanels(flat=True, class_="sam-advanced"), \
                    solara.v.ExpansionPanel():
                solara.v.ExpansionPanelTitle(children=[t("advanced", lang)],
                                             style_="min-height: 32px; padding: 4px 10px; "
                                                    "font-size: 13px")
                with solara.v.ExpansionPanelText():
                    for row in own_parameters(timing, name):
                        Parameter(row, lang, set_field)
                        FieldProblem(rejected, [str(row["name"])], lang)
                    Channels(name, timing, lang, set_field)
                    refused("channels_off")
        Explanation(name, lang)


def own_parameters(timing: Timing, name: str) -> list[dict[str, object]]:
    """The intervention's parameters beyond its timing: dotted name, current value and range."""
    rows = iter_parameters(timing, f"interventions.{name}.")
    return [row for row in rows if str(row["name"]).rsplit(".", 1)[1] not in TIMING_FIELDS]


def slider_step(lo: float, hi: float, whole: bool) -> float | None:
    """A step fine enough for the range, or None when a number field suits it better."""
    steps = (1,) if whole else (0.01, 0.05, 0.1)
    return next((step for step in steps if (hi - lo) / step <= MAX_SLIDER_POSITIONS), None)


@solara.component
def Parameter(row: dict[str, object], lang: Lang,
              set_field: Callable[[str, object], None]) -> None:
    """One parameter within its documented range: a slider, or a checked number field."""
    problem, set_problem = solara.use_state(None)
    dotted = str(row["name"])
    _, name, field = dotted.split(".")
    value, lo, hi = row["default"], row["min"], row["max"]
    whole = is_integer_parameter(dotted)
    label = _label(f"par_{name}_{field}", lang, value)
    step = slider_step(lo, hi, whole) if lo is not None and hi is not None else None

    def checked(new: float | None) -> None:
        if new is None or (lo is not None and new < lo) or (hi is not None and new > hi):
            set_problem(t("allowed_range", lang, lo=number(lo, lang), hi=number(hi, lang)))
            return
        set_problem(None)
        set_field(field, int(new) if whole else float(new))

    if step is not None and whole:
        solara.SliderInt(label, value=value, min=lo, max=hi, on_value=checked)
    elif step is not None:
        solara.SliderFloat(label, value=value, min=lo, max=hi, step=step, on_value=checked)
    else:
        NumberField(label, value, whole, lang, checked)
    if problem:
        solara.Text(problem, classes=["sam-parameter-error"], style=ERROR_STYLE)


@solara.component
def NumberField(label: str, value: float, whole: bool, lang: Lang,
                on_value: Callable[[float | None], None]) -> None:
    """A number typed as `lang` writes it, passed on at Enter or when the field is left: None
    when the text is not a number (or, for a `whole` one, not a whole number)."""
    shown = number(value, lang, 0 if whole else 6)
    text, set_text = solara.use_state(shown)
    solara.use_effect(lambda: set_text(shown), [shown])   # a new value, or a new language

    def submit(typed: str | None) -> None:
        new = parsed(typed or "", lang)
        on_value(None if new is None or (whole and not new.is_integer()) else new)

    field = solara.v.TextField(label=label, v_model=text, on_v_model=set_text,
                               hide_details="auto")
    use_change(field, submit)


@solara.component
def Channels(name: str, timing: Timing, lang: Lang,
             set_field: Callable[[str, object], None]) -> None:
    """One check box per channel the intervention acts through; unticked = in `channels_off`."""
    def toggle(channel: str, on: bool) -> None:
        off = [c for c in timing.channels if c in timing.channels_off and c != channel]
        set_field("channels_off", off if on else [*off, channel])

    solara.Text(t("channels", lang), style={"font-size": "12px", "color": "#555"})
    for channel in timing.channels:   # not solara.Checkbox: in Vuetify 3 it shows its label twice
        solara.v.Checkbox(label=t(f"ch_{name}_{channel}", lang),
                          v_model=channel not in timing.channels_off, hide_details=True,
                          density="compact",
                          on_v_model=lambda on, channel=channel: toggle(channel, bool(on)))
