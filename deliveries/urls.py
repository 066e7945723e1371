from django.urls import path

from deliveries import views, views_optout, views_reading

app_name = "deliveries"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("opt-out/<str:token>/", views_optout.opt_out, name="opt-out"),
    path("brief/<int:pk>/<slug:language>/", views.report_brief, name="brief"),
    path("copy/<str:token>/", views.copy_brief, name="copy"),
    path("read/<str:token>/", views_reading.read_report, name="read"),
    path("read/<str:token>/files/<int:pk>/", views_reading.read_file, name="read-file"),
    path("read/<str:token>/brief/<slug:language>/", views_reading.read_brief,
         name="read-brief"),
]
