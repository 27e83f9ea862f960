"""The department pages this app owns. ``orgchart.urls`` mounts them under ``departments/``
together with the department page (``departments:detail``), which joins positions."""
from django.urls import path

from departments import views

urlpatterns = [
    path("<str:code>/history/", views.department_history, name="history"),
    path("<str:code>/history/restore/", views.department_restore, name="restore"),
]
