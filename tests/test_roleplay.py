"""The role-play room: codes and tokens, seats, choices that take effect, the clock, isolation,
persistence by replay, the debrief, the CSV and the locks."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stats import paired_ci

from simulation.app.roleplay import ALPHABET, CODE_LENGTH, Room, Rooms, SeatChoice
from simulation.house.library import SCENARIO_DIR, shipped_scenarios
from simulation.house.model import HouseModel
from simulation.house.roles import ROLES
from simulation.house.scenario import Scenario, load_scenario, with_overrides

WEEKS = 12


class Clock:
    """A clock the test moves by hand, so the time limit is tested without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return with_overrides(load_scenario(SCENARIO_DIR / "baseline.toml"),
                          {"run.steps": WEEKS, "population.residents": 14,
                           "population.room_capacity": 24})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def rooms(tmp_path: Path, clock: Clock) -> Rooms:
    """Rooms whose clock the test moves and ticks by hand (no timer threads)."""
    return Rooms(tmp_path, clock, run_clocks=False)


def seat_of(room: Room, role: str) -> int:
    return next(s.index for s in room.seats() if s.role == role and s.player is None)


def all_agents(scenario: Scenario, seed: int, weeks: int) -> pd.DataFrame:
    model = HouseModel(scenario, seed=seed)
    for _ in range(weeks):
        model.step()
    return model.datacollector.get_model_vars_dataframe()


# ------------------------------------------------------------------ codes and tokens


def test_a_code_opens_the_room_and_only_its_own(rooms: Rooms, scenario: Scenario) -> None:
    room, _ = rooms.open(scenario, seed=1)
    other, _ = rooms.open(scenario, seed=1)
    assert len(room.code) == CODE_LENGTH and set(room.code) <= set(ALPHABET)
    assert room.code != other.code
    assert rooms.get(f" {room.code.lower()} ") is room
    wrong = next(c for c in ALPHABET if c != room.code[0]) + room.code[1:]
    assert rooms.get(wrong) is None and rooms.get("") is None


def test_a_wrong_token_is_refused(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=1)
    other, other_lecturer = rooms.open(scenario, seed=1)
    student = room.join("Ada", mode="assigned")
    for act in (lambda: room.view("not-a-token"), lambda: other.view(student),
                lambda: other.choose(student, voice=2.0), lambda: room.rejoin(lecturer)):
        with pytest.raises(PermissionError):
            act()
    for act in (room.next_week, room.pause, room.resume, room.debrief, room.csv,
                room.lecturer_view):
        with pytest.raises(PermissionError):
            act(student)
        with pytest.raises(PermissionError):
            act(other_lecturer)
    with pytest.raises(PermissionError):
        rooms.close(room.code, student)
    assert rooms.get(room.code) is room


# ------------------------------------------------------------------ seats


def test_seats_chosen_assigned_in_turn_and_reversed(rooms: Rooms, scenario: Scenario) -> None:
    room, _ = rooms.open(scenario, seed=1)
    free = seat_of(room, "official")
    room.join("Bo", seat=free)
    with pytest.raises(ValueError, match="seat"):
        room.join("Cy", seat=free)
    with pytest.raises(ValueError, match="seat"):
        room.join("Cy", seat=room.size)
    assigned = [room.join(f"s{k}", mode="assigned") for k in range(3)]
    assert sorted(room.view(t).role for t in assigned) == ["official", "professional", "resident"]
    reversed_ = [room.join(f"r{k}", mode="reversed", group="resident") for k in range(6)]
    assert all(room.view(t).role != "resident" for t in reversed_)
    with pytest.raises(ValueError, match="group"):
        room.join("Di", mode="reversed")
    with pytest.raises(ValueError, match="mode"):
        room.join("Di", mode="random")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        room.join("  \n ", mode="assigned")
    players = [s for s in room.seats() if s.player is not None]
    assert len(players) == 1 + 3 + 6 and all(s.connected for s in players)


