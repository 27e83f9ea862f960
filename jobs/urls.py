from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.PositionListView.as_view(), name="position_list"),
    path("<str:code>/", views.PositionDetailView.as_view(), name="position_detail"),
]
