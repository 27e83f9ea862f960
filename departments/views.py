"""A department's change history. The department page itself joins positions and lives with the
site (``orgchart.views.DepartmentDetailView``); its URL keeps the name ``departments:detail``."""
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from departments.history import department_as_of, department_versions, diff_department_snapshots
from departments.models import Department
from departments.services import restore_department_version
from kernel.history import compare_versions
from kernel.shortcuts import get_by_code_or_404


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
