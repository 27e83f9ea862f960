from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("<str:code>/", views.DepartmentDetailView.as_view(), name="detail"),
    path("<str:code>/history/", views.department_history, name="history"),
    path("<str:code>/history/restore/", views.department_restore, name="restore"),
]