def test_no_free_seat_left_is_said(rooms: Rooms, scenario: Scenario) -> None:
    room, _ = rooms.open(scenario, seed=1)
    institutions = [s for s in room.seats() if s.role != "resident"]
    for s in institutions:
        room.join("x", seat=s.index)
    with pytest.raises(ValueError, match="no free seat"):
        room.join("y", mode="reversed", group="resident")
    assert room.view(room.join("z", mode="assigned")).role == "resident"


def test_leave_hands_the_seat_to_an_agent_and_rejoin_takes_it_back(
        rooms: Rooms, scenario: Scenario, clock: Clock) -> None:
    room, lecturer = rooms.open(scenario, seed=1)
    room.resume(lecturer)
    ada, bo = room.join("Ada", mode="assigned"), room.join("Bo", mode="assigned")
    seat = room.view(ada).seat
    room.leave(ada)
    left = room.seats()[seat]
    assert left.player == "Ada" and not left.connected
    with pytest.raises(ValueError, match="taken"):
        room.join("Cy", seat=seat)
    room.choose(bo, voice=2.0)
    assert room.tick()                      # everyone still connected has chosen
    assert room.rejoin(ada) == seat and room.seats()[seat].connected
    assert room.view(ada).week == 1


# ------------------------------------------------------------------ choices


@pytest.mark.parametrize(("field", "value"), [
    ("voice", -0.1), ("voice", 9.0), ("voice", float("nan")), ("voice", "loud"),
    ("openness", 1.5), ("topic", 99), ("topic", True), ("stance", "maybe"), ("attend", 1),
    ("shout", 1.0)])
def test_a_bad_choice_names_the_field_and_what_is_allowed(
        rooms: Rooms, scenario: Scenario, field: str, value: object) -> None:
    room, _ = rooms.open(scenario, seed=1)
    token = room.join("Ada", mode="assigned")
    with pytest.raises(ValueError, match=rf"^{field}: .*allowed"):
        room.choose(token, **{field: value})
    assert room.view(token).choice is None


def test_choices_add_up_within_a_week_and_start_afresh(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=1)
    token = room.join("Ada", mode="assigned")
    room.choose(token, voice=2.0)
    assert room.choose(token, stance="amend", topic=1) == SeatChoice(voice=2.0, stance="amend",
                                                                      topic=1)
    assert room.chosen() == {room.view(token).seat}
    room.next_week(lecturer)
    assert room.chosen() == frozenset() and room.view(token).choice is None


def test_numpy_numbers_are_stored_as_plain_ones(rooms: Rooms, scenario: Scenario) -> None:
    room, _ = rooms.open(scenario, seed=1)
    token = room.join("Ada", seat=np.int64(0))  # type: ignore[arg-type]
    choice = room.choose(token, voice=np.float64(2), topic=np.int64(1), openness=1)
    assert (type(choice.voice), type(choice.topic), type(choice.openness)) == (float, int, float)
    assert room.rejoin(token) == 0 and type(room.rejoin(token)) is int


def test_the_models_own_choice_changes_nothing(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=3)
    tokens = [room.join(f"s{k}", mode="assigned") for k in range(4)]
    for _ in range(WEEKS):
        for token in tokens:
            room.choose(token)              # chosen, with every field left to the model
        room.next_week(lecturer)
    pd.testing.assert_frame_equal(room.series(), all_agents(scenario, 3, WEEKS))
    assert not room.next_week(lecturer)     # the run is over
    with pytest.raises(ValueError, match="over"):
        room.choose(tokens[0], voice=2.0)


