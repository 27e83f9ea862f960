"""A manager cannot tell a draft or an archived job description from a code that does not exist:
every route answers the same 404, word for word (apart from the code itself)."""
import re

import pytest
from django.urls import reverse

from conftest import make_department, make_position
from jobs.models import Position

CODES = {"draft": "MKT-DRAFT", "archived": "MKT-OLD", "missing": "MKT-NONE"}
ROUTES = {
    "page": lambda code: reverse("jobs:position_detail", args=[code]),
    "docx": lambda code: reverse("jobs:position_docx", args=[code]),
    "pdf": lambda code: reverse("jobs:position_pdf", args=[code]),
    "published page": lambda code: reverse("jobs:position_detail", args=[code]) + "?version=published",
    "compare, left": lambda code: reverse("jobs:compare") + f"?a={code}&b=MKT-01",
    "compare, right": lambda code: reverse("jobs:compare") + f"?a=MKT-01&b={code}",
    "chart page": lambda code: reverse("position_chart") + f"?position={code}",
    "chart data": lambda code: reverse("position_chart_json") + f"?position={code}",
    "history": lambda code: reverse("jobs:position_history", args=[code]),
}


@pytest.fixture
def org(db):
    department = make_department("市场部", code="MKT")
    make_position(department, "市场总监", code="MKT-01")
    make_position(department, "筹建岗位", code=CODES["draft"], status=Position.Status.DRAFT)
    archived = make_position(department, "撤销岗位", code=CODES["archived"])
    archived.status = Position.Status.ARCHIVED
    archived.save()
    return department


def normalised(response, code):
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    headers = {k: v for k, v in response.headers.items() if k not in ("Content-Length",)}
    return response.status_code, headers, text.replace(code, "CODE")


@pytest.mark.parametrize("route", ROUTES)
def test_managers_get_the_same_answer_for_a_draft_an_archived_and_a_missing_code(manager_client, org, route):
    answers = {kind: normalised(manager_client.get(ROUTES[route](code)), code) for kind, code in CODES.items()}
    assert answers["draft"] == answers["missing"] == answers["archived"], route
    assert answers["missing"][0] in (403, 404)


def test_the_handbook_leaves_out_drafts_and_archived_positions_and_404s_an_unknown_department(manager_client, org):
    for url in (reverse("jobs:handbook", args=["MKT"]), reverse("jobs:handbook_docx", args=["MKT"])):
        response = manager_client.get(url)
        assert response.status_code == 200
    page = manager_client.get(reverse("jobs:handbook", args=["MKT"])).content.decode()
    assert "市场总监" in page and "筹建岗位" not in page and "撤销岗位" not in page
    assert manager_client.get(reverse("jobs:handbook", args=["NOPE"])).status_code == 404
