"""A self-contained HTML report of a sweep, in Dutch or English, for readers who do not run code.

Plots are embedded as base64 PNG, so the report is one file that can be mailed or put in a course
environment. The summary says in plain words which arms changed which outcomes, counting only
differences that survive the false-discovery control of :mod:`simulation.analysis.compare`.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulation.analysis.compare import ALPHA, CONFIDENCE, comparisons, partial, tally
from simulation.i18n import TEXTS as APP_TEXTS
from simulation.i18n import Lang, t
from simulation.sweeps.experiment import INTERVENTION_PREFIX

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
              "{conf} bootstrap-betrouwbaarheidsintervallen.",
        "en": "{runs} simulated runs: {points} variants × {reps} replications of {steps} weeks. "
              "Variants that differ only in their interventions share a seed per replication "
              "(the same neighbourhood), so their differences are compared in pairs. A difference "
              "counts as 'clear' when it survives the correction for many comparisons "
              "(Benjamini–Hochberg, q < {alpha}). Intervals are {conf} bootstrap confidence "
              "intervals."},
    "raised": {"nl": "verhoogde", "en": "raised"},
    "lowered": {"nl": "verlaagde", "en": "lowered"},
    "change": {"nl": "{verb} {outcome} van {ref} naar {arm} (verschil {diff}, {conf}-interval "
                     "{low} tot {high})",
               "en": "{verb} {outcome} from {ref} to {arm} (difference {diff}, {conf} interval "
                     "{low} to {high})"},
    "no_change": {"nl": "{arm}: geen duidelijk verschil met {ref} in enige uitkomst.",
                  "en": "{arm}: no clear difference from {ref} in any outcome."},
    "arm_changes": {"nl": "{arm}, vergeleken met {ref}:", "en": "{arm}, compared with {ref}:"},
    "no_comparisons": {"nl": "Dit experiment heeft geen referentie om mee te vergelijken; "
                             "hieronder staan de gemiddelden per variant.",
                       "en": "This experiment has no reference to compare with; the means per "
                             "variant are shown below."},
    "per_arm": {"nl": "Uitkomsten per variant (eindwaarde, gemiddelde met {conf}-interval)",
                "en": "Outcomes per variant (final value, mean with {conf} interval)"},
    "arm_note": {"nl": "Groen: duidelijk verschil met de referentie; grijze lijn: het interval.",
                 "en": "Green: clear difference from the reference; grey line: the interval."},
    "over_time": {"nl": "Uitkomsten in de tijd (gemiddelde met {conf}-band)",
                  "en": "Outcomes over time (mean with {conf} band)"},
    "no_series": {"nl": "Geen tijdreeksen bewaard (zet series_every in het experiment).",
                  "en": "No time series kept (set series_every in the experiment)."},
    "week": {"nl": "week", "en": "week"},
    "no_interventions": {"nl": "zonder interventies", "en": "no interventions"},
    "table": {"nl": "Alle vergelijkingen", "en": "All comparisons"},
    "table_note": {"nl": "A = kans dat een run van de variant hoger scoort dan een run van de "
                         "referentie (0,5 = geen verschil); d = Cohens d; q = "
                         "Benjamini–Hochberg. Vetgedrukt: duidelijk verschil.",
                   "en": "A = chance that a run of the variant scores higher than a run of the "
                         "reference (0.5 = no difference); d = Cohen's d; q = Benjamini–Hochberg. "
                         "Bold: clear difference."},
    "provenance": {"nl": "Herkomst", "en": "Provenance"},
    "col_variant": {"nl": "variant", "en": "variant"},
    "col_outcome": {"nl": "uitkomst", "en": "outcome"},
    "col_reference": {"nl": "referentie", "en": "reference"},
    "col_difference": {"nl": "verschil [interval]", "en": "difference [interval]"},
}


def text(key: str, lang: Lang, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def outcome_label(name: str, lang: Lang) -> str:
    return OUTCOME_LABELS.get(name, {}).get(lang, name)


def point_label(label: str, settings: dict[str, Any], lang: Lang) -> str:
    """A design point in words: interventions switched on by the app's name, 'off' left out."""
    parts = []
    for token in label.split(" "):
        name, _, value = token.partition("=")
        switch = f"{INTERVENTION_PREFIX}{name}.enabled"
        if settings.get(switch) is True and value in ("", "on"):
            parts.append(APP_TEXTS.get(f"iv_{name}", {}).get(lang, name))
        elif not (value == "off" and switch in settings):
            parts.append(token)
    return " · ".join(parts) or text("no_interventions", lang)


def _fmt(value: float, lang: Lang) -> str:
    out = "–" if pd.isna(value) else f"{value:.3g}"
    return out.replace(".", ",") if lang == "nl" else out


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="" src="data:image/png;base64,{data}">'


