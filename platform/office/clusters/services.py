"""Every write on clusters, covenants, rubrics, rounds and scores. Each change is audited inside its
transaction; a refused change raises ClusterError with a Vietnamese message and changes nothing.

Approval runs up the hierarchy of DESIGN.md §6: schools submit their self scores; the leader acts only
when every school has submitted, and its approval locks the leader scores; the office acts after the
leader, approves each school (locking the final score) and publishes the ranking; the office head may
unapprove with a reason, after which each changed score is counted in `edits_after_approval`."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from office.accounts.models import Membership, Role
from office.accounts.selectors import members_with_roles, schools_under_offices_of
from office.audit.services import record_office_event
from office.authorities.services import school_year_owner_refusal
from office.clusters.models import (
    Cluster,
    ClusterResult,
    ClusterScore,
    ClusterSeat,
    Covenant,
    Criterion,
    CriterionGroup,
    FlagProposal,
    Rubric,
    ScoringRound,
)
from office.clusters.permissions import (
    CLUSTER_REFUSED,
    LEAD_CLUSTER,
    ROUND_REFUSED,
    RUBRIC_REFUSED,
    UNAPPROVE_REFUSED,
    can_edit_rubric,
    can_manage_cluster,
    can_manage_clusters_of,
    can_open_leader_review,
    can_record_flag_proposal,
    can_review_as_leader,
    can_self_score,
    can_sign_covenant,
    can_unapprove_result,
    manages_cluster,
)
from office.clusters.scoring import PointsError, parse_points, proposal_for, rank, totals_of
from office.clusters.selectors import every_school_submitted, flag_proposal_plan, rubric_criteria
from office.core.errors import Invalid, require
from office.core.school_years import clean_school_year
from office.core.text import nfc
from office.submissions.models import Submission
from office.submissions.services import submit


class ClusterError(Invalid):
    """A refused change; the message is for the user, in Vietnamese."""


class ClusterNotFound(ClusterError):
    """The object is not the caller's to reach: pages answer 404."""


def _check_owner(authority, school_year: str) -> None:
    refusal = school_year_owner_refusal(authority, school_year)
    if refusal:
        raise ClusterError(refusal)


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ClusterError(f"{label} không được để trống.")
    return value


# --- rubrics ---------------------------------------------------------------------------------------


def _ensure_rubric_editable(rubric: Rubric, user) -> None:
    require(can_edit_rubric(user, rubric), RUBRIC_REFUSED)
    if rubric.state == Rubric.State.PUBLISHED:
        raise ClusterError("Bảng tiêu chí đã ban hành nên không sửa được nữa.")
    if rubric.rounds.exists():
        raise ClusterError("Bảng tiêu chí đã được dùng cho một đợt chấm nên không sửa được nữa.")


@transaction.atomic
def create_rubric(*, authority, school_year: str, name: str, user) -> Rubric:
    require(can_manage_clusters_of(user, authority), RUBRIC_REFUSED)
    school_year = clean_school_year(school_year, ClusterError)
    _check_owner(authority, school_year)
    name = _required(name, "Tên bảng tiêu chí")
    if Rubric.objects.filter(authority=authority, school_year=school_year, name=name).exists():
        raise ClusterError(f"Năm học {school_year} đã có bảng tiêu chí “{name}”.")
    rubric = Rubric.objects.create(authority=authority, school_year=school_year, name=name)
    record_office_event("rubric.created", rubric, user=user, after={"name": name, "school_year": school_year})
    return rubric


@transaction.atomic
def add_group(rubric: Rubric, *, code: str, name: str, user) -> CriterionGroup:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=rubric.pk)
    _ensure_rubric_editable(rubric, user)
    position = (rubric.groups.aggregate(Max("position"))["position__max"] or 0) + 1
    group = CriterionGroup.objects.create(
        rubric=rubric,
        code=(code or "").strip()[:16],
        name=_required(name, "Tên nhóm tiêu chí"),
        position=position,
    )
    record_office_event(
        "rubric.group_added", rubric, user=user, after={"group": group.pk, "name": group.name}
    )
    return group


@transaction.atomic
def update_group(group: CriterionGroup, *, code: str, name: str, user) -> CriterionGroup:
    _ensure_rubric_editable(Rubric.objects.select_for_update(of=("self",)).get(pk=group.rubric_id), user)
    before = {"code": group.code, "name": group.name}
    group.code = (code or "").strip()[:16]
    group.name = _required(name, "Tên nhóm tiêu chí")
    group.save(update_fields=["code", "name"])
    record_office_event(
        "rubric.group_updated",
        group.rubric,
        user=user,
        before=before,
        after={"code": group.code, "name": group.name},
    )
    return group


@transaction.atomic
def delete_group(group: CriterionGroup, *, user) -> None:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=group.rubric_id)
    _ensure_rubric_editable(rubric, user)
    record_office_event(
        "rubric.group_deleted", rubric, user=user, before={"group": group.pk, "name": group.name}
    )
    group.delete()


def _clean_criterion(*, text, kind, max_points, guidance, code) -> dict:
    text = _required(text, "Nội dung tiêu chí")
    if kind not in Criterion.Kind.values:
        raise ClusterError("Loại tiêu chí không hợp lệ.")
    probe = Criterion(code=code or "", text=text, max_points=10**4 - 1)
    try:
        points = parse_points(max_points, probe)
    except PointsError as exc:
        raise ClusterError(str(exc)) from None
    if points <= 0:
        raise ClusterError("Điểm tối đa của tiêu chí phải lớn hơn 0.")
    return {
        "code": (code or "").strip()[:16],
        "text": text,
        "kind": kind,
        "max_points": points,
        "guidance": (guidance or "").strip(),
    }


