"""Reading an uploaded plan as an import job (plans.imports, kind "plan"): once, in the worker, with
the bounded reader. Nothing is saved: the parsed plan waits in the job's result for the person to
review it (plans.planning.views.import_review_page)."""

from .parser import parse_plan
from .reader import read_plan_source


def read_plan_for_review(data: bytes, *, filename: str, user, progress, finish) -> None:
    progress(10, "Đang đọc tệp")
    source = read_plan_source(filename, data)
    progress(60, "Đang nhận diện các mục, căn cứ và phụ lục tiến độ")
    parsed = parse_plan(source)  # refuses a file that is not a plan before it is staged
    finish(
        {
            "filename": filename,
            "encoding": source.encoding,
            "summary": parsed.summary(),
            "plan": parsed.as_data(),
        }
    )
