from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("<str:code>/", views.DepartmentDetailView.as_view(), name="detail"),
]