@transaction.atomic
def add_criterion(
    group: CriterionGroup,
    *,
    code: str,
    text: str,
    kind: str,
    max_points,
    evidence_required: bool,
    guidance: str = "",
    user,
) -> Criterion:
    _ensure_rubric_editable(Rubric.objects.select_for_update(of=("self",)).get(pk=group.rubric_id), user)
    fields = _clean_criterion(text=text, kind=kind, max_points=max_points, guidance=guidance, code=code)
    position = (group.criteria.aggregate(Max("position"))["position__max"] or 0) + 1
    criterion = Criterion.objects.create(
        group=group, position=position, evidence_required=bool(evidence_required), **fields
    )
    record_office_event(
        "rubric.criterion_added",
        group.rubric,
        user=user,
        after={"criterion": criterion.pk, "code": criterion.code, "max_points": str(criterion.max_points)},
    )
    return criterion


@transaction.atomic
def update_criterion(
    criterion: Criterion,
    *,
    code: str,
    text: str,
    kind: str,
    max_points,
    evidence_required: bool,
    guidance: str,
    user,
) -> Criterion:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=criterion.group.rubric_id)
    _ensure_rubric_editable(rubric, user)
    fields = _clean_criterion(text=text, kind=kind, max_points=max_points, guidance=guidance, code=code)
    before = {
        "code": criterion.code,
        "text": criterion.text,
        "kind": criterion.kind,
        "max_points": str(criterion.max_points),
    }
    for name, value in fields.items():
        setattr(criterion, name, value)
    criterion.evidence_required = bool(evidence_required)
    criterion.save()
    record_office_event(
        "rubric.criterion_updated",
        rubric,
        user=user,
        before=before,
        after={"criterion": criterion.pk, "code": criterion.code, "max_points": str(criterion.max_points)},
    )
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, user) -> None:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=criterion.group.rubric_id)
    _ensure_rubric_editable(rubric, user)
    record_office_event(
        "rubric.criterion_deleted",
        rubric,
        user=user,
        before={"criterion": criterion.pk, "code": criterion.code},
    )
    criterion.delete()


def _move(item, siblings, direction: str) -> None:
    ordered = list(siblings.order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index - 1 if direction == "len" else index + 1
    if target < 0 or target >= len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, other in enumerate(ordered, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def move_group(group: CriterionGroup, *, direction: str, user) -> None:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=group.rubric_id)
    _ensure_rubric_editable(rubric, user)
    _move(group, rubric.groups.all(), direction)
    record_office_event(
        "rubric.reordered", rubric, user=user, after={"group": group.pk, "direction": direction}
    )


@transaction.atomic
def move_criterion(criterion: Criterion, *, direction: str, user) -> None:
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=criterion.group.rubric_id)
    _ensure_rubric_editable(rubric, user)
    _move(criterion, criterion.group.criteria.all(), direction)
    record_office_event(
        "rubric.reordered", rubric, user=user, after={"criterion": criterion.pk, "direction": direction}
    )


@transaction.atomic
def publish_rubric(rubric: Rubric, *, user) -> Rubric:
    require(can_edit_rubric(user, rubric), RUBRIC_REFUSED)
    rubric = Rubric.objects.select_for_update(of=("self",)).get(pk=rubric.pk)
    if rubric.state == Rubric.State.PUBLISHED:
        raise ClusterError("Bảng tiêu chí đã được ban hành.")
    criteria = rubric_criteria(rubric)
    if not any(c.kind == Criterion.Kind.STANDARD for c in criteria):
        raise ClusterError("Bảng tiêu chí chưa có tiêu chí chấm nào nên chưa ban hành được.")
    rubric.state = Rubric.State.PUBLISHED
    rubric.save(update_fields=["state"])
    record_office_event("rubric.published", rubric, user=user, after={"criteria": len(criteria)})
    return rubric


@transaction.atomic
def copy_rubric(source: Rubric, *, school_year: str, user, name: str = "", authority=None) -> Rubric:
    """A draft copy of `source` (e.g. last year's) for another school year, groups and criteria in
    order, owned by `authority` (by default the source's: after the reform a ward office copies the
    dissolved district office's rubric into its own)."""
    school_year = clean_school_year(school_year, ClusterError)
    authority = authority or source.authority
    require(can_manage_clusters_of(user, authority), RUBRIC_REFUSED)
    _check_owner(authority, school_year)
    name = (name or "").strip() or source.name.replace(source.school_year, school_year)
    if Rubric.objects.filter(authority=authority, school_year=school_year, name=name).exists():
        raise ClusterError(f"Năm học {school_year} đã có bảng tiêu chí “{name}”.")
    copy = Rubric.objects.create(authority=authority, school_year=school_year, name=name)
    for group in source.groups.order_by("position", "pk").prefetch_related("criteria"):
        new_group = CriterionGroup.objects.create(
            rubric=copy, position=group.position, code=group.code, name=group.name
        )
        Criterion.objects.bulk_create(
            Criterion(
                group=new_group,
                position=c.position,
                code=c.code,
                text=c.text,
                kind=c.kind,
                max_points=c.max_points,
                evidence_required=c.evidence_required,
                guidance=c.guidance,
            )
            for c in sorted(group.criteria.all(), key=lambda c: (c.position, c.pk))
        )
    record_office_event(
        "rubric.copied", copy, user=user, after={"from": source.pk, "school_year": school_year}
    )
    return copy


# --- clusters, seats, leader, covenant -------------------------------------------------------------