def test_agents_fill_every_other_seat(rooms: Rooms, scenario: Scenario) -> None:
    """One student stays away; the house still meets, with the agents in the other seats."""
    room, lecturer = rooms.open(scenario, seed=2)
    token = room.join("Ada", seat=seat_of(room, "professional"))
    for _ in range(4):
        room.choose(token, attend=False)
        room.next_week(lecturer)
        view = room.view(token)
        assert not view.present and view.turns == 0
        assert len(view.speakers) >= 2
        assert all(sp.player is None for sp in view.speakers)


def test_staying_away_and_coming_take_effect(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=4)
    away, come = room.join("Ada", mode="assigned"), room.join("Bo", mode="assigned")
    for _ in range(WEEKS):
        room.choose(away, attend=False)
        room.choose(come, attend=True)
        room.next_week(lecturer)
    table = pd.read_csv(io.StringIO(room.csv(lecturer)), comment="#")
    by_player = table.groupby("player")["present"].mean()
    assert by_player["Ada"] == 0.0 and by_player["Bo"] == 1.0


def played(rooms: Rooms, scenario: Scenario, seed: int, role: str,
           **choice: object) -> tuple[Room, str]:
    """A room in which one student plays a seat of `role` with the same choice every week."""
    room, lecturer = rooms.open(scenario, seed=seed)
    token = room.join("Ada", seat=seat_of(room, role))
    for _ in range(WEEKS):
        room.choose(token, **choice)
        room.next_week(lecturer)
    return room, lecturer


def test_speaking_up_gets_more_turns_than_holding_back(rooms: Rooms, scenario: Scenario) -> None:
    """The same professional's seat, speaking up against holding back, over paired seeds."""
    def share(seed: int, voice: float) -> float:
        room, lecturer = played(rooms, scenario, seed, "professional", attend=True, voice=voice)
        return float(room.debrief(lecturer).set_index("run").loc["played", "speaking_share"])

    seeds = range(8)
    diff = paired_ci([share(s, 3.0) for s in seeds], [share(s, 0.3) for s in seeds])
    assert diff.low > 0, diff


def test_raising_a_topic_makes_one_the_drafter(rooms: Rooms, scenario: Scenario) -> None:
    """A student who raises a topic every week drafts more decisions than the agent would."""
    def drafted(seed: int) -> tuple[float, float]:
        room, lecturer = played(rooms, scenario, seed, "professional", attend=True, topic=2)
        runs = room.debrief(lecturer).set_index("run")["decided"]
        return float(runs["played"]), float(runs["agents"])

    pairs = [drafted(s) for s in range(8)]
    diff = paired_ci([p for p, _ in pairs], [a for _, a in pairs])
    assert diff.low > 0, diff


def test_objecting_under_consent_holds_decisions_back(rooms: Rooms, scenario: Scenario) -> None:
    """Under consent one objection at the table is enough to stop a decision."""
    assert scenario.house.decision_rule == "consent"

    def made(seed: int) -> float:
        room, _ = played(rooms, scenario, seed, "professional", attend=True, stance="object")
        return float(room.series()["decisions_made"].iloc[-1])

    seeds = range(8)
    diff = paired_ci([made(s) for s in seeds],
                     [all_agents(scenario, s, WEEKS)["decisions_made"].iloc[-1] for s in seeds])
    assert diff.high < 0, diff


def test_the_student_sees_their_seat_and_the_meeting(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=9)
    token = room.join("Ada", seat=seat_of(room, "professional"))
    before = room.view(token)
    assert before.week == 0 and not before.present and before.speakers == ()
    for _ in range(WEEKS):
        room.choose(token, attend=True, topic=2, voice=2.0)
        room.next_week(lecturer)
        view = room.view(token)
        mine = [sp for sp in view.speakers if sp.seat == view.seat]
        assert view.present and view.role == "professional" and view.name == "Ada"
        assert [sp.turns for sp in mine] == ([view.turns] if view.turns else [])
        assert all(sp.player == "Ada" for sp in mine)
        assert view.share == pytest.approx(view.turns / sum(sp.turns for sp in view.speakers))
        assert set(view.trust) == {"resident", "professional", "official"}
        assert set(view.heard_by) <= set(view.trust) and view.heard >= 0
        assert len(view.drawing.roles) == len(view.attendees) and view.seat in view.attendees
        assert view.drawing.roles[view.attendees.index(view.seat)] == "professional"
    assert view.open_proposer in (-1, *range(room.size))
    debrief = room.debrief(lecturer).set_index("run")
    assert len(view.proposals) == debrief.loc["played", "decided"]
    assert all(p.status in ("pending", "implemented", "blocked") and 1 <= p.week <= WEEKS
               and (p.week_done is None) == (p.status == "pending") for p in view.proposals)


