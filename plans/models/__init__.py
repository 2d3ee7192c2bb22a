"""A school's working data. These tables exist in every school's own schema, never in public."""

from plans.models.people import Department, Notification, Staff
from plans.models.plan import (
    DocumentCounter,
    LegalBasis,
    Plan,
    PlanComment,
    PlanMovement,
    PlanSection,
    PlanTarget,
    PlanTask,
)

__all__ = [
    "Department",
    "DocumentCounter",
    "LegalBasis",
    "Notification",
    "Plan",
    "PlanComment",
    "PlanMovement",
    "PlanSection",
    "PlanTarget",
    "PlanTask",
    "Staff",
]
