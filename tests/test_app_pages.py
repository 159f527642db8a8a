"""Which page the app opens on: role play for a browser that has a place in a room, also after a
server restart (which forgot every ticket), and single player for any other browser."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import ipyvuetify as v
import pytest

from simulation.app import shared
from simulation.app.roleplay import Rooms
from simulation.i18n import t
from tests.test_house_page import Session, sessions  # noqa: F401
from tests.test_shared import small_room


def opens_on_roleplay(session: Session) -> bool:
    """The header offers every page but the one shown."""
    with session.context:
        return session.rc.find(v.Btn, children=[t("mode_roleplay", "nl")]).widgets == []


def test_a_server_without_rooms_builds_no_registry_for_a_page(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(shared.ROOMS_ENV, str(tmp_path))
    monkeypatch.setattr(shared, "_rooms", None)
    assert not shared.seated("browser") and not shared.seated(None)
    assert shared._rooms is None


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_after_a_restart_a_browser_with_a_place_opens_on_role_play(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        sessions: list[Session]) -> None:  # noqa: F811
    before = Rooms(tmp_path / "rooms", run_clocks=False)
    room, _ = small_room(before)
    room.join("Anna", mode="assigned", session="student-browser")
    before.open(room.scenario, 2, session="lecturer-browser")
    # the restarted server: no tickets, the registry built from the folder at first use
    monkeypatch.setattr(shared, "_tickets", {})
    monkeypatch.setattr(shared, "Rooms", partial(Rooms, run_clocks=False))

    student, lecturer, stranger = (Session(name, mode=None) for name in
                                   ("student-browser", "lecturer-browser", "other-browser"))
    sessions += [student, lecturer, stranger]
    assert opens_on_roleplay(student) and opens_on_roleplay(lecturer)
    assert not opens_on_roleplay(stranger)
    held = shared.ticket("student-browser")
    assert held is not None and held[0].part == "student" and held[1].code == room.code
    held = shared.ticket("lecturer-browser")
    assert held is not None and held[0].part == "lecturer" and held[1].code != room.code
