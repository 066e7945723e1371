from django.urls import path

from pilots import views_manage, views_pilots

app_name = "pilots"

# Under /pilots/ after the reports' and the learning pages' paths (see config/urls.py): the
# last pattern takes any slug.
urlpatterns = [
    path("", views_pilots.pilot_list, name="list"),
    path("adopt/<str:practice_slug>/", views_pilots.adopt, name="adopt"),
    path("<str:slug>/manage/", views_manage.manage, name="manage"),
    path("<str:slug>/", views_pilots.pilot_detail, name="detail"),
]
