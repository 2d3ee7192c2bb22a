"""Rule 14 of DOMAIN.md §7 (issue 15, item 3): when candidates are tied, priority goes to women and to
collectives with at least 70 % women; the leadership tenure required of a female leader is reduced by
one third. NĐ 98/2023 Art. 4 said so from 1 January 2024; NĐ 152/2025 Art. 4 restates it from 1 July
2025 (DOMAIN.md §1.4), so the record has two versions meeting on that day, each citing its decree.

The rule is not a condition of any title: the review rounds and the office's consolidated list read it
to order tied candidates (office.rules.checker.tie_priority). The platform keeps no record of how long
anyone has held a leadership post, so the tenure reduction is a parameter nothing applies yet, and the
rule's answer says so (office.rules.checker.leader_tenure_answer)."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

LAW_2022_FROM = date(2024, 1, 1)
BEFORE_REFORM_TO = date(2025, 6, 30)
REFORM_FROM = date(2025, 7, 1)
ALL_TITLES = [
    "ldtt", "cstdcs", "cstd_tinh", "cstd_tq", "ttldtt", "ttldxs", "co_tinh", "co_cp",
    "giay_khen", "bk_tinh", "bk_bo", "bk_ttg", "knc_gd",
]  # fmt: skip
NAME = "Ưu tiên khi bằng nhau: nữ, tập thể có tỷ lệ nữ từ 70% trở lên; giảm 1/3 thời gian giữ chức vụ của nữ lãnh đạo"
TENURE_NOTE = (
    " Nền tảng không lưu thời gian giữ chức vụ lãnh đạo của cán bộ và không kiểm tra điều kiện thời gian giữ "
    "chức vụ ở danh hiệu, hình thức nào, nên tham số giảm 1/3 chưa được áp dụng tự động: cán bộ TĐKT xem xét."
)

RULES = [
    {
        "code": "common.tie_break",
        "position": 145,
        "titles": ALL_TITLES,
        "name": NAME,
        "article": "Điều 4 Nghị định 98/2023/NĐ-CP",
        "source_url": "https://lawnet.vn/judgment/en/tin-tuc/the-latest-form-of-achievement-report-requesting-commendation-for-individuals-9658",
        "effective_from": LAW_2022_FROM,
        "effective_to": BEFORE_REFORM_TO,
        "parameters": {
            "prefer_women": True,
            "female_collective_min_share": 0.7,
            "female_leader_tenure_reduction": [1, 3],
            "short_article": "NĐ 98/2023 Điều 4",
        },
        "note": "Khi các trường hợp bằng nhau (cùng số phiếu), ưu tiên nữ và tập thể có từ 70% nữ trở lên."
        + TENURE_NOTE,
    },
    {
        "code": "common.tie_break",
        "position": 145,
        "titles": ALL_TITLES,
        "name": NAME,
        "article": "Điều 4 Nghị định 152/2025/NĐ-CP",
        "source_url": "https://news.laodong.vn/thoi-su/muc-tien-thuong-voi-danh-hieu-lao-dong-tien-tien-sau-sap-nhap-1622713.ldo",
        "effective_from": REFORM_FROM,
        "effective_to": None,
        "parameters": {
            "prefer_women": True,
            "female_collective_min_share": 0.7,
            "female_leader_tenure_reduction": [1, 3],
            "short_article": "NĐ 152/2025 Điều 4",
        },
        "note": "DOMAIN.md §1.4: NĐ 152/2025 nhắc lại các nguyên tắc của Điều 4 NĐ 98/2023; nguồn chỉ xác nhận "
        "nguyên văn nguyên tắc thứ nhất, nguyên tắc ưu tiên nữ được giữ nguyên tham số [UNVERIFIED]."
        + TENURE_NOTE,
    },
]


seed, unseed = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_routing_before_2024")]

    operations = [migrations.RunPython(seed, unseed)]
