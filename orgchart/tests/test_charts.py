"""Chart data, its query counts, and the server-side department chart picture."""
import json
import io
import itertools
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from PIL import Image  # installed with cairosvg
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_department, make_level, make_position, make_standard
from jobs.models import Position, StandardPosition
from jobs.services import publish_standard
from jobs.pictures import department_chart_svg
from kernel.drawing import svg_to_png
from orgchart.charts import department_chart_data, position_chart_data
from kernel.drawing import BOX_HEIGHT, BOX_WIDTH, TreeNode, layout
from demo.generated import WIDE_CHILDREN, generate_organisation

SVG = "{http://www.w3.org/2000/svg}"


def test_department_data_sums_headcount_and_positions_over_the_subtree(small_org, django_assert_num_queries):
    small_org["market"].head_position = small_org["director"]
    small_org["market"].save()
    with django_assert_num_queries(2):
        data = department_chart_data()
    nodes = {node["code"]: node for node in data["nodes"]}
    assert nodes["G"]["parent"] is None
    assert nodes["G-MKT-EXP"]["parent"] == small_org["market"].pk
    assert (nodes["G"]["headcount"], nodes["G"]["positions"]) == (7, 3)
    assert (nodes["G-MKT"]["headcount"], nodes["G-MKT"]["positions"]) == (6, 2)
    assert nodes["G-MKT"]["head"] == "市场总监"
    assert nodes["G-MKT-EXP"]["head"] == ""
    assert nodes["G-MKT-EXP"]["url"] == small_org["expansion"].get_absolute_url()


def test_position_data_of_a_department_covers_its_sub_departments(manager_client, small_org):
    small_org["specialist"].dotted_supervisors.add(small_org["ceo"])
    small_org["director"].dotted_supervisors.add(small_org["ceo"])
    data = manager_client.get(reverse("position_chart_json"), {"department": "G-MKT"}).json()
    nodes = {node["code"]: node for node in data["nodes"]}
    assert set(nodes) == {"MKT-01", "EXP-01"}
    assert nodes["MKT-01"]["parent"] is None  # its superior is outside the chart
    assert nodes["EXP-01"]["parent"] == small_org["director"].pk
    assert nodes["EXP-01"]["dotted"] == []  # the CEO is not in this chart
    everyone = manager_client.get(reverse("position_chart_json")).json()
    dotted = {node["code"]: node["dotted"] for node in everyone["nodes"]}
    assert dotted["EXP-01"] == [small_org["ceo"].pk]
    assert everyone["nodes"][0]["department"] == "集团"


def test_position_data_from_a_position_has_it_and_everyone_below(manager_client, small_org):
    data = manager_client.get(reverse("position_chart_json"), {"position": "MKT-01"}).json()
    assert [node["code"] for node in data["nodes"]] == ["MKT-01", "EXP-01"]
    assert "市场总监" in data["title"]


def test_unknown_chart_codes_give_404(manager_client, db):
    for url, query in ((reverse("position_chart_json"), {"position": "NOPE"}), (reverse("position_chart"), {"department": "NOPE"})):
        response = manager_client.get(url, query)
        assert response.status_code == 404 and "“NOPE”" in response.content.decode(), url


