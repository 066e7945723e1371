from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from deliveries import services


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Signed link from the e-mail; confirming takes a click (POST), so mail scanners that
    open links do not confirm on the executive's behalf."""
    delivery = services.delivery_confirm(token) if request.method == "POST" else None
    if request.method == "GET":
        from django.core import signing

        try:
            signing.loads(token, salt=services.CONFIRM_SALT)
        except signing.BadSignature as error:
            raise Http404 from error
    elif delivery is None:
        raise Http404
    return render(request, "deliveries/confirm.html", {"delivery": delivery, "token": token})
