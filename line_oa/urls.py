from django.urls import path

from line_oa import views, views_coach, webhook

app_name = "line_oa"

urlpatterns = [
    path("", views_coach.mine, name="mine"),
    path("invite/", views_coach.invite, name="invite"),
    path("link/<str:token>/", views.link, name="link"),
    path("settings/<str:token>/", views.channel_settings, name="settings"),
    path("email-off/<str:token>/", views.email_off, name="email-off"),
]

# Outside the language prefixes (config/urls.py): LINE calls one fixed address.
webhook_urlpatterns = [path("line/webhook", webhook.webhook, name="line-webhook")]
