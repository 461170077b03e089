"""Every mail the site sends, transactional or alert, comes as a text and an HTML part in the shared layout."""

from pathlib import Path

import pytest

MAIL = Path(__file__).resolve().parents[2] / "templates" / "mail"
NAMES = sorted(p.stem for p in MAIL.glob("*.txt") if not p.stem.startswith("_"))


def test_there_are_mails_to_check():
    assert {"verify_email", "application_status", "event_registered", "offer_proposal", "alert_digest"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_mail_has_both_parts_in_the_shared_layout(name):
    text, html = (MAIL / f"{name}.txt").read_text(), MAIL / f"{name}.html"
    assert html.is_file(), f"{name}.html is missing"
    assert text.startswith('{% extends "mail/_layout.txt" %}')
    assert html.read_text().startswith('{% extends "mail/_layout.html" %}')
