import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from conftest import make_department, make_position
from kernel.locks import REFUSAL, TreeBusy
from kernel.tree_integrity import tree_problems, tree_rows
from jobs.models import KPI, Duty, Position


def fresh(node):
    return type(node).objects.get(pk=node.pk)


def tree_snapshot():
    return list(Position.objects.order_by("pk").values_list("pk", "reports_to_id", "tree_id", "lft", "rght", "level"))


def test_reporting_cycle_is_refused_by_validation_and_by_save(small_org):
    ceo, specialist = small_org["ceo"], small_org["specialist"]
    before = tree_snapshot()
    ceo.reports_to = specialist
    with pytest.raises(ValidationError) as excinfo:
        ceo.full_clean()
    assert "reports_to" in excinfo.value.message_dict
    assert "拓展专员" in excinfo.value.message_dict["reports_to"][0]
    with pytest.raises(TreeBusy):
        ceo.save()
    assert tree_snapshot() == before


def test_position_cannot_report_to_itself(small_org):
    director = small_org["director"]
    director.reports_to = director
    with pytest.raises(ValidationError):
        director.full_clean()
    with pytest.raises(TreeBusy):
        director.save()


def test_position_may_report_to_a_position_in_another_department(small_org):
    specialist = small_org["specialist"]
    assert specialist.reports_to.department != specialist.department
    specialist.full_clean()


def test_deleting_position_with_subordinates_is_refused_with_what_to_move(small_org):
    director = small_org["director"]
    with pytest.raises(ProtectedError) as excinfo:
        director.delete()
    assert "拓展专员" in str(excinfo.value.args[0])
    assert Position.objects.filter(pk=director.pk).exists()


def test_bulk_delete_of_position_with_subordinates_is_refused(small_org):
    count = Position.objects.count()
    with pytest.raises(ProtectedError):
        Position.objects.filter(pk=small_org["director"].pk).delete()
    assert Position.objects.count() == count


def test_position_codes_are_unique_in_the_database(small_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(code="CEO", title="重复", department=small_org["group"])


def test_negative_headcount_is_refused_by_the_database(small_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=small_org["ceo"].pk).update(headcount=-1)
    small_org["ceo"].refresh_from_db()
    assert small_org["ceo"].headcount == 1


@pytest.mark.parametrize("weight", [101, 250])
def test_kpi_weight_above_100_is_refused_by_validation_and_database(small_org, weight):
    kpi = KPI(position=small_org["ceo"], name="利润指标", weight=weight)
    with pytest.raises(ValidationError):
        kpi.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        kpi.save()
    assert not KPI.objects.exists()


def test_duty_time_share_above_100_is_refused_by_the_database(small_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(position=small_org["ceo"], statement="统筹", time_share=120)


def test_span_and_direct_subordinates_are_derived_from_the_tree(small_org):
    ceo = Position.objects.get(pk=small_org["ceo"].pk)
    assert ceo.span == 1 + 5  # 定员 of 市场总监 and 拓展专员
    small_org["specialist"].headcount = None
    small_org["specialist"].save()
    assert Position.objects.get(pk=ceo.pk).span == 1  # a blank 定员 is not set: it adds nothing (jobs.headcount)
    assert small_org["specialist"].span == 0
    assert list(ceo.get_children()) == [small_org["director"]]


def test_child_rows_keep_their_order(small_org):
    ceo = small_org["ceo"]
    for order, text in [(3, "丙"), (1, "甲"), (2, "乙"), (2, "乙二")]:
        Duty.objects.create(position=ceo, statement=text, order=order)
    assert [duty.statement for duty in ceo.duties.all()] == ["甲", "乙", "乙二", "丙"]


def test_tree_stays_consistent_after_moves(db):
    department = make_department()
    top = make_position(department, "总经理")
    middle = [make_position(department, f"总监{i}", reports_to=top) for i in range(3)]
    staff = [make_position(department, f"专员{i}", reports_to=middle[i % 3]) for i in range(9)]
    # Each move works on a freshly loaded node, as each admin request or service call does.
    moved = fresh(staff[0])
    moved.reports_to = fresh(middle[2])
    moved.save()
    moved = fresh(middle[1])
    moved.reports_to = fresh(middle[0])
    moved.save()
    fresh(staff[4]).move_to(fresh(top), "first-child")
    after_moves = tree_snapshot()
    Position.objects.rebuild()
    assert tree_snapshot() == after_moves


def test_in_department_tree_includes_sub_departments(small_org):
    found = set(Position.objects.in_department_tree(small_org["market"]))
    assert found == {small_org["director"], small_org["specialist"]}


def test_codes_with_slashes_are_refused_by_validation_and_database(small_org):
    position = Position(code="A/1", title="斜杠", department=small_org["group"])
    with pytest.raises(ValidationError) as excinfo:
        position.full_clean()
    assert "code" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=small_org["ceo"].pk).update(code="CEO/1")


# ---- tree writes: checked again inside the tree lock (kernel.trees) ---------------------------
def consistent():
    return tree_problems(tree_rows(Position)) == []


def test_a_position_moved_into_a_department_deleted_meanwhile_is_refused(small_org):
    spare = make_department("临时组", parent=small_org["group"])
    specialist = fresh(small_org["specialist"])
    specialist.department = spare
    spare.delete()
    with pytest.raises(TreeBusy):
        specialist.save()
    assert fresh(small_org["specialist"]).department == small_org["expansion"]


def test_a_new_superior_read_before_another_move_shifted_it_takes_the_position_under_it(small_org):
    """The admin's form holds the chosen 直接上级 as it was read while the form was checked; another
    HR user's move may shift that superior's tree numbers before this save has the tree's lock."""
    assistant = make_position(small_org["group"], "总经理助理", reports_to=small_org["ceo"], code="CEO-A")
    driver = make_position(small_org["group"], "司机", reports_to=small_org["ceo"], code="CEO-D")
    moving = fresh(small_org["specialist"])
    moving.reports_to = fresh(assistant)  # read now: its numbers before the driver moves in front of it
    driver = fresh(driver)
    driver.reports_to = fresh(small_org["director"])
    driver.save()
    moving.save()
    assert fresh(moving).reports_to_id == assistant.pk
    assert tree_problems(tree_rows(Position)) == []


def test_saving_a_copy_read_before_a_new_superior_was_set_keeps_the_new_superior(small_org):
    stale = fresh(small_org["specialist"])
    moved = fresh(small_org["specialist"])
    moved.reports_to = fresh(small_org["ceo"])
    moved.save()
    stale.summary = "负责市场拓展"
    stale.save()
    assert fresh(stale).reports_to == small_org["ceo"] and fresh(stale).summary == "负责市场拓展"
    assert consistent()


def test_a_reporting_cycle_saved_without_validation_is_refused_by_the_save(small_org):
    before = tree_snapshot()
    ceo = fresh(small_org["ceo"])
    ceo.reports_to = fresh(small_org["director"])
    with pytest.raises(TreeBusy) as excinfo:
        ceo.save()
    assert str(excinfo.value).startswith(str(REFUSAL)) and "循环" in str(excinfo.value)
    assert tree_snapshot() == before


def test_deleting_a_selection_of_positions_removes_subordinates_first_and_closes_the_gaps(small_org):
    Position.objects.filter(pk__in=[small_org["director"].pk, small_org["specialist"].pk]).delete()
    ceo = fresh(small_org["ceo"])
    assert ceo.is_leaf_node() and (ceo.lft, ceo.rght) == (1, 2)
    assert consistent()
