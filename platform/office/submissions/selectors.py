from office.submissions.models import Submission


def schools_with_issued_plan(year: int) -> set[int]:
    """Ids of schools that sent the office an issued plan for `year`: one query for any number of schools."""
    return set(
        Submission.objects.filter(kind=Submission.Kind.PLAN, year=year)
        .exclude(status=Submission.Status.RETURNED)
        .values_list("school_id", flat=True)
        .distinct()
    )


def latest_plan_submission(school, year: int) -> Submission | None:
    return (
        Submission.objects.for_school(school)
        .filter(kind=Submission.Kind.PLAN, year=year)
        .order_by("-submitted_at")
        .first()
    )