# ------------------------------------------------------------------ the clock


def test_the_clock_waits_while_paused_and_for_the_limit(
        rooms: Rooms, scenario: Scenario, clock: Clock) -> None:
    room, lecturer = rooms.open(scenario, seed=1, limit=60)
    ada, bo = room.join("Ada", mode="assigned"), room.join("Bo", mode="assigned")
    clock.now = 1000.0
    assert not room.tick()                  # a room opens paused
    room.resume(lecturer)
    room.choose(ada, voice=2.0)
    clock.now += 59
    assert not room.tick()                  # Bo has not chosen, time is not up
    room.pause(lecturer)
    clock.now += 500
    assert not room.tick()
    room.resume(lecturer)                   # the pause does not count
    assert room.lecturer_view(lecturer).waiting == (room.view(bo).seat,)
    assert 0 < room.view(ada).remaining <= 1
    clock.now += 1
    assert room.tick() and room.view(ada).week == 1
    room.choose(ada, voice=2.0)
    room.choose(bo, voice=0.5)
    assert room.tick()                      # everyone has chosen: no need to wait
    room.set_limit(lecturer, 5)
    clock.now += 5
    assert room.tick()
    assert room.lecturer_view(lecturer).week == 3


def until(room: Room, done: Callable[[], bool]) -> bool:
    """Wait on the room's changes (at most a minute on a busy machine) until `done()`."""
    deadline = time.monotonic() + 60
    version: int | None = room.version
    while not done() and version is not None and time.monotonic() < deadline:
        version = room.wait(version, 1.0)
    return done()


def test_the_server_clock_moves_a_timed_week_with_no_page_open(tmp_path: Path,
                                                                scenario: Scenario) -> None:
    """Nobody ticks: the room's own timer ends a week at the time limit, or as soon as every
    connected student has chosen, and never while paused."""
    rooms = Rooms(tmp_path)
    room, lecturer = rooms.open(scenario, seed=1, limit=0.2)
    ada = room.join("Ada", mode="assigned")
    time.sleep(0.5)
    assert room.progress() == (0, True)          # a room opens paused
    room.resume(lecturer)
    assert until(room, lambda: room.progress()[0] >= 1)   # Ada never chose: the limit
    room.set_limit(lecturer, 3600)
    week = room.progress()[0]
    room.choose(ada, voice=2.0)
    assert until(room, lambda: room.progress()[0] == week + 1)   # everyone chose
    room.pause(lecturer)
    room.set_limit(lecturer, 0.1)
    room.choose(ada, voice=2.0)
    time.sleep(0.5)
    assert room.progress() == (week + 1, True)
    rooms.close(room.code, lecturer)


def test_a_closed_room_stops_its_clock_and_wakes_its_pages(tmp_path: Path,
                                                           scenario: Scenario) -> None:
    rooms = Rooms(tmp_path)
    room, lecturer = rooms.open(scenario, seed=1)
    token = room.join("Ada", mode="assigned")
    clocks = [t for t in threading.enumerate() if t.name == f"room-{room.code}-clock"]
    assert len(clocks) == 1 and clocks[0].is_alive()
    woken: list[int | None] = []
    start = room.version

    def follow() -> None:
        """A page's thread: asleep until the room changes, then until it changes again."""
        woken.append(room.wait(start))
        woken.append(room.wait(woken[0]))

    page = threading.Thread(target=follow)
    page.start()
    room.choose(token, voice=2.0)                # wakes the page's first wait ...
    until(room, lambda: len(woken) == 1)
    rooms.close(room.code, lecturer)             # ... and closing its second
    page.join(timeout=60)
    assert not page.is_alive() and woken[0] is not None and woken[1] is None
    assert not clocks[0].is_alive()


