from django import forms

from office.core.collation import by_person
from plans.planning.models import Plan, PlanSection, PlanTask
from plans.staff.models import Staff

UPLOAD_EXTENSIONS = (".txt", ".docx")
MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp kế hoạch (.docx hoặc .txt)",
        error_messages={"required": "Hãy chọn tệp kế hoạch.", "empty": "Tệp rỗng, không có nội dung."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(
                "Chỉ nhận tệp .txt hoặc .docx. Tệp .doc cũ cần được lưu lại dưới dạng .docx trong Word."
            )
        if upload.size > MAX_PLAN_FILE_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 20 MB).")
        return upload


class PlanHeaderForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "parent_body",
            "issuing_body",
            "number",
            "place",
            "issued_on",
            "title",
            "year",
            "signer_prefix",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "issued_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "number": "Để trống để hệ thống cấp số khi ban hành.",
            "signer_prefix": "KT., TM., Q., TL., TUQ. hoặc để trống.",
        }


class PlanListsForm(forms.Form):
    basis_paragraphs = forms.CharField(
        label="Căn cứ", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    intro = forms.CharField(label="Mở đầu", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closing = forms.CharField(label="Đoạn kết", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def for_plan(cls, plan: Plan, data=None):
        initial = {name: "\n".join(getattr(plan, name)) for name in cls.base_fields}
        return cls(data=data, initial=initial)


class SectionForm(forms.ModelForm):
    class Meta:
        model = PlanSection
        fields = ["marker", "heading", "body"]
        widgets = {
            "heading": forms.TextInput(),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"body": "Mỗi dòng một đoạn; dòng bắt đầu bằng “- ” là gạch đầu dòng."}


class NewSectionForm(forms.Form):
    heading = forms.CharField(label="Tiêu đề mục mới", max_length=2000)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["year", "month", "text", "owner_staff", "owner_role"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_staff"].queryset = Staff.objects.order_by(*by_person(), "pk")
        self.fields["month"].widget = forms.Select(choices=[(m, f"Tháng {m:02d}") for m in range(1, 13)])


class CommentForm(forms.Form):
    text = forms.CharField(label="Góp ý", widget=forms.Textarea(attrs={"rows": 2}))
