from django.urls import path

from deliveries import views

app_name = "deliveries"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
