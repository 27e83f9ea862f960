from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from jobs.models import Education, JobLevel, StandardPosition


class DepartmentTreeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, department):
        return f"{'　' * department.level}{department.name}"


class PositionFilterForm(forms.Form):
    """Search and filters of the position list; the department filter covers its subtree."""

    q = forms.CharField(label=_("Search"), required=False)
    company = forms.ModelChoiceField(
        label=_("company"), required=False, to_field_name="code",
        queryset=Department.objects.companies(), empty_label=_("All companies"),
    )
    department = DepartmentTreeChoiceField(
        label=_("department"), required=False, to_field_name="code",
        queryset=Department.objects.order_by("tree_id", "lft"), empty_label=_("All departments"),
    )
    level = forms.ModelChoiceField(
        label=_("job level"), required=False, to_field_name="code", queryset=JobLevel.objects.all(),
        empty_label=_("All levels"),
    )
    standard = forms.ModelChoiceField(
        label=_("standard position"), required=False, to_field_name="code", queryset=StandardPosition.objects.all(),
        empty_label=_("All standard positions"),
    )
    education = forms.TypedChoiceField(
        label=_("education at least"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any education"))] + [(value, label) for value, label in Education.choices if value],
    )

    def __init__(self, *args, published_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if published_only:  # a standard never published shows on no page a reader of published versions sees
            self.fields["standard"].queryset = StandardPosition.objects.filter(version__gt=0)

    def search_text(self):
        """The words searched for, once the form is valid; empty otherwise."""
        return self.cleaned_data["q"].strip() if self.is_bound and self.is_valid() else ""

    def filter(self, positions, audience):
        """The ``positions`` that match, searched as ``audience`` (a ``jobs.publication.Audience``) sees them."""
        if not self.is_bound or not self.is_valid():
            return positions
        data = self.cleaned_data
        if data["q"]:
            positions = audience.search(positions, data["q"].strip())
        if data["company"]:  # its own departments: a subsidiary's positions are the subsidiary's
            positions = positions.filter(department__in=Department.objects.of_company(data["company"]))
        if data["department"]:
            positions = positions.in_department_tree(data["department"])
        if data["level"]:  # the level shown: inherited from a standard position, or its own
            positions = positions.showing_level(data["level"])
        if data["standard"]:
            positions = audience.based_on(positions, data["standard"])
        if data["education"] is not None:
            positions = positions.showing_education_at_least(data["education"])
        return positions
