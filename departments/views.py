from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from departments.history import department_as_of, department_versions, diff_department_snapshots
from departments.models import Department
from departments.services import restore_department_version
from jobs.history import show_published_labels
from jobs.roles import shows_published
from orgchart.history import compare_versions
from orgchart.shortcuts import get_by_code_or_404


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


@permission_required("departments.change_department", raise_exception=True)
def department_history(request, code):
    """Versions of a department (who, when, why) and the difference between any two of them."""
    department = get_by_code_or_404(Department, code)
    history = compare_versions(
        department_versions(department), request.GET, partial(department_as_of, department), diff_department_snapshots
    )
    return render(request, "departments/department_history.html", {"department": department, **history})


@require_POST
@permission_required("departments.change_department", raise_exception=True)
def department_restore(request, code):
    department = get_by_code_or_404(Department, code)
    try:
        number = int(request.POST.get("version", ""))
        restore_department_version(department=department, number=number, user=request.user)
    except ValueError:
        messages.error(request, _("There is no such version to restore."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(number)s restored.") % {"number": number})
    return redirect("departments:history", code=code)
