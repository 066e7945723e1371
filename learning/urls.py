from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("recommendations/", views.recommendations, name="recommendations"),
    path("area-reviews/", views.area_reviews, name="area-reviews"),
    path("area-reviews/new/", views.area_review_edit, name="area-review-new"),
    path("area-reviews/<int:pk>/", views.area_review_detail, name="area-review"),
    path("area-reviews/<int:pk>/edit/", views.area_review_edit, name="area-review-edit"),
]
