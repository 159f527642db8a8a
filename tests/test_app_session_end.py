"""A browser session that ends (tab closed, kernel culled) frees its house and stops its play.

Solara runs each tab in a virtual kernel context; closing that context is what the server does
when the tab's close beacon arrives or the cull timeout passes. Here the Page is rendered inside a
real context, played, and the context closed, as `solara.server` does it.
"""

from __future__ import annotations

import gc
import threading
import time
import weakref

import ipyvuetify as v
import pytest
import solara
import solara.server.app  # patches ipywidgets for per-kernel widgets, as a server does
from solara.server import kernel, kernel_context

import simulation.app.app as app
from simulation.app.session import Houses


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_closing_the_session_stops_play_and_frees_the_house(
        monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[weakref.ref[Houses]] = []

    class Tracked(Houses):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            built.append(weakref.ref(self))

    monkeypatch.setattr(app, "Houses", Tracked)
    monkeypatch.setattr(app, "PLAY_INTERVAL_S", 0.05)
    context = kernel_context.VirtualKernelContext(
        id="session-end", session_id="session-end", kernel=kernel.Kernel(),
        control_sockets=[], widgets={}, templates={})
    kernel_context.contexts[context.id] = context
    before = set(threading.enumerate())
    with context:
        box, rc = solara.render(app.Page(), handle_error=False)
        context.app_object = rc
        rc.find(v.Btn, children=["Afspelen"]).widget.click()
    del box, rc   # only the kernel context holds the page now, as in a server
    (house,) = built
    deadline = time.monotonic() + 30
    while house().week < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert house().week >= 2, "play did not start"
    # the threads started since (not the placeholders threading makes for foreign threads)
    players = {thread for thread in set(threading.enumerate()) - before
               if type(thread) is threading.Thread}
    assert players, "play runs in no thread"

    context.close(reason="page-close")
    for thread in players:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in players)
    gc.collect()
    assert house() is None, gc.get_referrers(house())
    assert context.id not in kernel_context.contexts