@transaction.atomic
def create_cluster(
    *, authority, school_year: str, name: str, user, rubric=None, cross_scoring=False
) -> Cluster:
    require(can_manage_clusters_of(user, authority), CLUSTER_REFUSED)
    school_year = clean_school_year(school_year, ClusterError)
    _check_owner(authority, school_year)
    name = _required(name, "Tên cụm")
    if Cluster.objects.filter(authority=authority, school_year=school_year, name=name).exists():
        raise ClusterError(f"Năm học {school_year} đã có cụm “{name}”.")
    if rubric is not None and (rubric.authority_id != authority.pk or rubric.school_year != school_year):
        raise ClusterError("Bảng tiêu chí phải của cùng cơ quan và cùng năm học với cụm.")
    cluster = Cluster.objects.create(
        authority=authority,
        school_year=school_year,
        name=name,
        rubric=rubric,
        cross_scoring=bool(cross_scoring),
    )
    record_office_event(
        "cluster.created", cluster, user=user, after={"name": name, "school_year": school_year}
    )
    return cluster


@transaction.atomic
def update_cluster(cluster: Cluster, *, name: str, rubric, cross_scoring: bool, user) -> Cluster:
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    cluster = Cluster.objects.select_for_update(of=("self",)).get(pk=cluster.pk)
    name = _required(name, "Tên cụm")
    if (
        Cluster.objects.filter(authority_id=cluster.authority_id, school_year=cluster.school_year, name=name)
        .exclude(pk=cluster.pk)
        .exists()
    ):
        raise ClusterError(f"Năm học {cluster.school_year} đã có cụm “{name}”.")
    if rubric is not None and (
        rubric.authority_id != cluster.authority_id or rubric.school_year != cluster.school_year
    ):
        raise ClusterError("Bảng tiêu chí phải của cùng cơ quan và cùng năm học với cụm.")
    if rubric != cluster.rubric and cluster.rounds.exists():
        raise ClusterError("Cụm đã có đợt chấm nên không đổi bảng tiêu chí được.")
    before = {"name": cluster.name, "rubric": cluster.rubric_id, "cross_scoring": cluster.cross_scoring}
    cluster.name, cluster.rubric, cluster.cross_scoring = name, rubric, bool(cross_scoring)
    cluster.save(update_fields=["name", "rubric", "cross_scoring"])
    record_office_event(
        "cluster.updated",
        cluster,
        user=user,
        before=before,
        after={"name": name, "rubric": cluster.rubric_id, "cross_scoring": cluster.cross_scoring},
    )
    return cluster


@transaction.atomic
def add_seat(cluster: Cluster, school, *, user) -> ClusterSeat:
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    # The person acts within the subtrees of all their offices: after the 2025 reform one team may serve
    # several wards, and a cluster may group schools of more than one of them.
    if not schools_under_offices_of(user).filter(pk=school.pk).exists():
        raise ClusterNotFound("Không tìm thấy trường này trong phạm vi quản lý của cơ quan.")
    taken = (
        ClusterSeat.objects.filter(school=school, school_year=cluster.school_year)
        .select_related("cluster")
        .first()
    )
    if taken is not None:
        raise ClusterError(
            f"{school.name} đã thuộc “{taken.cluster.name}” năm học {cluster.school_year}; "
            "mỗi trường chỉ thuộc một cụm trong một năm học."
        )
    try:
        with transaction.atomic():
            seat = ClusterSeat.objects.create(cluster=cluster, school=school, school_year=cluster.school_year)
    except IntegrityError:  # a concurrent request seated it first
        raise ClusterError(
            f"{school.name} đã thuộc một cụm khác năm học {cluster.school_year}; "
            "mỗi trường chỉ thuộc một cụm trong một năm học."
        ) from None
    for scoring_round in cluster.rounds.filter(stage=ScoringRound.Stage.SELF_SCORING):
        ClusterResult.objects.get_or_create(round=scoring_round, seat=seat)
    record_office_event("cluster.seat_added", cluster, user=user, after={"school": school.code})
    return seat


@transaction.atomic
def remove_seat(seat: ClusterSeat, *, user) -> None:
    cluster = seat.cluster
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    if seat.school_id in (cluster.leader_id, cluster.deputy_id):
        raise ClusterError("Hãy chọn trường cụm trưởng, cụm phó khác trước khi rút trường này khỏi cụm.")
    if seat.scores.exists() or seat.results.filter(submitted_at__isnull=False).exists():
        raise ClusterError("Trường đã nộp điểm trong cụm này nên không rút ra được.")
    record_office_event("cluster.seat_removed", cluster, user=user, before={"school": seat.school.code})
    seat.delete()


def _principals(school):
    return list(members_with_roles(school, [Role.PRINCIPAL])) if school is not None else []


def sync_leader_grants(user, school) -> None:
    """Keep a person's leader grant in step with their role at `school`: whoever is its principal
    holds `clusters.lead_cluster` on every cluster the school leads, whenever they were appointed,
    and loses it with the role (called when a school membership is created or deleted)."""
    led = list(Cluster.objects.filter(leader=school))
    if not led:
        return
    is_principal = Role.PRINCIPAL in set(
        Membership.objects.in_force().filter(user=user, school=school).values_list("role", flat=True)
    )
    for cluster in led:
        (assign_perm if is_principal else remove_perm)(LEAD_CLUSTER, user, cluster)


@transaction.atomic
def set_leader(cluster: Cluster, *, leader, deputy, user) -> Cluster:
    """Name the leader and the deputy school (both seats of the cluster). The leader school's principals
    get the guardian grant `clusters.lead_cluster` on this cluster; the previous leader's lose it."""
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    cluster = Cluster.objects.select_for_update(of=("self",)).get(pk=cluster.pk)
    seated = set(cluster.seats.values_list("school_id", flat=True))
    for school, label in ((leader, "cụm trưởng"), (deputy, "cụm phó")):
        if school is not None and school.pk not in seated:
            raise ClusterError(f"Trường {label} phải là một trường trong cụm.")
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise ClusterError("Trường cụm trưởng và trường cụm phó phải là hai trường khác nhau.")
    before = {"leader": cluster.leader_id, "deputy": cluster.deputy_id}
    previous = cluster.leader
    if previous is not None and (leader is None or previous.pk != leader.pk):
        for principal in _principals(previous):
            remove_perm(LEAD_CLUSTER, principal, cluster)
    for principal in _principals(leader):
        assign_perm(LEAD_CLUSTER, principal, cluster)
    cluster.leader, cluster.deputy = leader, deputy
    cluster.save(update_fields=["leader", "deputy"])
    record_office_event(
        "cluster.leader_named",
        cluster,
        user=user,
        before=before,
        after={
            "leader": cluster.leader_id,
            "deputy": cluster.deputy_id,
            "granted_to": [p.username for p in _principals(leader)],
        },
    )
    return cluster