def test_restored_rooms_run_their_clocks(tmp_path: Path, scenario: Scenario) -> None:
    room, lecturer = Rooms(tmp_path, run_clocks=False).open(scenario, seed=1, limit=0.2)
    room.join("Ada", mode="assigned")
    room.next_week(lecturer)
    again = Rooms(tmp_path)
    again.restore()
    back = again.get(room.code)
    assert back is not None and back.progress() == (1, True)
    back.resume(lecturer)
    assert until(back, lambda: back.progress()[0] >= 2)
    again.close(back.code, lecturer)


def test_a_student_who_joins_after_the_meeting_is_named_among_its_speakers(
        rooms: Rooms, scenario: Scenario) -> None:
    """The part of the view every seat shares is built once a week, and again after a join."""
    room, lecturer = rooms.open(scenario, seed=2)
    watcher = room.join("Ada", mode="assigned")
    room.next_week(lecturer)
    spoke = next(sp.seat for sp in room.view(watcher).speakers if sp.player is None)
    bo = room.join("Bo", seat=spoke)
    for token in (watcher, bo):
        assert [sp.player for sp in room.view(token).speakers if sp.seat == spoke] == ["Bo"]


# ------------------------------------------------------------------ rooms apart


def test_two_rooms_are_independent(rooms: Rooms, scenario: Scenario) -> None:
    first, lecturer = rooms.open(scenario, seed=5)
    second, second_lecturer = rooms.open(scenario, seed=5)
    token = first.join("Ada", seat=0)
    for _ in range(4):
        first.choose(token, attend=True, voice=3.0, stance="object")
        first.next_week(lecturer)
    with pytest.raises(PermissionError):
        second.next_week(lecturer)
    assert second.lecturer_view(second_lecturer).week == 0 and second.series().empty
    for _ in range(4):
        second.next_week(second_lecturer)
    pd.testing.assert_frame_equal(second.series(), all_agents(scenario, 5, 4))


# ------------------------------------------------------------------ on disk


def play(room: Room, lecturer: str, tokens: list[str], weeks: int) -> None:
    """A few weeks of varied choices, so a replay has something to get wrong."""
    for week in range(weeks):
        for k, token in enumerate(tokens):
            room.choose(token, attend=(week + k) % 3 != 0, voice=0.5 + k,
                        stance=("support", "object", "amend", None)[(week + k) % 4],
                        openness=None if k else 0.2, topic=(week % 2) or None)
        room.next_week(lecturer)


def test_a_restart_loses_no_finished_week(tmp_path: Path, scenario: Scenario,
                                          clock: Clock) -> None:
    rooms = Rooms(tmp_path, clock)
    room, lecturer = rooms.open(scenario, seed=7, name="baseline")
    tokens = [room.join("Ada", mode="assigned"), room.join("Bo", mode="reversed",
                                                           group="professional")]
    play(room, lecturer, tokens, 5)
    room.choose(tokens[0], voice=2.0)       # the week in progress is not kept
    text = (tmp_path / f"{room.code}.json").read_text()
    assert all(token not in text for token in [lecturer, *tokens])
    (tmp_path / "DAMAGE.json").write_text("{not json")

    again = Rooms(tmp_path, clock)
    assert again.restore() == [room.code]
    back = again.get(room.code)
    assert back is not None and back is not room
    pd.testing.assert_frame_equal(back.series(), room.series())
    assert [(s.index, s.player) for s in back.seats()] == [(s.index, s.player)
                                                           for s in room.seats()]
    assert not any(s.connected for s in back.seats()) and back.chosen() == frozenset()
    assert back.rejoin(tokens[1]) == room.rejoin(tokens[1])
    play(back, lecturer, tokens[:1], 2)     # the restored room plays on with its lecturer
    play(room, lecturer, tokens[:1], 2)
    pd.testing.assert_frame_equal(back.series(), room.series())
    pd.testing.assert_frame_equal(back.debrief(lecturer), room.debrief(lecturer))


