from django.urls import path

from pilots import views_learning, views_manage, views_pilots, views_reports

app_name = "pilots"

urlpatterns = [
    path("", views_pilots.pilot_list, name="list"),
    path("adopt/<str:practice_slug>/", views_pilots.adopt, name="adopt"),
    path("recommendations/", views_learning.recommendations, name="recommendations"),
    path("area-reviews/", views_learning.area_reviews, name="area-reviews"),
    path("area-reviews/new/", views_learning.area_review_edit, name="area-review-new"),
    path("area-reviews/<int:pk>/", views_learning.area_review_detail, name="area-review"),
    path("area-reviews/<int:pk>/edit/", views_learning.area_review_edit, name="area-review-edit"),
    path("reports/", views_reports.my_reports, name="my-reports"),
    path("reports/rates/", views_reports.reporting_rates, name="reporting-rates"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views_reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views_reports.report_submit, name="report-submit"),
    path("reports/<int:pk>/correct/", views_reports.report_correct, name="report-correct"),
    path("reports/<int:pk>/comment/", views_reports.report_comment, name="report-comment"),
    path("<str:slug>/report/", views_reports.report_start, name="report-start"),
    path("<str:slug>/manage/", views_manage.manage, name="manage"),
    path("<str:slug>/", views_pilots.pilot_detail, name="detail"),
]
