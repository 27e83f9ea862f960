"""Broken trees — damaged with raw SQL as a lost race would leave them — are seen by check_org and
the quality page, and put right by repair_tree."""
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from conftest import make_department, make_position
from departments.models import Department
from jobs.models import Position
from kernel.tree_integrity import BELOW_LOOP, LOOP, NUMBERS, tree_problems, tree_rows
from orgchart import quality


def consistent(model):
    return tree_problems(tree_rows(model)) == []


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def tree_order(model):
    return list(model.objects.order_by("tree_id", "lft").values_list("code", flat=True))


@pytest.fixture
def org(db):
    group = make_department("集团", code="G")
    finance = make_department("财务部", parent=group, code="FIN")
    sales = make_department("销售部", parent=group, code="SAL")
    east = make_department("华东区", parent=sales, code="SAL-E")
    west = make_department("华西区", parent=sales, code="SAL-W")
    hr = make_department("人力资源部", parent=group, code="HR")
    ceo = make_position(group, "总经理", code="CEO")
    cfo = make_position(finance, "财务总监", reports_to=ceo, code="CFO")
    accountant = make_position(finance, "会计", reports_to=cfo, code="ACC")
    cashier = make_position(finance, "出纳", reports_to=cfo, code="CASH")
    return locals()


# ---- the check itself, on plain rows -------------------------------------------------------
def test_a_healthy_tree_has_no_problems(org):
    assert consistent(Department) and consistent(Position)


def test_a_gap_in_the_numbers_is_a_problem():
    rows = [(1, None, 1, 1, 6, 0), (2, 1, 1, 2, 3, 1), (3, 1, 1, 5, 6, 1)]  # 3 should be 4–5
    problems = tree_problems(rows)
    assert [(p.pk, p.kind) for p in problems] == [(3, NUMBERS)]
    assert next(p for p in problems if p.pk == 3).expected == (1, 4, 5, 1)


def test_two_trees_sharing_a_number_is_a_problem():
    rows = [(1, None, 1, 1, 2, 0), (2, None, 1, 1, 2, 0)]
    assert [(p.pk, p.kind, p.expected) for p in tree_problems(rows)] == [(2, NUMBERS, (2, 1, 2, 0))]


def test_gaps_between_tree_numbers_are_fine():
    assert tree_problems([(1, None, 1, 1, 2, 0), (2, None, 5, 1, 2, 0)]) == []


def test_a_loop_and_what_hangs_below_it():
    rows = [(1, None, 1, 1, 2, 0), (2, 3, 1, 3, 8, 1), (3, 2, 1, 4, 7, 2), (4, 3, 1, 5, 6, 3)]
    problems = {p.pk: p for p in tree_problems(rows)}
    assert problems[2].kind == problems[3].kind == LOOP
    assert problems[4].kind == BELOW_LOOP and set(problems[4].loop) == {2, 3}
    assert 1 not in problems


# ---- check_org and the quality page ---------------------------------------------------------
def test_check_org_and_quality_page_report_numbers_that_do_not_match(org, hr_client, capsys):
    # What a lost race leaves: 华东区 outside its parent's interval.
    sql("UPDATE departments_department SET lft = lft + 20, rght = rght + 20 WHERE code = 'SAL-E'")
    with pytest.raises(SystemExit) as exit:
        call_command("check_org")
    assert exit.value.code == 2
    captured = capsys.readouterr()
    assert "SAL-E 华东区" in captured.out and "repair_tree" in captured.err

    report = quality.build_report()
    assert report.tree_broken
    assert "SAL-E 华东区" in [f.subject for f in report.findings if f.kind == quality.TREE_NUMBERS]
    page = hr_client.get(reverse("quality_report")).content.decode()
    assert "SAL-E 华东区" in page and "repair_tree" in page
    assert reverse("admin:departments_department_change", args=[org["east"].pk]) in page


def test_check_org_and_quality_page_report_a_loop_of_parents(org, hr_client, capsys):
    sql("UPDATE jobs_position SET reports_to_id = %s WHERE code = 'CFO'", [org["accountant"].pk])
    with pytest.raises(SystemExit) as exit:
        call_command("check_org")
    assert exit.value.code == 2
    out = capsys.readouterr().out
    assert "CFO 财务总监" in out and "ACC 会计" in out
    loops = [f for f in quality.build_report().findings if f.kind == quality.TREE_LOOP]
    assert {f.subject for f in loops} == {"CFO 财务总监", "ACC 会计", "CASH 出纳"}
    assert any("财务总监 → 会计 → 财务总监" in str(f.detail) or "会计 → 财务总监 → 会计" in str(f.detail) for f in loops)
    assert "财务总监" in hr_client.get(reverse("quality_report")).content.decode()


def test_check_org_exits_zero_on_healthy_trees(org, capsys):
    call_command("check_org")
    assert quality.build_report().tree_broken is False


# ---- repair_tree ----------------------------------------------------------------------------
def test_repair_tree_rebuilds_from_the_parent_links_keeping_sibling_order(org, capsys):
    order = tree_order(Department)
    # 华西区 outside 销售部's interval, 华东区 at a wrong level, 出纳 numbered as if a tree of its own.
    sql("UPDATE departments_department SET rght = rght - 2 WHERE code = 'SAL'")
    sql("UPDATE departments_department SET level = 5 WHERE code = 'SAL-E'")
    sql("UPDATE jobs_position SET tree_id = tree_id + 7 WHERE code = 'CASH'")

    call_command("repair_tree", "--dry-run")
    assert "would be rebuilt" in capsys.readouterr().out
    assert not consistent(Department) and not consistent(Position)

    call_command("repair_tree")
    assert "rebuilt from the parent links" in capsys.readouterr().out
    assert consistent(Department) and consistent(Position)
    assert tree_order(Department) == order
    assert [d.code for d in Department.objects.get(code="SAL").get_children()] == ["SAL-E", "SAL-W"]
    assert Position.objects.get(code="CFO").get_descendant_count() == 2

    call_command("repair_tree")
    assert "consistent, nothing to do" in capsys.readouterr().out


def test_repair_tree_lists_a_loop_and_leaves_it_for_hr(org, capsys):
    sql("UPDATE departments_department SET parent_id = %s WHERE code = 'SAL'", [org["east"].pk])
    before = list(tree_rows(Department).order_by("pk"))
    with pytest.raises(SystemExit) as exit:
        call_command("repair_tree")
    assert exit.value.code == 1
    out = capsys.readouterr().out
    assert "loop of parents" in out and "SAL 销售部" in out and "SAL-E 华东区" in out
    assert list(tree_rows(Department).order_by("pk")) == before


def test_repair_tree_breaks_a_loop_at_its_first_created_member(org, capsys):
    sql("UPDATE departments_department SET parent_id = %s WHERE code = 'SAL'", [org["east"].pk])
    call_command("repair_tree", "--break-loops", "--dry-run")
    assert "would be detached" in capsys.readouterr().out
    assert Department.objects.get(code="SAL").parent_id == org["east"].pk

    call_command("repair_tree", "--break-loops")
    out = capsys.readouterr().out
    assert "SAL 销售部 detached from SAL-E 华东区" in out
    sales = Department.objects.get(code="SAL")
    assert sales.parent_id is None and sales.is_root_node()
    assert {d.code for d in sales.get_descendants()} == {"SAL-E", "SAL-W"}
    assert consistent(Department)
