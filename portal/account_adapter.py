"""How sign-in differs from django-allauth's defaults: what a locked-out person is told, and
what the operators see.

After 5 failed logins for an e-mail address in 5 minutes (LOGIN_FAILED_RATE_LIMIT), allauth
refuses even the right password for that address for the rest of the 5 minutes. That stops
guessing spread over many addresses, but anyone who knows an address can keep it locked. The
owner has a way in that a stranger has not: a password reset by e-mail lifts the lock at once
(allauth clears the address's failures when the reset succeeds). The message says so, and
each refusal is logged with the client address so that a source keeping accounts locked can
be found and blocked at the proxy.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("portal.accounts")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed login attempts. Try again in a few minutes, or reset your "
            "password: a password reset lifts this block at once."),
    }

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            # Not the e-mail address: to block the source, the log reader needs the client only.
            logger.warning("Login refused after too many failed attempts (client %s)",
                           self.get_client_ip(request))
            raise
