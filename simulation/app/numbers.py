"""Numbers as the reader's language writes them: 0,5 and 1.234 in Dutch, 0.5 and 1,234 in English.

Both ways: what the app writes (labels, charts, messages; `number`, shared with the reports in
`simulation/i18n.py`) and what a student types in a field (`parsed`), with Babel's locale data.
"""

from __future__ import annotations

import math

from babel.numbers import NumberFormatError, parse_decimal

from simulation.i18n import LOCALES, Lang, number

__all__ = ["number", "parsed"]


def parsed(text: str, lang: Lang) -> float | None:
    """The number `text` writes in `lang` ("0,5" or "1.000" in Dutch), or None if it is none.

    Strict: in Dutch "0.5" is refused rather than read as 5 (a point groups thousands there).
    """
    try:
        value = float(parse_decimal(text.strip(), locale=LOCALES[lang], strict=True))
    except (NumberFormatError, ValueError):
        return None
    return value if math.isfinite(value) else None
