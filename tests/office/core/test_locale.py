"""The messages of Django REST framework and Django that reach our users come out in Vietnamese:
locale/vi/LC_MESSAGES/django.po adds what their own Vietnamese catalogues lack, compiled beside it."""

import ast
import gettext
import re

from tests.conftest import REPO_DIR

CATALOGUE = REPO_DIR / "locale" / "vi" / "LC_MESSAGES"


def _po_entries() -> dict[str, str]:
    """msgid → msgstr of our .po, whose entries are one line each (the file's own convention)."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid (".*")\nmsgstr (".*")$', text, flags=re.M)
    return {ast.literal_eval(msgid): ast.literal_eval(msgstr) for msgid, msgstr in pairs if msgid != '""'}


def test_the_compiled_catalogue_is_the_one_written():
    compiled = gettext.GNUTranslations((CATALOGUE / "django.mo").open("rb"))._catalog
    written = _po_entries()
    assert written, "no entries read from django.po"
    assert {key: value for key, value in compiled.items() if key} == written


def test_every_translation_keeps_its_placeholders():
    for msgid, msgstr in _po_entries().items():
        placeholders = re.compile(r"\{[^}]*\}|%\([a-z_]+\)[a-z]")
        assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(msgstr)), msgid


def test_the_api_answers_field_errors_in_vietnamese(world, client_for):
    """A registration naming no campaign that exists, a NUL in a text, a wrong type: DRF's own checks."""
    client = client_for(world.principal_a, world.school_a)
    answer = client.post(
        "/api/v1/registrations/",
        {"campaign": 999999, "staff": "abc", "title": "ldtt", "note": "ghi\x00chú"},
        content_type="application/json",
    )
    assert answer.status_code == 400, answer.content
    errors = answer.json()
    text = str(errors)
    assert "không có đối tượng này" in text  # Invalid pk "999999" - object does not exist.
    for english in ("does not exist", "Incorrect type", "Null characters", "not allowed"):
        assert english not in text, errors
