import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from mptt.exceptions import InvalidMove

from conftest import make_department
from kernel.locks import REFUSAL, TreeBusy
from kernel.tree_integrity import tree_problems, tree_rows
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
    with pytest.raises(TreeBusy):
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


# ---- tree writes: checked again inside the tree lock (kernel.trees) ---------------------------
def consistent():
    return tree_problems(tree_rows(Department)) == []


def children_codes(department):
    return [child.code for child in Department.objects.get(pk=department.pk).get_children()]


@pytest.fixture
def branches(db):
    root = make_department("集团", code="R")
    return root, [make_department(f"分部{i}", parent=root, code=f"B{i}") for i in range(3)]


def test_drag_and_drop_left_and_right_put_the_node_beside_its_target(branches):
    root, (b0, b1, b2) = branches
    Department.objects.move_node(fresh(b2), fresh(b0), "left")
    assert children_codes(root) == ["B2", "B0", "B1"]
    Department.objects.move_node(fresh(b2), fresh(b0), "right")
    assert children_codes(root) == ["B0", "B2", "B1"]
    assert consistent()


def test_a_move_beside_a_target_read_before_it_moved_follows_the_target(branches):
    root, (b0, b1, b2) = branches
    leaf = make_department("小组", parent=b0, code="L")
    stale_target = fresh(b1)
    Department.objects.move_node(fresh(b1), fresh(b2), "last-child")  # someone else moves the target
    Department.objects.move_node(fresh(leaf), stale_target, "left")
    assert fresh(leaf).parent_id == b2.pk and children_codes(b2) == ["L", "B1"]
    assert consistent()


def test_saving_a_copy_read_before_a_move_keeps_the_move(branches):
    root, (b0, b1, b2) = branches
    stale = fresh(b1)
    Department.objects.move_node(fresh(b1), fresh(b0), "last-child")
    stale.name = "分部一"
    stale.save()
    assert fresh(b1).parent_id == b0.pk and fresh(b1).name == "分部一"
    assert consistent()


def test_moving_under_a_department_deleted_meanwhile_is_refused(branches):
    root, (b0, b1, b2) = branches
    moving = fresh(b0)
    moving.parent = fresh(b2)
    Department.objects.filter(pk=b2.pk).delete()
    with pytest.raises(TreeBusy) as excinfo:
        moving.save()
    assert str(excinfo.value) == str(REFUSAL)
    assert fresh(b0).parent_id == root.pk and consistent()


def test_deleting_a_department_deleted_meanwhile_is_refused_and_leaves_the_tree_whole(branches):
    root, (b0, b1, b2) = branches
    copy = fresh(b0)
    fresh(b0).delete()
    with pytest.raises(TreeBusy):
        copy.delete()
    assert children_codes(root) == ["B1", "B2"] and consistent()


def test_a_move_into_its_own_branch_is_an_invalid_move_that_says_why(branches):
    root, (b0, b1, b2) = branches
    leaf = make_department("小组", parent=b0, code="L")
    before = tree_snapshot(Department)
    with pytest.raises(InvalidMove) as excinfo:
        Department.objects.move_node(fresh(b0), fresh(leaf), "last-child")
    assert "不能调整到其自身的下级部门之下" in str(excinfo.value)
    with pytest.raises(InvalidMove):
        Department.objects.move_node(fresh(root), fresh(leaf), "right")
    assert tree_snapshot(Department) == before


def test_deleting_a_selection_removes_sub_departments_first_and_closes_the_gaps(branches):
    root, (b0, b1, b2) = branches
    leaf = make_department("小组", parent=b0, code="L")
    Department.objects.filter(pk__in=[b0.pk, leaf.pk]).delete()
    assert children_codes(root) == ["B1", "B2"] and consistent()
    assert fresh(root).rght == 6
