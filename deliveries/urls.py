from django.urls import path

from deliveries import views, views_optout

app_name = "deliveries"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("opt-out/<str:token>/", views_optout.opt_out, name="opt-out"),
    path("brief/<int:pk>/<slug:language>/", views.report_brief, name="brief"),
    path("copy/<str:token>/", views.copy_brief, name="copy"),
]
