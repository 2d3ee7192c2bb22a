"""routing.issuer learns the school levels the Sở runs (issue 11, item 4): a THPT school and, from
01/07/2025, a GDNN-GDTX centre send LĐTT, CSTĐCS, TTLĐTT and Giấy khen to the Sở's director
(Law 2022 Art. 80.1, Art. 75.1.c); a liên cấp school's answer stays for staff to confirm. What the
project's domain notes (DOMAIN.md §4) do not source is marked [UNVERIFIED] in the answer itself."""

from datetime import date

from django.db import migrations

LAW_2022_FROM = date(2024, 1, 1)
REFORM_FROM = date(2025, 7, 1)
LOCAL_TITLES = ["ldtt", "cstdcs", "ttldtt", "giay_khen"]
SO_ARTICLE = "khoản 1 Điều 80, điểm c khoản 1 Điều 75 Luật Thi đua, khen thưởng 2022 (Giám đốc Sở)"
THPT_NOTE = (
    "Trường THPT do Sở GDĐT quản lý: Giám đốc Sở tặng LĐTT, CSTĐCS, TTLĐTT, Giấy khen cho đơn vị "
    "thuộc Sở; TTLĐXS, CSTĐ cấp tỉnh, Bằng khen, Cờ thi đua của thành phố do Chủ tịch UBND thành phố. "
    "Văn bản quy định Sở quản lý trường THPT chưa được đối chiếu [UNVERIFIED]"
)
LIEN_CAP_NOTE = (
    "Trường liên cấp: cơ quan quản lý tùy các cấp học của trường; chưa có nguồn về cơ quan quản lý "
    "trường liên cấp [UNVERIFIED], cán bộ cần xác nhận"
)

BY_SCHOOL_LEVEL = {
    LAW_2022_FROM: {
        "thpt": {
            "issuer_levels": {title: ["giam_doc_so"] for title in LOCAL_TITLES},
            "note": THPT_NOTE,
            "article": SO_ARTICLE,
        },
        "gdtx": {
            "issuer_levels": {title: ["chu_tich_ubnd_huyen", "giam_doc_so"] for title in LOCAL_TITLES},
            "note": (
                "Trung tâm GDNN-GDTX chỉ chuyển về Sở GDĐT từ 01/7/2025; cơ quan quản lý của từng trung tâm "
                "trước đó (UBND quận/huyện hay Sở) chưa được đối chiếu [UNVERIFIED], cán bộ cần xác nhận"
            ),
            "unsettled": True,
        },
        "lien_cap": {
            "issuer_levels": {title: ["chu_tich_ubnd_huyen", "giam_doc_so"] for title in LOCAL_TITLES},
            "note": LIEN_CAP_NOTE,
            "unsettled": True,
        },
    },
    REFORM_FROM: {
        "thpt": {
            "issuer_levels": {title: ["giam_doc_so"] for title in LOCAL_TITLES},
            "note": THPT_NOTE,
            "article": SO_ARTICLE,
        },
        "gdtx": {
            "issuer_levels": {title: ["giam_doc_so"] for title in LOCAL_TITLES},
            "note": (
                "Từ 01/7/2025 trung tâm GDNN-GDTX thuộc Sở GDĐT: Giám đốc Sở tặng LĐTT, CSTĐCS, TTLĐTT, "
                "Giấy khen; TTLĐXS, CSTĐ cấp tỉnh, Bằng khen của thành phố do Chủ tịch UBND thành phố"
            ),
            "article": SO_ARTICLE,
        },
        "lien_cap": {
            "issuer_levels": {title: ["chu_tich_ubnd_xa", "giam_doc_so"] for title in LOCAL_TITLES},
            "note": LIEN_CAP_NOTE,
            "unsettled": True,
        },
    },
}


def add_school_levels(apps, schema_editor):
    RuleVersion = apps.get_model("rules", "RuleVersion")
    for effective_from, by_level in BY_SCHOOL_LEVEL.items():
        for version in RuleVersion.objects.filter(
            code="routing.issuer", effective_from=effective_from, authority=None
        ):
            version.parameters = {**version.parameters, "by_school_level": by_level}
            version.save(update_fields=["parameters"])


def remove_school_levels(apps, schema_editor):
    RuleVersion = apps.get_model("rules", "RuleVersion")
    for version in RuleVersion.objects.filter(code="routing.issuer", authority=None):
        parameters = dict(version.parameters)
        parameters.pop("by_school_level", None)
        version.parameters = parameters
        version.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_rules")]

    operations = [migrations.RunPython(add_school_levels, remove_school_levels)]
