"""Demo clusters of the demo office: a rubric per school year, two clusters a year with their covenants
signed, an end-of-year round scored, approved and published for 2024-2025 and 2025-2026, and a
2025-2026 mid-year round still in self-scoring; Cụm 1's proposal for Cờ thi đua of 2024-2025 recorded
by its leader. Everything goes through the services, as a user would;
loading twice changes nothing (each part is skipped when it exists)."""

import random
from datetime import date
from decimal import Decimal

from office.authorities.models import Authority
from office.clusters import services
from office.clusters.models import (
    Cluster,
    ClusterScore,
    ClusterSeat,
    Covenant,
    Criterion,
    FlagProposal,
    Rubric,
    ScoringRound,
)
from office.clusters.selectors import rubric_criteria

RUBRIC_NAME = "Bảng tiêu chí chấm điểm thi đua cụm trường năm học {year}"
# (group code, group name, [(code, text, kind, max, evidence required, guidance)])
RUBRIC = (
    (
        "I",
        "Thực hiện nhiệm vụ chính trị, chuyên môn",
        (
            (
                "1.1",
                "Xây dựng và thực hiện kế hoạch năm học, kế hoạch thi đua – khen thưởng",
                "standard",
                10,
                True,
                "Kế hoạch được ban hành đúng hạn; báo cáo sơ kết, tổng kết.",
            ),
            (
                "1.2",
                "Chất lượng giáo dục toàn diện; tỷ lệ học sinh hoàn thành chương trình, lên lớp",
                "standard",
                15,
                True,
                "Biểu thống kê kết quả giáo dục cuối năm.",
            ),
            (
                "1.3",
                "Đổi mới phương pháp dạy học, kiểm tra đánh giá; chuyển đổi số trong nhà trường",
                "standard",
                10,
                False,
                "",
            ),
            (
                "1.4",
                "Kiểm định chất lượng giáo dục, xây dựng trường đạt chuẩn quốc gia",
                "standard",
                10,
                True,
                "Quyết định công nhận hoặc kế hoạch cải tiến chất lượng.",
            ),
            (
                "1.5",
                "Công tác phổ cập giáo dục, xây dựng trường học an toàn, phòng chống tai nạn thương tích",
                "standard",
                5,
                False,
                "",
            ),
        ),
    ),
    (
        "II",
        "Xây dựng đội ngũ",
        (
            (
                "2.1",
                "Tỷ lệ cán bộ, giáo viên đạt chuẩn và trên chuẩn trình độ đào tạo",
                "standard",
                10,
                False,
                "",
            ),
            (
                "2.2",
                "Bồi dưỡng thường xuyên; sáng kiến kinh nghiệm được công nhận cấp quận trở lên",
                "standard",
                10,
                True,
                "Quyết định công nhận sáng kiến.",
            ),
            ("2.3", "Thực hiện quy chế dân chủ cơ sở, kỷ cương, nền nếp", "standard", 5, False, ""),
        ),
    ),
    (
        "III",
        "Phong trào thi đua, hoạt động khác",
        (
            ("3.1", "Tổ chức các phong trào thi đua, cuộc vận động của ngành", "standard", 10, False, ""),
            (
                "3.2",
                "Công tác xã hội hoá giáo dục, phối hợp với cha mẹ học sinh và địa phương",
                "standard",
                5,
                False,
                "",
            ),
            (
                "3.3",
                "Giáo viên, học sinh đạt giải trong các cuộc thi, hội thi cấp quận, thành phố",
                "standard",
                10,
                True,
                "Danh sách, quyết định khen thưởng các giải.",
            ),
            (
                "3.4",
                "Điểm thưởng: đơn vị dẫn đầu phong trào, được khen thưởng cấp thành phố trở lên",
                "bonus",
                5,
                False,
                "",
            ),
            (
                "3.5",
                "Điểm trừ: vi phạm kỷ luật, để xảy ra mất an toàn, nộp báo cáo chậm",
                "penalty",
                10,
                False,
                "Mỗi lần nộp báo cáo chậm trừ 1 điểm.",
            ),
        ),
    ),
)
COVENANT_TEXT = (
    "Thực hiện Kế hoạch thi đua năm học {year} của Phòng Giáo dục và Đào tạo, các trường trong {cluster} "
    "cùng giao ước:\n"
    "1. Thực hiện tốt nhiệm vụ năm học, nâng cao chất lượng giáo dục toàn diện.\n"
    "2. Xây dựng đội ngũ cán bộ, giáo viên đủ về số lượng, đạt chuẩn về trình độ, đoàn kết, kỷ cương.\n"
    "3. Tích cực hưởng ứng các phong trào thi đua, cuộc vận động của ngành và địa phương.\n"
    "4. Giữ vững an ninh trật tự, an toàn trường học; không có cán bộ, giáo viên vi phạm pháp luật."
)
# (name, leader, deputy, other schools, cross scoring)
CLUSTERS = (
    ("Cụm 1 – Tiểu học và THCS", "lequydon", "kienhung", ("leloi",), True),
    ("Cụm 2 – Mầm non", "yenhoa", "hoasen", (), False),
)
# The cluster whose leader records its proposal for Cờ thi đua at the end of 2024-2025.
FLAG_PROPOSAL_CLUSTER = CLUSTERS[0][0]
PRINCIPALS = {
    "lequydon": "lqd.hieutruong",
    "kienhung": "kh.hieutruong",
    "leloi": "ll.hieutruong",
    "yenhoa": "yh.hieutruong",
    "hoasen": "hs.hieutruong",
}
# How strong each school's year was (share of the maximum it scores itself), by school year.
STRENGTH = {
    "2024-2025": {"lequydon": 0.9, "kienhung": 0.93, "leloi": 0.84, "yenhoa": 0.92, "hoasen": 0.86},
    "2025-2026": {"lequydon": 0.95, "kienhung": 0.9, "leloi": 0.86, "yenhoa": 0.89, "hoasen": 0.91},
}
YEARS = {
    "2024-2025": (date(2025, 5, 12), date(2025, 5, 23), date(2024, 10, 15)),
    "2025-2026": (date(2026, 5, 11), date(2026, 5, 22), date(2025, 10, 15)),
}
END_OF_YEAR = "Tổng kết năm học {year}"
MID_YEAR = "Sơ kết học kỳ I năm học 2025-2026"


