"""Forms of the learning pages: the area-management review (document 002) and the filters of the
review list and of the problems-and-recommendations page. They only check input; writes go
through pilots.services."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coaches.forms import MunicipalityField
from learning.area_form import SECTIONS, localized, short_title
from learning.models import Recommendation
from portal import clock
from portal.forms import YearField
from portal.models import Municipality, Province
from portal.thai_dates import BE_OFFSET


def year_label(year: int) -> str:
    """A Christian-era year with its Buddhist-era equivalent, e.g. “2026 (B.E. 2569)”."""
    return gettext("%(ce)s (B.E. %(be)s)") % {"ce": year, "be": year + BE_OFFSET}


def answer_field_name(section: str, row: str, field: str = "met") -> str:
    return f"{section}-{row}-{field}"


class AreaReviewForm(forms.Form):
    """The area, province and year, then the four tables of document 002.

    When an existing review is edited its area, province and year stay as they are (they
    identify the review: one per area and year), so those fields are left out.
    """

    area_name = forms.CharField(
        label=_("Area"), max_length=200,
        help_text=_("The sub-district, municipality or network the review covers, "
                    "e.g. ตำบลชมภู."),
        error_messages={"required": _("Enter the name of the area.")})
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"),
        empty_label=_("Choose the province"),
        error_messages={"required": _("Choose the province."),
                        "invalid_choice": _("Choose a province from the list.")})
    municipality = MunicipalityField(
        label=_("Municipality (optional)"), required=False,
        queryset=Municipality.objects.select_related("province").order_by("province__name_th",
                                                                          "name_th"),
        empty_label=_("No municipality"),
        help_text=_("The municipality that leads the area's work, if there is one."))
    year = YearField(
        label=_("Year of the review"),
        help_text=_("พ.ศ. or ค.ศ., e.g. 2569 or 2026."),
        error_messages={"required": _("Enter the year of the review.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4,
                                      "autocomplete": "off"}))

    def __init__(self, *args, user, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if review is not None:
            for name in ("area_name", "province", "year"):
                del self.fields[name]
            self.fields["municipality"].queryset = self.fields["municipality"].queryset.filter(
                province=review.province_id)
            self.initial["municipality"] = review.municipality_id
        else:
            self.initial.setdefault("year", clock.today().year)
            if not user.is_league_admin:
                province_id = user.municipality.province_id
                self.fields["province"].queryset = Province.objects.filter(pk=province_id)
                self.fields["province"].empty_label = None
                self.fields["province"].error_messages["invalid_choice"] = _(
                    "You can record reviews only for your own province.")
                self.fields["municipality"].queryset = self.fields[
                    "municipality"].queryset.filter(province=province_id)
                self.initial.setdefault("province", province_id)
                self.initial.setdefault("municipality", user.municipality_id)
        answers = review.answers if review is not None else {}
        self._layout = []
        for spec in SECTIONS:
            criteria = spec.get("criteria", [])
            choices = [(c["code"], gettext("Criterion %(number)s: %(text)s") % {
                "number": n, "text": localized(c)}) for n, c in enumerate(criteria, 1)]
            rows = []
            for row in spec["rows"]:
                given = (answers.get(spec["code"]) or {}).get(row["code"]) or {}
                met_name = None
                if criteria:
                    met_name = answer_field_name(spec["code"], row["code"])
                    self.fields[met_name] = forms.MultipleChoiceField(
                        label=localized(row), choices=choices, required=False,
                        widget=forms.CheckboxSelectMultiple)
                    self.initial.setdefault(met_name, given.get("met", []))
                text_names = []
                for extra in spec.get("extra_fields", []):
                    name = answer_field_name(spec["code"], row["code"], extra["code"])
                    self.fields[name] = forms.CharField(
                        label=localized(extra), required=False, max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 3}),
                        error_messages={"max_length": _(
                            "Write at most %(limit_value)d characters (it has "
                            "%(show_value)d).")})
                    self.initial.setdefault(name, given.get(extra["code"], ""))
                    text_names.append(name)
                rows.append({"row": row, "met": met_name, "texts": text_names})
            self._layout.append({"spec": spec, "rows": rows})

    def clean(self):
        data = super().clean()
        province = self.review.province if self.review is not None else data.get("province")
        municipality = data.get("municipality")
        if municipality and province and municipality.province_id != province.pk:
            self.add_error("municipality", _("This municipality is not in the chosen province."))
        return data

    def sections(self) -> list[dict]:
        """The tables to draw: sections, their criteria, and for each row its bound fields."""
        tables = []
        for item in self._layout:
            spec = item["spec"]
            tables.append({
                "code": spec["code"],
                "title": localized(spec, "title"),
                "short_title": short_title(spec["code"]),
                "criteria": [localized(c) for c in spec.get("criteria", [])],
                "fields": [localized(f) for f in spec.get("extra_fields", [])],
                "rows": [{
                    "code": row["row"]["code"],
                    "label": localized(row["row"]),
                    "met": self[row["met"]] if row["met"] else None,
                    "texts": [self[name] for name in row["texts"]],
                } for row in item["rows"]],
            })
        return tables

    def error_summary(self) -> list[dict]:
        """Every error, with the place it belongs to, for the summary at the top of the form."""
        items = [{"message": message} for message in self.non_field_errors()]
        labels = {}
        for table in self.sections():
            for row in table["rows"]:
                if row["met"] is not None:
                    labels[row["met"].name] = f"{table['title']}: {row['label']}"
                for field in row["texts"]:
                    labels[field.name] = f"{row['label']}: {field.label}"
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            for message in errors:
                items.append({"anchor": anchor, "label": labels.get(name, bound.label),
                              "message": message})
        return items

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for item in self._layout:
            section = answers.setdefault(item["spec"]["code"], {})
            for row in item["rows"]:
                answer = {"met": list(data.get(row["met"]) or []) if row["met"] else []}
                for name in row["texts"]:
                    answer[name.rsplit("-", 1)[1]] = data.get(name, "")
                section[row["row"]["code"]] = answer
        return answers


class AreaReviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(),
                                      to_field_name="code", required=False,
                                      empty_label=_("Any province"))

    def __init__(self, *args, years, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year"))] + [
            (year, year_label(year)) for year in years]
        self.fields["province"].queryset = provinces


class RecommendationFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", _("Any level")), *Recommendation.Level.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Recommendation.Status.choices])
    pilot = forms.ChoiceField(label=_("Pilot project"), required=False)

    def __init__(self, *args, pilots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].choices = [("", _("Any pilot"))] + [
            (pilot.code, f"{pilot.code} · {pilot.title}") for pilot in pilots]
