from django.urls import path

from line_oa import views, webhook

app_name = "line_oa"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("link/<str:token>/", views.link, name="link"),
    path("settings/<str:token>/", views.channel_settings, name="settings"),
]

# Outside the language prefixes (config/urls.py): LINE calls one fixed address.
webhook_urlpatterns = [path("line/webhook", webhook.webhook, name="line-webhook")]
