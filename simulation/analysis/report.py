"""A self-contained HTML report of a sweep, in Dutch or English, for readers who do not run code.

Plots are embedded as base64 PNG, so the report is one file that can be mailed or put in a course
environment. The page itself is the jinja2 template `templates/report.html.j2`; this module
gathers its data and draws its figures. The summary says in plain words which arms changed which
outcomes, counting only differences that survive the false-discovery control of
:mod:`simulation.analysis.compare`. A sampled design (a Latin hypercube of houses) is read pooled
over its houses, one test per arm and outcome, with each outcome plotted against each sampled
parameter, so its length does not grow with the number of houses; two interventions crossed
on/off get an answer to "better together?" (their interaction with an interval).
"""

from __future__ import annotations

import base64
import io
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from babel.numbers import format_decimal
from matplotlib.figure import Figure

from simulation.analysis import templates
from simulation.analysis.compare import (
    ALPHA,
    CONFIDENCE,
    comparisons,
    interactions,
    partial,
    pooled,
    tally,
)
from simulation.analysis.explore import CAVEAT, GOALS, percent
from simulation.i18n import LOCALES, Lang, t
from simulation.i18n import TEXTS as APP_TEXTS
from simulation.sweeps.experiment import INTERVENTION_PREFIX, Design, short_name
from simulation.sweeps.tables import point_table

SUMMARY_ITEMS = 8
"""Clear changes listed per variant in the summary; the rest are counted (and in the table)."""
PARAMETER_BINS = 6
"""Bins of a sampled parameter for the smoother in its plots: about ten houses per bin at 64."""

OUTCOME_LABELS: dict[str, dict[Lang, str]] = {
    "decisions_made": {"nl": "genomen besluiten", "en": "decisions made"},
    "decisions_implemented": {"nl": "uitgevoerde besluiten", "en": "decisions implemented"},
    "decisions_blocked": {"nl": "geblokkeerde besluiten", "en": "decisions blocked"},
    "items_dropped": {"nl": "afgevoerde agendapunten", "en": "agenda items dropped"},
    "resident_voice_share": {"nl": "spreektijd van bewoners (aandeel)",
                             "en": "residents' share of speaking time"},
    "resident_presence_share": {"nl": "bewoners onder de aanwezigen (aandeel)",
                                "en": "residents' share of those present"},
    "speaking_gini": {"nl": "ongelijkheid in spreektijd (Gini)",
                      "en": "inequality of speaking time (Gini)"},
    "trust_between_groups": {"nl": "vertrouwen tussen groepen", "en": "trust between groups"},
    "trust_within_groups": {"nl": "vertrouwen binnen groepen", "en": "trust within groups"},
    "trust_residents_institutions": {"nl": "vertrouwen van bewoners in instellingen",
                                     "en": "residents' trust in institutions"},
    "trust_professional_official": {"nl": "vertrouwen tussen professionals en ambtenaren",
                                    "en": "trust between professionals and officials"},
    "satisfaction_resident": {"nl": "tevredenheid bewoners", "en": "residents' satisfaction"},
    "satisfaction_professional": {"nl": "tevredenheid professionals",
                                  "en": "professionals' satisfaction"},
    "satisfaction_official": {"nl": "tevredenheid ambtenaren", "en": "officials' satisfaction"},
    "resident_attendance": {"nl": "opkomst van bewoners", "en": "resident attendance"},
    "resident_dropout": {"nl": "uitval van bewoners", "en": "resident dropout"},
    "resident_ownership": {"nl": "eigenaarschap van bewoners", "en": "residents' ownership"},
    "position_spread": {"nl": "spreiding van standpunten", "en": "spread of positions"},
    "position_clusters": {"nl": "aantal groepen met eigen standpunt",
                          "en": "number of opinion groups"},
    "time_to_decision": {"nl": "vergaderingen tot een besluit",
                         "en": "meetings until a decision"},
    "panel_position_gap": {"nl": "afstand aanwezige bewoners tot alle bewoners",
                           "en": "gap between present residents and all residents"},
    "speaking_gini_expected": {"nl": "ongelijkheid in verwachte spreektijd (Gini)",
                               "en": "inequality of expected speaking time (Gini)"},
    "resident_dropout_first_visit": {"nl": "uitval na de eerste keer",
                                     "en": "dropout after the first visit"},
    "resident_reach": {"nl": "bereik: bewoners die ooit kwamen",
                       "en": "reach: residents who ever came"},
    "resident_active_share": {"nl": "bewoners die komen en nog meedoen",
                              "en": "residents who came and still take part"},
    "resident_commitment": {"nl": "betrokkenheid van bewoners bij het proces",
                            "en": "residents' commitment to the process"},
}
_EXPOSURE: dict[str, dict[Lang, str]] = {
    "present": {"nl": "aanwezigen", "en": "present"},
    "attended": {"nl": "ooit gekomen", "en": "ever attended"},
    "active": {"nl": "nog actief", "en": "still active"},
}
OUTCOME_LABELS.update({
    f"{name}_{group}": {lang: f"{OUTCOME_LABELS[name][lang]} ({who[lang]})" for lang in who}
    for name in ("trust_residents_institutions", "satisfaction_resident", "resident_ownership",
                 "resident_commitment")
    for group, who in _EXPOSURE.items()})

TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"nl": "Samensturing: resultaten van experiment '{name}'",
              "en": "Co-steering: results of experiment '{name}'"},
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "method": {
        "nl": "{runs} simulaties: {points} varianten × {reps} herhalingen van {steps} weken. "
              "Varianten die alleen in interventies verschillen, gebruiken per herhaling "
              "hetzelfde startgetal (dezelfde buurt), zodat de verschillen gepaard vergeleken "
              "worden. Als 'duidelijk' telt een verschil dat overeind blijft na correctie voor "
              "de vele vergelijkingen (Benjamini–Hochberg, q < {alpha}). Intervallen zijn "
              "{conf}-bootstrapbetrouwbaarheidsintervallen.",
        "en": "{runs} simulated runs: {points} variants × {reps} replications of {steps} weeks. "
              "Variants that differ only in their interventions share a seed per replication "
              "(the same neighbourhood), so their differences are compared in pairs. A difference "
              "counts as 'clear' when it survives the correction for many comparisons "
              "(Benjamini–Hochberg, q < {alpha}). Intervals are {conf} bootstrap confidence "
              "intervals."},
    "pooled_method": {
        "nl": "De {houses} huizen zijn getrokken uit de bereiken van {keys} (Latijnse "
              "hyperkubus). Het effect van elke variant is eerst per huis bepaald, gepaard per "
              "startgetal, en daarna over de huizen samengenomen: één toets per variant en "
              "uitkomst (Wilcoxon over de huizen), niet één per huis.",
        "en": "The {houses} houses are drawn from the ranges of {keys} (Latin hypercube). Each "
              "variant's effect is taken per house first, paired by seed, and then pooled over "
              "the houses: one test per variant and outcome (Wilcoxon over the houses), not one "
              "per house."},
    "raised": {"nl": "verhoogde", "en": "raised"},
    "lowered": {"nl": "verlaagde", "en": "lowered"},
    "change": {"nl": "{verb} {outcome} van {ref} naar {arm} (verschil {diff}, {conf}-interval "
                     "{low} tot {high})",
               "en": "{verb} {outcome} from {ref} to {arm} (difference {diff}, {conf} interval "
                     "{low} to {high})"},
    "higher_in": {"nl": "; hoger in {share} van de huizen",
                  "en": "; higher in {share} of the houses"},
    "lower_in": {"nl": "; lager in {share} van de huizen",
                 "en": "; lower in {share} of the houses"},
    "more_changes": {"nl": "en nog {n} andere uitkomsten (zie de tabel hieronder)",
                     "en": "and {n} other outcomes (see the table below)"},
    "no_change": {"nl": "{arm}: geen duidelijk verschil met de variant ‘{ref}’ in enige "
                        "uitkomst.",
                  "en": "{arm}: no clear difference from {ref} in any outcome."},
    "pooled_none": {"nl": "{arm}: over {houses} huizen geen duidelijk verschil met de variant "
                          "‘{ref}’ in enige uitkomst.",
                    "en": "{arm}: over {houses} houses no clear difference from {ref} in any "
                          "outcome."},
    "arm_changes": {"nl": "{arm}, vergeleken met de variant ‘{ref}’:",
                    "en": "{arm}, compared with {ref}:"},
    "pooled_changes": {"nl": "{arm}, vergeleken met de variant ‘{ref}’, over {houses} huizen:",
                       "en": "{arm}, compared with {ref}, over {houses} houses:"},
    "no_comparisons": {"nl": "Dit experiment heeft geen referentie om mee te vergelijken; "
                             "hieronder staan de gemiddelden per variant.",
                       "en": "This experiment has no reference to compare with; the means per "
                             "variant are shown below."},
    "per_arm": {"nl": "Uitkomsten per variant (eindwaarde, gemiddelde met {conf}-interval)",
                "en": "Outcomes per variant (final value, mean with {conf} interval)"},
    "arm_note": {"nl": "Groen: duidelijk verschil met de referentie; grijze lijn: het interval.",
                 "en": "Green: clear difference from the reference; grey line: the interval."},
    "per_arm_pooled": {"nl": "Effect per variant over alle huizen (verschil met de referentie, "
                             "{conf}-interval)",
                       "en": "Effect per variant over all houses (difference from the "
                             "reference, {conf} interval)"},
    "parameters": {"nl": "Uitkomsten tegen de gevarieerde parameters",
                   "en": "Outcomes against the varied parameters"},
    "parameters_note": {"nl": "Elke stip is één variant in één huis (gemiddelde over de "
                              "herhalingen); de lijn verbindt de gemiddelden per klasse van de "
                              "parameter.",
                        "en": "Each dot is one variant in one house (mean over the "
                              "replications); the line joins the means per class of the "
                              "parameter."},
    "over_time": {"nl": "Uitkomsten in de tijd (gemiddelde met {conf}-band)",
                  "en": "Outcomes over time (mean with {conf} band)"},
    "no_series": {"nl": "Geen tijdreeksen bewaard (zet series_every in het experiment).",
                  "en": "No time series kept (set series_every in the experiment)."},
    "week": {"nl": "week", "en": "week"},
    "no_interventions": {"nl": "zonder interventies", "en": "no interventions"},
    "together": {"nl": "Beter samen?", "en": "Better together?"},
    "together_clear": {
        "nl": "Samen {verb} {first} en {second} {outcome} met {both} tegenover geen van beide; "
              "los was dat {a} en {b}. Dat is {size} {more} dan de twee effecten opgeteld "
              "(interactie {value}, {conf}-interval {low} tot {high}){verdict}.",
        "en": "Together, {first} and {second} {verb} {outcome} by {both} against neither; "
              "apart, by {a} and {b}. That is {size} {more} than the two effects added up "
              "(interaction {value}, {conf} interval {low} to {high}){verdict}."},
    "together_none": {
        "nl": "{first} en {second}: samen doen ze in geen uitkomst duidelijk meer of minder dan "
              "hun twee effecten opgeteld.",
        "en": "{first} and {second}: in no outcome do they together do clearly more or less "
              "than their two effects added up."},
    "raised_both": {"nl": "verhoogden", "en": "raised"},
    "lowered_both": {"nl": "verlaagden", "en": "lowered"},
    "more": {"nl": "meer", "en": "more"},
    "less": {"nl": "minder", "en": "less"},
    "better_together": {"nl": ": beter samen dan los", "en": ": better together than apart"},
    "worse_together": {"nl": ": samen slechter dan los", "en": ": worse together than apart"},
    "together_note": {"nl": "Interactie = beide − alleen de eerste − alleen de tweede + geen "
                            "van beide, per gedeeld startgetal; 0 betekent dat ze samen doen "
                            "wat hun effecten opgeteld doen. Vetgedrukt: duidelijk "
                            "(Benjamini–Hochberg, q < {alpha}).",
                      "en": "Interaction = both − first only − second only + neither, per "
                            "shared seed; 0 means that together they do what their effects add "
                            "up to. Bold: clear (Benjamini–Hochberg, q < {alpha})."},
    "table": {"nl": "Alle vergelijkingen", "en": "All comparisons"},
    "table_note": {"nl": "A = kans dat een run van de variant hoger scoort dan een run van de "
                         "referentie (0,5 = geen verschil); d = Cohens d; q = "
                         "Benjamini–Hochberg. Vetgedrukt: duidelijk verschil.",
                   "en": "A = chance that a run of the variant scores higher than a run of the "
                         "reference (0.5 = no difference); d = Cohen's d; q = Benjamini–Hochberg. "
                         "Bold: clear difference."},
    "table_pooled": {"nl": "Alle vergelijkingen, samengenomen over de huizen",
                     "en": "All comparisons, pooled over the houses"},
    "table_pooled_note": {
        "nl": "q = Benjamini–Hochberg. Vetgedrukt: duidelijk verschil. De vergelijkingen per "
              "huis ({rows}) staan niet hier maar in comparison.csv, dat samensturing compare "
              "in de resultatenmap schrijft.",
        "en": "q = Benjamini–Hochberg. Bold: clear difference. The comparisons per house "
              "({rows}) are not listed here but in comparison.csv, which samensturing compare "
              "writes to the results folder."},
    "provenance": {"nl": "Herkomst", "en": "Provenance"},
    "col_variant": {"nl": "variant", "en": "variant"},
    "col_outcome": {"nl": "uitkomst", "en": "outcome"},
    "col_reference": {"nl": "referentie", "en": "reference"},
    "col_difference": {"nl": "verschil [interval]", "en": "difference [interval]"},
    "col_higher": {"nl": "hoger in", "en": "higher in"},
    "col_pair": {"nl": "paar", "en": "pair"},
    "col_effects": {"nl": "los: eerste, tweede; samen", "en": "apart: first, second; together"},
    "col_interaction": {"nl": "interactie [interval]", "en": "interaction [interval]"},
}


