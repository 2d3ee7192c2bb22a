"""An objection about a collective candidacy (the school or one of its departments) raised while the
proposed list was posted and not yet answered by the council blocks that candidacy, as a complaint under
review blocks a person's (issue 15, item 1; rule common.discipline covers persons). Emulation is public
and transparent (Law 06/2022 Art. 5), and nobody under complaint verification is commended (NĐ 98/2023
Art. 4): from the law's start, on both sides of 1 July 2025, which changed neither."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

COLLECTIVE_TITLES = ["ttldtt", "ttldxs", "co_tinh", "co_cp", "giay_khen", "bk_tinh", "bk_bo", "bk_ttg"]

RULES = [
    {
        "code": "common.collective_objection",
        "position": 131,
        "titles": COLLECTIVE_TITLES,
        "name": "Tập thể có ý kiến phản ánh khi công khai danh sách đề nghị, Hội đồng chưa trả lời",
        "article": "Điều 5 Luật Thi đua, khen thưởng 2022; Điều 4 Nghị định 98/2023/NĐ-CP",
        "source_url": "https://vietjack.me/phap-luat/luat-thi-dua-khen-thuong-2022/chuong-ii-761.html",
        "effective_from": date(2024, 1, 1),
        "effective_to": None,
        "parameters": {},
        "note": "Thi đua phải công khai, minh bạch; chưa khen thưởng khi đang xem xét, giải quyết khiếu nại.",
    }
]


seed, unseed = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_other_routes_and_giay_khen")]

    operations = [migrations.RunPython(seed, unseed)]
