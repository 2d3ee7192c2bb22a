"""routing.issuer before the Law of 2022 (issue 15, item 4): a chain of titles checked in 2025 or 2026
reaches back to titles decided in 2023, and each link must have been given by a body entitled to
give it on its date. Under the Law of 2003 (amended 2013) and NĐ 91/2017 the district chair gave
LĐTT, CSTĐCS, TTLĐTT and Giấy khen to the schools a district ran, as DOMAIN.md §4 says of the time
before the reform; the exact article is not in the project's sources, so the record says so."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

OLD_LAW_FROM = date(2014, 6, 1)  # Luật 39/2013/QH13 amending the Law of 2003 in force
OLD_LAW_TO = date(2023, 12, 31)
LOCAL_TITLES = ["ldtt", "cstdcs", "ttldtt", "giay_khen"]
ROUTING_COMMON = {
    "ttldxs": ["chu_tich_ubnd_tinh"],
    "cstd_tinh": ["chu_tich_ubnd_tinh", "bo_truong"],
    "co_tinh": ["chu_tich_ubnd_tinh", "bo_truong"],
    "bk_tinh": ["chu_tich_ubnd_tinh"],
    "bk_bo": ["bo_truong"],
    "knc_gd": ["bo_truong"],
    "cstd_tq": ["thu_tuong"],
    "bk_ttg": ["thu_tuong"],
    "co_cp": ["thu_tuong"],
}
ALL_TITLES = [
    "ldtt", "cstdcs", "cstd_tinh", "cstd_tq", "ttldtt", "ttldxs", "co_tinh", "co_cp",
    "giay_khen", "bk_tinh", "bk_bo", "bk_ttg", "knc_gd",
]  # fmt: skip

RULES = [
    {
        "code": "routing.issuer",
        "position": 170,
        "titles": ALL_TITLES,
        "name": "Thẩm quyền quyết định khen thưởng theo thời điểm",
        "article": "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Nghị định 91/2017/NĐ-CP",
        "source_url": "https://thuvienphapluat.vn/hoi-dap-phap-luat/45A9C-hd-tieu-chuan-de-xet-tang-danh-hieu-chien-si-thi-dua-co-so.html",
        "effective_from": OLD_LAW_FROM,
        "effective_to": OLD_LAW_TO,
        "parameters": {
            "issuer_levels": {
                **{title: ["chu_tich_ubnd_huyen", "giam_doc_so"] for title in LOCAL_TITLES},
                **ROUTING_COMMON,
            }
        },
        "note": (
            "Trước khi Luật 2022 có hiệu lực, Chủ tịch UBND quận/huyện tặng LĐTT, CSTĐCS, TTLĐTT, Giấy khen "
            "cho trường do cấp huyện quản lý. Điều khoản cụ thể của Luật 2003 và ngày bắt đầu áp dụng "
            "chưa được đối chiếu nguyên văn [UNVERIFIED]."
        ),
    }
]


seed, unseed = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_routing_by_school_level")]

    operations = [migrations.RunPython(seed, unseed)]