def test_a_browser_reclaims_its_seat_after_a_restart(tmp_path: Path, scenario: Scenario) -> None:
    """The restarted server forgot every token; the browser's session id (stored hashed) gets
    the lecturer and each student back to their own place, with a new token."""
    rooms = Rooms(tmp_path, run_clocks=False)
    room, lecturer = rooms.open(scenario, seed=7, session="browser-L")
    ada = room.join("Ada", mode="assigned", session="browser-A")
    room.join("Bo", mode="assigned")
    play(room, lecturer, [ada], 2)
    text = (tmp_path / f"{room.code}.json").read_text()
    assert "browser-A" not in text and "browser-L" not in text

    again = Rooms(tmp_path, run_clocks=False)
    again.restore()
    assert again.reclaim("browser-X") is None
    found = again.reclaim("browser-A")
    assert found is not None
    back, part, token = found
    assert (back.code, part) == (room.code, "student")
    assert back.view(token).seat == room.view(ada).seat and back.view(token).week == 2
    with pytest.raises(PermissionError):
        back.view(ada)                          # the token from before the restart is gone
    found = again.reclaim("browser-L")
    assert found is not None and found[1] == "lecturer"
    assert back.lecturer_view(found[2]).week == 2
    with pytest.raises(PermissionError):
        back.next_week(lecturer)
    third = Rooms(tmp_path, run_clocks=False)   # the new tokens are on disk too
    third.restore()
    assert third.get(room.code).lecturer_view(found[2]).week == 2


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_replays_to_the_same_house(tmp_path: Path, name: str) -> None:
    scenario = with_overrides(load_scenario(shipped_scenarios()[name]), {"run.steps": 6})
    room, lecturer = Rooms(tmp_path).open(scenario, seed=3, name=name)
    play(room, lecturer, [room.join("Ada", mode="assigned"), room.join("Bo", mode="assigned")], 6)
    again = Rooms(tmp_path)
    assert again.restore() == [room.code]
    back = again.get(room.code)
    assert back is not None
    pd.testing.assert_frame_equal(back.series(), room.series())


