"""Forms of the coaches' progress reports. They only check input; pilots.services writes."""

import datetime

from django import forms
from django.forms import formset_factory
from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.thai_dates import quarter_months, year_label
from reports.models import ProgressReport
from reports.services import REPORT_FIELDS

ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"


class ReportStartForm(forms.Form):
    """The period to report on: a month or a quarter of a year."""

    period = forms.ChoiceField(
        label=_("Month or quarter"),
        help_text=_("Most reports are monthly; choose a quarter for a quarterly report."),
        error_messages={"required": _("Choose the month or quarter you report on."),
                        "invalid_choice": _("Choose the month or quarter you report on.")})
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int,
        error_messages={"required": _("Choose the year."),
                        "invalid_choice": _("Choose one of the years listed.")})

    def __init__(self, *args, first_year: int, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        months = [(f"month-{n}", formats.date_format(datetime.date(2000, n, 1), "F"))
                  for n in range(1, 13)]
        quarters = [(f"quarter-{n}", format_lazy(
            "{} ({})", _("Quarter %(number)s") % {"number": n}, quarter_months(n)))
            for n in range(1, 5)]
        self.fields["period"].choices = [("", _("Choose")), (_("Months"), months),
                                         (_("Quarters"), quarters)]
        last_year = max(today.year, first_year)
        self.fields["year"].choices = [(y, year_label(y))
                                       for y in range(last_year, min(first_year, today.year) - 1,
                                                      -1)]
        if not self.is_bound:  # most often: the month that has just ended
            previous = today.replace(day=1) - datetime.timedelta(days=1)
            self.initial.setdefault("period", f"month-{previous.month}")
            self.initial.setdefault("year", previous.year if previous.year >= first_year
                                    else today.year)

    def period_args(self) -> dict:
        """{"kind", "year", "number"} for services.report_start."""
        kind, number = self.cleaned_data["period"].split("-")
        return {"kind": kind, "year": self.cleaned_data["year"], "number": int(number)}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.ModelForm):
    """The report's text. Files are checked (type, content, size) by the service."""

    attachments = MultipleFileField(
        label=_("Add attachments"), required=False,
        help_text=_("PDF, JPEG, PNG or WebP files, at most 10 MB each. You can choose several "
                    "files at once."))

    class Meta:
        model = ProgressReport
        fields = REPORT_FIELDS
        labels = {
            "summary": _("Summary"),
            "activities": _("Activities done"),
            "aar_expected": _("What we expected"),
            "aar_happened": _("What happened"),
            "aar_better": _("What was better than expected"),
            "aar_suggestions": _("Suggestions"),
            "problems": _("Problems met"),
            "next_steps": _("Next steps"),
        }
        help_texts = {
            "summary": _("What happened in the pilot this period, in a few sentences. "
                         "Needed before you submit."),
            "activities": _("Meetings, trainings, visits and other work done this period."),
            "aar_expected": _("After Action Review: what did we set out to achieve?"),
            "problems": _("What got in the way, and what help the pilot needs."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in REPORT_FIELDS}

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class MeasurementForm(forms.Form):
    """One indicator's measurement; an empty value means “not measured this period”."""

    value = forms.DecimalField(label=_("Value"), required=False, max_digits=14,
                               decimal_places=2,
                               widget=forms.NumberInput(attrs={"step": "any",
                                                               "inputmode": "decimal"}))
    measured_on = forms.DateField(
        label=_("Measured on"), required=False,
        help_text=_("Leave empty for the last day of the period."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=2000,
                               help_text=_("Where the figure comes from, e.g. a weighbridge "
                                           "log or a survey."),
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicator, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.today = today
        self.fields["value"].label = format_lazy("{} ({})", _("Value"), indicator.unit)

    def clean(self):
        data = super().clean()
        value = data.get("value")
        if value is None and "value" not in self.errors and (
                data.get("measured_on") or (data.get("evidence") or "").strip()):
            self.add_error("value", _("Enter the value measured, or leave the date and "
                                      "evidence empty if it was not measured."))
        measured_on = data.get("measured_on")
        if measured_on and measured_on > self.today:
            self.add_error("measured_on", _("A measurement cannot be dated in the future."))
        return data

    def row(self) -> dict | None:
        if self.cleaned_data.get("value") is None:
            return None
        return {"indicator": self.indicator, "value": self.cleaned_data["value"],
                "measured_on": self.cleaned_data.get("measured_on"),
                "evidence": self.cleaned_data.get("evidence", "").strip()}


class BaseMeasurementFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicators, today: datetime.date, **kwargs):
        self.indicators = list(indicators)
        self.today = today
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.indicators)  # one row per indicator, whatever the form says

    def get_form_kwargs(self, index):
        return {"indicator": self.indicators[index], "today": self.today}

    def rows(self) -> list[dict]:
        return [row for row in (form.row() for form in self.forms) if row]


MeasurementFormSet = formset_factory(MeasurementForm, formset=BaseMeasurementFormSet, extra=0)


def measurement_initial(report: ProgressReport, indicators) -> list[dict]:
    """The draft's own measurements (already loaded), one row per indicator."""
    latest = {}
    for m in sorted(report.measurements.all(), key=lambda m: (m.measured_on, m.pk)):
        latest[m.indicator_id] = m
    initial = []
    for indicator in indicators:
        m = latest.get(indicator.pk)
        initial.append({"value": m.value, "measured_on": m.measured_on,
                        "evidence": m.evidence} if m else {})
    return initial


class ReportEditForms:
    """The report form and its measurement rows, bound and checked together."""

    def __init__(self, data=None, files=None, *, report: ProgressReport, indicators,
                 today: datetime.date):
        self.report = report
        self.form = ReportForm(data, files, instance=report, prefix="report")
        self.measurements = MeasurementFormSet(
            data, prefix="measurements", indicators=indicators, today=today,
            initial=measurement_initial(report, indicators))

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.measurements.is_valid()])

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def error_summary(self) -> list[dict]:
        """Every error, with the address of the field it belongs to."""
        items = []
        for name, errors in self.form.errors.items():
            field = self.form[name] if name in self.form.fields else None
            items += [{"anchor": field.auto_id if field else "",
                       "label": field.label if field else "", "message": m} for m in errors]
        if self.measurements.is_bound:
            items += [{"anchor": "measurements", "label": "", "message": m}
                      for m in self.measurements.non_form_errors()]
            for form in self.measurements.forms:
                for name, errors in form.errors.items():
                    field = form[name] if name in form.fields else None
                    items += [{"anchor": field.auto_id if field else "measurements",
                               "label": f"{form.indicator.name}: {field.label}" if field
                               else str(form.indicator.name),
                               "message": m} for m in errors]
        return items

    def add_service_errors(self, exc) -> None:
        """Put a services ValidationError next to the field it concerns."""
        if not hasattr(exc, "error_dict"):
            self.form.add_error(None, exc.messages)
            return
        for name, errors in exc.message_dict.items():
            if name in self.form.fields:
                self.form.add_error(name, errors)
            elif name in ("measurements", "measured_on", "value", "evidence", "indicator"):
                self.measurements._non_form_errors.extend(errors)
            else:
                self.form.add_error(None, errors)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=4000,
        help_text=_("The coach and the pilot's coordinator read your comment."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment.")})