@transaction.atomic
def save_covenant(cluster: Cluster, *, title: str, text: str, sign_by: date | None, user) -> Covenant:
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    title = _required(title, "Tiêu đề giao ước")
    text = _required(text, "Nội dung giao ước")
    covenant = Covenant.objects.select_for_update(of=("self",)).filter(cluster=cluster).first()
    if covenant is not None and cluster.seats.filter(covenant_signed_at__isnull=False).exists():
        if covenant.text != text or covenant.title != title:
            raise ClusterError("Đã có trường ký giao ước nên không sửa được nội dung; chỉ đổi được hạn ký.")
    before = {"title": covenant.title, "sign_by": str(covenant.sign_by)} if covenant else None
    if covenant is None:
        covenant = Covenant.objects.create(cluster=cluster, title=title, text=text, sign_by=sign_by)
    else:
        covenant.title, covenant.text, covenant.sign_by = title, text, sign_by
        covenant.save(update_fields=["title", "text", "sign_by"])
    record_office_event(
        "covenant.saved", covenant, user=user, before=before, after={"title": title, "sign_by": str(sign_by)}
    )
    return covenant


@transaction.atomic
def sign_covenant(*, school, school_year: str, user) -> ClusterSeat:
    """The school's principal signs the covenant of the school's own cluster of that year."""
    seat = (
        ClusterSeat.objects.select_for_update(of=("self",))
        .select_related("cluster")
        .filter(school=school, school_year=school_year)
        .first()
    )
    if seat is None:
        raise ClusterNotFound("Trường chưa thuộc cụm thi đua nào trong năm học này.")
    if not can_sign_covenant(user, school):
        raise ClusterError("Chỉ Hiệu trưởng ký giao ước thi đua thay mặt nhà trường.")
    covenant = Covenant.objects.filter(cluster=seat.cluster).first()
    if covenant is None:
        raise ClusterError("Cụm chưa có giao ước thi đua để ký.")
    if seat.covenant_signed_at is not None:
        raise ClusterError("Nhà trường đã ký giao ước này.")
    seat.covenant_signed_at = timezone.now()
    seat.covenant_signed_by = user
    seat.save(update_fields=["covenant_signed_at", "covenant_signed_by"])
    record_office_event("covenant.signed", covenant, user=user, after={"school": school.code})
    return seat


# --- rounds -----------------------------------------------------------------------------------------


@transaction.atomic
def create_round(
    cluster: Cluster,
    *,
    name: str,
    user,
    self_scoring_opens_on=None,
    self_scoring_closes_on=None,
    flag_places: int = 1,
    commendation_places: int = 1,
) -> ScoringRound:
    require(can_manage_cluster(user, cluster), CLUSTER_REFUSED)
    cluster = Cluster.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=cluster.pk)
    name = _required(name, "Tên đợt chấm")
    if cluster.rubric is None or cluster.rubric.state != Rubric.State.PUBLISHED:
        raise ClusterError("Cụm cần một bảng tiêu chí đã ban hành trước khi mở đợt chấm.")
    if self_scoring_opens_on and self_scoring_closes_on and self_scoring_closes_on < self_scoring_opens_on:
        raise ClusterError("Hạn nộp tự chấm phải sau ngày mở tự chấm.")
    if flag_places < 0 or commendation_places < 0:
        raise ClusterError("Số trường đề nghị không được âm.")
    scoring_round = ScoringRound.objects.create(
        cluster=cluster,
        rubric=cluster.rubric,
        name=name,
        self_scoring_opens_on=self_scoring_opens_on,
        self_scoring_closes_on=self_scoring_closes_on,
        flag_places=flag_places,
        commendation_places=commendation_places,
    )
    ClusterResult.objects.bulk_create(
        ClusterResult(round=scoring_round, seat=seat) for seat in cluster.seats.all()
    )
    record_office_event(
        "cluster_round.created", scoring_round, user=user, after={"name": name, "cluster": cluster.pk}
    )
    return scoring_round


def _lock_round(scoring_round: ScoringRound) -> ScoringRound:
    return (
        ScoringRound.objects.select_for_update(of=("self",))
        .select_related("cluster", "rubric")
        .get(pk=scoring_round.pk)
    )


def _require_stage(scoring_round: ScoringRound, stage: str) -> None:
    if scoring_round.stage == stage:
        return
    if scoring_round.stage == ScoringRound.Stage.CLOSED:
        raise ClusterError("Đợt chấm đã khoá; không thay đổi được điểm.")
    order = list(ScoringRound.Stage.values)
    current = ScoringRound.Stage(scoring_round.stage).label
    if order.index(scoring_round.stage) > order.index(stage):
        raise ClusterError(
            f"Đợt chấm đã qua bước “{ScoringRound.Stage(stage).label}” (hiện ở bước “{current}”)."
        )
    raise ClusterError(
        f"Đợt chấm chưa tới bước “{ScoringRound.Stage(stage).label}” (hiện ở bước “{current}”)."
    )


def _seat_in_round(scoring_round: ScoringRound, seat_id) -> ClusterSeat:
    seat = (
        ClusterSeat.objects.select_related("school")
        .filter(cluster_id=scoring_round.cluster_id, pk=seat_id)
        .first()
    )
    if seat is None:
        raise ClusterNotFound("Không tìm thấy trường này trong cụm.")
    return seat


