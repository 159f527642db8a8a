"""The one state the app's server shares between browser sessions: the role-play rooms.

Everything else in the app belongs to one session (`app.py` builds its houses in the page). A
role-play room is shared on purpose: a lecturer and a class play one house from many browsers,
so its `Rooms` registry has to live once per server process, at module level here. It is
created at first use (not at import, so importing the app builds nothing and reads no disk),
restored from its folder then (a restarted server finds its rooms again), and guarded by a
lock; each room has its own lock as well (see `roleplay`).

Next to it, which tokens a browser holds: a token is shown once and the room keeps only its
hash, so the server remembers the browser's tokens by Solara's session id (a cookie) to let a
reload or a reopened tab rejoin the same seat or lecturer screen. A restart forgets them; the
rooms keep each seat's session id (hashed), so a browser back `reclaim`s its seat or lecturer
screen with a new token, and the app opens on role play for it (`seated`). And how many pages
of one token are open: a reload mounts the new page before the old one's kernel is gone, so a
seat is given back to the agents (`Room.leave`) only when its last page closes.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import solara
from solara.server import kernel_context

from simulation.app.roleplay import Part, Room, Rooms

ROOMS_ENV = "SAMENSTURING_ROOMS"


def rooms_folder() -> Path:
    """Where rooms are stored: $SAMENSTURING_ROOMS, else the user's data dir (XDG)."""
    if os.environ.get(ROOMS_ENV):
        return Path(os.environ[ROOMS_ENV])
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "samensturing" / "rooms"


@dataclass(frozen=True)
class Ticket:
    """What one browser holds for a room: the code, as which part, and the token."""

    code: str
    part: Part
    token: str


_lock = threading.Lock()
_rooms: Rooms | None = None
_tickets: dict[str, Ticket] = {}       # by Solara session id (the browser's cookie)
_pages: Counter[tuple[str, str]] = Counter()   # open pages per (code, token)


def session_id() -> str | None:
    """This browser's Solara session id; None outside a served page (a page rendered in a test)."""
    return solara.get_session_id() if kernel_context.has_current_context() else None


def registry() -> Rooms:
    """The server's rooms, created and restored at first use."""
    global _rooms
    with _lock:
        if _rooms is None:
            _rooms = Rooms(rooms_folder())
            _rooms.restore()
        return _rooms


def remember(session: str, ticket: Ticket | None) -> None:
    """The room this browser is in now (None: it left)."""
    with _lock:
        if ticket is None:
            _tickets.pop(session, None)
        else:
            _tickets[session] = ticket


def ticket(session: str | None) -> tuple[Ticket, Room] | None:
    """The browser's room, if it is still open."""
    with _lock:
        held = _tickets.get(session) if session else None
    if held is None:   # a single-player session never builds the registry
        return None
    room = registry().get(held.code)
    return (held, room) if room else None


def reclaim(session: str) -> tuple[Ticket, Room] | None:
    """The room this browser was in before the server restarted, with a new ticket
    (remembered), or None. Builds the registry."""
    found = registry().reclaim(session) if session else None
    if found is None:
        return None
    room, part, token = found
    held = Ticket(room.code, part, token)
    remember(session, held)
    return held, room


def seated(session: str | None) -> bool:
    """Whether this browser has a place in a room, so that the app opens on role play: a ticket,
    or after a restart the place `reclaim` finds. The registry is built only if rooms are
    stored: a server without rooms builds nothing for a single player."""
    if not session:
        return False
    if ticket(session) is not None:
        return True
    if _rooms is None and not any(rooms_folder().glob("*.json")):
        return False
    return reclaim(session) is not None


def attach(room: Room, token: str) -> None:
    """A student's page opened: the seat is theirs again."""
    with _lock:
        _pages[room.code, token] += 1
    room.rejoin(token)


def detach(room: Room, token: str) -> None:
    """A student's page closed; the agents take the seat over when it was the last one."""
    with _lock:
        _pages[room.code, token] -= 1
        last = _pages[room.code, token] <= 0
        if last:
            del _pages[room.code, token]
    if last:
        room.leave(token)
