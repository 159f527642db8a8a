"""The server's shared role-play state: where rooms live, which browser holds which ticket, and
that a seat goes back to the agents only when its last open page closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.app import shared
from simulation.app.roleplay import Rooms
from simulation.house.library import SCENARIO_DIR
from simulation.house.scenario import load_scenario, with_overrides


@pytest.fixture
def rooms(tmp_path: Path) -> Rooms:
    return Rooms(tmp_path)


def small_room(rooms: Rooms):
    scenario = with_overrides(load_scenario(SCENARIO_DIR / "baseline.toml"),
                              {"run.steps": 3, "population.residents": 8,
                               "population.room_capacity": 12})
    return rooms.open(scenario, 1)


def test_rooms_live_in_the_env_folder_or_the_users_data_dir(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(shared.ROOMS_ENV, str(tmp_path / "elsewhere"))
    assert shared.rooms_folder() == tmp_path / "elsewhere"
    monkeypatch.delenv(shared.ROOMS_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert shared.rooms_folder() == tmp_path / "data" / "samensturing" / "rooms"


def test_a_session_without_a_ticket_builds_no_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared, "_rooms", None)
    assert shared.ticket("nobody") is None
    assert shared._rooms is None


def test_a_seat_is_left_only_when_its_last_page_closes(rooms: Rooms) -> None:
    room, _ = small_room(rooms)
    token = room.join("Anna", mode="assigned")
    room.leave(token)
    shared.attach(room, token)          # the reloaded page mounts ...
    shared.attach(room, token)
    shared.detach(room, token)          # ... before the old one's kernel is closed
    assert [s.connected for s in room.seats() if s.player] == [True]
    shared.detach(room, token)
    assert [s.connected for s in room.seats() if s.player] == [False]


def test_a_remembered_ticket_finds_its_room_until_it_is_closed(
        monkeypatch: pytest.MonkeyPatch, rooms: Rooms) -> None:
    monkeypatch.setattr(shared, "_rooms", rooms)
    room, lecturer = small_room(rooms)
    shared.remember("browser", shared.Ticket(room.code, "lecturer", lecturer))
    held = shared.ticket("browser")
    assert held is not None and held[1] is room
    rooms.close(room.code, lecturer)
    assert shared.ticket("browser") is None
    shared.remember("browser", None)
    assert shared.ticket("browser") is None


def test_a_browser_back_after_a_restart_reclaims_its_ticket(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    room, _ = small_room(Rooms(tmp_path))
    token = room.join("Anna", mode="assigned", session="browser")
    restarted = Rooms(tmp_path)
    restarted.restore()
    monkeypatch.setattr(shared, "_rooms", restarted)
    monkeypatch.setattr(shared, "_tickets", {})
    assert shared.ticket("browser") is None and shared.reclaim("stranger") is None
    held = shared.reclaim("browser")
    assert held is not None and held[0].part == "student" and held[0].token != token
    assert shared.ticket("browser") == held
