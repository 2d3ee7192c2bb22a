"""The office's pages for clusters (office host): the clusters of a year, one cluster (seats, leader,
covenant, rounds), the rubric builder, and a round (self scores, cross scores, the leader's review, the
office's final scores, approval, ranking). Office staff manage; a cluster leader (guardian grant) sees
and reviews their own cluster; anyone else, and anything of another cluster, gets 404. Views only
check who may act and call services and selectors."""

import datetime
from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from office.accounts.selectors import (
    chosen_office,
    offices_in_force,
    schools_under_offices_of,
)
from office.audit.selectors import history_of
from office.clusters import selectors, services
from office.clusters.documents import flag_proposal_docx
from office.clusters.models import (
    Cluster,
    ClusterScore,
    Criterion,
    CriterionGroup,
    Rubric,
    ScoringRound,
)
from office.clusters.permissions import (
    CLUSTER_REFUSED,
    ROUND_REFUSED,
    can_manage_cluster,
    can_organise_clusters,
    can_record_flag_proposal,
    can_see_round_scores,
    can_unapprove_result,
    leads_cluster,
    manages_cluster,
    office_authority_ids,
    visible_clusters,
)
from office.clusters.scoring import TIE_RULE, format_points
from office.clusters.services import ClusterError, ClusterNotFound
from office.core.errors import Invalid, Refused, require
from office.core.object_storage import key_belongs_to_school
from office.core.refusals import redirect_on_refusal
from office.core.school_years import clean_school_year, current_school_year
from office.core.uploads import Tampered, read_verified
from office.submissions.services import record_tampering

HISTORY_SHOWN = 30


def _school_year(request) -> str:
    """The school year asked for ("nam"), the current one when none or an unreadable one was."""
    try:
        return clean_school_year(request.GET.get("nam") or request.POST.get("nam"))
    except Invalid:
        return current_school_year()


def _missing_answers_404(view):
    """A seat or criterion named in the request that is not in the round is not the caller's to reach:
    404, as for any object outside the person's clusters (the services say ClusterNotFound)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ClusterNotFound as exc:
            raise Http404(exc.message) from exc

    return wrapped


def _cluster(request, pk) -> Cluster:
    try:
        return selectors.cluster_detail(visible_clusters(request.user), pk)
    except Cluster.DoesNotExist as exc:
        raise Http404("Không tìm thấy cụm thi đua.") from exc


def _rubric(request, pk) -> Rubric:
    try:
        return selectors.rubric_detail(office_authority_ids(request.user), pk)
    except Rubric.DoesNotExist as exc:
        raise Http404("Không tìm thấy bảng tiêu chí.") from exc


def _round(request, pk) -> ScoringRound:
    try:
        return selectors.round_detail(selectors.rounds_in(visible_clusters(request.user)), pk)
    except ScoringRound.DoesNotExist as exc:
        raise Http404("Không tìm thấy đợt chấm.") from exc


def _require_office_member(request) -> None:
    """Rubric pages are office work; to anyone else they do not exist (404)."""
    if not can_organise_clusters(request.user):
        raise Http404("Không tìm thấy trang.")


def _date(value: str):
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ClusterError(f"Ngày “{value}” không hợp lệ; ghi theo dạng dd/mm/yyyy.")


def _int(value, label: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ClusterError(f"{label} phải là số nguyên.") from None


# --- clusters ---------------------------------------------------------------------------------------


@require_GET
def cluster_list(request):
    user = request.user
    office = can_organise_clusters(user)
    visible = visible_clusters(user)
    with_clusters = selectors.cluster_years(visible)
    if request.GET.get("nam"):
        school_year = _school_year(request)
    else:
        # Opened without a year: the current one if it has clusters, else the latest that has (a
        # leader whose cluster was set up last year lands on it, not on an empty year).
        school_year = selectors.year_to_open(with_clusters, current_school_year())
    years = sorted({*with_clusters, current_school_year(), school_year}, reverse=True)
    clusters = list(selectors.cluster_list(visible, school_year))
    return render(
        request,
        "clusters/cluster_list.html",
        {
            "clusters": clusters,
            "flag_proposals": selectors.flag_proposals_of(clusters, school_year),
            "school_year": school_year,
            "years": years,
            "can_manage": office,
            "offices": offices_in_force(user) if office else [],
            "rubrics": selectors.rubric_list(office_authority_ids(user)).filter(school_year=school_year)
            if office
            else [],
        },
    )


def _chosen_office(request):
    """The office a new cluster or rubric belongs to: the one chosen in the form ("co_quan") among the
    person's offices in force, their first when they have one only."""
    office = chosen_office(request.user, request.POST.get("co_quan"))
    if office is None:
        raise ClusterError("Hãy chọn một cơ quan đang hoạt động của bạn.")
    return office


