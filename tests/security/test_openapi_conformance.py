"""The OpenAPI documents of the office's host and of a school's host say what the API answers:
schemathesis generates requests for every operation of each document, sends them to the app in this
process as a real user of the host, and holds each answer to the document (no server error; status
code, content type, headers and body as documented). Generated requests are pointed at real objects
of the test world as well as at made-up ones, so documented bodies are met, not only 404s."""

import pytest

from office.movements.services import launch_movement
from office.tokens.services import create_token
from tests.factories.clusters import cw  # noqa: F401 - the fixture
from tests.factories.decisions import accepted_dossier, draft, head  # noqa: F401 - `head` is a fixture
from tests.security.openapi_support import (
    load_document,
    office_objects,
    run_conformance,
    school_objects,
)

# Generated requests per operation (three valid, two invalid): with about 170 operations on the two
# hosts, the module stays within 90 s on a 2-core machine; derandomized, so a run is repeatable.
EXAMPLES = 5


@pytest.fixture
def movement(world):
    return launch_movement(
        authority=world.office,
        user=world.specialist,
        name="Phong trào “Dạy tốt – Học tốt” năm học 2025-2026",
        school_year="2025-2026",
    )


def _assert_conforms(report):
    assert report.operations > 0 and report.requests >= report.operations
    # Most operations must meet a real object and answer 2xx, or their bodies would go unchecked
    # (measured: 32 of 57 on the office's host, 83 of 113 on a school's).
    assert len(report.answered) >= report.operations // 2, sorted(report.answered)
    assert not report.differences, f"{len(report.differences)} differences:\n" + "\n".join(
        str(d) for d in report.differences.values()
    )


def test_the_office_document_matches_the_answers(world, client, cw, head, movement):  # noqa: F811
    token, secret = create_token(world.specialist, label="Kiểm tra tài liệu OpenAPI")
    submission = accepted_dossier(world, world.school_a, [], user=world.principal_a)
    known = office_objects(
        world,
        cluster_world=cw,
        submission=submission,
        decision=draft(world, head),
        movement=movement,
        token=token,
    )
    document = load_document(client, "localhost")
    report = run_conformance(document, host="localhost", token=secret, known_ids=known, examples=EXAMPLES)
    _assert_conforms(report)


def test_a_school_document_matches_the_answers(world, client, cw, movement):  # noqa: F811
    token, secret = create_token(world.principal_a, label="Kiểm tra tài liệu OpenAPI")
    known = school_objects(world)
    known["/api/v1/self-assessments/{id}/"] = {"id": cw.round.pk}
    known["/api/v1/movements/{id}/"] = {"id": movement.pk}
    known["/api/v1/tokens/{uid}/"] = {"uid": str(token.uid)}
    document = load_document(client, world.school_a.host)
    report = run_conformance(
        document, host=world.school_a.host, token=secret, known_ids=known, examples=EXAMPLES
    )
    _assert_conforms(report)


def test_read_only_fields_that_can_be_empty_say_so():
    """Without data that meets them: a read-only field answered null or blank is documented so."""
    from tests.security.openapi_support import fields_that_hide_emptiness

    assert fields_that_hide_emptiness() == []


def test_an_address_under_api_that_names_no_route_answers_json(world, client_for):
    """A path parameter of the wrong shape names no route: the API still answers as documented."""
    for user, school in ((world.specialist, None), (world.principal_a, world.school_a)):
        client = client_for(user, school)
        answer = client.get("/api/v1/staff/not-a-number/periods/")
        assert answer.status_code == 404 and answer["Content-Type"] == "application/json"
        assert answer.json() == {"detail": "Không tìm thấy."}
        page = client.get("/khong-co-trang-nay/")
        assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
