from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from portal.models import Municipality

CODE_PATTERN = r"^[A-Za-z]{1,10}-[0-9]{1,8}$"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


class AdoptForm(forms.Form):
    """Start a pilot project in a municipality from a published practice ("Adopt this practice")."""

    municipality = MunicipalityChoiceField(
        label=_("Adopting municipality"),
        queryset=Municipality.objects.select_related("province").order_by("name_th"),
        error_messages={"required": _("Choose the municipality that adopts the practice.")},
    )
    code = forms.CharField(
        label=_("Pilot code"), max_length=20,
        help_text=_("Letters, a hyphen and digits, e.g. YL-2026. It must not be in use."),
        validators=[RegexValidator(CODE_PATTERN, _(
            "Use letters, a hyphen and digits, e.g. YL-2026."))],
        error_messages={"required": _("Enter a code for the pilot project.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )
    title_th = forms.CharField(
        label=_("Title in Thai"), max_length=300, required=False,
        help_text=_("Leave empty to use the title of the practice."),
    )
    starts_on = forms.DateField(
        label=_("Start date"), required=False, widget=DateInput(),
        help_text=_("Leave empty if the date is not known yet."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if Pilot.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(
                _("The code %(code)s is already used by another pilot project."),
                code="taken", params={"code": code})
        return code

    def clean_title_th(self):
        return " ".join(self.cleaned_data["title_th"].split())
