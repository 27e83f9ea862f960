from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView

from departments.models import Department
from jobs.history import show_published_labels
from jobs.roles import shows_published


class DepartmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "departments.view_department"
    model = Department
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "department"

    def get_queryset(self):
        return Department.objects.select_related("parent", "head_position__reports_to").prefetch_related("duties", "policies")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.object
        positions = list(department.positions.visible_to(self.request.user).with_basics().order_by("tree_id", "lft"))
        if shows_published(self.request.user):
            show_published_labels([*positions, *(p.reports_to for p in positions), department.head_position])
        context.update(
            part={
                "department": department,
                "duty_groups": department.duty_groups(),
                "policies": department.policies.all(),
                **department.staffing(positions),
            },
            sub_departments=department.get_children(),
            ancestors=department.get_ancestors(),
        )
        return context
