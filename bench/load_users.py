"""The simulated people of bench/load.py, as locust users (run by it: `locust -f bench/load_users.py`).

Teachers, principals, office staff and cluster leaders sign in and do what they do in a working week,
each request named by its kind so the figures group per kind. Everything they need to know (hosts,
accounts, ids) comes from the scenario file bench/load.py writes ($LOAD_SCENARIO); every response time
is written, raw, to $LOAD_SAMPLES when the run stops, and bench/load.py computes the percentiles.

A request counts as an error when the platform answers with anything but what the page answers when
things go right: a form shown again instead of the redirect after saving is an error too.
"""

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

SCENARIO = json.loads(open(os.environ["LOAD_SCENARIO"], encoding="utf-8").read())
SAMPLES: list[tuple[str, float, int, float]] = []  # (kind, milliseconds, 1 if it failed, started at)
LOGIN = "/tai-khoan/dang-nhap/"
LOCATION_PK = re.compile(r"/(\d+)/$")
CHECKLIST_ITEM = re.compile(r'name="items"\s+value="([^"]+)"')
# A small PDF: the platform checks the first bytes of the declared type when the upload is confirmed.
EVIDENCE = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 400 + b"%%EOF\n"


@events.request.add_listener
def _sample(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((name, response_time, 1 if exception else 0, time.time() - response_time / 1000))


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump(SAMPLES, out)


class Person(HttpUser):
    """Someone who signs in on one host (a school's or the office's) and keeps their session."""

    abstract = True
    wait_time = between(1, 4)  # reading the page, typing
    counter = itertools.count()

    def on_start(self):
        self.number = next(type(self).counter)  # per kind of person: the n-th teacher, principal…
        self.account = self.pick_account()
        self.client.headers["Host"] = self.account["host"]
        self.get(LOGIN, "đăng nhập: trang")
        self.post(
            LOGIN,
            "đăng nhập: gửi",
            {"username": self.account["username"], "password": SCENARIO["password"]},
        )

    def pick_account(self) -> dict:
        raise NotImplementedError

    # --- requests that know what a good answer is ----------------------------------------------------

    def get(self, path: str, name: str, expect=(200,)):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} (mong đợi {expect})")
            return response

    def post(self, path: str, name: str, data=None, expect=(302,), **kwargs):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.referer(path)}
        with self.client.post(
            path, data=data, name=name, headers=headers, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} (mong đợi {expect})")
            return response

    def referer(self, path: str) -> str:
        return f"http://{self.account['host']}{path}"


class Teacher(Person):
    """Registers a target title on their own page and uploads evidence straight to object storage."""

    weight = 5
    counter = itertools.count()

    def pick_account(self):
        return SCENARIO["teachers"][self.number % len(SCENARIO["teachers"])]

    @task(3)
    def register(self):
        self.get("/thi-dua/dang-ky/cua-toi/", "giáo viên: trang đăng ký của tôi")
        choice = random.choice(SCENARIO["titles"])
        self.post(
            "/thi-dua/dang-ky/cua-toi/",
            "giáo viên: đăng ký danh hiệu",
            {"title": choice, "note": f"Đăng ký lần {random.randint(1, 99)}"},
        )

    @task(2)
    def upload_evidence(self):
        started = self.post(
            "/minh-chung/tai-len/",
            "giáo viên: xin tải minh chứng",
            json={
                "kind": "initiative",
                "filename": "sang-kien-kinh-nghiem.pdf",
                "content_type": "application/pdf",
                "size": len(EVIDENCE),
            },
            expect=(201,),
        )
        if started.status_code != 201:
            return
        upload = started.json()
        # Straight to the S3 server (moto), as the browser does: not a request to the platform.
        with self.client.post(
            upload["upload"]["url"],
            data=upload["upload"]["fields"],
            files={"file": ("sang-kien-kinh-nghiem.pdf", EVIDENCE, "application/pdf")},
            headers={"Host": SCENARIO["s3_host"]},
            name="S3 (moto): tải tệp lên",
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 201, 204):
                response.failure(f"{response.status_code}")
                return
        self.post(upload["complete_url"], "giáo viên: xác nhận minh chứng", expect=(200,))

    @task(1)
    def home(self):
        self.get("/", "giáo viên: trang chủ trường")


