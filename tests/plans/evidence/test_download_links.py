"""Download links are made by the app's own permission-checked view at the moment they are asked for (the
evidence API's `download` action; the evidence page itself serves a copy checked against its hash). The local store's link works once, for the session that asked; S3's presigned URL
cannot be single-use, so it lives a minute (X-Amz-Expires). Over HTTP against moto's server and through
the local store's endpoint."""

import ast
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django_tenants.utils import schema_context

from plans.evidence.services import store_generated_evidence

PDF = b"%PDF-1.7\n" + b"minh chung " * 200
REPO_DIR = Path(__file__).resolve().parents[3]


def link_of(client, evidence) -> str:
    """The address the evidence API hands out, asked on the client's session."""
    answer = client.get(f"/api/v1/evidence/{evidence.pk}/download/")
    assert answer.status_code == 200, answer.content
    return answer.json()["url"]


@pytest.fixture
def document(world):
    """A checked evidence file of the principal's, which the principal may download and a teacher not."""

    def make():
        with schema_context(world.school_a.schema_name):
            return store_generated_evidence(
                school=world.school_a,
                kind="nomination",
                filename="Báo cáo thành tích.pdf",
                content=PDF,
                user=world.principal_a,
            )

    return make


def test_a_local_link_works_once_for_the_session_that_asked(world, client_for, local_storage, document):
    evidence = document()
    principal = client_for(world.principal_a, world.school_a)
    link = link_of(principal, evidence)
    assert "/objects/download/" in link

    served = principal.get(link)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF

    replayed = principal.get(link)
    assert replayed.status_code == 410
    assert "Liên kết tải xuống này đã được dùng" in replayed.content.decode()
    # Another click makes another link, which works.
    again = link_of(principal, evidence)
    assert again != link and principal.get(again).status_code == 200


def test_a_local_link_from_one_session_fails_in_another_and_stays_usable_by_its_own(
    world, client_for, local_storage, document
):
    evidence = document()
    principal = client_for(world.principal_a, world.school_a)
    location = link_of(principal, evidence)
    for other in (
        client_for(None, world.school_a),  # a browser without a session
        client_for(world.principal_a, world.school_a),  # the same person signed in elsewhere
        client_for(world.teacher_a, world.school_a),  # a colleague the link was passed to
    ):
        refused = other.get(location)
        assert refused.status_code == 403
        assert "phiên đăng nhập khác" in refused.content.decode()
    # Refusing others did not spend it.
    assert b"".join(principal.get(location).streaming_content) == PDF


def test_a_local_link_dies_after_its_short_life(world, client_for, local_storage, document, settings):
    evidence = document()
    principal = client_for(world.principal_a, world.school_a)
    location = link_of(principal, evidence)
    settings.DOWNLOAD_URL_TTL_SECONDS = -1  # as if the minute had passed
    assert principal.get(location).status_code == 404


def test_an_s3_link_carries_a_short_expiry(world, client_for, s3_storage, document, settings):
    assert settings.DOWNLOAD_URL_TTL_SECONDS == 60
    evidence = document()
    principal = client_for(world.principal_a, world.school_a)
    link = link_of(principal, evidence)
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert requests.get(link, timeout=30).content == PDF

    settings.DOWNLOAD_URL_TTL_SECONDS = 30
    location = link_of(principal, evidence)
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["30"]


def test_a_person_who_may_not_see_the_file_gets_no_link(world, client_for, local_storage, document):
    evidence = document()
    teacher = client_for(world.teacher_a, world.school_a)
    assert teacher.get(f"/minh-chung/{evidence.pk}/tai-ve/").status_code == 403
    assert teacher.get(f"/api/v1/evidence/{evidence.pk}/download/").status_code in (403, 404)


# Every place that makes a download link: each is behind a permission-checked view on the session. A
# new caller must be added here once it is too.
DOWNLOAD_LINK_MAKERS = {
    "plans/evidence/services.py": {"download_url"},  # evidence: the API ({"url": …})
    "platform/office/movements/selectors.py": {"document_download_url"},  # movement documents, both sites
}


def test_every_place_that_makes_a_download_link_is_known():
    found: dict[str, set[str]] = {}
    for folder in ("plans", "platform", "reporting", "tenants"):
        for path in (REPO_DIR / folder).rglob("*.py"):
            relative = path.relative_to(REPO_DIR).as_posix()
            if relative == "platform/office/core/object_storage.py":
                continue
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Attribute) and node.attr in (
                        "presigned_get_url",
                        "generate_presigned_url",
                    ):
                        found.setdefault(relative, set()).add(function.name)
    assert found == DOWNLOAD_LINK_MAKERS
