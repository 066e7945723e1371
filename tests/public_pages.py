"""One address per public page type; the accessibility and HTML checks visit each of them."""

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/about/data/",
    "/en/about/data/",
    "/accounts/login/",
    "/accounts/signup/",
    "/en/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/confirm-email/",
]
