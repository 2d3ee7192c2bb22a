"""Runs schemathesis against the app in this process: each OpenAPI document is read from the host that
serves it, each generated request goes through Django's WSGI handler inside a savepoint that is rolled
back, and every answer is held to the document by the version's response checks. What does not match
is collected (operation, check, status, message) rather than raised, so one run lists every
difference instead of stopping at, and shrinking, the first."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Every check the version has on a single answer (the others judge the request or a whole run).
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass(frozen=True)
class Difference:
    operation: str
    check: str
    status: int
    message: str

    def __str__(self) -> str:
        message = " ".join(line.strip() for line in self.message.splitlines() if line.strip())
        return f"{self.operation} [{self.check}] HTTP {self.status}: {message[:400]}"


@dataclass
class Report:
    requests: int = 0
    operations: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    without_invalid: list[str] = field(default_factory=list)
    # Operations that answered 2xx at least once: their bodies were held to the document.
    answered: set[str] = field(default_factory=set)
    differences: dict[tuple[str, str, str], Difference] = field(default_factory=dict)

    def add(self, difference: Difference) -> None:
        # One line per operation, check and place in the document: examples failing alike are one difference.
        lines = difference.message.splitlines()
        where = next((line for line in lines if line.startswith("Schema at")), lines[0] if lines else "")
        self.differences.setdefault((difference.operation, difference.check, where), difference)


def load_document(client, host: str) -> dict:
    """The OpenAPI document as the host serves it to anyone who asks."""
    response = client.get("/api/schema/", {"format": "json"}, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:300]
    return response.json()


@contextmanager
def wsgi_app_in_test_transaction() -> Iterator[WSGIHandler]:
    """Django's WSGI handler without its end-of-request connection closing (as django.test.Client
    does): the requests share the test's connection and transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _call_rolled_back(case, *, base_url: str, headers: dict):
    """One request, its writes undone: examples and operations never see each other's rows."""
    with transaction.atomic():
        response = case.call(base_url=base_url, headers=headers)
        transaction.set_rollback(True)
    return response


