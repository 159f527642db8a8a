"""Numbers as the reader's language writes them: 0,5 and 1.234 in Dutch, 0.5 and 1,234 in English.

Both ways: what the app writes (labels, charts, messages) and what a student types in a field.

Babel (the CLDR's locale data) rather than hand-made replacements, so grouping and signs follow the
language's own rules. Values are rounded before formatting and the result cached: a chart writes
every week's values again after each step, and they repeat.
"""

from __future__ import annotations

import math
from functools import lru_cache

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from simulation.i18n import Lang

LOCALES: dict[Lang, str] = {"nl": "nl_NL", "en": "en_GB"}


def number(value: float, lang: Lang, digits: int = 2, *, fixed: bool = False) -> str:
    """`value` with at most `digits` decimals (no trailing zeros), thousands grouped; `fixed`
    writes all `digits` (a slider's label keeps its width while it moves: 0,50 then 0,55)."""
    return _formatted(round(float(value), digits) + 0.0, lang, digits, fixed)   # + 0.0: no "-0"


@lru_cache(maxsize=16384)
def _formatted(value: float, lang: Lang, digits: int, fixed: bool) -> str:
    pattern = "#,##0." + ("0" if fixed else "#") * digits if digits > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def parsed(text: str, lang: Lang) -> float | None:
    """The number `text` writes in `lang` ("0,5" or "1.000" in Dutch), or None if it is none.

    Strict: in Dutch "0.5" is refused rather than read as 5 (a point groups thousands there).
    """
    try:
        value = float(parse_decimal(text.strip(), locale=LOCALES[lang], strict=True))
    except (NumberFormatError, ValueError):
        return None
    return value if math.isfinite(value) else None