def _criteria_by_id(scoring_round: ScoringRound) -> dict[int, Criterion]:
    return {c.pk: c for c in rubric_criteria(scoring_round.rubric)}


def _criterion(criteria: dict, criterion_id) -> Criterion:
    try:
        return criteria[int(criterion_id)]
    except (KeyError, TypeError, ValueError):
        raise ClusterNotFound("Không tìm thấy tiêu chí này trong bảng tiêu chí của đợt chấm.") from None


def _points(value, criterion: Criterion):
    try:
        return parse_points(value, criterion)
    except PointsError as exc:
        raise ClusterError(str(exc)) from None


def _evidence_item(item) -> dict:
    return {
        "key": str(item.get("key", "")),
        "filename": str(item.get("filename", "")),
        "sha256": str(item.get("sha256", "")),
        "size": int(item.get("size") or 0),
        "content_type": str(item.get("content_type", "")),
    }


@transaction.atomic
def submit_self_assessment(*, school, scoring_round: ScoringRound, items: list[dict], user) -> Submission:
    """The school sends its self scores for the round (the school acting on its own seat, like any
    `submit`): an immutable Submission (kind self_assessment), and from it, in the same transaction,
    the self-stage ClusterScore rows and the result's self total. Storing them here rather than when the
    office opens the review keeps the leader's "every school has submitted" gate, the school's
    resubmissions and the refusal after the stage has passed in one locked place.

    `items`: [{"criterion": id, "points": "8.5", "note": "…", "evidence": [{key, filename, sha256,
    size, content_type}]}]; a bonus or penalty item left out counts 0."""
    scoring_round = _lock_round(scoring_round)
    seat = ClusterSeat.objects.filter(cluster_id=scoring_round.cluster_id, school=school).first()
    if seat is None:
        raise ClusterNotFound("Trường không thuộc cụm của đợt chấm này.")
    if not can_self_score(user, school):
        raise ClusterError("Chỉ Hiệu trưởng hoặc cán bộ quản lý của trường được nộp bản tự chấm.")
    _require_stage(scoring_round, ScoringRound.Stage.SELF_SCORING)
    result, _ = ClusterResult.objects.select_for_update(of=("self",)).get_or_create(
        round=scoring_round, seat=seat
    )
    if result.leader_approved_at or result.office_approved_at:
        raise ClusterError("Kết quả của trường đã được duyệt nên không nộp lại được.")
    criteria = _criteria_by_id(scoring_round)
    given: dict[int, dict] = {}
    for item in items:
        criterion = _criterion(criteria, item.get("criterion"))
        evidence = [_evidence_item(e) for e in item.get("evidence") or []]
        given[criterion.pk] = {
            "criterion": criterion,
            "points": _points(item.get("points"), criterion),
            "note": str(item.get("note") or "").strip(),
            "evidence": evidence,
        }
    missing = [c for c in criteria.values() if c.kind == Criterion.Kind.STANDARD and c.pk not in given]
    if missing:
        codes = ", ".join(c.code or c.text[:30] for c in missing[:10])
        raise ClusterError(f"Chưa chấm đủ các tiêu chí: {codes}.")
    unproven = [
        entry["criterion"]
        for entry in given.values()
        if entry["criterion"].evidence_required and entry["points"] > 0 and not entry["evidence"]
    ]
    if unproven:
        codes = ", ".join(c.code or c.text[:30] for c in unproven[:10])
        raise ClusterError(f"Các tiêu chí bắt buộc có minh chứng nhưng chưa đính kèm: {codes}.")
    for entry in given.values():
        if any(not f["key"].startswith(f"schools/{school.schema_name}/") for f in entry["evidence"]):
            raise ClusterError(f"Tiêu chí {entry['criterion'].code}: minh chứng không phải của nhà trường.")
    payload = {
        "round": scoring_round.pk,
        "cluster": scoring_round.cluster_id,
        "school_year": scoring_round.cluster.school_year,
        "rubric": scoring_round.rubric_id,
        "items": [
            {
                "criterion": entry["criterion"].pk,
                "code": entry["criterion"].code,
                "points": str(entry["points"]),
                "note": entry["note"],
                "evidence": entry["evidence"],
            }
            for entry in sorted(
                given.values(), key=lambda e: (e["criterion"].group.position, e["criterion"].position)
            )
        ],
    }
    submission = submit(
        school=school,
        kind=Submission.Kind.SELF_ASSESSMENT,
        reference=f"round:{scoring_round.pk}",
        year=int(scoring_round.cluster.school_year[-4:]),
        title=f"Bản tự chấm – {scoring_round.name} – {scoring_round.cluster.name}",
        payload=payload,
        user=user,
    )
    _store_self_scores(scoring_round, seat, result, submission, given, list(criteria.values()), user)
    record_office_event(
        "self_assessment.submitted",
        result,
        user=user,
        after={
            "submission": submission.pk,
            "version": submission.version,
            "self_total": str(result.self_total),
        },
    )
    return submission


def _store_self_scores(scoring_round, seat, result, submission, given, criteria, user) -> None:
    scoring_round.scores.filter(seat=seat, stage=ClusterScore.Stage.SELF).delete()
    ClusterScore.objects.bulk_create(
        ClusterScore(
            round=scoring_round,
            seat=seat,
            criterion=entry["criterion"],
            stage=ClusterScore.Stage.SELF,
            points=entry["points"],
            note=entry["note"],
            evidence=entry["evidence"],
            scored_by=user,
        )
        for entry in given.values()
    )
    totals = totals_of({pk: entry["points"] for pk, entry in given.items()}, criteria)
    result.submission = submission
    result.submitted_at = submission.submitted_at
    result.self_total = totals.total
    result.save(update_fields=["submission", "submitted_at", "self_total"])