def _grid(n: int, cols: int = 3) -> tuple[int, int]:
    return -(-n // cols), min(cols, n)


# --------------------------------------------------------------------------- plots


def plot_arms(table: pd.DataFrame, outcomes: Sequence[str], labels: dict[str, str],
              lang: Lang) -> Figure:
    """One panel per outcome: each variant's mean with its interval."""
    rows, cols = _grid(len(outcomes))
    points = list(dict.fromkeys(table["point"]))
    fig = Figure(figsize=(4.2 * cols, 0.3 * len(points) * rows + 1.2 * rows))
    axes = fig.subplots(rows, cols, sharey=True, squeeze=False).ravel()
    y = np.arange(len(points))
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = table[table["outcome"] == outcome].set_index("point").reindex(points)
        err = np.vstack([part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]])
        colors = ["tab:green" if s is True else "tab:blue" for s in part["significant"]]
        ax.errorbar(part["mean"], y, xerr=np.nan_to_num(err), fmt="none", ecolor="grey")
        ax.scatter(part["mean"], y, c=colors, zorder=3, s=18)
        ax.set_title(outcome_label(outcome, lang), fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(y, [labels[p] for p in points])
    axes[0].invert_yaxis()
    for ax in axes[len(outcomes):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def plot_series(series: pd.DataFrame, outcomes: Sequence[str], labels: dict[str, str],
                lang: Lang) -> Figure:
    """One panel per outcome: each variant's mean over replications, week by week."""
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


# --------------------------------------------------------------------------- text


def summary(table: pd.DataFrame, labels: dict[str, str], lang: Lang) -> list[str]:
    """One HTML paragraph per compared variant: its clear changes, largest effect first."""
    conf = f"{CONFIDENCE:.0%}"
    rows = comparisons(table)
    if rows.empty:
        return [f"<p>{text('no_comparisons', lang)}</p>"]
    paragraphs = []
    for (point, reference), part in rows.groupby(["point", "reference"], sort=False):
        arm, ref = html.escape(labels[point]), html.escape(labels.get(reference, reference))
        clear = part[part["significant"]]
        if clear.empty:
            paragraphs.append(f"<p>{text('no_change', lang, arm=arm, ref=ref)}</p>")
            continue
        clear = clear.reindex((clear["vd_a"] - 0.5).abs().sort_values(ascending=False).index)
        items = "".join(
            "<li>" + text("change", lang,
                          verb=text("raised" if r.diff > 0 else "lowered", lang),
                          outcome=outcome_label(r.outcome, lang), ref=_fmt(r.mean_reference, lang),
                          arm=_fmt(r.mean, lang), diff=_fmt(r.diff, lang), conf=conf,
                          low=_fmt(r.diff_low, lang), high=_fmt(r.diff_high, lang)) + "</li>"
            for r in clear.itertuples())
        paragraphs.append(f"<p>{text('arm_changes', lang, arm=arm, ref=ref)}</p><ul>{items}</ul>")
    return paragraphs


def comparison_html(table: pd.DataFrame, labels: dict[str, str], lang: Lang) -> str:
    rows = comparisons(table)
    head = "".join(f"<th>{h}</th>" for h in (
        text("col_variant", lang), text("col_outcome", lang), text("col_reference", lang),
        "", text("col_difference", lang), "A", "d", "q"))
    body = []
    for r in rows.itertuples():
        cells = (html.escape(labels[r.point]), outcome_label(r.outcome, lang),
                 _fmt(r.mean_reference, lang), _fmt(r.mean, lang),
                 f"{_fmt(r.diff, lang)} [{_fmt(r.diff_low, lang)}, {_fmt(r.diff_high, lang)}]",
                 _fmt(r.vd_a, lang), _fmt(r.cohen_d, lang), _fmt(r.q_value, lang))
        style = ' class="clear"' if r.significant else ""
        body.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def provenance_html(manifest: dict[str, Any]) -> str:
    last = manifest["sessions"][-1]
    items = {
        "experiment": manifest["experiment"], "root seed": manifest["root_seed"],
        "plan digest": manifest["plan_digest"], "git commit": last["git"].get("commit"),
        "uncommitted changes": last["git"].get("dirty"),
        "versions": ", ".join(f"{k} {v}" for k, v in last["versions"].items()),
        "scenario digests": ", ".join(sorted({p["scenario_digest"] for p in manifest["points"]})),
    }
    return "<dl>" + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>"
                            for k, v in items.items()) + "</dl>"


def counts_of(table: pd.DataFrame, manifest: dict[str, Any]) -> pd.DataFrame:
    """Runs planned and done per design point, as far as the comparison table tells (no
    failures); the workflow passes the store's own counts instead."""
    return tally(manifest, table.drop_duplicates(["scenario", "point"])
                 .set_index(["scenario", "point"])["n"])


def partial_html(counts: pd.DataFrame, labels: dict[str, str], several: bool,
                 lang: Lang) -> str:
    """For an unfinished sweep: a plain warning, the arms without runs, every arm's count."""
    if not partial(counts):
        return ""
    names = [labels.get(f"{r.scenario}: {r.point}" if several else r.point, r.point)
             for r in counts.itertuples()]
    warning = t("report_partial", lang, done=counts["done"].sum(),
                planned=counts["planned"].sum())
    parts = [f"<p><strong>{warning}</strong></p>"]
    missing = [html.escape(name) for name, n in zip(names, counts["done"], strict=True)
               if n == 0]
    if missing:
        parts.append(f"<p>{t('report_missing', lang, arms=', '.join(missing))}</p>")
    head = "".join(f"<th>{t(f'report_col_{c}', lang)}</th>"
                   for c in ("variant", "done", "planned", "failed"))
    rows = "".join(f"<tr><td>{html.escape(name)}</td><td>{r.done}</td><td>{r.planned}</td>"
                   f"<td>{r.failed}</td></tr>"
                   for name, r in zip(names, counts.itertuples(), strict=True))
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return f'<div class="partial">{"".join(parts)}</div>'


STYLE = """.partial{border:2px solid #c60;background:#fff4e5;padding:.2em 1em;margin:1em 0}
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;
color:#222}img{max-width:100%}table{border-collapse:collapse;font-size:.85em}
td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}tr.clear{font-weight:bold}
dt{font-weight:bold}dd{margin:0 0 .5em 1em;font-family:monospace;font-size:.85em}"""


def _labels(manifest: dict[str, Any], lang: Lang) -> tuple[dict[str, str], bool]:
    """Each point's name in words, keyed 'scenario: label' when there are several scenarios."""
    several = len({p["scenario"] for p in manifest["points"]}) > 1

    def name(scenario: str, label: str) -> str:
        return f"{scenario}: {label}" if several else label

    return {name(p["scenario"], p["label"]): name(p["scenario"], point_label(
        p["label"], p["settings"], lang)) for p in manifest["points"]}, several


def _qualified(table: pd.DataFrame, series: pd.DataFrame, manifest: dict[str, Any],
               lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Tables keyed by one variant name, prefixed by the scenario when there are several."""
    labels, several = _labels(manifest, lang)
    if several:
        table = table.assign(point=table["scenario"] + ": " + table["point"],
                             reference=np.where(table["reference"].fillna("") != "",
                                                table["scenario"] + ": " + table["reference"], ""))
        series = series.assign(point=series["scenario"] + ": " + series["point"])
    return table, series, labels


def render(table: pd.DataFrame, series: pd.DataFrame, manifest: dict[str, Any],
           lang: Lang, counts: pd.DataFrame | None = None) -> str:
    """The whole report as one HTML string; `counts` (see `compare.coverage`) say how much of
    the sweep is done, and an unfinished one is reported as such."""
    conf = f"{CONFIDENCE:.0%}"
    outcomes = list(manifest["outcomes"])
    counts = counts_of(table, manifest) if counts is None else counts
    warning = partial_html(counts, *_labels(manifest, lang), lang)
    table, series, labels = _qualified(table, series, manifest, lang)
    steps = series["step"].max() if not series.empty else "?"
    runs = (t("report_runs_of", lang, done=counts["done"].sum(), planned=len(manifest["runs"]))
            if warning else len(manifest["runs"]))
    method = text("method", lang, runs=runs, points=len(manifest["points"]),
                  reps=manifest["replications"], steps=steps, alpha=ALPHA, conf=conf)
    over_time = (_png(plot_series(series, outcomes, labels, lang)) if not series.empty
                 else f"<p>{text('no_series', lang)}</p>")
    title = html.escape(text("title", lang, name=manifest["experiment"]))
    return "\n".join([
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1><p>{html.escape(manifest.get('description', ''))}</p>", warning,
        f"<h2>{text('summary', lang)}</h2>", *summary(table, labels, lang),
        f"<p><small>{method}</small></p>",
        f"<h2>{text('per_arm', lang, conf=conf)}</h2><p><small>{text('arm_note', lang)}"
        "</small></p>",
        _png(plot_arms(table, outcomes, labels, lang)),
        f"<h2>{text('over_time', lang, conf=conf)}</h2>", over_time,
        f"<h2>{text('table', lang)}</h2><p><small>{text('table_note', lang)}</small></p>",
        comparison_html(table, labels, lang),
        f"<h2>{text('provenance', lang)}</h2>", provenance_html(manifest),
        "</body></html>",
    ])


def write_report(table: pd.DataFrame, series: pd.DataFrame, manifest: dict[str, Any],
                 path: Path, lang: Lang, counts: pd.DataFrame | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(table, series, manifest, lang, counts), encoding="utf-8")
    return path
