from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.views.generic import RedirectView
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from departments.urls import urlpatterns as department_urls
from orgchart import notifications, tasks, views

admin.site.site_header = _("Organisation and job descriptions")
admin.site.site_title = _("Organisation and job descriptions")
admin.site.index_title = _("Administration")

class FaviconView(RedirectView):
    """Browsers (and the admin pages) ask for /favicon.ico; answer with our icon."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", login_not_required(FaviconView.as_view())),
    path("", views.HomeView.as_view(), name="home"),
    path("list/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("charts/departments.json", views.department_chart_json, name="department_chart_json"),
    path("charts/positions.json", views.position_chart_json, name="position_chart_json"),
    path("charts/positions/", views.PositionChartView.as_view(), name="position_chart"),
    path("quality/", views.QualityReportView.as_view(), name="quality_report"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("notifications/", notifications.my_notifications, name="my_notifications"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/status.json", tasks.task_status, name="task_status"),
    path("tasks/<int:pk>/download/", tasks.task_download, name="task_download"),
    path("tasks/<int:pk>/cancel/", tasks.task_cancel, name="task_cancel"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "departments/",
        include(([path("<str:code>/", views.DepartmentDetailView.as_view(), name="detail"), *department_urls], "departments")),
    ),
    path("", include("jobs.urls")),
    path("admin/", admin.site.urls),
]
