from django.urls import path

from office.authorities import views

app_name = "authorities"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.node, name="node"),
    path("<int:pk>/ky-danh-gia/", views.evaluation_period, name="evaluation-period"),
    path("truong-moi/", views.school_new, name="school-new"),
    path("truong/<slug:code>/", views.school_detail, name="school"),
    path("truong/<slug:code>/chuyen/", views.school_move, name="school-move"),
]
