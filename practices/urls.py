from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("map/", views.practice_map, name="map"),
    path("feed/", views.LatestPracticesFeed(), name="feed"),
    path("nominate/", views.nominate, name="nominate"),
    path("mine/", views.my_nominations, name="my-nominations"),
    path("mine/<str:slug>/edit/", views.edit_nomination, name="edit"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<str:slug>/", views.review, name="review"),
    path("<str:slug>/", views.practice_detail, name="detail"),
]
