"""The role-play pages: a lecturer opens a shared room, students join it and play their seats.

A thin layer over `roleplay` (the rules) and `shared` (the server's one registry). Which room a
browser is in comes from `shared.ticket` by Solara's session id, so a reload or a reopened tab
lands on the same seat or lecturer screen (after a server restart: `shared.reclaim`). Pages learn
of a change by push, not by polling: each page has a thread (with a cancel event, as the app's
play thread) asleep in `Room.wait`, which the change itself wakes, and it renders the page again
when what the page shows changed. The room's clock runs on the server (`Room.start`), not in any
page.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import asdict, replace
from functools import lru_cache
from html import escape
from typing import Any

import pandas as pd
import solara

from simulation.app import shared
from simulation.app.controls import NumberField, Picker, ScenarioPicker
from simulation.app.download import Download
from simulation.app.numbers import number
from simulation.app.roleplay import MODES, LecturerView, Room, SeatChoice, StudentView
from simulation.app.session import Choice, first_choice
from simulation.app.session import Room as Meeting
from simulation.app.views import RoleLegend, room_for
from simulation.house.choices import STANCES
from simulation.house.roles import ROLES
from simulation.i18n import Lang, t

WAKE_S = 1.0      # a page's thread wakes at least this often: its cancel event, a countdown
VOICES = {"up": 2.0, "model": 1.0, "down": 0.3}   # the form's "speak up / as usual / hold back"
OPENNESS = {"none": None, "0": 0.0, "0.25": 0.25, "0.5": 0.5, "1": 1.0}


def role_name(role: str, lang: Lang) -> str:
    return t(f"role_{role}", lang)


def counted(n: int, role: str, lang: Lang) -> str:
    """`n` participants of one role, the noun in the singular or the plural as the number
    asks: "1 bewoner", "3 bewoners", "1 ambtenaar", "2 ambtenaren" (0 takes the plural)."""
    return f"{number(n, lang)} {t(f'role_{role}' if n == 1 else f'roles_{role}', lang)}"


def counted_roles(roles: Iterable[str], lang: Lang) -> str:
    """How many seats of each group, in the model's order of groups, as a Dutch or English
    list: "3 bewoners, 1 professional en 2 ambtenaren" ("" for none)."""
    counts = Counter(roles)
    parts = [counted(counts[r], r, lang) for r in ROLES if counts[r]]
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {t('and', lang)} {parts[-1]}"


def ratio(value: float, lang: Lang) -> str:
    return "–" if math.isnan(value) else number(value, lang)


def use_room(room: Room, shown: Callable[[], Hashable]) -> Hashable:
    """`shown()`, the part of the room a page shows, rendered again when it changes: looked at
    after every change of the room (the page's thread is woken by it) and every WAKE_S."""
    value, set_value = solara.use_state(shown())

    def follow(cancel: threading.Event) -> None:
        version: int | None = room.version
        last = shown()
        while not cancel.is_set() and version is not None:
            version = room.wait(version, WAKE_S)
            now = shown()
            if now != last:
                last = now
                set_value(now)

    solara.use_thread(follow, dependencies=[room.code], intrusive_cancel=False)
    return value


@solara.component
def Roleplay(lang: Lang) -> None:
    """The way in (open or join) or, once in, the room this browser holds a ticket for."""
    session = shared.session_id() or ""
    _, set_version = solara.use_state(0)
    held = shared.ticket(session) or shared.reclaim(session)

    def enter(ticket: shared.Ticket | None) -> None:
        shared.remember(session, ticket)
        set_version(lambda v: v + 1)

    if held is None:
        with solara.Columns([1, 1]):
            with solara.Card(t("rp_open_title", lang), classes=["sam-rp-open"]):
                OpenRoom(lang, session, enter)
            with solara.Card(t("rp_join_title", lang), classes=["sam-rp-join"]):
                JoinRoom(lang, session, enter)
    elif held[0].part == "lecturer":
        LecturerRoom(held[1], held[0].token, lang, lambda: enter(None))
    else:
        StudentRoom(held[1], held[0].token, lang)


@solara.component
def OpenRoom(lang: Lang, session: str, enter: Callable[[shared.Ticket], None]) -> None:
    """The lecturer picks a scenario and a seed and opens a room on it."""
    choice = solara.use_reactive(solara.use_memo(first_choice, []))

    def open_() -> None:
        new: Choice = choice.value
        room, token = shared.registry().open(new.scenario(), new.seed, name=new.name,
                                             session=session or None)
        enter(shared.Ticket(room.code, "lecturer", token))

    def seed(value: float | None) -> None:
        if value is not None and value >= 0:
            choice.set(replace(choice.value, seed=int(value)))

    ScenarioPicker(choice.value, lang, choice.set)
    NumberField(t("seed", lang), choice.value.seed, True, lang, seed)
    solara.Button(t("rp_open", lang), on_click=open_, color="primary", classes=["sam-rp-create"])


def join_problem(error: ValueError, lang: Lang) -> str:
    """A refused join in `lang`, by the field the backend names."""
    field = str(error).split(":", 1)[0]
    return t(f"rp_bad_{field}", lang) if field in ("name", "seat", "group") else str(error)


@solara.component
def JoinRoom(lang: Lang, session: str, enter: Callable[[shared.Ticket], None]) -> None:
    """A student types the code and a name and takes a seat."""
    code, set_code = solara.use_state("")
    name, set_name = solara.use_state("")
    mode, set_mode = solara.use_state("assigned")
    group, set_group = solara.use_state("resident")
    seat, set_seat = solara.use_state(None)
    problem, set_problem = solara.use_state("")
    room = shared.registry().get(code) if code.strip() else None

    def join() -> None:
        if room is None:
            set_problem(t("rp_no_room", lang))
            return
        try:
            token = room.join(name, seat=seat if mode == "chosen" else None, mode=mode,
                              group=group if mode == "reversed" else None,
                              session=session or None)
        except ValueError as exc:
            set_problem(join_problem(exc, lang))
            return
        enter(shared.Ticket(room.code, "student", token))

    solara.v.TextField(label=t("rp_code", lang), v_model=code, on_v_model=set_code,
                       class_="sam-rp-code-input", hide_details=True)
    solara.v.TextField(label=t("rp_name", lang), v_model=name, on_v_model=set_name,
                       class_="sam-rp-name-input", hide_details=True)
    Options(t("rp_mode", lang), "sam-rp-mode", {t(f"rp_how_{m}", lang): m for m in MODES},
            mode, set_mode)
    solara.Text(t(f"rp_mode_{mode}", lang), style={"font-size": "12px", "color": "#555"})
    if mode == "chosen" and room is not None:
        free = {s.index: f"{s.index + 1}: {role_name(s.role, lang)}"
                for s in room.seats() if s.player is None}
        Picker(t("rp_seat", lang), free, seat, set_seat, "sam-rp-seat")
    if mode == "reversed":
        Options(t("rp_own_group", lang), "sam-rp-group",
                {role_name(r, lang): r for r in ("resident", "professional", "official")},
                group, set_group)
    solara.Button(t("rp_join", lang), on_click=join, color="primary", classes=["sam-rp-enter"])
    if problem:
        solara.Text(problem, classes=["sam-rp-problem"], style={"color": "#b00020"})


@solara.component
def Drawing(room_view: LecturerView | StudentView, lang: Lang) -> None:
    """The room's last meeting, as the single-player app draws it."""
    RoleLegend(lang)
    solara.HTML(tag="div", classes=["sam-room-card"],
                unsafe_innerHTML=drawn(room_view.drawing, lang, room_view.week))


@lru_cache(maxsize=64)
def drawn(meeting: Meeting, lang: Lang, week: int) -> str:
    """The meeting's SVG, built once for all screens of a room: every view of one week holds the
    same drawing (`roleplay.Common`), so 30 students cost one SVG, not 30."""
    return room_for(meeting, lang, week)


def week_line(week: int, steps: int, paused: bool, remaining: float | None, lang: Lang) -> str:
    """The week and the clock; the seconds left only where the page renders every second
    (the lecturer's: a student's page renders when the week changes, not to count down)."""
    if paused:
        clock = t("rp_paused", lang)
    elif remaining is None:
        clock = t("rp_running", lang)
    else:
        clock = t("rp_remaining", lang, seconds=math.ceil(remaining))
    return f"{t('week', lang, week=week)} / {steps} · {clock}"


@solara.component
def LecturerRoom(room: Room, token: str, lang: Lang, close: Callable[[], None]) -> None:
    """The lecturer's screen: code, seats, clock, drawing, debrief."""
    debrief, set_debrief = solara.use_state(False)
    closing, set_closing = solara.use_state(False)   # closing deletes the room: asked twice

    def shown() -> Hashable:
        """Every change (a seat, a choice, a week) and the countdown's seconds."""
        remaining = room.lecturer_view(token).remaining
        return room.version, None if remaining is None else math.ceil(remaining)

    def limit(value: float | None) -> None:
        if value is not None and value > 0:
            room.set_limit(token, value)

    use_room(room, shown)
    view = room.lecturer_view(token)
    played = [s for s in view.seats if s.player is not None]
    names = {s.index: s.player for s in played}

    def end() -> None:
        shared.registry().close(room.code, token)
        close()

    with solara.Column(classes=["sam-rp-lecturer"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(t("rp_code_label", lang))
            solara.HTML(tag="div", unsafe_innerHTML=escape(view.code), classes=["sam-rp-code"])
            solara.Text(f"{view.name}", style={"color": "#555"})
        solara.HTML(tag="div", classes=["sam-rp-week"],
                    unsafe_innerHTML=escape(week_line(view.week, view.steps, view.paused,
                                                      view.remaining, lang)))
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            if view.paused:
                solara.Button(t("rp_resume", lang), on_click=lambda: room.resume(token),
                              color="primary", classes=["sam-rp-resume"],
                              disabled=view.finished)
            else:
                solara.Button(t("pause", lang), on_click=lambda: room.pause(token),
                              color="primary", outlined=True, classes=["sam-rp-pause"])
            solara.Button(t("rp_next", lang), on_click=lambda: room.next_week(token),
                          color="primary", classes=["sam-rp-next"], disabled=view.finished)
            with solara.Column(style={"max-width": "220px"}):
                NumberField(t("rp_limit", lang), view.limit, True, lang, limit)
            Download(t("download", lang), f"samensturing_rollenspel_{view.code}.csv",
                     lambda: room.csv(token))
            if closing:
                solara.Button(t("rp_close_sure", lang), on_click=end, color="error",
                              classes=["sam-rp-close-sure"])
                solara.Button(t("rp_close_not", lang), on_click=lambda: set_closing(False),
                              outlined=True)
            else:
                solara.Button(t("rp_close", lang), on_click=lambda: set_closing(True),
                              outlined=True, classes=["sam-rp-close"])
        waiting = ", ".join(names[i] for i in view.waiting)
        solara.Text(t("rp_waiting", lang, names=waiting) if waiting else t("rp_all_chose", lang),
                    classes=["sam-rp-waiting"])
        solara.HTML(tag="table", classes=["sam-rp-seats"], unsafe_innerHTML=seats_html(played,
                                                                                      lang))
        solara.Text(seats_line(view, lang), classes=["sam-rp-agents"],
                    style={"font-size": "12px", "color": "#555"})
        Drawing(view, lang)
        solara.Switch(label=t("rp_debrief", lang), value=debrief, on_value=set_debrief,
                      classes=["sam-rp-debrief-switch"])
        if debrief:
            solara.HTML(tag="table", classes=["sam-rp-debrief"],
                        unsafe_innerHTML=debrief_html(room.debrief(token), lang))


def seats_line(view: LecturerView, lang: Lang) -> str:
    """Who plays which groups: the students' seats and the model's, counted per group."""
    students = counted_roles((s.role for s in view.seats if s.player is not None), lang)
    agents = counted_roles((s.role for s in view.seats if s.player is None), lang)
    return " ".join([*([t("rp_students", lang, roles=students)] if students else []),
                     t("rp_agents", lang, roles=agents) if agents else t("rp_no_agents", lang)])


def seats_html(seats: list[Any], lang: Lang) -> str:
    head = "".join(f"<th>{escape(t(k, lang))}</th>"
                   for k in ("rp_col_seat", "rp_col_role", "rp_col_player", "rp_col_connected",
                             "rp_col_chosen"))
    yes, no = t("rp_yes", lang), t("rp_no", lang)
    rows = "".join(
        f"<tr><td>{s.index + 1}</td><td>{escape(role_name(s.role, lang))}</td>"
        f"<td>{escape(s.player)}</td><td>{yes if s.connected else no}</td>"
        f"<td>{yes if s.chosen else no}</td></tr>" for s in seats)
    return f"<tr>{head}</tr>{rows}"


DEBRIEF_SHOWN = ("seat", "role", "player", "run", "present", "speaking_share", "even_share",
                 "heard", "decided", "implemented", "blocked")


def debrief_html(frame: pd.DataFrame, lang: Lang) -> str:
    """The debrief, played and agent runs of each seat one under the other, headers in `lang`."""
    head = "".join(f"<th>{escape(t(f'rp_db_{k}', lang))}</th>" for k in DEBRIEF_SHOWN)

    def cell(key: str, value: Any) -> str:
        if key == "seat":
            return str(int(value) + 1)
        if key == "role":
            return role_name(value, lang)
        if key == "run":
            return t(f"rp_run_{value}", lang)
        if isinstance(value, float):
            return ratio(value, lang)
        return str(value)

    rows = "".join("<tr>" + "".join(f"<td>{escape(cell(k, row[k]))}</td>" for k in DEBRIEF_SHOWN)
                   + "</tr>" for row in frame.to_dict("records"))
    return f"<tr>{head}</tr>{rows}"


@solara.component
def StudentRoom(room: Room, token: str, lang: Lang) -> None:
    """A student's seat: this week's choice and what happened to them at the last meeting.

    The meeting's drawing is behind a switch, off at first: the list above it already says what
    a student needs (their power, trust and satisfaction, who spoke and who heard them, the
    proposal and its fate), and a drawing sent to 30 screens every week was most of their work.
    """
    solara.use_effect(lambda: (shared.attach(room, token),
                               lambda: shared.detach(room, token))[1], [room.code, token])
    week, paused = use_room(room, room.progress)
    drawing, set_drawing = solara.use_state(False)
    view = room.view(token)
    with solara.Column(classes=["sam-rp-student"]):
        solara.HTML(tag="h3", unsafe_innerHTML=escape(
            t("rp_you_play", lang, role=role_name(view.role, lang), seat=view.seat + 1,
              name=view.name)))
        solara.HTML(tag="div", classes=["sam-rp-week"],
                    unsafe_innerHTML=escape(week_line(week, view.steps, paused, None, lang)))
        if view.finished:
            solara.Text(t("rp_finished", lang), classes=["sam-rp-finished"])
        else:
            ChoiceForm(room, token, view.week, view.topics, view.choice, lang)
        solara.HTML(tag="div", classes=["sam-rp-facts"], unsafe_innerHTML=facts_html(view, lang))
        solara.Switch(label=t("rp_show_meeting", lang), value=drawing, on_value=set_drawing,
                      classes=["sam-rp-meeting-switch"])
        if drawing:
            Drawing(view, lang)


@solara.component
def ChoiceForm(room: Room, token: str, week: int, topics: int, pending: SeatChoice | None,
               lang: Lang) -> None:
    """This week's choice, sent as one: the week only counts it once the student says so.

    The form stays mounted from week to week (its buttons are not built again for each week,
    30 screens at once); a new week starts it afresh from the room's state instead. Its rows'
    callbacks read the form's state from a ref, so a row whose value did not change is equal to
    the last one and is not rendered again.
    """
    held, set_held = solara.use_state((week, pending or SeatChoice(), pending is not None))
    if held[0] != week:
        held = (week, pending or SeatChoice(), pending is not None)
    now = solara.use_ref(held)
    now.current = held
    _, choice, sent = held

    def put(**change: Any) -> None:
        at, last, _ = now.current
        set_held((at, replace(last, **change), False))

    def send() -> None:
        try:
            room.choose(token, **asdict(choice))
        except ValueError:   # the last week began meanwhile; the page shows the end
            return
        set_held((week, choice, True))

    attend = {None: "rp_model", True: "rp_come", False: "rp_stay"}
    Options(t("rp_attend", lang), "sam-rp-attend",
            {t(k, lang): v for v, k in attend.items()}, choice.attend,
            lambda v: put(attend=v))
    voice = next((k for k, v in VOICES.items() if v == choice.voice), "model")
    Options(t("rp_voice", lang), "sam-rp-voice",
            {t(f"rp_voice_{k}", lang): k for k in VOICES}, voice,
            lambda v: put(voice=VOICES[v]))
    Options(t("rp_openness", lang), "sam-rp-openness",
            {t(f"rp_open_{k.replace('.', '_')}", lang): v for k, v in OPENNESS.items()},
            choice.openness, lambda v: put(openness=v))
    Options(t("rp_topic", lang), "sam-rp-topic",
            {t("rp_model", lang): None,
             **{t("rp_topic_n", lang, n=k + 1): k for k in range(topics)}},
            choice.topic, lambda v: put(topic=v))
    Options(t("rp_stance", lang), "sam-rp-stance",
            {t("rp_model", lang): None, **{t(f"rp_stance_{s}", lang): s for s in STANCES}},
            choice.stance, lambda v: put(stance=v))
    with solara.Row(style={"align-items": "center"}):
        solara.Button(t("rp_send", lang), on_click=send, color="primary",
                      classes=["sam-rp-send"])
        if sent:
            solara.Text(t("rp_sent", lang), classes=["sam-rp-sent"])


@solara.component
def Options(label: str, css_class: str, options: dict[str, Any], value: Any,
            on_value: Callable[[Any], None]) -> None:
    """A row of buttons, one per option; the chosen one filled (a value may be None)."""
    solara.Text(label, style={"font-weight": "500"})
    with solara.Row(classes=[css_class], style={"flex-wrap": "wrap", "gap": "4px"}):
        for text, option in options.items():
            solara.Button(text, on_click=lambda o=option: on_value(o), color="primary",
                          outlined=option != value, size="small",
                          classes=["sam-rp-on" if option == value else "sam-rp-off"])


def facts_html(view: StudentView, lang: Lang) -> str:
    """What the student's participant has and went through, as a short list."""
    yes, no = t("rp_yes", lang), t("rp_no", lang)
    trust = ", ".join(f"{role_name(r, lang)} {number(v, lang)}" for r, v in view.trust.items())
    heard_by = ", ".join(f"{role_name(r, lang)} {number(v, lang)}"
                         for r, v in view.heard_by.items()) or "–"
    speakers = ", ".join(
        f"{escape(s.player) if s.player else role_name(s.role, lang)} ({s.turns})"
        for s in view.speakers) or "–"
    if view.open_topic >= 0:
        table = t("rp_on_table", lang, n=view.open_topic + 1)
    else:
        table = t("rp_nothing_on_table", lang)
    lines = [
        ("rp_power", number(view.power, lang)),
        ("rp_trust", escape(trust)),
        ("rp_satisfaction", number(view.satisfaction, lang)),
        ("rp_present", yes if view.present else no),
        ("rp_turns", f"{view.turns} ({ratio(view.share, lang)})"),
        ("rp_heard", ratio(view.heard, lang)),
        ("rp_heard_by", escape(heard_by)),
        ("rp_speakers", speakers),
        ("rp_proposal", escape(table)),
        ("rp_proposals", escape(proposals_text(view, lang))),
    ]
    if not view.active:
        lines.append(("rp_dropped", ""))
    items = "".join(f'<li class="sam-rp-{key[3:]}"><b>{escape(t(key, lang))}:</b> {value}</li>'
                    for key, value in lines)
    return f"<ul>{items}</ul>"


def proposals_text(view: StudentView, lang: Lang) -> str:
    if not view.proposals:
        return t("rp_no_proposals", lang)
    return "; ".join(t(f"rp_status_{p.status}", lang, n=p.topic + 1, week=p.week,
                       done=p.week_done or "") for p in view.proposals)


CSS = """
.sam-rp-code { font-size: 56px; font-weight: 700; letter-spacing: 8px; font-family: monospace;
    margin: 0 16px; }
.sam-rp-week { font-size: 18px; margin: 6px 0; }
.sam-rp-seats, .sam-rp-debrief { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
.sam-rp-seats td, .sam-rp-seats th, .sam-rp-debrief td, .sam-rp-debrief th {
    border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; }
.sam-rp-facts ul { list-style: none; padding-left: 0; font-size: 14px; }
"""
