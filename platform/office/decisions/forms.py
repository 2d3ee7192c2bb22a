"""Forms of the decision pages. They only read what was typed; the rules are checked by the services,
whose refusals the views put back on the form."""

from django import forms

from office.accounts.selectors import schools_under_offices_of
from office.authorities.models import Authority
from office.core.search import MAX_SEARCH_LENGTH, search_words
from office.decisions.models import Decision
from office.decisions.selectors import issuer_choices
from office.rules.vocabulary import Title

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def _bootstrap(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class DecisionForm(forms.Form):
    issuer = forms.ModelChoiceField(label="Cơ quan ban hành", queryset=Authority.objects.none())
    number = forms.CharField(label="Số quyết định", max_length=64, help_text="Ví dụ 125/QĐ-UBND")
    signed_on = forms.DateField(
        label="Ngày ký",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 20/06/2025."},
    )
    school_year = forms.CharField(label="Năm học", max_length=9, help_text="Ví dụ 2024-2025")
    subject = forms.CharField(label="Trích yếu", max_length=500)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=255, help_text="Ví dụ KT. CHỦ TỊCH")
    signer_name = forms.CharField(label="Họ tên người ký", max_length=150)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Authority.objects.filter(pk__in=[a.pk for a in issuer_choices(user)])
        _bootstrap(self)

    @classmethod
    def for_decision(cls, decision: Decision, *, user, data=None):
        initial = {
            name: getattr(decision, name)
            for name in ("number", "signed_on", "school_year", "subject", "signer_title", "signer_name")
        }
        initial["issuer"] = decision.issuer_id
        return cls(data, user=user, initial=initial)


class LineForm(forms.Form):
    school = forms.ModelChoiceField(label="Trường", queryset=None)
    collective = forms.BooleanField(label="Khen tập thể trường", required=False)
    full_name = forms.CharField(label="Họ và tên", max_length=255, required=False)
    position = forms.CharField(label="Chức vụ", max_length=255, required=False)
    unit = forms.CharField(label="Đơn vị", max_length=255, required=False)
    title = forms.ChoiceField(label="Danh hiệu, hình thức", choices=Title.choices)
    achievement = forms.CharField(
        label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_under_offices_of(user)
        self.fields["school"].error_messages["invalid_choice"] = "Trường này không thuộc đơn vị của bạn."
        _bootstrap(self)


class DecisionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Trạng thái", choices=[("", "Mọi trạng thái"), *Decision.State.choices], required=False
    )
    school_year = forms.CharField(label="Năm học", max_length=9, required=False)
    q = forms.CharField(
        label="Tìm",
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Số, trích yếu, người hoặc trường, có dấu hoặc không"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_q(self) -> str:
        return search_words(self.cleaned_data["q"])
