"""The role-play pages' texts without a browser: role names counted in grammatical Dutch (and
English), singular or plural as the number asks."""

from __future__ import annotations

import pytest

from simulation.app.rooms_page import counted, counted_roles
from simulation.house.roles import ROLES
from simulation.i18n import TEXTS


@pytest.mark.parametrize(("n", "role", "nl", "en"), [
    (1, "resident", "1 bewoner", "1 resident"),
    (3, "resident", "3 bewoners", "3 residents"),
    (1, "professional", "1 professional", "1 professional"),
    (2, "professional", "2 professionals", "2 professionals"),
    (1, "official", "1 ambtenaar", "1 official"),
    (2, "official", "2 ambtenaren", "2 officials"),
    (0, "official", "0 ambtenaren", "0 officials"),
    (1, "other", "1 andere partij", "1 other party"),
    (4, "other", "4 andere partijen", "4 other parties"),
    (1200, "resident", "1.200 bewoners", "1,200 residents"),
])
def test_a_count_of_a_role_is_singular_or_plural(n: int, role: str, nl: str, en: str) -> None:
    assert counted(n, role, "nl") == nl
    assert counted(n, role, "en") == en


def test_every_role_has_a_plural_in_both_languages() -> None:
    for role in ROLES:
        plural = TEXTS[f"roles_{role}"]
        assert set(plural) == {"nl", "en"}
        assert all(plural[lang] != TEXTS[f"role_{role}"][lang] for lang in ("nl", "en"))


def test_a_list_of_groups_reads_as_a_sentence() -> None:
    seats = ["official", "resident", "resident", "professional", "resident", "official"]
    assert counted_roles(seats, "nl") == "3 bewoners, 1 professional en 2 ambtenaren"
    assert counted_roles(seats, "en") == "3 residents, 1 professional and 2 officials"
    assert counted_roles(["official", "resident"], "nl") == "1 bewoner en 1 ambtenaar"
    assert counted_roles(["professional"], "nl") == "1 professional"
    assert counted_roles([], "nl") == ""
