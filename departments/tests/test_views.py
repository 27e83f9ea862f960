"""A department's change history page at two sizes of organisation: exact query counts and content."""
import pytest
from django.urls import reverse

from conftest import Route
from departments.history import department_versions


def shows_history(text, org):
    """集团's history: one version per edit of its mission, the newest two compared."""
    units = org["units"]
    versions = department_versions(org["group"])
    assert "变更历史: 集团" in text and len(versions) == units + 3  # created, a duty, its head, then the edits
    assert f"集团的职责概述（第 {units} 次修改）" in text
    assert f'<option value="{len(versions)}"' in text


def compared(org):
    return reverse("departments:history", args=["G"]) + f"?a=1&b={len(department_versions(org['group']))}"


DEPARTMENT_ROUTES = {
    "change history": Route("hr", lambda org: reverse("departments:history", args=["G"]), 17, shows_history),
    "change history, first and last compared": Route("hr", compared, 17, shows_history),
}


class TestQueryCounts:
    """Each route takes the same exact number of queries for the small and the large organisation."""

    @pytest.mark.parametrize("name", DEPARTMENT_ROUTES)
    def test_route_takes_a_fixed_number_of_queries(self, sized_org, open_route, name):
        open_route(DEPARTMENT_ROUTES[name], sized_org)
