from django.urls import path

from coaches import views_own, views_public, views_review

app_name = "coaches"

urlpatterns = [
    path("", views_public.directory, name="directory"),
    path("coverage/", views_public.coverage_dashboard, name="coverage"),
    path("match/", views_review.match, name="match"),
    path("apply/", views_own.apply, name="apply"),
    path("me/", views_own.me, name="me"),
    path("me/edit/", views_own.edit, name="me-edit"),
    path("me/export/", views_own.export, name="me-export"),
    path("me/delete/", views_own.request_deletion, name="me-delete"),
    path("review/", views_review.review_queue, name="review-queue"),
    path("review/<int:pk>/", views_review.review, name="review"),
    path("deletions/", views_review.deletion_requests, name="deletion-requests"),
    path("<int:pk>/", views_public.coach_detail, name="detail"),
    path("<int:pk>/contact/", views_public.contact, name="contact"),
]
