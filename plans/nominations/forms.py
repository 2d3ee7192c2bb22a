from django import forms

from office.core.collation import by_person
from office.core.search import MAX_SEARCH_LENGTH, search_words
from office.rules.checker import ISSUER_LEVELS
from office.rules.vocabulary import Title
from plans.initiatives.models import Initiative
from plans.nominations.models import department_collective_name
from plans.staff.models import Department, Staff


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap classes on every widget, so the templates can render fields as they are."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class NominationFilterForm(BootstrapForm):
    school_year = forms.CharField(label="Năm học", required=False)
    title = forms.ChoiceField(
        label="Danh hiệu / hình thức", required=False, choices=[("", "Tất cả"), *Title.choices]
    )
    verdict = forms.ChoiceField(
        label="Kết quả kiểm tra",
        required=False,
        choices=[
            ("", "Tất cả"),
            ("met", "Đủ điều kiện"),
            ("not_met", "Chưa đủ điều kiện"),
            ("unknown", "Chưa đủ thông tin"),
        ],
    )
    q = forms.CharField(label="Tìm theo tên hoặc tổ", max_length=MAX_SEARCH_LENGTH, required=False)

    def clean_q(self) -> str:
        return search_words(self.cleaned_data["q"])


class NewNominationForm(BootstrapForm):
    staff = forms.ModelChoiceField(
        label="Cá nhân", queryset=Staff.objects.none(), required=False, empty_label="(tập thể)"
    )
    department = forms.ModelChoiceField(
        label="Tập thể", queryset=Department.objects.none(), required=False, empty_label="Tập thể trường"
    )
    title = forms.ChoiceField(label="Danh hiệu / hình thức", choices=Title.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.exclude(status=Staff.Status.LEFT).order_by(
            *by_person(), "pk"
        )
        self.fields["department"].queryset = Department.objects.all()
        self.fields["department"].label_from_instance = lambda d: department_collective_name(d.name)


class NominationForm(BootstrapForm):
    summary = forms.CharField(
        label="Tóm tắt thành tích (cột “Thành tích” của danh sách)", max_length=500, required=False
    )
    achievements = forms.CharField(
        label="Báo cáo thành tích – phần “Thành tích đạt được”",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    initiative = forms.ModelChoiceField(
        label="Sáng kiến dùng cho đề nghị này",
        queryset=Initiative.objects.none(),
        required=False,
        empty_label="Không dùng sáng kiến",
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            from plans.initiatives.selectors import recognized_initiatives

            ids = [i.pk for i in recognized_initiatives(staff)]
            self.fields["initiative"].queryset = Initiative.objects.filter(pk__in=ids)


class DossierForm(BootstrapForm):
    subject = forms.CharField(
        label="Trích yếu tờ trình",
        max_length=500,
        initial="Về việc đề nghị công nhận danh hiệu thi đua và khen thưởng năm học",
    )
    recipient = forms.CharField(label="Kính gửi", max_length=255)
    addressed_to_level = forms.ChoiceField(
        label="Cấp có thẩm quyền quyết định",
        choices=[("", "(chưa chọn)"), *ISSUER_LEVELS.items()],
        required=False,
    )
    review_round = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EvidenceLinkForm(forms.Form):
    evidence = forms.IntegerField(error_messages={"required": "Hãy chọn và tải tệp minh chứng lên trước."})
    label = forms.CharField(label="Mô tả minh chứng", max_length=255, required=False)
    nomination = forms.IntegerField(required=False)


class PostingForm(BootstrapForm):
    working_days = forms.IntegerField(
        label="Số ngày làm việc công khai", min_value=1, max_value=30, initial=5
    )
    note = forms.CharField(
        label="Nội dung thông báo",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="Cán bộ, giáo viên, nhân viên có ý kiến về danh sách đề nghị xin gửi trong thời gian công khai.",
    )


class ObjectionForm(BootstrapForm):
    nomination = forms.IntegerField(
        label="Người được đề nghị", error_messages={"required": "Hãy chọn người được đề nghị."}
    )
    reason = forms.CharField(
        label="Nội dung phản ánh",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Hãy ghi rõ nội dung phản ánh."},
    )
    evidence = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(BootstrapForm):
    decision = forms.ChoiceField(
        label="Kết luận của Hội đồng",
        choices=[("rejected", "Không chấp nhận"), ("accepted", "Chấp nhận")],
    )
    outcome = forms.ChoiceField(
        label="Hướng xử lý (khi chấp nhận)",
        required=False,
        choices=[
            ("", "(không)"),
            ("withdrawn", "Rút tên khỏi danh sách đề nghị"),
            ("changed", "Điều chỉnh đề nghị"),
        ],
    )
    answer = forms.CharField(
        label="Trả lời",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi nội dung trả lời của Hội đồng."},
    )


class OverrideForm(BootstrapForm):
    reason = forms.CharField(
        label="Lý do gửi trước khi hết thời gian công khai",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi rõ lý do gửi hồ sơ trước khi hết thời gian công khai."},
    )
