"""The other routes to a Bằng khen, the Giấy khen, and how a form with several routes is decided
(issue 15, item 3; DOMAIN.md §1.3).

- Bằng khen of the MOET Minister (Điều 9 Thông tư 29/2023/TT-BGDĐT): besides route d of Art. 74.1
  (rule bk.route_d), outstanding results in a movement launched by the Prime Minister or the Minister,
  tasks with sector-wide influence for 3 years (assigned by the PM) or 5 years (by the Minister), and
  an irregular (đột xuất) achievement. The platform holds the movements its offices launch and each
  person's award history, not a person's results in a national movement, the tasks a minister assigned,
  or what makes an achievement irregular: the checker says which it cannot know and what to attach.
- A Bằng khen for a collective: DOMAIN.md gives no criteria; the rule says so.
- Giấy khen (Art. 75.1 of the Law of 2022 names only who may issue it): its detailed criteria were not
  found, so the platform checks only the cross-cutting rules (discipline, one achievement one form,
  the issuer entitled on the date) and its own rule says what it cannot know.
- routes.any_of: which rules of a form are alternative routes, so that a nomination passes when any
  route is met and shows each route's answer. A table, not a condition.

Data written out here, as in 0002, so the migration keeps doing what it did on the day it was written."""

from datetime import date

from django.db import migrations

from office.rules.seeding import rule_seeding

LAW_2022_FROM = date(2024, 1, 1)
TT29_FROM = date(2024, 2, 15)  # Thông tư 29/2023/TT-BGDĐT in force
TT29_SOURCE = (
    "http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/58377/"
    "tieu-chuan-nhan-bang-khen-cua-bo-truong-bo-gd-dt-doi-voi-ca-nhan"
)
TT29_ARTICLE = "Điều 9 Thông tư 29/2023/TT-BGDĐT"

RULES = [
    {
        "code": "routes.any_of",
        "position": 75,
        "titles": ["bk_tinh", "bk_bo"],
        "name": "Hình thức có nhiều trường hợp xét: đạt khi đáp ứng một trong các trường hợp",
        "article": "Điều 74 Luật Thi đua, khen thưởng 2022; Điều 9 Thông tư 29/2023/TT-BGDĐT",
        "source_url": TT29_SOURCE,
        "effective_from": LAW_2022_FROM,
        "parameters": {
            "routes": {
                "bk_tinh": ["bk.route_d"],
                "bk_bo": ["bk.route_d", "bk_bo.movement", "bk_bo.long_task", "bk_bo.irregular"],
            }
        },
        "note": "Bảng tra, không phải điều kiện: các quy tắc liệt kê cho một hình thức là các trường hợp thay thế nhau.",
    },
    {
        "code": "bk_bo.movement",
        "position": 81,
        "titles": ["bk_bo"],
        "name": "Bằng khen Bộ trưởng Bộ GDĐT (trường hợp a): thành tích xuất sắc trong phong trào thi đua do Thủ tướng hoặc Bộ trưởng phát động",
        "article": TT29_ARTICLE,
        "source_url": TT29_SOURCE,
        "effective_from": TT29_FROM,
        "parameters": {"launchers": ["thu_tuong", "bo_truong"]},
        "note": "Hệ thống lưu phong trào do cơ quan quản lý phát động và lịch sử khen thưởng, không lưu kết quả của cá nhân trong phong trào do Thủ tướng, Bộ trưởng phát động: trả lời “chưa đủ dữ liệu” và nêu minh chứng cần có.",
    },
    {
        "code": "bk_bo.long_task",
        "position": 82,
        "titles": ["bk_bo"],
        "name": "Bằng khen Bộ trưởng Bộ GDĐT (trường hợp b): thực hiện nhiệm vụ có ảnh hưởng trong ngành từ 3 năm (Thủ tướng giao) hoặc 5 năm (Bộ trưởng giao)",
        "article": TT29_ARTICLE,
        "source_url": TT29_SOURCE,
        "effective_from": TT29_FROM,
        "parameters": {"years_assigned_by_pm": 3, "years_assigned_by_minister": 5},
        "note": "Hệ thống không lưu nhiệm vụ do Thủ tướng, Bộ trưởng giao; chỉ kết luận “không đạt” khi thời gian công tác còn ngắn hơn số năm ít nhất.",
    },
    {
        "code": "bk_bo.irregular",
        "position": 83,
        "titles": ["bk_bo"],
        "name": "Bằng khen Bộ trưởng Bộ GDĐT (trường hợp c): lập được thành tích đột xuất",
        "article": TT29_ARTICLE,
        "source_url": TT29_SOURCE,
        "effective_from": TT29_FROM,
        "parameters": {},
        "note": "Thành tích đột xuất do Hội đồng TĐKT đánh giá theo báo cáo thành tích đột xuất; số hiệu mẫu báo cáo theo NĐ 98/2023 chưa đối chiếu [UNVERIFIED] (NĐ 91/2017: Mẫu 06).",
    },
    {
        "code": "bk.collective",
        "position": 84,
        "titles": ["bk_tinh", "bk_bo"],
        "name": "Bằng khen cấp bộ, tỉnh cho tập thể",
        "article": "Điều 74 Luật Thi đua, khen thưởng 2022; Điều 9 Thông tư 29/2023/TT-BGDĐT (tiêu chuẩn cho tập thể: không tìm thấy nguồn)",
        "source_url": TT29_SOURCE,
        "effective_from": LAW_2022_FROM,
        "parameters": {},
        "note": "Không tìm thấy nguồn công khai nêu tiêu chuẩn Bằng khen cho tập thể (DOMAIN.md §1.3 chỉ có tiêu chuẩn cho cá nhân): trả lời “chưa đủ dữ liệu” thay vì đoán.",
    },
    {
        "code": "giay_khen.criteria",
        "position": 85,
        "titles": ["giay_khen"],
        "name": "Giấy khen: tiêu chuẩn chi tiết",
        "article": "Khoản 1 Điều 75 Luật Thi đua, khen thưởng 2022 (thẩm quyền tặng); tiêu chuẩn chi tiết: không tìm thấy nguồn",
        "source_url": "https://vi.wikisource.org/wiki/Trang:Cong_bao_Chinh_phu_571_572_nam_2022.pdf/56",
        "effective_from": LAW_2022_FROM,
        "parameters": {},
        "note": "DOMAIN.md §1.3: tiêu chuẩn chi tiết của Giấy khen không tìm thấy. Hệ thống chỉ kiểm tra các quy tắc chung (kỷ luật, khiếu nại; một thành tích một hình thức; thẩm quyền theo ngày) và nói rõ phần Hội đồng phải tự đối chiếu.",
    },
]