def _rubric(office, year: str, user) -> Rubric:
    name = RUBRIC_NAME.format(year=year)
    rubric = Rubric.objects.filter(authority=office, school_year=year, name=name).first()
    if rubric is not None:
        return rubric
    rubric = services.create_rubric(authority=office, school_year=year, name=name, user=user)
    for code, group_name, criteria in RUBRIC:
        group = services.add_group(rubric, code=code, name=group_name, user=user)
        for c_code, text, kind, maximum, evidence, guidance in criteria:
            services.add_criterion(
                group,
                code=c_code,
                text=text,
                kind=kind,
                max_points=maximum,
                evidence_required=evidence,
                guidance=guidance,
                user=user,
            )
    return services.publish_rubric(rubric, user=user)


def _cluster(office, year, spec, rubric, schools, users) -> Cluster:
    name, leader, deputy, others, cross = spec
    user = users["phong.chuyenvien"]
    cluster = Cluster.objects.filter(authority=office, school_year=year, name=name).first()
    if cluster is None:
        cluster = services.create_cluster(
            authority=office, school_year=year, name=name, rubric=rubric, cross_scoring=cross, user=user
        )
    for code in (leader, deputy, *others):
        if not ClusterSeat.objects.filter(cluster=cluster, school=schools[code]).exists():
            services.add_seat(cluster, schools[code], user=user)
    if cluster.leader_id != schools[leader].pk:
        cluster = services.set_leader(cluster, leader=schools[leader], deputy=schools[deputy], user=user)
    if not Covenant.objects.filter(cluster=cluster).exists():
        services.save_covenant(
            cluster,
            title=f"Giao ước thi đua năm học {year}",
            text=COVENANT_TEXT.format(year=year, cluster=name),
            sign_by=YEARS[year][2],
            user=user,
        )
    for seat in cluster.seats.select_related("school").filter(covenant_signed_at__isnull=True):
        services.sign_covenant(school=seat.school, school_year=year, user=users[PRINCIPALS[seat.school.code]])
    return cluster


def _self_items(criteria, code, year, evidence_for) -> list[dict]:
    rng = random.Random(f"{code}-{year}")
    strength = STRENGTH[year][code]
    items = []
    for criterion in criteria:
        if criterion.kind == Criterion.Kind.PENALTY:
            points = Decimal(rng.choice((0, 0, 0, 1)))
        elif criterion.kind == Criterion.Kind.BONUS:
            points = Decimal(rng.choice((0, 1, 2))) if strength > 0.88 else Decimal(0)
        else:
            share = min(1.0, strength + rng.uniform(-0.06, 0.05))
            points = (criterion.max_points * Decimal(str(share)) * 2).quantize(Decimal("1")) / 2
        note = "Có biên bản, báo cáo kèm theo." if criterion.evidence_required else ""
        items.append(
            {
                "criterion": criterion.pk,
                "points": str(points),
                "note": note,
                "evidence": evidence_for(code, criterion) if criterion.evidence_required else [],
            }
        )
    return items


