"""Forms of the coach registry: the application / profile form and the coach's own requests.

The profile is one Django form for the coach's own fields plus three formsets (languages,
training history, home executives). The forms only check input; every write goes through
coaches.services.
"""

import re

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coaches.models import LANGUAGE_CHOICES, Coach, CoachLanguage, HomeExecutive, TransferTool
from portal.forms import YearField
from portal.models import Municipality, Province, Region, Theme
from portal.uploads import MAX_PHOTO_BYTES, attachment_kind

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s-]+$")
PHOTO_ACCEPT = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def mark_optional(form: forms.BaseForm, *, skip=()) -> None:
    """Say “(optional)” in the label of each field that may be left empty."""
    for name, field in form.fields.items():
        if not field.required and name not in skip and not isinstance(
                field, forms.BooleanField):
            field.label = format_lazy("{} {}", field.label, _("(optional)"))


class MunicipalityChoiceIterator(ModelChoiceIterator):
    """Municipalities grouped by province (<optgroup>), so a long list stays usable."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for municipality in self.queryset:
            groups.setdefault(municipality.province.name, []).append(self.choice(municipality))
        if _english():  # the queryset is in Thai order
            groups = {name: sorted(options, key=lambda o: o[1].casefold())
                      for name, options in sorted(groups.items(), key=lambda g: g[0].casefold())}
        yield from groups.items()


class MunicipalityField(forms.ModelChoiceField):
    iterator = MunicipalityChoiceIterator

    def label_from_instance(self, obj):
        return obj.name


class CoachProfileForm(forms.ModelForm):
    """The coach's own fields: used to apply and, pre-filled, to edit."""

    photo = forms.FileField(
        label=_("Photo"), required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("JPEG, PNG or WebP; at most 2 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False,
                                      label_suffix="")
    home_municipality = MunicipalityField(
        label=_("Home municipality"),
        queryset=Municipality.objects.select_related("province").order_by("province__name_th",
                                                                          "name_th"),
        empty_label=_("Choose your municipality"),
        help_text=_("Municipalities are grouped by province."),
        error_messages={"required": _("Choose your home municipality.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Expertise (themes)"), queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme of expertise.")},
    )
    tools = forms.ModelMultipleChoiceField(
        label=_("Transfer tools you have mastered"), queryset=TransferTool.objects.all(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    service_regions = forms.ModelMultipleChoiceField(
        label=_("Regions you are willing to serve"), queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Choosing a region means any province in it."),
    )
    service_provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces you are willing to serve"),
        queryset=Province.objects.select_related("region").order_by("region__sort_order",
                                                                    "region__code", "name_th"),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Or choose single provinces, grouped by region."),
    )
    availability_days = forms.IntegerField(
        label=_("Availability (days per month)"), min_value=0, max_value=31, initial=0,
        help_text=_("How many days a month you could coach another municipality (0–31)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Personal data you agree to show publicly"), choices=Coach.CONSENT_FIELDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Under the Personal Data Protection Act (PDPA) we show none of your personal data "
            "unless you tick it here. Your expertise, tools, the area you serve and your "
            "availability are shown once the League approves you, without your name. Showing "
            "your home municipality also shows its province and region. You can change these "
            "choices at any time; a change shows everywhere on the portal at once."),
    )

    class Meta:
        model = Coach
        fields = [
            "name_th", "name_en", "position", "home_municipality", "phone", "email",
            "themes", "tools", "other_tools", "service_regions", "service_provinces",
            "availability_days", "bio_th", "bio_en", "public_fields",
        ]
        labels = {
            "name_th": _("Name and surname (Thai)"),
            "name_en": _("Name and surname (English)"),
            "position": _("Position"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "other_tools": _("Other tools"),
            "bio_th": _("Short bio (Thai)"),
            "bio_en": _("Short bio (English)"),
        }
        help_texts = {
            "name_en": _("Shown on the English pages."),
            "position": _("Your position at your municipality, e.g. policy and plan analyst."),
            "phone": _("Digits, spaces, dashes and +, e.g. 081-234-5678."),
            "email": _("The League writes to you here about your application."),
            "other_tools": _("Tools not in the list, separated by commas."),
            "bio_th": _("A few sentences about your work and what you can help with."),
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                            "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name_th": forms.TextInput(attrs={"autocomplete": "name"}),
            "bio_th": forms.Textarea(attrs={"rows": 4}),
            "bio_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]
        mark_optional(self, skip=("public_fields",))

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if not phone:
            return ""
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE_CHARACTERS.match(phone) or not 9 <= digits <= 15:
            raise forms.ValidationError(
                _("Enter a phone number of 9 to 15 digits, e.g. 081-234-5678 or +66 81 234 5678."),
                code="phone")
        return phone

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            attachment_kind(photo, kinds=("image",), max_bytes=MAX_PHOTO_BYTES)
        return photo

    def clean_public_fields(self) -> list[str]:
        chosen = set(self.cleaned_data.get("public_fields") or [])
        return [code for code, _label in Coach.CONSENT_FIELDS if code in chosen]

    def province_groups(self) -> list[dict]:
        """The province checkboxes, grouped by region for the template."""
        groups: list[dict] = []
        for option in self["service_provinces"]:
            region = option.data["value"].instance.region
            if not groups or groups[-1]["region"] != region:
                groups.append({"region": region, "options": [], "selected": 0})
            groups[-1]["options"].append(option)
            groups[-1]["selected"] += bool(option.data["selected"])
        if _english():  # the queryset is in Thai order
            for group in groups:
                group["options"].sort(key=lambda o: str(o.choice_label).casefold())
        return groups

    def profile_data(self) -> dict:
        """The coach's own fields, as coaches.services expects them."""
        from coaches.services import PROFILE_FIELDS

        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}

    def relations(self) -> dict:
        return {
            "themes": list(self.cleaned_data["themes"]),
            "tools": list(self.cleaned_data["tools"]),
            "regions": list(self.cleaned_data["service_regions"]),
            "provinces": list(self.cleaned_data["service_provinces"]),
        }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"),
                                 choices=[("", _("Choose a language")), *LANGUAGE_CHOICES])
    level = forms.ChoiceField(label=_("Level"),
                              choices=[("", _("Choose a level")), *CoachLanguage.Level.choices])


class OptionalMarked(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_optional(self)


class TrainingForm(OptionalMarked):
    name = forms.CharField(label=_("Course or programme"), max_length=300,
                           help_text=_("e.g. DELGOSEA coach cohort"))
    provider = forms.CharField(label=_("Organised by"), max_length=200, required=False)
    year = YearField(label=_("Year"), required=False,
                     help_text=_("พ.ศ. or ค.ศ., e.g. 2562 or 2019"),
                     widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class ExecutiveForm(OptionalMarked):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.ChoiceField(label=_("Position"),
                                 choices=[("", _("Choose a position")),
                                          *HomeExecutive.Position.choices])
    position_other = forms.CharField(label=_("Position, if other"), max_length=200,
                                     required=False)
    email = forms.EmailField(label=_("E-mail"))
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for reports"), initial="th",
        choices=[("th", _("Thai")), ("en", _("English"))])

    def clean(self):
        data = super().clean()
        if data.get("position") == HomeExecutive.Position.OTHER and not (
                data.get("position_other") or "").strip():
            self.add_error("position_other", _("Say which position this is."))
        elif data.get("position") and data["position"] != HomeExecutive.Position.OTHER:
            data["position_other"] = ""
        if data.get("email"):
            data["email"] = data["email"].strip().lower()
        return data


class RowsFormSet(forms.BaseFormSet):
    """Rows left blank are ignored; a row ticked “Remove” is dropped."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove this row")
            form.fields[forms.formsets.DELETION_FIELD_NAME].label_suffix = ""

    def rows(self) -> list[dict]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]


class LanguageFormSet(RowsFormSet):
    def clean(self):
        if any(self.errors):
            return
        languages = [row["language"] for row in self.rows()]
        if len(set(languages)) != len(languages):
            raise forms.ValidationError(_("Each language may be listed once."),
                                        code="duplicate")


class ExecutiveFormSet(RowsFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _(
            "Name at least one home executive (for example the mayor or the municipal clerk) "
            "to receive your progress reports."),
    }

    def clean(self):
        if any(self.errors):
            return
        emails = [row["email"] for row in self.rows()]
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("Each executive needs a different e-mail."),
                                        code="duplicate")


def _formset(form, base, *, extra, min_num=0):
    return forms.formset_factory(
        form, formset=base, extra=extra, min_num=min_num, validate_min=bool(min_num),
        max_num=20, validate_max=True, can_delete=True, can_delete_extra=False,
    )


LanguageRows = _formset(LanguageForm, LanguageFormSet, extra=2)
TrainingRows = _formset(TrainingForm, RowsFormSet, extra=2)
ExecutiveRows = _formset(ExecutiveForm, ExecutiveFormSet, extra=1, min_num=1)


ROW_TITLES = {
    "languages": _("Language %(number)s"),
    "trainings": _("Training %(number)s"),
    "executives": _("Home executive %(number)s"),
}


class ProfileForms:
    """The profile form and its three formsets, bound and checked together."""

    def __init__(self, data=None, files=None, *, coach: Coach | None = None,
                 initial: dict | None = None):
        self.coach = coach
        self.form = CoachProfileForm(data, files, instance=coach, initial=initial)
        rows = {"languages": [], "trainings": [], "executives": []}
        if coach is not None:
            rows["languages"] = [{"language": r.language, "level": r.level}
                                 for r in coach.languages.all()]
            rows["trainings"] = [{"name": r.name, "provider": r.provider, "year": r.year}
                                 for r in coach.trainings.all()]
            rows["executives"] = [
                {"name": r.name, "position": r.position, "position_other": r.position_other,
                 "email": r.email, "preferred_language": r.preferred_language}
                for r in coach.executives.all()]
        self.languages = LanguageRows(data, prefix="languages", initial=rows["languages"])
        self.trainings = TrainingRows(data, prefix="trainings", initial=rows["trainings"])
        self.executives = ExecutiveRows(data, prefix="executives", initial=rows["executives"])
        self.formsets = [self.languages, self.trainings, self.executives]

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def error_summary(self) -> list[dict]:
        """Every error, with the address of the field or row it belongs to."""
        items = []
        for name, errors in self.form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS:
                items += [{"anchor": "", "label": "", "message": m} for m in errors]
                continue
            field = self.form[name]
            items += [{"anchor": field.auto_id, "label": field.label, "message": m}
                      for m in errors]
        for formset in self.formsets:
            if not formset.is_bound:
                continue
            items += [{"anchor": f"{formset.prefix}-rows", "label": "", "message": m}
                      for m in formset.non_form_errors()]
            for index, form in enumerate(formset.forms):
                row = ROW_TITLES[formset.prefix] % {"number": index + 1}
                for name, errors in form.errors.items():
                    field = form[name] if name in form.fields else None
                    items += [{"anchor": field.auto_id if field else f"{formset.prefix}-{index}",
                               "label": f"{row}: {field.label}" if field else row,
                               "message": m}
                              for m in errors]
        return items

    def add_service_errors(self, exc) -> None:
        """Put a services ValidationError next to the field it concerns."""
        targets = {"languages": self.languages, "trainings": self.trainings,
                   "executives": self.executives}
        if not hasattr(exc, "error_dict"):
            self.form.add_error(None, exc.messages)
            return
        for field, errors in exc.message_dict.items():
            if field in self.form.fields:
                self.form.add_error(field, errors)
            elif field in targets:
                targets[field]._non_form_errors.extend(errors)
            else:
                self.form.add_error(None, errors)

    def relations(self) -> dict:
        return {
            **self.form.relations(),
            "languages": self.languages.rows(),
            "trainings": self.trainings.rows(),
            "executives": self.executives.rows(),
        }


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("You do not have to give a reason; it helps the League improve."),
    )
