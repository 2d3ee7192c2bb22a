"""The school's cluster pages (school host): its cluster and covenant to sign, the rounds with its own
self-scoring (draft, evidence, submit), cross-scoring of the other schools where the office turned it
on, and the ranking once the office has published it. The public tables are read only through
office.clusters.selectors; the school acts on its own seat through office.clusters.services.

Refusals are answered in one place (office.core.refusals): a person without the right gets 403, a
refused change its reason on the page it came from. The cluster's "not yours to reach" (ClusterNotFound)
is the one error turned into a 404 here."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from office.clusters import selectors
from office.clusters.models import ClusterScore, ScoringRound
from office.clusters.permissions import led_cluster_ids
from office.clusters.scoring import TIE_RULE, format_points
from office.clusters.services import ClusterNotFound, save_scores, sign_covenant
from office.core.errors import Invalid, require
from office.core.refusals import redirect_on_refusal
from plans.self_assessment import selectors as own_selectors
from plans.self_assessment.permissions import CROSS_SCORE_REFUSAL, can_self_score, can_sign_covenant
from plans.self_assessment.services import save_draft, submit_draft
from tenants.selectors import office_url

OFFICE_URLS = settings.PUBLIC_SCHEMA_URLCONF


def _round(request, pk) -> ScoringRound:
    try:
        return selectors.round_for_school(request.school, pk)
    except ScoringRound.DoesNotExist as exc:
        raise Http404("Không tìm thấy đợt chấm.") from exc


def _leader_tools(request, seats) -> dict[int, dict[str, str]]:
    """For each cluster this school leads and the person leads (the principal's grant), the addresses
    of the leader's tools on the office's host, where they live: the cluster and its comparison."""
    led_here = [seat.cluster for seat in seats if seat.cluster.leader_id == request.school.pk]
    if not led_here:
        return {}
    mine = led_cluster_ids(request.user)
    return {
        cluster.pk: {
            "cluster": office_url(request, reverse("cluster-detail", urlconf=OFFICE_URLS, args=[cluster.pk])),
            "comparison": office_url(
                request, reverse("cluster_comparison:page", urlconf=OFFICE_URLS, args=[cluster.pk])
            ),
        }
        for cluster in led_here
        if cluster.pk in mine
    }


@require_GET
def home(request):
    school = request.school
    seats = list(selectors.seats_of_school(school))
    rounds = list(selectors.rounds_for_school(school).order_by("-cluster__school_year", "-created_at"))
    drafts = own_selectors.assessments_by_round([r.pk for r in rounds])
    tools = _leader_tools(request, seats)
    for seat in seats:
        seat.leader_tools = tools.get(seat.cluster_id)
    return render(
        request,
        "self_assessment/home.html",
        {
            "seats": seats,
            "rounds": [(r, drafts.get(r.pk)) for r in rounds],
            "can_sign": can_sign_covenant(request.user, school),
        },
    )


@require_POST
@redirect_on_refusal("self-assessment-home")
def sign(request):
    try:
        sign_covenant(school=request.school, school_year=request.POST.get("nam", ""), user=request.user)
    except ClusterNotFound as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, "Nhà trường đã ký giao ước thi đua.")
    return redirect("self-assessment-home")


@require_GET
def round_page(request, pk):
    school = request.school
    scoring_round = _round(request, pk)
    criteria = selectors.rubric_criteria(scoring_round.rubric)
    assessment = own_selectors.assessment_of(scoring_round.pk)
    drafts = own_selectors.draft_scores(assessment)
    submitted = selectors.own_self_scores(school, scoring_round)
    result = selectors.own_result(school, scoring_round)
    lines = [
        {
            "criterion": c,
            "draft": drafts.get(c.pk),
            "draft_points": format_points(drafts[c.pk].points)
            if c.pk in drafts and drafts[c.pk].points is not None
            else "",
            "submitted": submitted.get(c.pk),
            "evidence_name": f"evidence_{c.pk}",
        }
        for c in criteria
    ]
    editable = (
        can_self_score(request.user, school)
        and scoring_round.stage == ScoringRound.Stage.SELF_SCORING
        and not (result and (result.leader_approved_at or result.office_approved_at))
    )
    cross_open = (
        scoring_round.cluster.cross_scoring
        and scoring_round.stage == ScoringRound.Stage.LEADER_REVIEW
        and can_self_score(request.user, school)
    )
    return render(
        request,
        "self_assessment/round.html",
        {
            "round": scoring_round,
            "cluster": scoring_round.cluster,
            "lines": lines,
            "assessment": assessment,
            "result": result,
            "editable": editable,
            "cross_targets": selectors.cross_targets(school, scoring_round) if cross_open else [],
            # A school sees the others' scores only once the office has published the ranking.
            "ranking": selectors.published_ranking(scoring_round),
            "tie_rule": TIE_RULE,
        },
    )


def _draft_entries(post, criteria) -> dict:
    entries = {}
    for criterion in criteria:
        key = str(criterion.pk)
        if f"points_{key}" not in post:
            continue
        entries[criterion.pk] = {
            "points": post.get(f"points_{key}", ""),
            "note": post.get(f"note_{key}", ""),
            "add_evidence": [v for v in post.getlist(f"evidence_{key}") if v],
            "remove_evidence": post.getlist(f"remove_evidence_{key}"),
        }
    return entries


@require_POST
@redirect_on_refusal("self-assessment-round", "pk")
def save(request, pk):
    school = request.school
    scoring_round = _round(request, pk)
    criteria = selectors.rubric_criteria(scoring_round.rubric)
    # The services refuse (403) anyone who may not score the school, before anything is written.
    save_draft(
        school=school,
        scoring_round=scoring_round,
        entries=_draft_entries(request.POST, criteria),
        user=request.user,
    )
    if request.POST.get("submit"):
        submission = submit_draft(school=school, scoring_round=scoring_round, user=request.user)
        messages.success(
            request, f"Đã nộp bản tự chấm (lần {submission.version}) lên cụm và cơ quan quản lý."
        )
    else:
        messages.success(request, "Đã lưu bản nháp tự chấm.")
    return redirect("self-assessment-round", pk=scoring_round.pk)


def cross(request, pk, seat_pk):
    """Cross-scoring one other school of the cluster; the scoring school sees only its own points."""
    school = request.school
    scoring_round = _round(request, pk)
    target = next((s for s in selectors.cross_targets(school, scoring_round) if s.pk == seat_pk), None)
    if target is None or not scoring_round.cluster.cross_scoring:
        raise Http404("Không tìm thấy trường trong cụm.")
    require(can_self_score(request.user, school), CROSS_SCORE_REFUSAL)
    criteria = selectors.rubric_criteria(scoring_round.rubric)
    if request.method == "POST":
        entries = [
            {
                "criterion": c.pk,
                "points": request.POST.get(f"points_{c.pk}", ""),
                "note": request.POST.get(f"note_{c.pk}", ""),
            }
            for c in criteria
            if request.POST.get(f"points_{c.pk}", "").strip()
        ]
        try:
            save_scores(
                stage=ClusterScore.Stage.CROSS,
                scoring_round=scoring_round,
                seat_id=target.pk,
                entries=entries,
                user=request.user,
                scorer_school=school,
            )
        except ClusterNotFound as exc:
            raise Http404(str(exc)) from exc
        except Invalid as exc:
            # The scoring form is shown again with the reason above it, not left by a redirect.
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu điểm chấm chéo cho {target.school.name}.")
            return redirect("self-assessment-round", pk=scoring_round.pk)
    given = selectors.cross_scores_by(scoring_round, school)
    lines = [{"criterion": c, "given": given.get((target.pk, c.pk))} for c in criteria]
    return render(
        request,
        "self_assessment/cross.html",
        {"round": scoring_round, "target": target, "lines": lines},
    )
