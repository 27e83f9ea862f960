from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView

from departments.models import Department


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