def _end_of_year(cluster, year, schools, users, evidence_for) -> ScoringRound:
    name = END_OF_YEAR.format(year=year)
    existing = cluster.rounds.filter(name=name).first()
    if existing is not None:
        return existing
    office_user, head = users["phong.chuyenvien"], users["phong.lanhdao"]
    opens, closes, _ = YEARS[year]
    scoring_round = services.create_round(
        cluster,
        name=name,
        self_scoring_opens_on=opens,
        self_scoring_closes_on=closes,
        flag_places=1,
        commendation_places=1,
        user=office_user,
    )
    criteria = rubric_criteria(scoring_round.rubric)
    seats = list(cluster.seats.select_related("school"))
    for seat in seats:
        code = seat.school.code
        services.submit_self_assessment(
            school=seat.school,
            scoring_round=scoring_round,
            items=_self_items(criteria, code, year, evidence_for),
            user=users[PRINCIPALS[code]],
        )
    leader = users[PRINCIPALS[cluster.leader.code]]
    services.open_leader_review(scoring_round, user=leader)
    if cluster.cross_scoring:
        for scorer in seats:
            for seat in seats:
                if seat.pk == scorer.pk:
                    continue
                own = {
                    s.criterion_id: s.points
                    for s in scoring_round.scores.filter(seat=seat, stage=ClusterScore.Stage.SELF)
                }
                services.save_scores(
                    stage=ClusterScore.Stage.CROSS,
                    scoring_round=scoring_round,
                    seat_id=seat.pk,
                    entries=[
                        {"criterion": c.pk, "points": str(max(Decimal(0), own.get(c.pk, 0) - Decimal("0.5")))}
                        for c in criteria
                        if c.kind == Criterion.Kind.STANDARD and c.group.code == "I"
                    ],
                    user=users[PRINCIPALS[scorer.school.code]],
                    scorer_school=scorer.school,
                )
    # The leader trims one generous self score per school: the review is visible in the demo.
    for seat in seats:
        first = criteria[1]
        own = scoring_round.scores.get(seat=seat, stage=ClusterScore.Stage.SELF, criterion=first).points
        services.set_leader_score(
            scoring_round=scoring_round,
            seat_id=seat.pk,
            criterion_id=first.pk,
            points=str(max(Decimal(0), own - 1)),
            note="Tỷ lệ học sinh hoàn thành chương trình thấp hơn báo cáo.",
            user=leader,
        )
    services.leader_approve(scoring_round, user=leader)
    services.office_approve(scoring_round, user=office_user)
    services.publish_round(scoring_round, user=head)
    return scoring_round


def _flag_proposal(scoring_round: ScoringRound, users) -> None:
    """At the end of 2024-2025 the leader of Cụm 1 records the cluster's proposal for Cờ thi đua from
    the published ranking (Cụm 2's stays a proposal not yet recorded, as the office sees it)."""
    if FlagProposal.objects.filter(round=scoring_round).exists():
        return
    services.record_flag_proposal(
        scoring_round,
        note="Hội nghị tổng kết cụm ngày 28/5/2025 biểu quyết thống nhất 3/3 trường.",
        user=users[PRINCIPALS[scoring_round.cluster.leader.code]],
    )


def _mid_year(cluster, user) -> ScoringRound:
    existing = cluster.rounds.filter(name=MID_YEAR).first()
    if existing is not None:
        return existing
    return services.create_round(
        cluster,
        name=MID_YEAR,
        self_scoring_opens_on=date(2026, 1, 12),
        self_scoring_closes_on=date(2026, 1, 23),
        user=user,
    )


def load_demo(schools: dict, users: dict, evidence_for) -> dict:
    """`evidence_for(school_code, criterion)` gives the evidence snapshot a school attaches to a
    criterion that requires it (the school side makes real files). Returns the mid-year rounds."""
    mid_year = {}
    for year in ("2024-2025", "2025-2026"):
        # Each year's clusters belong to the office of that year: Phòng GDĐT quận Hà Đông until the
        # reform of 01/07/2025, Lê Quý Đôn's ward office after it.
        office = (
            Authority.objects.get(code="pgddt-hadong")
            if year == "2024-2025"
            else schools["lequydon"].authority
        )
        rubric = _rubric(office, year, users["phong.chuyenvien"])
        for spec in CLUSTERS:
            cluster = _cluster(office, year, spec, rubric, schools, users)
            end_of_year = _end_of_year(cluster, year, schools, users, evidence_for)
            if year == "2024-2025" and spec[0] == FLAG_PROPOSAL_CLUSTER:
                _flag_proposal(end_of_year, users)
            if year == "2025-2026":
                mid_year[spec[0]] = _mid_year(cluster, users["phong.chuyenvien"])
    return mid_year
