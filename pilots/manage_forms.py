"""Forms of the pilot management page (League admins and the pilot's coordinator).

Every form takes `page` (the records already loaded for the page, see views_manage) so its
choices come from those records: no extra query, and no record of another pilot can be chosen.
The forms only read and check input; the view hands the cleaned data to pilots.services.
"""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from coaches.models import Coach
from coaches.services import LISTED
from pilots.models import Assignment, LogframeNode, Pilot
from portal import clock
from portal.models import User


def date_field(label, *, required=True, help_text="", initial=None):
    # A browser date picker sends and expects ISO dates, whatever the page's language.
    return forms.DateField(label=label, required=required, help_text=help_text, initial=initial,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


def text_area(label, *, required=False, rows=3, help_text="", max_length=None):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}))


def amount_field(label, *, required=True, help_text=""):
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              help_text=help_text)


def short(text: str, length: int = 80) -> str:
    return Truncator(" ".join(text.split())).chars(length)


class ManageForm(forms.Form):
    """Base: knows the loaded page; `prefix` keeps field ids unique across the page's forms."""

    prefix_name = ""

    def __init__(self, *args, page, **kwargs):
        kwargs.setdefault("prefix", self.prefix_name)
        self.page = page
        super().__init__(*args, **kwargs)

    @staticmethod
    def pick(choices_by_id: dict, value, message):
        """Turn a chosen id back into the loaded record (or None for an empty choice)."""
        if value in ("", None):
            return None
        try:
            return choices_by_id[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(message, code="invalid_choice") from None


# Pilot details (League admins only) -----------------------------------------------------------

class CoordinatorField(forms.EmailField):
    """The coordinator is chosen by the e-mail address of their portal account."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active portal account uses this e-mail address. Ask the coordinator to "
                  "sign up first."), code="unknown")
        return user


class PilotDetailsForm(ManageForm):
    prefix_name = "details"

    status = forms.ChoiceField(label=_("Status"), choices=Pilot.Status.choices)
    starts_on = date_field(_("Starts on"), required=False)
    ends_on = date_field(_("Ends on"), required=False)
    coordinator = CoordinatorField(
        label=_("Coordinator's e-mail address"), required=False,
        help_text=_("The e-mail address of the municipal coordinator's portal account. "
                    "Leave empty for no coordinator."))
    budget = amount_field(_("Budget (baht)"), required=False)
    is_public = forms.BooleanField(
        label=_("Public: anyone can see this pilot and its submitted reports"), required=False)
    objectives_th = text_area(_("Objectives (Thai)"), rows=4)
    objectives_en = text_area(_("Objectives (English)"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pilot = self.page.pilot
        if not self.is_bound:
            self.initial = {
                "status": pilot.status, "starts_on": pilot.starts_on, "ends_on": pilot.ends_on,
                "coordinator": pilot.coordinator.email if pilot.coordinator_id else "",
                "budget": pilot.budget, "is_public": pilot.is_public,
                "objectives_th": pilot.objectives_th, "objectives_en": pilot.objectives_en,
            }

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("The budget cannot be negative."), code="negative")
        return budget

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


# Coaches ---------------------------------------------------------------------------------------

def coach_label(coach: Coach) -> str:
    home = coach.home_municipality
    return f"{coach.public_name()} — {home.name} ({home.province.name})"


class AssignmentForm(ManageForm):
    prefix_name = "coach"

    coach = forms.ChoiceField(
        label=_("Coach"),
        help_text=_("Approved and active coaches who are not yet on this pilot, with their "
                    "home municipality."),
        error_messages={
            "required": _("Choose a coach."),
            "invalid_choice": _("Only an approved or active coach who is not yet on this "
                                "pilot can be assigned; choose one from the list."),
        })
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices,
                             initial=Assignment.Role.COACH)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), required=False,
                         help_text=_("Leave empty while the assignment is open-ended."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Loaded once into a list: one query to show the choices and to check the answer.
        self.coaches = {coach.pk: coach for coach in (
            Coach.objects.filter(status__in=LISTED)
            .exclude(pk__in=[a.coach_id for a in self.page.assignments])
            .select_related("home_municipality__province").order_by("name_th", "id"))}
        self.fields["coach"].choices = [
            ("", _("Choose a coach")),
            *[(coach.pk, coach_label(coach)) for coach in self.coaches.values()]]

    def clean_coach(self):
        return self.pick(self.coaches, self.cleaned_data["coach"],
                         self.fields["coach"].error_messages["invalid_choice"])


# Logical framework -----------------------------------------------------------------------------

PARENT_GROUPS = [
    (LogframeNode.Level.GOAL, _("Goals (parents of a purpose)")),
    (LogframeNode.Level.PURPOSE, _("Purposes (parents of an output)")),
    (LogframeNode.Level.OUTPUT, _("Outputs (parents of an activity)")),
]


def node_label(node: LogframeNode) -> str:
    return f"{node.get_level_display()}: {short(node.text_th)}"


class LogframeNodeForm(ManageForm):
    prefix_name = "logframe"

    level = forms.ChoiceField(label=_("Level"), choices=LogframeNode.Level.choices)
    parent = forms.ChoiceField(
        label=_("Belongs under"), required=False,
        help_text=_("A purpose belongs under a goal, an output under a purpose, an activity "
                    "under an output. A goal belongs under nothing."))
    text_th = text_area(_("Statement (Thai)"), required=True, rows=2)
    text_en = text_area(_("Statement (English)"), rows=2)
    assumptions = text_area(_("Assumptions"), rows=2)
    risks = text_area(_("Risks"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [(label, [(node.pk, node_label(node)) for node in self.page.nodes
                           if node.level == level]) for level, label in PARENT_GROUPS]
        self.fields["parent"].choices = [("", _("Nothing (a goal)")),
                                         *[group for group in groups if group[1]]]

    def clean_parent(self):
        return self.pick({node.pk: node for node in self.page.nodes},
                         self.cleaned_data["parent"], _("Choose an item from the list."))


# Indicators and measurements -------------------------------------------------------------------

class IndicatorForm(ManageForm):
    prefix_name = "indicator"

    name_th = forms.CharField(label=_("Indicator (Thai)"), max_length=300)
    name_en = forms.CharField(label=_("Indicator (English)"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40,
                           help_text=_("For example: tonnes a day, households, per cent."))
    baseline = amount_field(_("Baseline"))
    target = amount_field(_("Target"),
                          help_text=_("May be below the baseline, e.g. less waste."))
    starts_on = date_field(_("Baseline date"))
    due_on = date_field(_("Due date"), help_text=_("When the target should be reached."))
    verification = text_area(_("Means of verification"), rows=2)
    node = forms.ChoiceField(label=_("Logical framework item"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("None")),
                                       *[(node.pk, node_label(node)) for node in self.page.nodes]]

    def clean_node(self):
        return self.pick({node.pk: node for node in self.page.nodes},
                         self.cleaned_data["node"], _("Choose an item from the list."))


class MeasurementForm(ManageForm):
    prefix_name = "measurement"

    indicator = forms.ChoiceField(label=_("Indicator"))
    value = amount_field(_("Value"))
    measured_on = date_field(_("Measured on"), initial=clock.today)
    evidence = text_area(_("Evidence"), rows=2,
                         help_text=_("Where the figure comes from, e.g. the weighbridge log."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            ("", _("Choose an indicator")),
            *[(item.pk, f"{short(item.name_th)} ({item.unit})") for item in self.page.indicators]]

    def clean_indicator(self):
        indicator = self.pick({item.pk: item for item in self.page.indicators},
                              self.cleaned_data["indicator"], _("Choose an indicator."))
        if indicator is None:
            raise forms.ValidationError(_("Choose an indicator."), code="required")
        return indicator


# Learning: study visits with their AAR, SWOT, adaptations ---------------------------------------

class StudyVisitForm(ManageForm):
    prefix_name = "visit"

    visited_on = date_field(_("Date"))
    place = forms.CharField(label=_("Place visited"), max_length=300)
    expected = text_area(_("What did we expect?"), required=True)
    happened = text_area(_("What happened?"), required=True)
    better_than_expected = text_area(_("What was better than expected?"))
    suggestions = text_area(_("What do we suggest for next time?"))


class SwotForm(ManageForm):
    prefix_name = "swot"

    strengths = text_area(_("Strengths"), rows=4)
    weaknesses = text_area(_("Weaknesses"), rows=4)
    opportunities = text_area(_("Opportunities"), rows=4)
    threats = text_area(_("Threats"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        swot = self.page.swot
        if swot is not None and not self.is_bound:
            self.initial = {name: getattr(swot, name) for name in self.fields}


class AdaptationForm(ManageForm):
    prefix_name = "adaptation"

    change = text_area(_("What was adapted?"), required=True, rows=2)
    reason = text_area(_("Why?"), rows=2)