def test_chart_data_needs_a_login(client, small_org):
    for name in ("department_chart_json", "position_chart_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        assert "集团" not in response.content.decode(), name


def test_generated_organisation_has_a_wide_box(db):
    generate_organisation(departments=20, positions=600, wide=True)
    widest = max(Position.objects.all(), key=lambda position: position.get_children().count())
    assert widest.get_children().count() == WIDE_CHILDREN


def test_chart_pages_show_the_chart_and_its_data_address(manager_client, small_org):
    home = manager_client.get(reverse("home")).content.decode()
    assert reverse("department_chart_json") in home
    assert "vendor/d3-hierarchy/d3-hierarchy.min.js" in home
    assert reverse("organisation_list") in home
    chart = manager_client.get(reverse("position_chart"), {"department": "G-MKT"}).content.decode()
    assert f'{reverse("position_chart_json")}?department=G-MKT' in chart
    assert "市场部" in chart


# --- the server-side picture -----------------------------------------------------------


def boxes_of(svg):
    root = ET.fromstring(svg)
    return root, [
        (float(rect.get("x")), float(rect.get("y")), float(rect.get("width")), float(rect.get("height")))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("x") is not None
    ]


def assert_no_overlap(boxes):
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_department_chart_svg_is_self_contained_with_chinese_text(small_org):
    market = small_org["market"]
    deputy = make_position(market, "市场部副经理<&>", reports_to=small_org["director"], job_level=make_level())
    market.head_position = small_org["director"]
    market.save()
    svg = department_chart_svg(market)
    root, boxes = boxes_of(svg)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}" and float(root.get("width")) > 0
    assert "市场总监" in svg and "市场部副经理&lt;&amp;&gt;" in svg
    assert "href" not in svg and "<script" not in svg
    assert len(boxes) == 2
    assert_no_overlap(boxes)
    assert deputy.title in "".join(root.itertext())


@pytest.mark.parametrize(
    "shape",
    ["single", "chain30", "siblings500", "long_names", "no_head"],
)
def test_department_chart_svg_handles_awkward_shapes(db, shape):
    department = make_department("样例部门")
    level = make_level()
    head = make_position(department, "负责人", job_level=level, headcount=1)
    if shape == "chain30":
        superior = head
        for _ in range(29):
            superior = make_position(department, reports_to=superior)
    elif shape == "siblings500":
        Position.objects.bulk_create(
            [
                Position(code=f"S{i:04d}", title=f"专员{i}", department=department, reports_to=head,
                         lft=0, rght=0, tree_id=0, level=0)
                for i in range(500)
            ]
        )
        Position.objects.rebuild()
    elif shape == "long_names":
        for _ in range(3):
            make_position(department, "很长的岗位名称" * 9 + "甲乙丙", reports_to=head)  # 66 characters
    if shape != "no_head":
        department.head_position = head
        department.save()
    svg = department_chart_svg(department)
    root, boxes = boxes_of(svg)
    expected = {"single": 1, "chain30": 30, "siblings500": 501, "long_names": 4, "no_head": 1}[shape]
    assert len(boxes) == expected
    assert_no_overlap(boxes)
    width, height = float(root.get("width")), float(root.get("height"))
    assert all(x >= 0 and y >= 0 and x + w <= width and y + h <= height for x, y, w, h in boxes)
    if shape == "siblings500":
        assert width < 20 * BOX_WIDTH  # stacked in columns, not one 500-box row
    if shape == "long_names":
        assert "…" in svg


def test_department_chart_svg_says_when_there_are_no_positions(db):
    svg = department_chart_svg(make_department("空部门"))
    assert "空部门" in svg
    ET.fromstring(svg)


def test_svg_to_png_gives_a_png_at_the_requested_scale(small_org):
    svg = department_chart_svg(small_org["market"])
    root = ET.fromstring(svg)
    image = Image.open(io.BytesIO(svg_to_png(svg, scale=2)))
    assert image.format == "PNG"
    assert image.size == (2 * int(root.get("width")), 2 * int(root.get("height")))
    assert image.convert("L").getextrema()[0] < 128  # not a blank picture: the box and its text are drawn



# --- the layout, on generated trees ----------------------------------------------------


@st.composite
def forests(draw):
    """Random forests: node i's parent is one of the nodes before it, or none."""
    size = draw(st.integers(min_value=1, max_value=70))
    parents = [draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None for i in range(size)]
    nodes = [TreeNode(key=i) for i in range(size)]
    roots = []
    for i, parent in enumerate(parents):
        (nodes[parent].children if parent is not None else roots).append(nodes[i])
    return roots, parents