class Principal(Person):
    """Edits this year's draft plan, opens the nominations and prepares a dossier."""

    weight = 2
    counter = itertools.count()

    def pick_account(self):
        return SCENARIO["principals"][self.number % len(SCENARIO["principals"])]

    @task(3)
    def edit_plan(self):
        plan = self.account["plan"]
        self.get(f"/ke-hoach/{plan['id']}/", "hiệu trưởng: mở kế hoạch")
        section = random.choice(plan["sections"])
        self.get(f"/ke-hoach/{plan['id']}/muc/{section['id']}/sua/", "hiệu trưởng: mở mục kế hoạch")
        self.post(
            f"/ke-hoach/{plan['id']}/muc/{section['id']}/sua/",
            "hiệu trưởng: sửa mục kế hoạch",
            {
                "marker": section["marker"],
                "heading": section["heading"],
                "body": f"{section['body']}\n- Rà soát lần {random.randint(1, 999)}.",
            },
            expect=(200,),
        )

    @task(2)
    def open_nominations(self):
        self.get("/de-nghi/", "hiệu trưởng: danh sách đề nghị")
        self.get("/de-nghi/ho-so/", "hiệu trưởng: danh sách hồ sơ")

    @task(2)
    def prepare_dossier(self):
        dossier = self.account.get("dossier")
        if dossier is None:
            return self.open_nominations()
        created = self.post(
            "/de-nghi/ho-so/",
            "hiệu trưởng: lập hồ sơ",
            {
                "subject": f"Về việc đề nghị công nhận danh hiệu thi đua {dossier['subject_mark']}",
                "recipient": dossier["recipient"],
            },
        )
        match = LOCATION_PK.search(created.headers.get("Location", ""))
        if match is None:
            return
        pk = match.group(1)
        self.get(f"/de-nghi/ho-so/{pk}/", "hiệu trưởng: mở hồ sơ")
        # Two nominations of this principal's own share go in and come out again (the next dossier
        # takes them): removing one that did not go in answers 404, an error here.
        chosen = dossier["nominations"][self.number % len(dossier["nominations"])]
        self.post(
            f"/de-nghi/ho-so/{pk}/thao-tac/them/",
            "hiệu trưởng: đưa đề nghị vào hồ sơ",
            {"nominations": chosen},
        )
        for nomination in chosen:
            self.post(
                f"/de-nghi/ho-so/{pk}/thao-tac/bo/",
                "hiệu trưởng: bỏ đề nghị khỏi hồ sơ",
                {"nomination": nomination},
            )
        self.get(f"/de-nghi/ho-so/{pk}/van-ban/to-trinh.docx", "hiệu trưởng: tải tờ trình")


class OfficeStaff(Person):
    """Opens the dashboard and reviews what the schools sent up."""

    weight = 2
    counter = itertools.count()

    def pick_account(self):
        return SCENARIO["office"][self.number % len(SCENARIO["office"])]

    @task(2)
    def dashboard(self):
        self.get(f"/tong-quan/?nam_hoc={SCENARIO['school_year']}", "phòng: trang tổng quan")

    @task(3)
    def review(self):
        self.get("/tham-dinh/", "phòng: hộp hồ sơ")
        pk = random.choice(SCENARIO["submissions"])
        page = self.get(f"/tham-dinh/{pk}/", "phòng: thẩm định hồ sơ")
        items = sorted(set(CHECKLIST_ITEM.findall(page.text)))
        if items:
            self.post(
                f"/tham-dinh/{pk}/kiem-tra/",
                "phòng: lưu phiếu kiểm tra",
                {"items": random.sample(items, random.randint(0, len(items)))},
            )


class ClusterLeader(Person):
    """The principal who leads a cluster compares its schools, on the office's host."""

    weight = 1
    counter = itertools.count()

    def pick_account(self):
        return SCENARIO["cluster_leaders"][self.number % len(SCENARIO["cluster_leaders"])]

    @task
    def compare(self):
        self.get("/cum-thi-dua/so-sanh/", "trưởng cụm: danh sách cụm")
        cluster = random.choice(self.account["clusters"])
        self.get(f"/cum-thi-dua/{cluster}/so-sanh/", "trưởng cụm: so sánh cụm")
