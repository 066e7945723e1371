from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.my_reports, name="my-reports"),
    path("reports/rates/", views.reporting_rates, name="reporting-rates"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/correct/", views.report_correct, name="report-correct"),
    path("reports/<int:pk>/comment/", views.report_comment, name="report-comment"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report-publish"),
    path("<str:slug>/report/", views.report_start, name="report-start"),
]
