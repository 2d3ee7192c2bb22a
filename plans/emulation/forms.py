from django import forms

from office.rules.vocabulary import Rating, Title
from plans.emulation.models import CouncilMember, ReviewRound
from plans.emulation.services import (
    COLLECTIVE_FORMS,
    COLLECTIVE_TARGETS,
    INDIVIDUAL_FORMS,
    INDIVIDUAL_TARGETS,
)

DATE_WIDGET = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy"}}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates can render fields as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (
                f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"
            )


def _choices(titles) -> list[tuple[str, str]]:
    return [(t.value, Title(t).label) for t in titles]


class CampaignForm(StyledForm):
    school_year = forms.CharField(label="Năm học", max_length=9, help_text="Ví dụ: 2025-2026.")
    opens_on = forms.DateField(label="Ngày mở đăng ký", widget=forms.DateInput(**DATE_WIDGET))
    deadline = forms.DateField(
        label="Hạn đăng ký",
        widget=forms.DateInput(**DATE_WIDGET),
        help_text="Ngày cuối cùng cán bộ, giáo viên tự đăng ký được.",
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(StyledForm):
    deadline = forms.DateField(label="Hạn đăng ký mới", widget=forms.DateInput(**DATE_WIDGET))


class RegistrationForm(StyledForm):
    title = forms.ChoiceField(label="Danh hiệu thi đua đăng ký", choices=_choices(INDIVIDUAL_TARGETS))
    award_forms = forms.MultipleChoiceField(
        label="Hình thức khen thưởng đề nghị",
        choices=_choices(INDIVIDUAL_FORMS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CollectiveForm(StyledForm):
    title = forms.ChoiceField(label="Danh hiệu thi đua tập thể", choices=_choices(COLLECTIVE_TARGETS))
    award_forms = forms.MultipleChoiceField(
        label="Hình thức khen thưởng đề nghị",
        choices=_choices(COLLECTIVE_FORMS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewNoteForm(StyledForm):
    note = forms.CharField(label="Ý kiến", required=False, max_length=1000)


class RoundForm(StyledForm):
    school_year = forms.CharField(label="Năm học", max_length=9, help_text="Ví dụ: 2025-2026.")
    name = forms.CharField(label="Tên đợt bình xét", max_length=255, required=False)
    method = forms.ChoiceField(label="Hình thức biểu quyết", choices=ReviewRound.Method.choices)
    min_approval_share = forms.DecimalField(
        label="Tỷ lệ phiếu đồng ý tối thiểu",
        min_value=0.01,
        max_value=1,
        decimal_places=3,
        initial=0.5,
        localize=True,
        help_text="Từ 0,01 đến 1; 0,5 nghĩa là từ 50% số người biểu quyết trở lên.",
    )
    quorum = forms.IntegerField(
        label="Số người biểu quyết tối thiểu", min_value=0, initial=0, help_text="0: không đặt mức tối thiểu."
    )
    meeting_at = forms.DateTimeField(
        label="Thời gian họp",
        required=False,
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    meeting_place = forms.CharField(label="Địa điểm họp", max_length=255, required=False)
    locality = forms.CharField(
        label="Địa danh ghi trên biên bản", max_length=120, required=False, help_text="Ví dụ: Hà Đông."
    )
    content = forms.CharField(
        label="Nội dung cuộc họp (ghi vào biên bản)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundSettingsForm(RoundForm):
    """The same fields once the round exists: its year and voting method are fixed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["school_year"]
        del self.fields["method"]


class CandidateForm(StyledForm):
    staff = forms.IntegerField(label="Cán bộ", required=False, help_text="Để trống: tập thể nhà trường.")
    title = forms.ChoiceField(label="Danh hiệu đề nghị", choices=Title.choices)


class VoteCountForm(StyledForm):
    agree = forms.IntegerField(label="Đồng ý", min_value=0)
    disagree = forms.IntegerField(label="Không đồng ý", min_value=0)
    abstain = forms.IntegerField(label="Không biểu quyết", min_value=0, required=False, initial=0)
    total_voters = forms.IntegerField(label="Tổng số người biểu quyết", min_value=1)


COUNCIL_ROLE_CHOICES = [("", "— không tham gia —"), *CouncilMember.Role.choices]
RATING_CHOICES = [("", "— chưa xếp loại —"), *Rating.choices]