class Paragraph(NamedTuple):
    """A summary paragraph: a lead sentence and, if any, the list it introduces."""

    head: str
    items: tuple[str, ...] = ()


class Table(NamedTuple):
    """A table for the template: header cells and rows (cells, and whether it is 'clear')."""

    head: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], bool], ...]


def text(key: str, lang: Lang, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def outcome_label(name: str, lang: Lang) -> str:
    return OUTCOME_LABELS.get(name, {}).get(lang, name)


def switch_label(key: str, lang: Lang) -> str:
    """An intervention switch by the app's name of the intervention."""
    name = short_name(key)
    return APP_TEXTS.get(f"iv_{name}", {}).get(lang, name)


def point_label(label: str, settings: dict[str, Any], lang: Lang) -> str:
    """A design point in words: interventions switched on by the app's name, 'off' left out."""
    parts = []
    for token in label.split(" "):
        name, _, value = token.partition("=")
        switch = f"{INTERVENTION_PREFIX}{name}.enabled"
        if settings.get(switch) is True and value in ("", "on"):
            parts.append(switch_label(switch, lang))
        elif token and not (value == "off" and switch in settings):
            parts.append(token)
    return " · ".join(parts) or text("no_interventions", lang)


def _fmt(value: float, lang: Lang) -> str:
    """Three significant digits, as the language writes them (0,123 in Dutch)."""
    if pd.isna(value):
        return "–"
    if abs(value) < 1e-9:   # float noise of a difference of equal means
        return "0"
    return format_decimal(float(value), format="@##", locale=LOCALES[lang])


def _listed(names: Sequence[str], lang: Lang) -> str:
    """'a, b en c' (Dutch) or 'a, b and c'."""
    last = " en " if lang == "nl" else " and "
    return last.join(filter(None, (", ".join(names[:-1]), names[-1])))


def _interval(centre: float, low: float, high: float, lang: Lang) -> str:
    return f"{_fmt(centre, lang)} [{_fmt(low, lang)}, {_fmt(high, lang)}]"


def _png(fig: Figure) -> str:
    """The figure as a data URI, so the report stays one file."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _grid(n: int, cols: int = 3) -> tuple[int, int]:
    return -(-n // cols), min(cols, n)


# --------------------------------------------------------------------------- the design


def sampled_keys(manifest: dict[str, Any]) -> list[str]:
    """The keys a Latin hypercube samples (`[design.ranges]` of the experiment file kept in
    the manifest); empty for designs of arms and factors only."""
    try:
        design = tomllib.loads(manifest.get("experiment_toml", "")).get("design", {})
        return list(Design.model_validate(design).ranges)
    except (tomllib.TOMLDecodeError, ValueError):
        return []


def design_table(manifest: dict[str, Any]) -> pd.DataFrame:
    """One row per design point: scenario, point, reference, every varied value, and for a
    sampled design its house (the hypercube sample, always the label's last part) and arm
    (the rest of the label: what is compared within a house)."""
    points = point_table(manifest)
    if sampled_keys(manifest):
        tokens = points["point"].str.rsplit(" ", n=1)
        points["house"] = tokens.str[-1]
        points["arm"] = [" ".join(parts[:-1]) or "base" for parts in tokens]
    return points


# --------------------------------------------------------------------------- plots


def plot_intervals(table: pd.DataFrame, key: str, outcomes: Sequence[str],
                   labels: dict[str, str], lang: Lang, centre: str = "mean",
                   low: str = "ci_low", high: str = "ci_high") -> Figure:
    """One panel per outcome: each variant's `centre` with its interval, green where clear."""
    rows, cols = _grid(len(outcomes))
    names = list(dict.fromkeys(table[key]))
    fig = Figure(figsize=(4.2 * cols, 0.3 * len(names) * rows + 1.2 * rows))
    axes = fig.subplots(rows, cols, sharey=True, squeeze=False).ravel()
    y = np.arange(len(names))
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = table[table["outcome"] == outcome].set_index(key).reindex(names)
        err = np.vstack([part[centre] - part[low], part[high] - part[centre]])
        colors = ["tab:green" if s is True else "tab:blue" for s in part["significant"]]
        if centre == "diff":
            ax.axvline(0.0, color="lightgrey", lw=1)
        ax.errorbar(part[centre], y, xerr=np.nan_to_num(err), fmt="none", ecolor="grey")
        ax.scatter(part[centre], y, c=colors, zorder=3, s=18)
        ax.set_title(outcome_label(outcome, lang), fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(y, [labels[n] for n in names])
    axes[0].invert_yaxis()
    for ax in axes[len(outcomes):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def plot_series(series: pd.DataFrame, outcomes: Sequence[str], labels: dict[str, str],
                lang: Lang) -> Figure:
    """One panel per outcome: each variant's mean over its runs, week by week."""
    rows, cols = _grid(len(outcomes))
    fig = Figure(figsize=(4.2 * cols, 2.6 * rows + 0.8))
    axes = fig.subplots(rows, cols, sharex=True, squeeze=False).ravel()
    grouped = series.groupby(["point", "step"])
    means, sems = grouped[list(outcomes)].mean(), grouped[list(outcomes)].sem().fillna(0.0)
    z = 1.959963984540054
    for ax, outcome in zip(axes, outcomes, strict=False):
        for point in dict.fromkeys(series["point"]):
            m, s = means.loc[point, outcome], sems.loc[point, outcome]
            line = ax.plot(m.index, m.to_numpy(), lw=1.2, label=labels[point])[0]
            ax.fill_between(m.index, m - z * s, m + z * s, color=line.get_color(), alpha=0.15,
                            lw=0)
        ax.set_title(outcome_label(outcome, lang), fontsize=9)
        ax.set_xlabel(text("week", lang), fontsize=8)
        ax.tick_params(labelsize=8)
    for ax in axes[len(outcomes):]:
        ax.set_visible(False)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=min(4, len(names)), fontsize=8,
               bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout()
    return fig


def plot_parameters(means: pd.DataFrame, keys: Sequence[str], outcomes: Sequence[str],
                    labels: dict[str, str], lang: Lang, panels: int = 6) -> Figure:
    """Small multiples, one panel per outcome and parameter (a row holds the parameters of
    `panels` // parameters outcomes): every design point's mean (`means`: point, arm, outcome,
    mean and the parameters) as a dot coloured by arm, the arm's mean per quantile bin of the
    parameter as the smoother."""
    per_row = max(1, panels // len(keys))
    rows = -(-len(outcomes) // per_row)
    fig = Figure(figsize=(2.2 * per_row * len(keys), 1.75 * rows + 0.4))
    axes = fig.subplots(rows, per_row * len(keys), squeeze=False).ravel()
    arms = list(dict.fromkeys(means["arm"]))
    colours = {arm: f"C{i % 10}" for i, arm in enumerate(arms)}
    panel = iter(axes)
    for outcome in outcomes:
        part = means[means["outcome"] == outcome]
        for key in keys:
            ax = next(panel)
            x = pd.to_numeric(part[key], errors="coerce")
            bins = pd.qcut(x, min(PARAMETER_BINS, x.nunique()), duplicates="drop")
            for arm, group in part.groupby("arm", sort=False):
                ax.scatter(x[group.index], group["mean"], s=5, alpha=0.5, color=colours[arm],
                           label=labels[arm] if ax is axes[0] else None)
                binned = group.groupby(bins[group.index], observed=True)["mean"].mean()
                centres = x[group.index].groupby(bins[group.index], observed=True).mean()
                ax.plot(centres.to_numpy(), binned.to_numpy(), color=colours[arm], lw=1.4)
            ax.set_title(outcome_label(outcome, lang), fontsize=7)
            ax.set_xlabel(key, fontsize=7, labelpad=1)
            ax.tick_params(labelsize=6)
    for ax in panel:
        ax.set_visible(False)
    if len(arms) > 1:
        fig.legend(loc="lower center", ncol=min(4, len(arms)), fontsize=8,
                   bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(h_pad=0.4)
    return fig


# --------------------------------------------------------------------------- text


def summary(table: pd.DataFrame, labels: dict[str, str], lang: Lang) -> list[Paragraph]:
    """One paragraph per compared variant: its clear changes, largest effect first."""
    rows = comparisons(table)
    if rows.empty:
        return [Paragraph(text("no_comparisons", lang))]
    paragraphs = []
    for (point, reference), part in rows.groupby(["point", "reference"], sort=False):
        arm, ref = labels[point], labels.get(reference, reference)
        clear = part[part["significant"]]
        if clear.empty:
            paragraphs.append(Paragraph(text("no_change", lang, arm=arm, ref=ref)))
            continue
        clear = clear.reindex((clear["vd_a"] - 0.5).abs().sort_values(ascending=False).index)
        paragraphs.append(Paragraph(text("arm_changes", lang, arm=arm, ref=ref),
                                    _capped([_change(r, lang) for r in clear.itertuples()],
                                            lang)))
    return paragraphs


def _capped(items: list[str], lang: Lang) -> tuple[str, ...]:
    """The first SUMMARY_ITEMS items, and how many more there are: a summary stays short."""
    if len(items) <= SUMMARY_ITEMS:
        return tuple(items)
    rest = len(items) - SUMMARY_ITEMS + 1
    return (*items[:SUMMARY_ITEMS - 1], text("more_changes", lang, n=rest))


def _change(r: Any, lang: Lang, tail: str = "") -> str:
    return text("change", lang, verb=text("raised" if r.diff > 0 else "lowered", lang),
                outcome=outcome_label(r.outcome, lang), ref=_fmt(r.mean_reference, lang),
                arm=_fmt(r.mean, lang), diff=_fmt(r.diff, lang), conf=percent(CONFIDENCE, lang),
                low=_fmt(r.diff_low, lang), high=_fmt(r.diff_high, lang)) + tail


def pooled_summary(effects: pd.DataFrame, labels: dict[str, str], lang: Lang
                   ) -> list[Paragraph]:
    """One paragraph per arm of a sampled design: its clear pooled changes, largest first,
    each with the share of houses where the arm scored higher."""
    if effects.empty:
        return [Paragraph(text("no_comparisons", lang))]
    paragraphs = []
    for (arm, reference), part in effects.groupby(["arm", "reference"], sort=False):
        names = {"arm": labels[arm], "ref": labels[reference], "houses": part["houses"].max()}
        clear = part[part["significant"]]
        if clear.empty:
            paragraphs.append(Paragraph(text("pooled_none", lang, **names)))
            continue
        clear = clear.reindex((clear["higher"] - clear["lower"]).abs()
                              .sort_values(ascending=False).index)
        paragraphs.append(Paragraph(
            text("pooled_changes", lang, **names),
            _capped([_change(r, lang, text("higher_in", lang, share=percent(r.higher, lang))
                             if r.diff > 0 else
                             text("lower_in", lang, share=percent(r.lower, lang)))
                     for r in clear.itertuples()], lang)))
    return paragraphs


def together(table: pd.DataFrame, lang: Lang) -> list[Paragraph]:
    """"Better together?" per pair of interventions, in sentences: each clear interaction,
    said to be better or worse together where the outcome is a goal with a direction."""
    paragraphs = []
    conf = percent(CONFIDENCE, lang)
    for (first, second), part in table.groupby(["first", "second"], sort=False):
        names = {"first": switch_label(first, lang), "second": switch_label(second, lang)}
        clear = part[part["significant"]]
        if clear.empty:
            paragraphs.append(Paragraph(text("together_none", lang, **names)))
            continue
        sentences = []
        for r in clear.itertuples():
            goal = GOALS.get(r.outcome)
            verdict = "" if goal is None else text(
                "better_together" if (r.interaction > 0) == goal.higher_is_better
                else "worse_together", lang)
            sentences.append(text(
                "together_clear", lang, **names,
                verb=text("raised_both" if r.effect_both > 0 else "lowered_both", lang),
                outcome=outcome_label(r.outcome, lang), both=_fmt(abs(r.effect_both), lang),
                a=_fmt(r.effect_first, lang), b=_fmt(r.effect_second, lang),
                size=_fmt(abs(r.interaction), lang),
                more=text("more" if r.interaction > 0 else "less", lang),
                value=_fmt(r.interaction, lang), conf=conf, low=_fmt(r.interaction_low, lang),
                high=_fmt(r.interaction_high, lang), verdict=verdict))
        paragraphs.append(Paragraph(" ".join(sentences)))
    return paragraphs


# --------------------------------------------------------------------------- tables


def comparison_table(table: pd.DataFrame, labels: dict[str, str], lang: Lang) -> Table:
    """Every comparison of a design point with its reference."""
    head = (text("col_variant", lang), text("col_outcome", lang), text("col_reference", lang),
            "", text("col_difference", lang), "A", "d", "q")
    return Table(head, tuple(
        ((labels[r.point], outcome_label(r.outcome, lang), _fmt(r.mean_reference, lang),
          _fmt(r.mean, lang), _interval(r.diff, r.diff_low, r.diff_high, lang),
          _fmt(r.vd_a, lang), _fmt(r.cohen_d, lang), _fmt(r.q_value, lang)), bool(r.significant))
        for r in comparisons(table).itertuples()))


def pooled_table(effects: pd.DataFrame, labels: dict[str, str], lang: Lang) -> Table:
    """Every arm's pooled comparison: one row per arm and outcome, whatever the houses."""
    head = (text("col_variant", lang), text("col_outcome", lang), text("col_reference", lang),
            "", text("col_difference", lang), text("col_higher", lang), "q")
    return Table(head, tuple(
        ((labels[r.arm], outcome_label(r.outcome, lang), _fmt(r.mean_reference, lang),
          _fmt(r.mean, lang), _interval(r.diff, r.diff_low, r.diff_high, lang),
          percent(r.higher, lang), _fmt(r.q_value, lang)), bool(r.significant))
        for r in effects.itertuples()))


def interaction_table(table: pd.DataFrame, lang: Lang) -> Table:
    head = (text("col_pair", lang), text("col_outcome", lang), text("col_effects", lang),
            text("col_interaction", lang), "q")
    return Table(head, tuple(
        ((f"{switch_label(r.first, lang)} + {switch_label(r.second, lang)}",
          outcome_label(r.outcome, lang),
          f"{_fmt(r.effect_first, lang)}, {_fmt(r.effect_second, lang)}; "
          f"{_fmt(r.effect_both, lang)}",
          _interval(r.interaction, r.interaction_low, r.interaction_high, lang),
          _fmt(r.q_value, lang)), bool(r.significant))
        for r in table.itertuples()))


def provenance(manifest: dict[str, Any]) -> dict[str, str]:
    last = manifest["sessions"][-1]
    items = {
        "experiment": manifest["experiment"], "root seed": manifest["root_seed"],
        "plan digest": manifest["plan_digest"], "git commit": last["git"].get("commit"),
        "uncommitted changes": last["git"].get("dirty"),
        "versions": ", ".join(f"{k} {v}" for k, v in last["versions"].items()),
        "scenario digests": ", ".join(sorted({p["scenario_digest"] for p in manifest["points"]})),
    }
    return {k: str(v) for k, v in items.items()}


def counts_of(table: pd.DataFrame, manifest: dict[str, Any]) -> pd.DataFrame:
    """Runs planned and done per design point, as far as the comparison table tells (no
    failures); the workflow passes the store's own counts instead."""
    return tally(manifest, table.drop_duplicates(["scenario", "point"])
                 .set_index(["scenario", "point"])["n"])


def unfinished(counts: pd.DataFrame, labels: dict[str, str], several: bool,
               lang: Lang) -> dict[str, Any] | None:
    """For an unfinished sweep: a plain warning, the arms without runs, every arm's count."""
    if not partial(counts):
        return None
    names = [labels.get(f"{r.scenario}: {r.point}" if several else r.point, r.point)
             for r in counts.itertuples()]
    missing = [name for name, n in zip(names, counts["done"], strict=True) if n == 0]
    head = tuple(t(f"report_col_{c}", lang) for c in ("variant", "done", "planned", "failed"))
    return {
        "warning": t("report_partial", lang, done=counts["done"].sum(),
                     planned=counts["planned"].sum()),
        "missing": t("report_missing", lang, arms=", ".join(missing)) if missing else "",
        "table": Table(head, tuple(((name, str(r.done), str(r.planned), str(r.failed)), False)
                                   for name, r in zip(names, counts.itertuples(), strict=True))),
    }


def _labels(manifest: dict[str, Any], lang: Lang) -> tuple[dict[str, str], bool]:
    """Each point's name in words, keyed 'scenario: label' when there are several scenarios;
    for a sampled design each arm's name too (keyed the same way)."""
    several = len({p["scenario"] for p in manifest["points"]}) > 1

    def name(scenario: str, label: str) -> str:
        return f"{scenario}: {label}" if several else label

    labels = {name(p["scenario"], p["label"]): name(p["scenario"], point_label(
        p["label"], p["settings"], lang)) for p in manifest["points"]}
    if sampled_keys(manifest):
        labels.update({name(p["scenario"], arm): name(p["scenario"], point_label(
            arm, p["settings"], lang)) for p in manifest["points"]
            for arm in [" ".join(p["label"].split(" ")[:-1]) or "base"]})
    return labels, several


def _qualified(frame: pd.DataFrame, several: bool, *columns: str) -> pd.DataFrame:
    """The frame with its name columns prefixed by the scenario when there are several."""
    if not several:
        return frame
    return frame.assign(**{c: np.where(frame[c].fillna("") != "",
                                       frame["scenario"] + ": " + frame[c].fillna(""), "")
                           for c in columns})


def _per_point(table: pd.DataFrame, outcomes: list[str], labels: dict[str, str],
               lang: Lang) -> dict[str, Any]:
    """Summary, plot and table of a design of arms and factors: each point against its
    reference."""
    conf = percent(CONFIDENCE, lang)
    return {"summary": summary(table, labels, lang),
            "per_arm": {"title": text("per_arm", lang, conf=conf),
                        "image": _png(plot_intervals(table, "point", outcomes, labels, lang))},
            "comparisons": {"title": text("table", lang), "note": text("table_note", lang),
                            "rows": comparison_table(table, labels, lang)}}


def _pooled(table: pd.DataFrame, finals: pd.DataFrame, points: pd.DataFrame, keys: list[str],
            several: bool, labels: dict[str, str], lang: Lang, n_resamples: int
            ) -> dict[str, Any]:
    """Summary, plots and table of a sampled design, pooled over its houses: as long for 64
    houses as for 8 (the comparisons per house stay in comparison.csv). `table` is qualified
    by scenario already, `finals` and `points` are not."""
    conf = percent(CONFIDENCE, lang)
    outcomes = list(dict.fromkeys(table["outcome"]))
    effects = _qualified(pooled(finals, points, outcomes, n_resamples), several, "arm",
                         "reference")
    named = _qualified(points, several, "point", "arm")
    means = table.merge(named.drop(columns=["scenario", "reference"]), on="point")
    return {"summary": pooled_summary(effects, labels, lang),
            "per_arm": {"title": text("per_arm_pooled", lang, conf=conf),
                        "image": _png(plot_intervals(effects, "arm", outcomes, labels, lang,
                                                     "diff", "diff_low", "diff_high"))}
            if not effects.empty else None,
            "parameters": _png(plot_parameters(means, keys, outcomes, labels, lang)),
            "comparisons": {"title": text("table_pooled", lang),
                            "note": text("table_pooled_note", lang,
                                         rows=len(comparisons(table))),
                            "rows": pooled_table(effects, labels, lang)}}


def _together(finals: pd.DataFrame, points: pd.DataFrame, outcomes: list[str], lang: Lang,
              n_resamples: int) -> dict[str, Any] | None:
    pairs = interactions(finals, points.drop(columns=["house", "arm"], errors="ignore"),
                         outcomes, n_resamples)
    if pairs.empty:
        return None
    return {"paragraphs": together(pairs, lang),
            "note": text("together_note", lang, alpha=_fmt(ALPHA, lang)),
            "rows": interaction_table(pairs, lang)}


def render(table: pd.DataFrame, series: pd.DataFrame, manifest: dict[str, Any],
           lang: Lang, counts: pd.DataFrame | None = None,
           finals: pd.DataFrame | None = None, n_resamples: int = 9999) -> str:
    """The whole report as one HTML string; `counts` (see `compare.coverage`) say how much of
    the sweep is done, and an unfinished one is reported as such. `finals` (the successful
    runs) allow the pooled reading of a sampled design and "better together?"; without them a
    sampled design is reported point by point."""
    conf = percent(CONFIDENCE, lang)
    outcomes = list(manifest["outcomes"])
    counts = counts_of(table, manifest) if counts is None else counts
    labels, several = _labels(manifest, lang)
    keys = sampled_keys(manifest)
    points = design_table(manifest)
    steps = series["step"].max() if not series.empty else "?"
    runs = (t("report_runs_of", lang, done=counts["done"].sum(), planned=len(manifest["runs"]))
            if partial(counts) else len(manifest["runs"]))
    method = [text("method", lang, runs=runs, points=len(manifest["points"]),
                   reps=manifest["replications"], steps=steps, alpha=_fmt(ALPHA, lang),
                   conf=conf)]
    table = _qualified(table, several, "point", "reference")
    series = _qualified(series, several, "point")
    page: dict[str, Any] = {"parameters": None, "together": None}
    if keys and finals is not None:
        page.update(_pooled(table, finals, points, keys, several, labels, lang, n_resamples))
        named = _qualified(points, several, "point", "arm")
        series = series.assign(point=series["point"].map(dict(zip(
            named["point"], named["arm"], strict=True))))
        method.append(text("pooled_method", lang, houses=points["house"].nunique(),
                           keys=_listed(keys, lang)))
    else:
        page.update(_per_point(table, outcomes, labels, lang))
    if finals is not None:
        page["together"] = _together(finals, points, outcomes, lang, n_resamples)
    return templates.render(
        "report.html.j2", lang=lang, title=text("title", lang, name=manifest["experiment"]),
        description=manifest.get("description", ""), caveat=CAVEAT[lang],
        unfinished=unfinished(counts, labels, several, lang), method=" ".join(method),
        over_time=_png(plot_series(series, outcomes, labels, lang)) if not series.empty
        else None, provenance=provenance(manifest), text=lambda key, **v: text(key, lang, **v),
        conf=conf, **page)


def write_report(table: pd.DataFrame, series: pd.DataFrame, manifest: dict[str, Any],
                 path: Path, lang: Lang, counts: pd.DataFrame | None = None,
                 finals: pd.DataFrame | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(table, series, manifest, lang, counts, finals), encoding="utf-8")
    return path
