"""Jinja2 templates of the HTML pages the analysis writes (the advice card; the sweep report).

Why jinja2: a well-kept, widely used library whose templates keep a page's layout out of the
code that computes it, with escaping on by default (a house's name or a parameter cannot break
the page). `base.html.j2` is the shared skeleton: language, title, style, a caveat and a content
block; each page extends it. The wording stays in Python tables (one source for the HTML and the
terminal), so templates hold layout only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    """The templates of this package; an undefined name is an error, not an empty string."""
    return Environment(loader=PackageLoader("simulation.analysis", "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def render(name: str, **context: Any) -> str:
    """Template `name` (e.g. 'card.html.j2') filled with `context`."""
    return environment().get_template(name).render(**context)
