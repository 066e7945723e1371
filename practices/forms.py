from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import YearField
from portal.models import Municipality, Theme
from practices.models import Practice


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget",
                          MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class NominationForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality that runs the practice"),
        queryset=Municipality.objects.select_related("province").order_by("name_th"),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400,
        help_text=_("Separate tags with commas, e.g. ขยะมูลฝอย, ชุมชน"),
    )
    year_started = YearField(
        label=_("Year started"), required=False,
        help_text=_("พ.ศ. or ค.ศ., e.g. 2562 or 2019"),
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        help_text=_("PDF, JPEG, PNG or WebP; at most 10 MB each."),
    )

    class Meta:
        model = Practice
        fields = [
            "title_th", "title_en", "summary_th", "summary_en", "municipality", "themes",
            "problem_th", "approach_th", "results_th", "resources_th", "partners_th",
            "lessons_th", "transfer_conditions_th", "tags", "award", "year_started",
            "source_url", "contact_name", "contact_email", "contact_phone", "contact_consent",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["summary_th", "summary_en", "problem_th", "approach_th", "results_th",
                         "resources_th", "partners_th", "lessons_th", "transfer_conditions_th"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags.values_list("name", flat=True))

    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]

    def content(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items()
                if k not in ("themes", "tags", "attachments")}
        data["province"] = data["municipality"].province
        return data


class ReviewForm(forms.Form):
    ACTIONS = {
        "review": Practice.Status.IN_REVIEW,
        "publish": Practice.Status.PUBLISHED,
        "changes": Practice.Status.DRAFT,
        "reject": Practice.Status.REJECTED,
    }
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("review", _("Start review")), ("publish", _("Publish")),
                 ("changes", _("Ask for changes")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the nominator"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when asking for changes or rejecting."),
    )

    def status(self) -> str:
        return self.ACTIONS[self.cleaned_data["action"]]
