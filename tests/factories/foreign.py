"""Real rows of every kind a school holds (and the office's rows about it), each text carrying a marker,
for the sweeps that ask for another school's objects by their real ids (tests/security).

The rows are filled in generically from the models' fields, so a model added tomorrow gets a row too
and a route added for it is probed with a real id the day it exists."""

import datetime
import decimal
import uuid

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

# Ids of the foreign school's rows start here: its own schema's sequences are moved past every id the
# home school uses, so "school A asking for B's id" never lands on one of A's rows by coincidence.
FOREIGN_ID_START = 1_000_000
SCHOOL_YEAR = "2025-2026"

# Rows the generic filler cannot make alone: the permission tables of django-guardian, and the rows
# that only mean something with a real foreign key (made by `fill_office_side`).
SKIPPED_MODELS = {"InitiativeUserObjectPermission", "InitiativeGroupObjectPermission"}
OFFICE_SIDE_MODELS = [
    "movements.Movement",
    "movements.MovementDocument",
    "submissions.Submission",
    "decisions.Decision",
    "decisions.DecisionLine",
    "decisions.DecisionDelivery",
    "clusters.Rubric",
    "clusters.CriterionGroup",
    "clusters.Criterion",
    "clusters.Cluster",
    "clusters.ClusterSeat",
    "clusters.Covenant",
    "clusters.ScoringRound",
    "clusters.ClusterScore",
    "clusters.ClusterResult",
    "facts.OfficeDeadline",
    "invitations.Invitation",
]


def tenant_models() -> list[type[models.Model]]:
    """Every model whose table lives in a school's schema."""
    shared = set(settings.SHARED_APPS)
    labels = [app for app in settings.TENANT_APPS if app not in shared]
    found = []
    for config in apps.get_app_configs():
        if config.name in labels:
            found.extend(m for m in config.get_models() if m.__name__ not in SKIPPED_MODELS)
    return found


class Filler:
    """Makes one row of a model with every required field filled: texts carry the marker, foreign keys
    point to the given public rows or to a row of the related model made on the way."""

    def __init__(self, marker: str, *, fixed: dict):
        self.marker = marker
        self.fixed = fixed  # model class -> instance to use for every foreign key to it
        self.made: dict[type, models.Model] = {}

    def value(self, field: models.Field, model):
        if field.is_relation:
            target = field.related_model
            if target in self.fixed:
                return self.fixed[target]
            return self.row(target)
        if field.choices:
            return "" if field.blank else field.choices[0][0]
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.EmailField):
            return f"{uuid.uuid4().hex[:8]}@vi-du.vn"
        if isinstance(field, models.SlugField):
            return f"bmtb-{uuid.uuid4().hex[:8]}"
        if isinstance(field, models.CharField | models.TextField):
            if field.name == "school_year":
                return SCHOOL_YEAR
            text = f"{self.marker} {model._meta.verbose_name} {uuid.uuid4().hex[:6]}"
            return text[: field.max_length] if field.max_length else text
        if isinstance(field, models.DecimalField):
            return decimal.Decimal("1")
        if isinstance(field, models.IntegerField):
            return {"year": 2025, "month": 10}.get(field.name, 1)
        if isinstance(field, models.FloatField):
            return 1.0
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.DateTimeField):
            return timezone.now()
        if isinstance(field, models.DateField):
            return datetime.date(2025, 10, 1)
        if isinstance(field, models.JSONField):
            return {}
        raise AssertionError(f"tests/factories/foreign.py cannot fill {model.__name__}.{field.name}")

    def row(self, model, **overrides):
        if model in self.made:
            return self.made[model]
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in overrides:
                continue
            if field.null or field.has_default() or getattr(field, "auto_now", False):
                continue
            if getattr(field, "auto_now_add", False):
                continue
            values[field.name] = self.value(field, model)
        with transaction.atomic():
            instance = model.objects.create(**values, **overrides)
        self.made[model] = instance
        return instance


def move_sequences_past(schema: str, start: int = FOREIGN_ID_START) -> None:
    """Every id sequence of the schema (identity columns' too) continues from `start` or beyond."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = %s",
            [schema],
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(
                "SELECT setval(%s::regclass, GREATEST(%s, nextval(%s::regclass)))",
                [sequence, start, sequence],
            )


# Rows whose checks want values that go together: a good example about the school itself names no
# person and no department.
SCHOOL_SIDE_OVERRIDES = {"examples.Example": {"subject": "school"}}


def fill_school(school, *, user, marker: str, foreign: bool = False, public: dict | None = None) -> dict:
    """One row of every school-side model in the school's schema; returns {model class: row}.
    `foreign`: the rows get ids no other school uses (see FOREIGN_ID_START). `public` maps public
    models to the rows school-side foreign keys point to (the user by default)."""
    from office.accounts.models import User

    fixed = {User: user, **(public or {})}
    with schema_context(school.schema_name):
        if foreign:
            move_sequences_past(school.schema_name)
        filler = Filler(marker, fixed=fixed)
        for model in tenant_models():
            try:
                filler.row(model, **SCHOOL_SIDE_OVERRIDES.get(model._meta.label, {}))
            except IntegrityError:
                # A row whose checks want related values (a vote count that adds up): no route shows
                # it by its own id; the sweep's kinds table fails if one ever does.
                continue
        return dict(filler.made)


def fill_office_side(school, authority, *, user, marker: str, school_rows: dict) -> dict:
    """The public rows about a school and its authority: movements, submissions, decisions, clusters,
    deadlines, invitations. Returns {model class: row}."""
    from office.accounts.models import Role, User
    from office.authorities.models import Authority
    from tenants.models import School

    filler = Filler(marker, fixed={User: user, Authority: authority, School: school})
    get = apps.get_model
    overrides = {
        "decisions.Decision": {"office": authority, "issuer": authority},
        "invitations.Invitation": {"school": school, "role": Role.STAFF},
        "clusters.Cluster": {"leader": school},
    }
    for label in OFFICE_SIDE_MODELS:
        filler.row(get(label), **overrides.get(label, {}))
    # The school's self-assessment belongs to the cluster's round (a plain id across schemas).
    self_assessment = get("self_assessment.SelfAssessment")
    if self_assessment in school_rows:
        with schema_context(school.schema_name):
            self_assessment.objects.filter(pk=school_rows[self_assessment].pk).update(
                round_id=filler.made[get("clusters.ScoringRound")].pk
            )
    return dict(filler.made)