SCORE_SETTERS = {}


@transaction.atomic
def save_scores(
    *, stage: str, scoring_round: ScoringRound, seat_id, entries: list[dict], user, scorer_school=None
) -> int:
    """Several criteria of one school at one stage, all or nothing: [{"criterion", "points", "note"}]."""
    if stage not in SCORE_SETTERS:
        raise ClusterError("Cấp chấm không hợp lệ.")
    for entry in entries:
        kwargs = {"scorer_school": scorer_school} if stage == ClusterScore.Stage.CROSS else {}
        SCORE_SETTERS[stage](
            scoring_round=scoring_round,
            seat_id=seat_id,
            criterion_id=entry.get("criterion"),
            points=entry.get("points"),
            note=entry.get("note") or "",
            user=user,
            **kwargs,
        )
    return len(entries)


@transaction.atomic
def open_leader_review(scoring_round: ScoringRound, *, user) -> ScoringRound:
    scoring_round = _lock_round(scoring_round)
    require(can_open_leader_review(user, scoring_round.cluster), ROUND_REFUSED)
    _require_stage(scoring_round, ScoringRound.Stage.SELF_SCORING)
    if not every_school_submitted(scoring_round):
        raise ClusterError("Cụm trưởng chỉ thẩm định khi mọi trường trong cụm đã nộp bản tự chấm.")
    scoring_round.stage = ScoringRound.Stage.LEADER_REVIEW
    scoring_round.save(update_fields=["stage"])
    record_office_event(
        "cluster_round.leader_review_opened", scoring_round, user=user, after={"stage": scoring_round.stage}
    )
    return scoring_round


def _upsert_score(
    scoring_round, seat, criterion, stage, points, note, user, scorer_school=None
) -> tuple[ClusterScore, bool]:
    score = ClusterScore.objects.filter(
        round=scoring_round, seat=seat, criterion=criterion, stage=stage, scorer_school=scorer_school
    ).first()
    changed = score is None or score.points != points or score.note != note
    if score is None:
        score = ClusterScore(
            round=scoring_round, seat=seat, criterion=criterion, stage=stage, scorer_school=scorer_school
        )
    score.points, score.note, score.scored_by = points, note, user
    score.save()
    return score, changed


@transaction.atomic
def set_cross_score(
    *, scorer_school, scoring_round: ScoringRound, seat_id, criterion_id, points, note="", user
) -> ClusterScore:
    """One school of the cluster scores another (never itself) while the leader reviews."""
    scoring_round = _lock_round(scoring_round)
    if not ClusterSeat.objects.filter(cluster_id=scoring_round.cluster_id, school=scorer_school).exists():
        raise ClusterNotFound("Trường không thuộc cụm của đợt chấm này.")
    if not scoring_round.cluster.cross_scoring:
        raise ClusterError("Cụm này không chấm chéo giữa các trường.")
    if not can_self_score(user, scorer_school):
        raise ClusterError("Chỉ Hiệu trưởng hoặc cán bộ quản lý của trường được chấm chéo.")
    seat = _seat_in_round(scoring_round, seat_id)
    if seat.school_id == scorer_school.pk:
        raise ClusterError("Trường không chấm chéo cho chính mình.")
    _require_stage(scoring_round, ScoringRound.Stage.LEADER_REVIEW)
    criterion = _criterion(_criteria_by_id(scoring_round), criterion_id)
    value = _points(points, criterion)
    score, changed = _upsert_score(
        scoring_round,
        seat,
        criterion,
        ClusterScore.Stage.CROSS,
        value,
        (note or "").strip(),
        user,
        scorer_school,
    )
    if changed:
        record_office_event(
            "cluster_score.cross_scored",
            score,
            user=user,
            after={
                "seat": seat.pk,
                "criterion": criterion.pk,
                "points": str(value),
                "by": scorer_school.code,
            },
        )
    return score


@transaction.atomic
def set_leader_score(
    *, scoring_round: ScoringRound, seat_id, criterion_id, points, note="", user
) -> ClusterScore:
    scoring_round = _lock_round(scoring_round)
    require(can_review_as_leader(user, scoring_round.cluster), ROUND_REFUSED)
    seat = _seat_in_round(scoring_round, seat_id)
    _require_stage(scoring_round, ScoringRound.Stage.LEADER_REVIEW)
    result = ClusterResult.objects.select_for_update(of=("self",)).get(round=scoring_round, seat=seat)
    if result.leader_approved_at:
        raise ClusterError("Cụm trưởng đã duyệt kết quả này nên điểm đã khoá.")
    criterion = _criterion(_criteria_by_id(scoring_round), criterion_id)
    value = _points(points, criterion)
    score, changed = _upsert_score(
        scoring_round, seat, criterion, ClusterScore.Stage.LEADER, value, (note or "").strip(), user
    )
    if changed:
        record_office_event(
            "cluster_score.leader_scored",
            score,
            user=user,
            after={"seat": seat.pk, "criterion": criterion.pk, "points": str(value)},
        )
    return score


def _fill_from(scoring_round, seat, criteria, source_stage, target_stage, user) -> dict[int, object]:
    """Give every criterion without a `target_stage` score the `source_stage` one (the default): the
    leader's default is the self score, the office's the leader's. Returns {criterion_id: points}."""
    scores = {
        (s.stage, s.criterion_id): s
        for s in scoring_round.scores.filter(seat=seat, stage__in=[source_stage, target_stage])
    }
    missing = []
    for criterion in criteria:
        if (target_stage, criterion.pk) not in scores:
            source = scores.get((source_stage, criterion.pk))
            missing.append(
                ClusterScore(
                    round=scoring_round,
                    seat=seat,
                    criterion=criterion,
                    stage=target_stage,
                    points=source.points if source else 0,
                    scored_by=user,
                )
            )
    ClusterScore.objects.bulk_create(missing)
    points = {criterion_id: s.points for (stage, criterion_id), s in scores.items() if stage == target_stage}
    points.update({s.criterion_id: s.points for s in missing})
    return points


