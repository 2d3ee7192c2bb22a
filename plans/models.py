"""The `plans` app's models: the school's plans (plans.planning), people and award history
(plans.staff) and notifications (plans.notifications). Each part holds its models' code; they stay
registered under this app so their tables (plans_*) and migrations never moved."""

from plans.notifications.models import Notification
from plans.planning.models import (
    DocumentCounter,
    LegalBasis,
    Plan,
    PlanComment,
    PlanMovement,
    PlanSection,
    PlanTarget,
    PlanTask,
)
from plans.staff.models import AwardRecord, Department, Staff, StaffStatusPeriod

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
