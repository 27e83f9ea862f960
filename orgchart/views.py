"""Site-wide pages that join departments and positions."""
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView

from orgchart.structure import department_tree_with_positions


class HomeView(PermissionRequiredMixin, TemplateView):
    """The organisation at a glance: every department, its positions and their 定员."""

    permission_required = "departments.view_department"

    template_name = "orgchart/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = department_tree_with_positions()
        return context
