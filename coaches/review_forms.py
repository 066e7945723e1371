"""Forms of the League admins' side of the coach registry (review, certifications, matching)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coaches.models import LANGUAGE_CHOICES, Certification, Coach, DeletionRequest
from coaches.services import TRANSITIONS
from portal.models import Municipality, Region, Theme

STATUS_ALL = "all"


class QueueFilterForm(forms.Form):
    """The review queue's filters (GET). Invalid values fall back to the defaults."""

    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[*Coach.Status.choices, (STATUS_ALL, _("All statuses"))])
    region = forms.ModelChoiceField(
        label=_("Home region"), required=False, to_field_name="code",
        queryset=Region.objects.all(), empty_label=_("All regions"))
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=200)

    def params(self) -> dict:
        """What selectors.review_queue() expects: status (default "applied"), region code, q."""
        data = self.cleaned_data if self.is_valid() else {}
        region = data.get("region")
        return {"status": data.get("status") or Coach.Status.APPLIED,
                "region": region.code if region else "", "q": data.get("q", "")}


class DecisionForm(forms.Form):
    """Move a coach to one of the statuses the lifecycle allows from the current one."""

    status = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a decision."),
            "invalid_choice": _("That decision is not possible for a coach with the current "
                                "status; choose one of the options shown."),
        })
    note = forms.CharField(
        label=_("Note to the coach"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting an application. The coach receives it by e-mail."))

    def __init__(self, *args, coach: Coach, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[Coach.Status(coach.status)]
        self.fields["status"].choices = [(s.value, s.label) for s in Coach.Status
                                         if s in allowed]


class CertificationForm(forms.Form):
    issuer = forms.ChoiceField(label=_("Issuer"), choices=Certification.Issuer.choices)
    issuer_name = forms.CharField(
        label=_("Issuer name"), required=False, max_length=200,
        help_text=_("Required for a university or another issuer, e.g. มหาวิทยาลัยสงขลานครินทร์."))
    title = forms.CharField(label=_("Certificate"), max_length=300)
    issued_on = forms.DateField(label=_("Issued on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label=_("Expires on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Leave empty if the certificate does not expire."))
    file = forms.FileField(
        label=_("Copy of the certificate"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
        help_text=_("Optional. PDF, JPEG, PNG or WebP; at most 10 MB."))

    def clean(self):
        data = super().clean()
        needs_name = {Certification.Issuer.UNIVERSITY, Certification.Issuer.OTHER}
        if data.get("issuer") in needs_name and not data.get("issuer_name", "").strip():
            self.add_error("issuer_name", _("Name the university or the issuing body."))
        return data

    def certification_data(self) -> dict:
        return {name: self.cleaned_data[name]
                for name in ("issuer", "issuer_name", "title", "issued_on", "expires_on")}


class DeletionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(DeletionRequest.Outcome.DELETED, _("Delete the coach's data")),
                 (DeletionRequest.Outcome.DECLINED, _("Decline the request"))],
        error_messages={"required": _("Choose a decision.")})
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining: say why. Deleting cannot be undone; "
                    "the request stays in the log."))


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


class MatchForm(forms.Form):
    municipality = MunicipalityChoiceField(
        label=_("Municipality that needs a coach"),
        queryset=Municipality.objects.select_related("province").order_by("name_th"),
        empty_label=_("Choose a municipality"),
        error_messages={"required": _("Choose the municipality that needs a coach."),
                        "invalid_choice": _("Choose a municipality from the list.")})
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="code",
        empty_label=_("Choose a theme"),
        error_messages={"required": _("Choose the theme the municipality needs help with."),
                        "invalid_choice": _("Choose a theme from the list.")})
    language = forms.ChoiceField(
        label=_("Language (optional)"), required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
        help_text=_("Coaches who speak it rank higher, for example for a partner city abroad."),
        error_messages={"invalid_choice": _("Choose a language from the list.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (get_language() or "th").startswith("en"):  # list in the order the reader reads
            field = self.fields["municipality"]
            field.queryset = field.queryset.order_by("name_en", "name_th")