def test_a_failing_disk_does_not_stop_the_class(tmp_path: Path, scenario: Scenario,
                                                caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    room, lecturer = Rooms(blocked).open(scenario, seed=1)
    token = room.join("Ada", mode="assigned")
    room.choose(token, voice=2.0)
    assert room.next_week(lecturer) and room.view(token).week == 1
    assert "could not be saved" in caplog.text


def test_a_closed_room_is_gone_from_disk(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=1)
    rooms.close(room.code, lecturer)
    assert rooms.get(room.code) is None and not list(rooms.folder.glob("*.json"))


def test_the_file_holds_the_scenario_seed_and_choices(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=7)
    token = room.join("Ada", seat=0)
    room.choose(token, voice=2.0)
    room.next_week(lecturer)
    data = json.loads((rooms.folder / f"{room.code}.json").read_text())
    assert data["seed"] == 7 and data["weeks"] == [{"0": {
        "attend": None, "voice": 2.0, "openness": None, "topic": None, "stance": None}}]
    assert data["digest"] == scenario.digest()


# ------------------------------------------------------------------ after the session


def test_the_debrief_sets_every_played_seat_beside_the_agents(
        rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=6)
    tokens = [room.join(f"s{k}", mode="assigned") for k in range(3)]
    play(room, lecturer, tokens, WEEKS)
    debrief = room.debrief(lecturer)
    seats = sorted(room.view(t).seat for t in tokens)
    assert sorted(set(debrief["seat"])) == seats
    assert debrief.groupby("seat")["run"].apply(sorted).tolist() == [["agents", "played"]] * 3
    assert (debrief["weeks"] == WEEKS).all()
    assert debrief["speaking_share"].dropna().between(0, 1).all()
    assert (debrief["decided"] == debrief[["implemented", "blocked", "pending"]].sum(axis=1)).all()
    agents = debrief[debrief["run"] == "agents"]
    model = HouseModel(scenario, seed=6)
    turns = np.zeros(model.state.size, dtype=int)
    for _ in range(WEEKS):
        model.step()
        turns[model.last_meeting.present] += model.last_meeting.turns
    assert agents["turns"].tolist() == turns[seats].tolist()


def test_the_csv_has_a_row_per_week_and_played_seat(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=6, name="baseline")
    tokens = [room.join(f"s{k}", mode="assigned") for k in range(3)]
    play(room, lecturer, tokens, 4)
    text = room.csv(lecturer)
    assert "# scenario: baseline" in text and "# seed: 6" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert len(table) == 4 * 3
    assert set(zip(table["week"], table["seat"], strict=True)) == {
        (w, room.view(t).seat) for w in range(1, 5) for t in tokens}
    assert set(table["role"]) <= set(ROLES)
    assert table["chosen"].all()


# ------------------------------------------------------------------ locks


def in_threads(*targets: Callable[[], None]) -> list[BaseException]:
    """Run the targets at once; what any of them raised."""
    errors: list[BaseException] = []

    def run(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as exc:   # reported by the caller's assert
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_students_choosing_at_once_while_the_clock_runs(rooms: Rooms, scenario: Scenario) -> None:
    """Students choose and look while the server's clock and the lecturer move the weeks on:
    every week is stepped once, and the stored room replays to the same house."""
    room, lecturer = rooms.open(scenario, seed=8, limit=3600)
    room.resume(lecturer)
    tokens = [room.join(f"s{k}", mode="assigned") for k in range(6)]
    moved: list[bool] = []

    def student(token: str, k: int) -> Callable[[], None]:
        def act() -> None:
            for n in range(30):
                room.choose(token, voice=0.3 + (n + k) % 3, stance="amend")
                room.view(token)
        return act

    def clock() -> None:
        for _ in range(200):
            moved.append(room.tick())

    def lecturer_() -> None:
        for _ in range(3):
            moved.append(room.next_week(lecturer))
            room.lecturer_view(lecturer)

    errors = in_threads(*(student(t, k) for k, t in enumerate(tokens)), clock, clock, lecturer_)
    assert not errors
    assert room.lecturer_view(lecturer).week == sum(moved) >= 3
    again = Rooms(rooms.folder)
    again.restore()
    back = again.get(room.code)
    assert back is not None
    pd.testing.assert_frame_equal(back.series(), room.series())


def test_rooms_opened_at_once_get_codes_of_their_own(rooms: Rooms, scenario: Scenario) -> None:
    opened: list[Room] = []

    def lecturer() -> None:
        for _ in range(3):
            opened.append(rooms.open(scenario, seed=1)[0])

    assert not in_threads(*[lecturer] * 6)
    assert len({room.code for room in opened}) == 18
    assert all(rooms.get(room.code) is room for room in opened)


def test_progress_tells_pages_the_week_and_the_clock(rooms: Rooms, scenario: Scenario) -> None:
    room, lecturer = rooms.open(scenario, seed=1)
    assert room.progress() == (0, True)          # a room opens paused, before any meeting
    room.next_week(lecturer)
    room.resume(lecturer)
    assert room.progress() == (1, False)
