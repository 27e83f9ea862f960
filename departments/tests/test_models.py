import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from mptt.exceptions import InvalidMove

from conftest import make_department
from departments.models import Department, DepartmentDuty


def fresh(node):
    return type(node).objects.get(pk=node.pk)


def tree_snapshot(model):
    return list(model.objects.order_by("pk").values_list("pk", "parent_id", "tree_id", "lft", "rght", "level"))


def test_department_cannot_move_under_its_own_descendant(small_org):
    group, expansion = small_org["group"], small_org["expansion"]
    before = tree_snapshot(Department)
    group.parent = expansion
    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(InvalidMove):
        group.save()
    assert tree_snapshot(Department) == before


def test_department_cannot_be_its_own_parent(small_org):
    market = small_org["market"]
    market.parent = market
    with pytest.raises(ValidationError):
        market.full_clean()


def test_deleting_department_with_positions_is_refused_with_what_to_move(small_org):
    market = small_org["market"]
    with pytest.raises(ProtectedError) as excinfo:
        market.delete()
    assert "市场总监" in str(excinfo.value.args[0])
    assert Department.objects.filter(pk=market.pk).exists()
    assert market.positions.count() == 1


def test_deleting_department_with_sub_departments_is_refused(small_org):
    group = make_department("空部门")
    make_department("子部门", parent=group)
    with pytest.raises(ProtectedError) as excinfo:
        group.delete()
    assert "子部门" in str(excinfo.value.args[0])
    assert Department.objects.filter(pk=group.pk).exists()


def test_bulk_delete_of_department_with_positions_is_refused_by_the_database_rule(small_org):
    count = Department.objects.count()
    with pytest.raises(ProtectedError):
        Department.objects.filter(pk=small_org["expansion"].pk).delete()
    assert Department.objects.count() == count


def test_empty_leaf_department_can_be_deleted(small_org):
    leaf = make_department("临时小组", parent=small_org["group"])
    leaf.delete()
    assert not Department.objects.filter(pk=leaf.pk).exists()


def test_department_codes_are_unique_in_the_database(db):
    make_department("甲", code="SAME")
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="SAME", name="乙")


def test_negative_authorised_headcount_is_refused_by_the_database(small_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.filter(pk=small_org["market"].pk).update(authorised_headcount=-1)
    small_org["market"].refresh_from_db()
    assert small_org["market"].authorised_headcount is None


def test_tree_stays_consistent_after_moves(db):
    root = make_department("集团")
    branches = [make_department(f"分部{i}", parent=root) for i in range(4)]
    leaves = [make_department(f"小组{i}", parent=branches[i % 4]) for i in range(12)]
    # Each move works on a freshly loaded node, as each admin request or service call does.
    fresh(leaves[0]).move_to(fresh(branches[3]), "last-child")
    moved = fresh(branches[1])
    moved.parent = fresh(branches[2])
    moved.save()
    fresh(leaves[5]).move_to(fresh(root), "first-child")
    after_moves = tree_snapshot(Department)
    Department.objects.rebuild()
    assert tree_snapshot(Department) == after_moves


def test_duties_are_grouped_by_first_level_function_in_order(db):
    department = make_department("集团客户部")
    for order, (function, text) in enumerate(
        [("销售管理", "制定年度计划"), ("资金管理", "落实收款"), ("销售管理", "分析结果")], start=1
    ):
        DepartmentDuty.objects.create(department=department, function=function, text=text, order=order)
    groups = department.duty_groups()
    assert [(function, [d.text for d in duties]) for function, duties in groups] == [
        ("销售管理", ["制定年度计划", "分析结果"]),
        ("资金管理", ["落实收款"]),
    ]


def test_head_position_is_cleared_when_that_position_is_deleted(small_org):
    market, director = small_org["market"], small_org["director"]
    market.head_position = director
    market.save()
    small_org["specialist"].delete()
    director.delete()
    market.refresh_from_db()
    assert market.head_position is None


def test_department_codes_with_slashes_are_refused(small_org):
    department = Department(code="G/1", name="斜杠部")
    with pytest.raises(ValidationError):
        department.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.filter(pk=small_org["group"].pk).update(code="G/1")