@transaction.atomic
def leader_approve(scoring_round: ScoringRound, *, user) -> ScoringRound:
    """The leader approves the cluster: every school's leader scores (self scores where the leader
    changed nothing) are locked, the leader totals stored, and the round goes to the office."""
    scoring_round = _lock_round(scoring_round)
    require(can_review_as_leader(user, scoring_round.cluster), ROUND_REFUSED)
    _require_stage(scoring_round, ScoringRound.Stage.LEADER_REVIEW)
    criteria = rubric_criteria(scoring_round.rubric)
    now = timezone.now()
    for result in scoring_round.results.select_for_update(of=("self",)).select_related("seat"):
        points = _fill_from(
            scoring_round, result.seat, criteria, ClusterScore.Stage.SELF, ClusterScore.Stage.LEADER, user
        )
        result.leader_total = totals_of(points, criteria).total
        result.leader_approved_at, result.leader_approved_by = now, user
        result.save(update_fields=["leader_total", "leader_approved_at", "leader_approved_by"])
    scoring_round.stage = ScoringRound.Stage.OFFICE_REVIEW
    scoring_round.save(update_fields=["stage"])
    record_office_event(
        "cluster_score.leader_approved", scoring_round, user=user, after={"stage": scoring_round.stage}
    )
    return scoring_round


@transaction.atomic
def set_office_score(
    *, scoring_round: ScoringRound, seat_id, criterion_id, points, note="", user
) -> ClusterScore:
    scoring_round = _lock_round(scoring_round)
    require(can_manage_cluster(user, scoring_round.cluster), ROUND_REFUSED)
    seat = _seat_in_round(scoring_round, seat_id)
    _require_stage(scoring_round, ScoringRound.Stage.OFFICE_REVIEW)
    result = ClusterResult.objects.select_for_update(of=("self",)).get(round=scoring_round, seat=seat)
    if result.office_approved_at:
        raise ClusterError(
            "Kết quả của trường đã được duyệt nên điểm đã khoá; lãnh đạo phòng có thể bỏ duyệt."
        )
    criterion = _criterion(_criteria_by_id(scoring_round), criterion_id)
    value = _points(points, criterion)
    score, changed = _upsert_score(
        scoring_round, seat, criterion, ClusterScore.Stage.OFFICE, value, (note or "").strip(), user
    )
    if changed:
        if result.unapproved_at:
            result.edits_after_approval += 1
            result.save(update_fields=["edits_after_approval"])
        record_office_event(
            "cluster_score.office_scored",
            score,
            user=user,
            after={"seat": seat.pk, "criterion": criterion.pk, "points": str(value)},
        )
    return score


@transaction.atomic
def office_approve(scoring_round: ScoringRound, *, user, seat_ids=None) -> list[ClusterResult]:
    """Approve the final scores of the given schools (all not yet approved when None): missing final
    scores take the leader's, and the final and per-group totals are stored."""
    scoring_round = _lock_round(scoring_round)
    require(can_manage_cluster(user, scoring_round.cluster), ROUND_REFUSED)
    _require_stage(scoring_round, ScoringRound.Stage.OFFICE_REVIEW)
    criteria = rubric_criteria(scoring_round.rubric)
    results = scoring_round.results.select_for_update(of=("self",)).select_related("seat", "seat__school")
    if seat_ids is not None:
        results = results.filter(seat_id__in=list(seat_ids))
        if results.count() != len(set(seat_ids)):
            raise ClusterNotFound("Không tìm thấy trường này trong cụm.")
    approved, now = [], timezone.now()
    for result in results:
        if result.office_approved_at:
            continue
        points = _fill_from(
            scoring_round, result.seat, criteria, ClusterScore.Stage.LEADER, ClusterScore.Stage.OFFICE, user
        )
        totals = totals_of(points, criteria)
        result.final_total, result.group_totals = totals.total, totals.groups
        result.office_approved_at, result.office_approved_by = now, user
        result.save(update_fields=["final_total", "group_totals", "office_approved_at", "office_approved_by"])
        record_office_event(
            "cluster_result.approved",
            result,
            user=user,
            after={"final_total": str(result.final_total), "school": result.seat.school.code},
        )
        approved.append(result)
    return approved


def _withdraw_flag_proposal(scoring_round: ScoringRound, *, user, reason: str) -> None:
    """A ranking withdrawn takes the proposal drawn from it along; the audit keeps what it said."""
    proposal = FlagProposal.objects.filter(round=scoring_round).first()
    if proposal is None:
        return
    record_office_event(
        "cluster_flag_proposal.withdrawn",
        proposal,
        user=user,
        before={"entries": proposal.entries, "recorded_at": proposal.recorded_at.isoformat()},
        summary=f"Xếp hạng bị bỏ duyệt: {reason}",
    )
    proposal.delete()