@settings(max_examples=150, deadline=None)
@given(forests())
def test_layout_never_overlaps_boxes_and_puts_children_below_parents(forest):
    roots, parents = forest
    placements, width, height = layout(roots)
    assert len(placements) == len(parents)
    where = {placement.key: placement for placement in placements}
    assert_no_overlap([(p.x, p.y, BOX_WIDTH, BOX_HEIGHT) for p in placements])
    for child, parent in enumerate(parents):
        if parent is not None:
            assert where[child].parent == parent
            assert where[child].y >= where[parent].y + BOX_HEIGHT
    assert all(0 <= p.x and p.x + BOX_WIDTH <= width + 1e-6 and p.y + BOX_HEIGHT <= height for p in placements)


def test_chart_data_is_compressed_for_browsers_that_accept_gzip(manager_client, small_org):
    import gzip

    for name in ("department_chart_json", "position_chart_json"):
        response = manager_client.get(reverse(name), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(response.content))["nodes"]
        plain = manager_client.get(reverse(name))
        assert "Content-Encoding" not in plain and json.loads(plain.content)["nodes"]


# --- positions based on a standard position show its job level ---------------------------


@pytest.mark.parametrize("client_name", ["manager_client", "hr_client"])
def test_a_chart_box_shows_the_level_its_position_inherits_from_its_standard(levelled, client_name, request):
    client = request.getfixturevalue(client_name)
    data = client.get(reverse("position_chart_json"), {"department": "G-MKT-EXP"}).json()
    levels = {node["code"]: node["level"] for node in data["nodes"]}
    assert levels == {"EXP-01": "经理级", "EXP-02": "专员级", "EXP-03": "专员级"}


def test_chart_data_reads_the_standards_levels_in_one_query_for_any_number_of_positions(levelled, django_assert_num_queries):
    expansion, director, standard = levelled["expansion"], levelled["director"], levelled["standard"]
    scope = Position.objects.in_department_tree(expansion)
    with django_assert_num_queries(3):  # positions, dotted lines, the standards' levels
        position_chart_data(scope)
    for number in range(20):
        make_position(expansion, f"拓展专员{number}", reports_to=director, standard=make_standard(job_level=make_level("主管级", 30)))
    with django_assert_num_queries(3):
        data = position_chart_data(scope)
    assert {node["level"] for node in data["nodes"] if node["name"].startswith("拓展专员")} == {"经理级", "主管级"}


def test_a_chart_box_shows_its_own_level_again_when_the_standard_has_none(levelled):
    standard = levelled["standard"]
    standard.job_level = None
    standard.save()
    publish_standard(standard=standard, approver=None)
    nodes = position_chart_data(Position.objects.filter(code="EXP-01"))["nodes"]
    assert nodes[0]["level"] == ""  # the standard's published level: none, as its job description shows


def test_the_department_picture_shows_the_inherited_level(levelled, django_assert_num_queries):
    with django_assert_num_queries(2):  # the department's positions, the standards' levels
        svg = department_chart_svg(levelled["expansion"])
    assert "经理级" in svg and "专员级" in svg  # EXP-01 inherits 经理级; EXP-02 and EXP-03 show their own
    texts = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]
    assert sum("经理级" in (text or "") for text in texts) == 1


def test_a_generated_organisation_bases_most_positions_on_published_standards(db):
    generate_organisation(departments=20, positions=600, standards=10)
    based = Position.objects.filter(standard__isnull=False)
    assert based.count() == 600 - 20  # every position but the departments' heads
    assert StandardPosition.objects.filter(version=1, published_content__isnull=False).count() == 10
    writing_duties = [p for p in based.prefetch_related("duties") if p.own_sections == ["duties"]]
    assert len(writing_duties) == 58 and all(p.duties.count() == 2 for p in writing_duties)
    levels = {node["level"] for node in position_chart_data(Position.objects.all())["nodes"]}
    assert levels == {"生成-总监级", "生成-经理级", "生成-主管级"}  # 生成-专员级 is stored, never shown