def _strategies(operation, known_ids: dict[str, object], examples: int) -> list[tuple[object, int, bool]]:
    """What to send to one operation, and how many of each: valid requests aimed at the world's real
    objects (generated ids alone would mostly meet 404s), valid requests with generated ids, and
    invalid ones (the 400s and their bodies)."""
    path_names = {p.name for p in operation.path_parameters}
    real = {name: known_ids[name] for name in path_names if name in known_ids}
    # An operation that takes nothing (no parameter, no body) cannot be sent anything invalid.
    takes_input = any(len(part) for part in (operation.path_parameters, operation.query, operation.body))
    invalid = max(1, examples * 2 // 5) if takes_input else 0
    valid = examples - invalid
    negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
    if path_names and set(real) == path_names:
        return [
            (operation.as_strategy(path_parameters=real), max(1, valid - 1), False),
            (operation.as_strategy(), 1, False),
            (negative, invalid, True),
        ]
    return [(operation.as_strategy(), valid, False), (negative, invalid, True)]


def run_conformance(
    document: dict,
    *,
    host: str,
    token: str,
    known_ids: dict[str, dict[str, object]],
    examples: int,
) -> Report:
    """Every operation of `document`, about `examples` generated requests each, on `host` with
    `token`. `known_ids` gives, per path template, real values of its path parameters."""
    report = Report()
    headers = {"Authorization": f"Token {token}"}
    base_url = f"http://{host}"
    with wsgi_app_in_test_transaction() as app:
        schema = schemathesis.openapi.from_dict(document)
        schema.app = app
        for result in schema.get_all_operations():
            operation = result.ok()
            report.operations += 1
            for strategy, count, invalid in _strategies(
                operation, ids_for(operation.path, known_ids), examples
            ):
                if count == 0:
                    continue
                try:
                    _exercise(operation, strategy, count, report, base_url=base_url, headers=headers)
                except Unsatisfiable:
                    if not invalid:
                        raise
                    # Nothing invalid can be written for it (a path parameter that is any string, say).
                    report.without_invalid.append(operation.label)
    return report


def _exercise(operation, strategy, count: int, report: Report, *, base_url: str, headers: dict) -> None:
    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        # No shrinking: a difference is recorded, not raised, and the run goes on to the next example.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case):
        response = _call_rolled_back(case, base_url=base_url, headers=headers)
        report.requests += 1
        report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
        if response.status_code < 300:
            report.answered.add(operation.label)
        try:
            case.validate_response(response, checks=RESPONSE_CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                report.add(_difference(operation, failure, response.status_code))
        except Failure as failure:
            report.add(_difference(operation, failure, response.status_code))

    exercise()


def _difference(operation, failure: Failure, status: int) -> Difference:
    return Difference(
        operation=operation.label,
        check=type(failure).__name__,
        status=status,
        message=f"{failure.title}: {failure.message}",
    )


# --- The objects the generated requests are pointed at --------------------------------------------------

SCHOOL_YEAR = "2025-2026"


def school_objects(world) -> dict[str, dict[str, object]]:
    """One of every object a school's API names in its paths, in Trường Tiểu học A's schema (inside
    the test's transaction), and the path parameters that reach each: {path template: {name: value}}."""
    import datetime

    from django.utils import timezone
    from django_tenants.utils import schema_context

    from office.rules.vocabulary import Rating, Title
    from plans.emulation.models import (
        RegistrationCampaign,
        ReviewCandidate,
        ReviewRound,
        StaffRating,
        VoteCount,
    )
    from plans.evidence.models import Evidence
    from plans.initiatives.models import Initiative, Review
    from plans.nominations.models import Dossier, Nomination
    from plans.notifications.models import Notification
    from plans.planning.models import Plan, PlanComment, PlanSection, PlanTask
    from plans.staff.models import AwardRecord, Staff, StaffStatusPeriod

    principal = world.principal_a
    with schema_context(world.school_a.schema_name):
        staff = Staff.objects.get(user=principal)
        colleague = Staff.objects.exclude(pk=staff.pk).first()
        plan = Plan.objects.create(
            issuing_body="TRƯỜNG TIỂU HỌC A",
            title="Kế hoạch công tác thi đua, khen thưởng năm 2026",
            year=2026,
            created_by=principal,
        )
        section = PlanSection.objects.create(plan=plan, heading="I. MỤC ĐÍCH, YÊU CẦU", position=1)
        PlanSection.objects.create(plan=plan, parent=section, heading="1. Mục đích", position=1)
        task = PlanTask.objects.create(
            plan=plan, year=2026, month=9, text="Phát động thi đua đầu năm học", owner_staff=staff
        )
        PlanComment.objects.create(section=section, author=principal, text="Đề nghị bổ sung chỉ tiêu.")
        period = StaffStatusPeriod.objects.create(
            staff=colleague, kind=StaffStatusPeriod.Kind.MATERNITY, starts_on=datetime.date(2025, 9, 5)
        )
        award = AwardRecord.objects.create(
            staff=colleague,
            year=2025,
            school_year="2024-2025",
            title=Title.LDTT,
            decision_number="45/QĐ-THA",
            decision_date=datetime.date(2025, 6, 1),
            issuer_name="Hiệu trưởng Trường Tiểu học A",
        )
        notification = Notification.objects.create(
            recipient=principal, message="Có đăng ký thi đua mới chờ duyệt.", link="/thi-dua/"
        )
        campaign = RegistrationCampaign.objects.create(
            school_year=SCHOOL_YEAR, opens_on=datetime.date(2025, 10, 1), deadline=datetime.date(2025, 10, 20)
        )
        registration = campaign.registrations.create(staff=colleague)
        StaffRating.objects.create(staff=colleague, school_year=SCHOOL_YEAR, rating=Rating.EXCELLENT)
        review_round = ReviewRound.objects.create(
            school_year=SCHOOL_YEAR,
            name="Bình xét thi đua năm học 2025-2026",
            method=ReviewRound.Method.COUNTS,
            min_approval_share="0.5",
        )
        candidate = ReviewCandidate.objects.create(round=review_round, staff=colleague, title=Title.LDTT)
        VoteCount.objects.create(candidate=candidate, agree=12, disagree=3, total_voters=15)
        evidence = Evidence.objects.create(
            kind=Evidence.Kind.INITIATIVE,
            key="schools/truonga/initiative/00000000000000000000000000000001/sang-kien.pdf",
            filename="sang-kien.pdf",
            size=1000,
            sha256="0" * 64,
            content_type="application/pdf",
            status=Evidence.Status.VERIFIED,
            uploaded_by=principal,
            verified_at=timezone.now(),
        )
        initiative = Initiative.objects.create(
            school_year=SCHOOL_YEAR,
            author=colleague,
            title="Một số biện pháp giúp học sinh lớp 2 đọc đúng, đọc hay",
            document=evidence,
            registered_by=principal,
        )
        review = Review.objects.create(initiative=initiative, reviewer=principal)
        dossier = Dossier.objects.create(
            school_year=SCHOOL_YEAR,
            subject="Về việc đề nghị công nhận danh hiệu thi đua năm học 2025-2026",
            recipient="Phòng GDĐT Thử nghiệm",
            created_by=principal,
        )
        nomination = Nomination.objects.create(
            school_year=SCHOOL_YEAR, staff=colleague, title=Title.LDTT, created_by=principal
        )
    plan_pk = {"plan_pk": plan.pk}
    return {
        "/api/v1/plans/{id}/": {"id": plan.pk},
        "/api/v1/plans/{plan_pk}/sections/": plan_pk,
        "/api/v1/plans/{plan_pk}/sections/{id}/": {**plan_pk, "id": section.pk},
        "/api/v1/plans/{plan_pk}/sections/{section_pk}/comments/": {**plan_pk, "section_pk": section.pk},
        "/api/v1/plans/{plan_pk}/tasks/": plan_pk,
        "/api/v1/plans/{plan_pk}/tasks/{id}/": {**plan_pk, "id": task.pk},
        "/api/v1/staff/{id}/": {"id": colleague.pk},
        "/api/v1/staff/{staff_pk}/periods/": {"staff_pk": colleague.pk},
        "/api/v1/staff/{staff_pk}/periods/{id}/": {"staff_pk": colleague.pk, "id": period.pk},
        "/api/v1/awards/{id}/": {"id": award.pk},
        "/api/v1/notifications/{id}/": {"id": notification.pk},
        "/api/v1/registration-campaigns/{id}/": {"id": campaign.pk},
        "/api/v1/registrations/{id}/": {"id": registration.pk},
        "/api/v1/review-rounds/{id}/": {"id": review_round.pk},
        "/api/v1/review-rounds/{round_pk}/": {"round_pk": review_round.pk},
        "/api/v1/review-rounds/{round_pk}/candidates/{id}/": {
            "round_pk": review_round.pk,
            "id": candidate.pk,
        },
        "/api/v1/evidence/{id}/": {"id": evidence.pk},
        "/api/v1/initiatives/{id}/": {"id": initiative.pk},
        "/api/v1/initiative-reviews/{id}/": {"id": review.pk},
        "/api/v1/nominations/{id}/": {"id": nomination.pk},
        "/api/v1/dossiers/{id}/": {"id": dossier.pk},
    }


def office_objects(
    world, *, cluster_world, submission, decision, movement, token
) -> dict[str, dict[str, object]]:
    """The office's objects named by its API's paths: {path template: {name: value}}."""
    cw = cluster_world
    return {
        "/api/v1/authorities/{code}/": {"code": world.office.code},
        "/api/v1/school-histories/{code}/": {"code": world.school_a.code},
        "/api/v1/schools/{code}/": {"code": world.school_a.code},
        "/api/v1/clusters/{id}/": {"id": cw.cluster.pk},
        "/api/v1/clusters/{cluster_id}/": {"cluster_id": cw.cluster.pk},
        "/api/v1/clusters/rounds/{id}/": {"id": cw.round.pk},
        "/api/v1/clusters/rubrics/{id}/": {"id": cw.rubric.pk},
        "/api/v1/submissions/{id}/": {"id": submission.pk},
        "/api/v1/decisions/{id}/": {"id": decision.pk},
        "/api/v1/movements/{id}/": {"id": movement.pk},
        "/api/v1/tokens/{uid}/": {"uid": str(token.uid)},
    }


def ids_for(path: str, known: dict[str, dict[str, object]]) -> dict[str, object]:
    """The real path parameters for `path`: those of the longest known template it starts with
    (`/plans/{id}/issue/` takes the plan of `/plans/{id}/`)."""
    best = ""
    for template in known:
        if path.startswith(template) and len(template) > len(best):
            best = template
    return dict(known.get(best, {}))


# --- What the documents say of fields that can be empty ---------------------------------------------------


def _model_serializers() -> list[type]:
    """Every ModelSerializer of the platform's APIs (both hosts' URL configurations import them all)."""
    import importlib

    from rest_framework import serializers

    importlib.import_module("office.urls")
    importlib.import_module("plans.urls")
    found, stack = [], [serializers.ModelSerializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in {"office", "plans", "reporting"} and sub not in found:
                found.append(sub)
    return found


def _source_fields(model, source: str) -> list | None:
    """The model fields `source` walks through, or None where it leaves the model's fields (a
    property, a method, a reverse relation)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import ForeignObjectRel

    walked = []
    for name in source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if isinstance(model_field, ForeignObjectRel):
            return None
        walked.append(model_field)
        model = model_field.related_model if model_field.is_relation else None
    return walked


def fields_that_hide_emptiness() -> list[str]:
    """Read-only fields of the APIs' ModelSerializers whose answer can be null, or a blank choice,
    while the field (and so the OpenAPI document) says it never is: a null model field at the end of
    the source is answered null; one on the way (`author.department.name`) is answered null unless the
    field has another default; a blank choice field made read-only loses the model's blank=True."""
    from rest_framework import fields as drf_fields
    from rest_framework import serializers

    wrong = []
    for serializer_class in _model_serializers():
        for name, declared in serializer_class().fields.items():
            if not declared.read_only or declared.source == "*":
                continue
            if isinstance(declared, serializers.ManyRelatedField | serializers.ListSerializer):
                continue
            walked = _source_fields(serializer_class.Meta.model, declared.source)
            if not walked:
                continue
            label = f"{serializer_class.__module__}.{serializer_class.__name__}.{name}"
            last, on_the_way = walked[-1], walked[:-1]
            has_default = declared.default is not drf_fields.empty and declared.default is not None
            if not declared.allow_null and (
                last.null or (any(f.null for f in on_the_way) and not has_default)
            ):
                wrong.append(f"{label}: can be null")
            choice = isinstance(declared, serializers.ChoiceField)
            if choice and last.choices and last.blank and not declared.allow_blank:
                wrong.append(f"{label}: can be blank")
    return wrong
