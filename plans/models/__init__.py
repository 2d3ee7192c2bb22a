"""A school's working data. These tables exist in every school's own schema, never in public."""

from plans.models.awards import AwardRecord
from plans.models.people import Department, Notification, Staff, StaffStatusPeriod
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
    "AwardRecord",
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
    "StaffStatusPeriod",
]
