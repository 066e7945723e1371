from django import forms
from django.utils.translation import gettext_lazy as _

from portal import clock
from portal.models import Municipality, User
from portal.thai_dates import to_christian_year


class SignupExtraForm(forms.Form):
    """Fields asked at sign-up on top of e-mail and password (django-allauth calls signup())."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    municipality = forms.ModelChoiceField(
        label=_("Your municipality"),
        queryset=Municipality.objects.select_related("province").order_by("name_th"),
        required=False,
        help_text=_("Leave empty if you do not work for a municipality."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for e-mails"),
        choices=User._meta.get_field("preferred_language").choices,
        initial="th",
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.municipality = self.cleaned_data["municipality"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.role = User.Role.STAFF
        user.save()


class YearField(forms.IntegerField):
    """A year in either era: Thai users often type 2562 for 2019."""

    def clean(self, value):
        year = super().clean(value)
        if year is None:
            return None
        year = to_christian_year(year)
        if not 1900 <= year <= clock.today().year:
            raise forms.ValidationError(
                _("Enter a year between 1900 and this year (พ.ศ. or ค.ศ.)."), code="year_range"
            )
        return year