@transaction.atomic
def unapprove_result(result: ClusterResult, *, reason: str, user) -> ClusterResult:
    """The office head takes back an approval, with a reason; a published ranking is withdrawn until
    the office approves and publishes again."""
    result = (
        ClusterResult.objects.select_for_update(of=("self",))
        .select_related("round", "seat__school")
        .get(pk=result.pk)
    )
    scoring_round = _lock_round(result.round)
    require(can_unapprove_result(user, scoring_round.cluster), UNAPPROVE_REFUSED)
    reason = (reason or "").strip()
    if not reason:
        raise ClusterError("Hãy ghi lý do bỏ duyệt.")
    if scoring_round.stage == ScoringRound.Stage.CLOSED:
        raise ClusterError("Đợt chấm đã khoá; không bỏ duyệt được.")
    if not result.office_approved_at:
        raise ClusterError("Kết quả này chưa được duyệt.")
    before = {"office_approved_at": result.office_approved_at.isoformat(), "stage": scoring_round.stage}
    result.office_approved_at = None
    result.office_approved_by = None
    result.unapproved_at = timezone.now()
    result.unapproval_reason = reason
    result.save(
        update_fields=["office_approved_at", "office_approved_by", "unapproved_at", "unapproval_reason"]
    )
    if scoring_round.stage == ScoringRound.Stage.PUBLISHED:
        scoring_round.stage = ScoringRound.Stage.OFFICE_REVIEW
        scoring_round.published_at = None
        scoring_round.save(update_fields=["stage", "published_at"])
        scoring_round.results.update(rank=None, proposal="")
        _withdraw_flag_proposal(scoring_round, user=user, reason=reason)
    record_office_event(
        "cluster_result.unapproved",
        result,
        user=user,
        before=before,
        after={"reason": reason, "stage": scoring_round.stage},
        summary=reason,
    )
    return result


@transaction.atomic
def publish_round(scoring_round: ScoringRound, *, user) -> ScoringRound:
    """Rank the schools by final total (tie rule: office.clusters.scoring.TIE_RULE), mark the proposals
    and let the schools of the cluster see the ranking."""
    scoring_round = _lock_round(scoring_round)
    require(can_manage_cluster(user, scoring_round.cluster), ROUND_REFUSED)
    _require_stage(scoring_round, ScoringRound.Stage.OFFICE_REVIEW)
    results = list(scoring_round.results.select_for_update(of=("self",)).select_related("seat"))
    if not results or any(r.office_approved_at is None for r in results):
        raise ClusterError("Cần duyệt kết quả của mọi trường trong cụm trước khi công bố xếp hạng.")
    criteria = rubric_criteria(scoring_round.rubric)
    points: dict[int, dict] = {r.seat_id: {} for r in results}
    for seat_id, criterion_id, value in scoring_round.scores.filter(
        stage=ClusterScore.Stage.OFFICE
    ).values_list("seat_id", "criterion_id", "points"):
        points.setdefault(seat_id, {})[criterion_id] = value
    totals = {r.seat_id: totals_of(points[r.seat_id], criteria) for r in results}
    ranks = rank(totals)
    for result in results:
        result.rank = ranks[result.seat_id]
        result.final_total = totals[result.seat_id].total
        result.group_totals = totals[result.seat_id].groups
        result.proposal = proposal_for(
            result.rank, scoring_round.flag_places, scoring_round.commendation_places
        )
    ClusterResult.objects.bulk_update(results, ["rank", "final_total", "group_totals", "proposal"])
    scoring_round.stage = ScoringRound.Stage.PUBLISHED
    scoring_round.published_at = timezone.now()
    scoring_round.save(update_fields=["stage", "published_at"])
    record_office_event(
        "cluster_round.published",
        scoring_round,
        user=user,
        after={
            str(r.seat.school_id): {"rank": r.rank, "total": str(r.final_total), "proposal": r.proposal}
            for r in results
        },
    )
    return scoring_round


@transaction.atomic
def close_round(scoring_round: ScoringRound, *, user) -> ScoringRound:
    scoring_round = _lock_round(scoring_round)
    require(can_manage_cluster(user, scoring_round.cluster), ROUND_REFUSED)
    _require_stage(scoring_round, ScoringRound.Stage.PUBLISHED)
    scoring_round.stage = ScoringRound.Stage.CLOSED
    scoring_round.save(update_fields=["stage"])
    record_office_event("cluster_round.closed", scoring_round, user=user)
    return scoring_round


FLAG_PROPOSAL_REFUSED = "Chỉ cụm trưởng hoặc cơ quan quản lý của cụm được ghi nhận đề nghị Cờ thi đua."


@transaction.atomic
def record_flag_proposal(scoring_round: ScoringRound, *, user, note: str = "") -> FlagProposal:
    """Record the cluster's proposal for Cờ thi đua from the round's published ranking, once: refused
    until every school of the cluster has its final score for the year, and refused twice."""
    scoring_round = _lock_round(scoring_round)
    cluster = scoring_round.cluster
    require(can_record_flag_proposal(user, cluster), FLAG_PROPOSAL_REFUSED)
    existing = FlagProposal.objects.filter(round=scoring_round).first()
    if existing is not None:
        raise ClusterError(
            f"Đề nghị Cờ thi đua của đợt chấm này đã được ghi nhận ngày {existing.recorded_at:%d/%m/%Y}."
        )
    plan = flag_proposal_plan(scoring_round)
    if not plan.ready:
        raise ClusterError(plan.refusal)
    proposal = FlagProposal.objects.create(
        round=scoring_round,
        cluster=cluster,
        school_year=cluster.school_year,
        entries=plan.entries,
        ties=plan.ties,
        basis=plan.basis,
        note=nfc((note or "").strip()),
        recorded_as=FlagProposal.RecordedAs.OFFICE
        if manages_cluster(user, cluster)
        else FlagProposal.RecordedAs.LEADER,
        recorded_by=user,
    )
    record_office_event(
        "cluster_flag_proposal.recorded",
        proposal,
        user=user,
        after={
            "entries": [{k: e[k] for k in ("school_code", "rank", "total", "label")} for e in plan.entries]
        },
        summary="; ".join(f"{e['school_name']}: {e['label']}" for e in plan.entries),
    )
    return proposal


SCORE_SETTERS.update(
    {
        ClusterScore.Stage.CROSS: set_cross_score,
        ClusterScore.Stage.LEADER: set_leader_score,
        ClusterScore.Stage.OFFICE: set_office_score,
    }
)