@require_POST
def cluster_create(request):
    _require_office_member(request)
    school_year = request.POST.get("nam", "")
    rubric = None
    try:
        authority = _chosen_office(request)
        if request.POST.get("rubric"):
            rubric = _rubric(request, _int(request.POST["rubric"], "Bảng tiêu chí"))
        cluster = services.create_cluster(
            authority=authority,
            school_year=school_year,
            name=request.POST.get("name", ""),
            rubric=rubric,
            cross_scoring=bool(request.POST.get("cross_scoring")),
            user=request.user,
        )
    except Invalid as exc:
        # Back to the list of the year the form was for, which redirect_on_refusal cannot name.
        messages.error(request, exc.message)
        return redirect(f"{reverse('cluster-list')}?nam={school_year}")
    messages.success(request, f"Đã lập {cluster.name}.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_GET
def cluster_detail(request, pk):
    cluster = _cluster(request, pk)
    manager = manages_cluster(request.user, cluster)
    seats = list(selectors.seats_of(cluster))
    seated = {seat.school_id for seat in seats}
    free_schools = []
    rubrics = []
    if manager:
        taken = selectors.seated_school_ids(cluster.school_year)
        free_schools = [s for s in schools_under_offices_of(request.user) if s.pk not in taken]
        rubrics = selectors.rubric_list({cluster.authority_id}).filter(school_year=cluster.school_year)
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "seats": seats,
            "seated": seated,
            "covenant": selectors.covenant_of(cluster),
            "rounds": selectors.rounds_of(cluster),
            "flag_proposals": selectors.flag_proposals_of([cluster], cluster.school_year),
            "is_manager": manager,
            "is_leader": leads_cluster(request.user, cluster),
            "free_schools": free_schools,
            "rubrics": rubrics,
            "history": history_of(cluster)[:HISTORY_SHOWN] if manager else [],
            "today": datetime.date.today(),
        },
    )


