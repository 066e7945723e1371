from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/<str:slug>/", views.partner_detail, name="partner"),
    path("centres/<str:slug>/", views.centre_detail, name="centre"),
]