# The cluster's proposal from its ranking (issue 15, item 3): the forms proposed for the top schools,
# in order. Cluster guidance (1479/HD-BTĐKT, 2016) has clusters review and propose Cờ thi đua; the order
# here is one cluster's practice (Ninh Thuận, Cụm số 4: the MOET Cờ for the top school, the UBND tỉnh
# Cờ for the next), so the record says it is practice, not law, and an office changes the ladder.
RULES.append(
    {
        "code": "cluster.flag_proposal",
        "position": 200,
        "titles": ["co_tinh"],
        "name": "Cụm thi đua đề nghị Cờ thi đua cho các trường dẫn đầu theo kết quả xếp hạng",
        "article": (
            "Hướng dẫn 1479/HD-BTĐKT ngày 25/7/2016 của Ban Thi đua – Khen thưởng Trung ương (cụm, khối "
            "thi đua bình xét, đề nghị Cờ thi đua); thực tiễn Cụm thi đua số 4 – Sở GDĐT Ninh Thuận "
            "(đề nghị Cờ thi đua của Bộ GDĐT cho trường dẫn đầu, Cờ thi đua của UBND tỉnh cho trường kế tiếp)"
        ),
        "source_url": (
            "http://baoninhthuan.com.vn/news/100527p1c28/cum-thi-dua-so-4thuoc-so-giao-duc-va-dao-tao-tong-"
            "ket-cong-tac-thi-dua-khen-thuong-nam-hoc-20172018.htm"
        ),
        "effective_from": date(2016, 7, 25),
        "parameters": {
            "ladder": [
                {
                    "label": "Cờ thi đua của Bộ Giáo dục và Đào tạo",
                    "title": "co_tinh",
                    "issuer_level": "bo_truong",
                },
                {
                    "label": "Cờ thi đua của Ủy ban nhân dân tỉnh/thành phố",
                    "title": "co_tinh",
                    "issuer_level": "chu_tich_ubnd_tinh",
                },
            ]
        },
        "note": (
            "Bảng tra, không phải điều kiện. Thứ tự đề nghị theo thực tiễn của một cụm, quy chế cụm của từng "
            "địa phương quyết định [UNVERIFIED]; đề nghị Bằng khen cho trường kế tiếp không có nguồn nên không "
            "đưa vào. Cơ quan quản lý sửa danh sách ladder bằng phiên bản điều chỉnh của mình."
        ),
    }
)


seed, unseed = rule_seeding(RULES)


class Migration(migrations.Migration):
    dependencies = [("rules", "0005_tie_break")]

    operations = [migrations.RunPython(seed, unseed)]
