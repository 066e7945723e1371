from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("mine/", views.my_events, name="mine"),
    path("calendar.ics", views.feed_all, name="feed"),
    path("centres/<str:slug>/calendar.ics", views.feed_centre, name="centre-feed"),
    path("<str:slug>/", views.event_detail, name="detail"),
    path("<str:slug>/calendar.ics", views.feed_event, name="event-feed"),
    path("<str:slug>/register/", views.register, name="register"),
    path("<str:slug>/cancel/", views.cancel, name="cancel"),
    path("<str:slug>/attendance/", views.attendance, name="attendance"),
]
