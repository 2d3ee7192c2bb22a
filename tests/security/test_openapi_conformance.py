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

# Generated requests per operation: with about 170 operations on the two hosts, the module stays
# within 90 s on a 2-core machine; derandomized, so a run is repeatable.
MAX_EXAMPLES = 6


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
    report = run_conformance(
        document, host="localhost", token=secret, known_ids=known, max_examples=MAX_EXAMPLES
    )
    print(report.requests, report.statuses)
    _assert_conforms(report)


def test_a_school_document_matches_the_answers(world, client, cw, movement):  # noqa: F811
    token, secret = create_token(world.principal_a, label="Kiểm tra tài liệu OpenAPI")
    known = school_objects(world)
    known["/api/v1/self-assessments/{id}/"] = {"id": cw.round.pk}
    known["/api/v1/movements/{id}/"] = {"id": movement.pk}
    known["/api/v1/tokens/{uid}/"] = {"uid": str(token.uid)}
    document = load_document(client, world.school_a.host)
    report = run_conformance(
        document, host=world.school_a.host, token=secret, known_ids=known, max_examples=MAX_EXAMPLES
    )
    print(report.requests, report.statuses)
    _assert_conforms(report)