def _managed_cluster(request, pk) -> Cluster:
    """A cluster the person sees (404 otherwise) and may change (403 otherwise). Asked before the
    form is read, so a leader gets 403, never a message about what they sent."""
    cluster = _cluster(request, pk)
    require(can_manage_cluster(request.user, cluster), CLUSTER_REFUSED)
    return cluster


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def cluster_update(request, pk):
    cluster = _managed_cluster(request, pk)
    rubric = (
        _rubric(request, _int(request.POST["rubric"], "Bảng tiêu chí"))
        if request.POST.get("rubric")
        else None
    )
    services.update_cluster(
        cluster,
        name=request.POST.get("name", ""),
        rubric=rubric,
        cross_scoring=bool(request.POST.get("cross_scoring")),
        user=request.user,
    )
    messages.success(request, "Đã lưu thông tin cụm.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def seat_add(request, pk):
    cluster = _managed_cluster(request, pk)
    school = schools_under_offices_of(request.user).filter(code=request.POST.get("school", "")).first()
    if school is None:
        raise Http404("Không tìm thấy trường.")
    services.add_seat(cluster, school, user=request.user)
    messages.success(request, f"Đã đưa {school.name} vào cụm.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def seat_remove(request, pk, seat_pk):
    cluster = _managed_cluster(request, pk)
    seat = cluster.seats.select_related("school", "cluster").filter(pk=seat_pk).first()
    if seat is None:
        raise Http404("Không tìm thấy trường trong cụm.")
    services.remove_seat(seat, user=request.user)
    messages.success(request, f"Đã rút {seat.school.name} khỏi cụm.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def leader_set(request, pk):
    cluster = _managed_cluster(request, pk)
    seats = {str(seat.school.code): seat.school for seat in selectors.seats_of(cluster)}
    leader_code, deputy_code = request.POST.get("leader", ""), request.POST.get("deputy", "")
    if (leader_code and leader_code not in seats) or (deputy_code and deputy_code not in seats):
        raise Http404("Không tìm thấy trường trong cụm.")
    services.set_leader(
        cluster, leader=seats.get(leader_code), deputy=seats.get(deputy_code), user=request.user
    )
    messages.success(request, "Đã cử trường cụm trưởng, cụm phó.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def covenant_save(request, pk):
    cluster = _managed_cluster(request, pk)
    services.save_covenant(
        cluster,
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        sign_by=_date(request.POST.get("sign_by", "")),
        user=request.user,
    )
    messages.success(request, "Đã lưu giao ước thi đua.")
    return redirect("cluster-detail", pk=cluster.pk)


@require_POST
@redirect_on_refusal("cluster-detail", "pk")
def round_create(request, pk):
    cluster = _managed_cluster(request, pk)
    scoring_round = services.create_round(
        cluster,
        name=request.POST.get("name", ""),
        self_scoring_opens_on=_date(request.POST.get("opens_on", "")),
        self_scoring_closes_on=_date(request.POST.get("closes_on", "")),
        flag_places=_int(request.POST.get("flag_places") or 1, "Số trường đề nghị Cờ thi đua"),
        commendation_places=_int(request.POST.get("commendation_places") or 1, "Số trường đề nghị Bằng khen"),
        user=request.user,
    )
    messages.success(request, f"Đã mở đợt chấm “{scoring_round.name}”.")
    return redirect("cluster-round", pk=scoring_round.pk)


# --- rubrics ----------------------------------------------------------------------------------------


@redirect_on_refusal("cluster-rubric-list")
def rubric_list(request):
    _require_office_member(request)
    authority_ids = office_authority_ids(request.user)
    if request.method == "POST":
        if request.POST.get("copy_from"):
            source = _rubric(request, _int(request.POST["copy_from"], "Bảng tiêu chí"))
            rubric = services.copy_rubric(
                source,
                school_year=request.POST.get("nam", ""),
                name=request.POST.get("name", ""),
                user=request.user,
                authority=_chosen_office(request),
            )
        else:
            rubric = services.create_rubric(
                authority=_chosen_office(request),
                school_year=request.POST.get("nam", ""),
                name=request.POST.get("name", ""),
                user=request.user,
            )
        messages.success(request, f"Đã tạo bảng tiêu chí “{rubric.name}”.")
        return redirect("cluster-rubric", pk=rubric.pk)
    rubrics = selectors.rubric_list(authority_ids)
    return render(
        request,
        "clusters/rubric_list.html",
        {
            "rubrics": rubrics,
            "school_year": current_school_year(),
            "all_rubrics": list(rubrics),
            "offices": offices_in_force(request.user),
        },
    )


@require_GET
def rubric_detail(request, pk):
    _require_office_member(request)
    rubric = _rubric(request, pk)
    groups = selectors.rubric_groups(rubric)
    criteria = [c for g in groups for c in g.criteria.all()]
    in_use = selectors.rubric_in_use(rubric)
    return render(
        request,
        "clusters/rubric_detail.html",
        {
            "rubric": rubric,
            "groups": groups,
            "max_total": selectors.rubric_max_total(criteria),
            "editable": rubric.state == Rubric.State.DRAFT and not in_use,
            "in_use": in_use,
            "kinds": Criterion.Kind.choices,
            "history": history_of(rubric)[:HISTORY_SHOWN],
        },
    )


def _group_of(rubric, pk) -> CriterionGroup:
    group = rubric.groups.filter(pk=pk).first()
    if group is None:
        raise Http404("Không tìm thấy nhóm tiêu chí.")
    return group


def _criterion_of(rubric, pk) -> Criterion:
    criterion = Criterion.objects.filter(group__rubric=rubric, pk=pk).select_related("group").first()
    if criterion is None:
        raise Http404("Không tìm thấy tiêu chí.")
    return criterion


@require_POST
@redirect_on_refusal("cluster-rubric", "pk")
def rubric_edit(request, pk):
    """Every change of the builder, by `action`: add, edit, move or delete a group or a criterion, publish."""
    _require_office_member(request)
    rubric = _rubric(request, pk)
    post, user = request.POST, request.user
    action = post.get("action", "")
    criterion_fields = lambda: {  # noqa: E731 - read lazily, only for the criterion actions
        "code": post.get("code", ""),
        "text": post.get("text", ""),
        "kind": post.get("kind", Criterion.Kind.STANDARD),
        "max_points": post.get("max_points", ""),
        "evidence_required": bool(post.get("evidence_required")),
        "guidance": post.get("guidance", ""),
        "user": user,
    }
    if action == "add_group":
        services.add_group(rubric, code=post.get("code", ""), name=post.get("name", ""), user=user)
    elif action == "update_group":
        services.update_group(
            _group_of(rubric, post.get("group")),
            code=post.get("code", ""),
            name=post.get("name", ""),
            user=user,
        )
    elif action == "delete_group":
        services.delete_group(_group_of(rubric, post.get("group")), user=user)
    elif action == "move_group":
        services.move_group(
            _group_of(rubric, post.get("group")), direction=post.get("direction", ""), user=user
        )
    elif action == "add_criterion":
        services.add_criterion(_group_of(rubric, post.get("group")), **criterion_fields())
    elif action == "update_criterion":
        services.update_criterion(_criterion_of(rubric, post.get("criterion")), **criterion_fields())
    elif action == "delete_criterion":
        services.delete_criterion(_criterion_of(rubric, post.get("criterion")), user=user)
    elif action == "move_criterion":
        services.move_criterion(
            _criterion_of(rubric, post.get("criterion")), direction=post.get("direction", ""), user=user
        )
    elif action == "publish":
        services.publish_rubric(rubric, user=user)
        messages.success(request, "Đã ban hành bảng tiêu chí; từ nay không sửa được nữa.")
    else:
        raise ClusterError("Thao tác không hợp lệ.")
    return redirect("cluster-rubric", pk=rubric.pk)


@require_GET
def rubric_export(request, pk):
    from reporting.spreadsheets import official_list_xlsx

    _require_office_member(request)
    rubric = _rubric(request, pk)
    rows = []
    for group in selectors.rubric_groups(rubric):
        rows.append([group.code, group.name, "", "", "", ""])
        for criterion in group.criteria.all():
            rows.append(
                [
                    criterion.code,
                    criterion.text,
                    criterion.get_kind_display(),
                    float(criterion.max_points),
                    "Có" if criterion.evidence_required else "",
                    criterion.guidance,
                ]
            )
    content = official_list_xlsx(
        heading=[rubric.authority.name.upper(), rubric.name.upper(), f"Năm học {rubric.school_year}"],
        header=[
            "TT",
            "Nội dung tiêu chí",
            "Loại",
            "Điểm tối đa",
            "Bắt buộc minh chứng",
            "Hướng dẫn chấm, minh chứng",
        ],
        rows=rows,
        widths=[7, 60, 14, 11, 13, 45],
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(rubric.name) or "tieu-chi"}.xlsx"'
    return response


# --- rounds -----------------------------------------------------------------------------------------


def _score_rows(scoring_round, criteria, results, *, show_scores: bool):
    """Per school: its result and, per criterion, the self / cross average / leader / office scores;
    a fixed number of queries whatever the number of schools and criteria."""
    if not show_scores:
        return []
    table = selectors.score_table(
        scoring_round, [ClusterScore.Stage.SELF, ClusterScore.Stage.LEADER, ClusterScore.Stage.OFFICE]
    )
    cross = selectors.cross_averages(scoring_round) if scoring_round.cluster.cross_scoring else {}
    rows = []
    for result in results:
        lines = []
        for criterion in criteria:
            own = table.get((ClusterScore.Stage.SELF, result.seat_id, criterion.pk))
            leader = table.get((ClusterScore.Stage.LEADER, result.seat_id, criterion.pk))
            office = table.get((ClusterScore.Stage.OFFICE, result.seat_id, criterion.pk))
            average = cross.get((result.seat_id, criterion.pk))
            lines.append(
                {
                    "criterion": criterion,
                    "self": own,
                    "evidence": list(enumerate(own.evidence)) if own else [],
                    "cross": average,
                    "leader": leader,
                    "office": office,
                    "leader_default": format_points(leader.points if leader else own.points if own else 0),
                    "office_default": format_points(
                        office.points if office else leader.points if leader else own.points if own else 0
                    ),
                }
            )
        rows.append({"result": result, "lines": lines})
    return rows


@require_GET
def round_detail(request, pk):
    scoring_round = _round(request, pk)
    cluster = scoring_round.cluster
    manager = manages_cluster(request.user, cluster)
    leader = leads_cluster(request.user, cluster)
    all_submitted = selectors.every_school_submitted(scoring_round)
    results = selectors.results_of(scoring_round)
    criteria = selectors.rubric_criteria(scoring_round.rubric)
    # The leader sees the self-assessments only when every school has submitted (DESIGN.md §6).
    show_scores = manager or (leader and all_submitted)
    stage = scoring_round.stage
    groups = defaultdict(list)
    for criterion in criteria:
        groups[criterion.group_id].append(criterion)
    flag_proposal = flag_plan = None
    if stage in selectors.SHOWN_STAGES:
        # The cluster's proposal for Cờ thi đua is drawn from a published ranking only.
        flag_proposal = selectors.flag_proposal_of(scoring_round)
        if flag_proposal is None:
            flag_plan = selectors.flag_proposal_plan(scoring_round)
    return render(
        request,
        "clusters/round_detail.html",
        {
            "round": scoring_round,
            "cluster": cluster,
            "results": results,
            "rows": _score_rows(scoring_round, criteria, results, show_scores=show_scores),
            "criteria": criteria,
            "show_scores": show_scores,
            "all_submitted": all_submitted,
            "is_manager": manager,
            "is_leader": leader,
            "is_head": manager and can_unapprove_result(request.user, cluster),
            "leader_scoring": leader and stage == ScoringRound.Stage.LEADER_REVIEW,
            "office_scoring": manager and stage == ScoringRound.Stage.OFFICE_REVIEW,
            "can_open_review": (manager or leader)
            and stage == ScoringRound.Stage.SELF_SCORING
            and all_submitted,
            "can_publish": manager
            and stage == ScoringRound.Stage.OFFICE_REVIEW
            and all(r.office_approved_at for r in results),
            "tie_rule": TIE_RULE,
            "flag_proposal": flag_proposal,
            "flag_plan": flag_plan,
            "can_record_flag": flag_plan is not None
            and flag_plan.ready
            and can_record_flag_proposal(request.user, cluster),
            "stages": ScoringRound.Stage,
            "history": history_of(scoring_round)[:HISTORY_SHOWN] if manager else [],
        },
    )


def _entries(post, criteria_ids) -> list[dict]:
    return [
        {"criterion": pk, "points": post.get(f"points_{pk}", ""), "note": post.get(f"note_{pk}", "")}
        for pk in criteria_ids
        if f"points_{pk}" in post
    ]


def _office_approve(request, scoring_round, post, criteria_ids):
    seat = post.get("seat")
    approved = services.office_approve(
        scoring_round, seat_ids=[_int(seat, "Trường")] if seat else None, user=request.user
    )
    return f"Đã duyệt kết quả của {len(approved)} trường."


def _unapprove(request, scoring_round, post, criteria_ids):
    result = scoring_round.results.filter(seat_id=_int(post.get("seat"), "Trường")).first()
    if result is None:
        raise Http404("Không tìm thấy trường trong cụm.")
    services.unapprove_result(result, reason=post.get("reason", ""), user=request.user)
    return "Đã bỏ duyệt; mọi thay đổi điểm từ nay được đếm và hiển thị."


def _scores_of(stage: str, message: str):
    def save(request, scoring_round, post, criteria_ids):
        services.save_scores(
            stage=stage,
            scoring_round=scoring_round,
            seat_id=_int(post.get("seat"), "Trường"),
            entries=_entries(post, criteria_ids),
            user=request.user,
        )
        return message

    return save


def _record_flag_proposal(request, scoring_round, post, criteria_ids):
    services.record_flag_proposal(scoring_round, note=post.get("note", ""), user=request.user)
    return "Đã ghi nhận đề nghị Cờ thi đua của cụm."


def _step(service, message: str):
    def act(request, scoring_round, post, criteria_ids):
        service(scoring_round, user=request.user)
        return message

    return act


# What each button of the round page does; who may do it is the service's to say.
ROUND_STEPS = {
    "mo-tham-dinh": _step(services.open_leader_review, "Đã mở bước cụm trưởng thẩm định."),
    "diem-cum-truong": _scores_of(ClusterScore.Stage.LEADER, "Đã lưu điểm của cụm trưởng."),
    "cum-truong-duyet": _step(
        services.leader_approve, "Cụm trưởng đã duyệt; kết quả chuyển lên cơ quan quản lý."
    ),
    "diem-phong": _scores_of(ClusterScore.Stage.OFFICE, "Đã lưu điểm của cơ quan quản lý."),
    "phong-duyet": _office_approve,
    "cong-bo": _step(
        services.publish_round, "Đã công bố xếp hạng; các trường trong cụm đã xem được kết quả."
    ),
    "khoa": _step(services.close_round, "Đã khoá đợt chấm."),
    "de-nghi-co": _record_flag_proposal,
    "bo-duyet": _unapprove,
}
ROUND_ACTIONS = tuple(ROUND_STEPS)


@require_POST
@redirect_on_refusal("cluster-round", "pk")
@_missing_answers_404
def round_action(request, pk, action):
    scoring_round = _round(request, pk)
    step = ROUND_STEPS.get(action)
    if step is None:
        raise Refused(ROUND_REFUSED)
    criteria_ids = [c.pk for c in selectors.rubric_criteria(scoring_round.rubric)]
    messages.success(request, step(request, scoring_round, request.POST, criteria_ids))
    return redirect("cluster-round", pk=scoring_round.pk)


@require_GET
def round_evidence(request, pk, score_pk, index):
    """A file a school attached to its self score, for who may see it, served from a copy whose size and
    SHA-256 were compared with what the school recorded (a replaced file is refused and recorded)."""
    scoring_round = _round(request, pk)
    may_see = can_see_round_scores(request.user, scoring_round)
    score = (
        scoring_round.scores.filter(pk=score_pk, stage=ClusterScore.Stage.SELF)
        .select_related("seat__school")
        .first()
    )
    if not may_see or score is None or not 0 <= index < len(score.evidence):
        raise Http404("Không tìm thấy minh chứng.")
    file = score.evidence[index]
    if not key_belongs_to_school(file["key"], score.seat.school.schema_name):
        raise Http404("Không tìm thấy minh chứng.")
    filename = file.get("filename") or "minh-chung"
    try:
        checked = read_verified(
            file["key"], filename=filename, sha256=file.get("sha256"), size=file.get("size")
        )
    except Tampered as exc:
        record_tampering(score, key=file["key"], filename=filename, details=exc.evidence, user=request.user)
        raise  # RefusalMiddleware shows the message (409)
    if checked is None:
        raise Http404("Tệp minh chứng không còn trong kho lưu trữ.")
    return FileResponse(
        checked,
        as_attachment=True,
        filename=filename,
        content_type=file.get("content_type") or "application/octet-stream",
    )


@require_GET
def flag_proposal_export(request, pk):
    """The recorded proposal as a tờ trình (DOCX), for who sees the round; none recorded: 404."""
    scoring_round = _round(request, pk)
    proposal = selectors.flag_proposal_of(scoring_round)
    if proposal is None:
        raise Http404("Cụm chưa ghi nhận đề nghị Cờ thi đua.")
    content = flag_proposal_docx(proposal)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = slugify(f"to-trinh-de-nghi-co-thi-dua-{proposal.cluster.name}-{proposal.school_year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
