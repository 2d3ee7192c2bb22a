from django.urls import path

from office.tokens import api, views

app_name = "tokens"

urlpatterns = [
    path("tai-khoan/khoa-api/", views.token_list, name="list"),
    path("tai-khoan/khoa-api/tao/", views.token_create, name="create"),
    path("tai-khoan/khoa-api/<uuid:uid>/thu-hoi/", views.token_revoke, name="revoke"),
    path("api/v1/tokens/", api.ApiTokenListView.as_view(), name="api-list"),
    path("api/v1/tokens/<uuid:uid>/", api.ApiTokenDetailView.as_view(), name="api-detail"),
]
