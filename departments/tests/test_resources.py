"""The per-list import/export (admin buttons) reads the workbook's Chinese headers and aliases."""
import tablib

from departments.models import Department
from departments.resources import DepartmentResource
from kernel.tree_integrity import tree_problems, tree_rows


def test_department_list_with_alias_headers_imports_in_file_order(db):
    dataset = tablib.Dataset(headers=["部门编号", "部门名称 (必填)", "上级部门编码", "类型"])
    dataset.append(["G", "集团", "", "集团"])
    dataset.append(["G-HR", "人力资源部", "G", "部门"])
    dataset.append(["G-FIN", "财务部", "G", ""])
    result = DepartmentResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    assert [d.code for d in Department.objects.order_by("tree_id", "lft")] == ["G", "G-HR", "G-FIN"]
    assert Department.objects.get(code="G").kind == Department.Kind.GROUP


def test_unknown_column_is_reported(db):
    dataset = tablib.Dataset(headers=["部门编码", "部门名称", "负责人手机"])
    dataset.append(["G", "集团", "138"])
    result = DepartmentResource().import_data(dataset, dry_run=True)
    assert result.has_errors()
    assert "负责人手机" in str(result.base_errors[0].error)
    assert not Department.objects.exists()


def test_export_writes_chinese_labels_and_escapes_formulas(db):
    Department.objects.create(code="G", name="=集团", kind=Department.Kind.GROUP)
    exported = DepartmentResource().export()
    assert exported.headers[:4] == ["部门编码", "部门名称", "上级部门", "部门类型"]
    assert exported[0][1] == "'=集团" and exported[0][3] == "集团"


def test_the_row_that_would_close_a_loop_of_parents_is_refused(db):
    group = Department.objects.create(code="G", name="集团")
    Department.objects.create(code="A", name="甲部", parent=group)
    Department.objects.create(code="B", name="乙部", parent=group)
    dataset = tablib.Dataset(headers=["部门编码", "部门名称", "上级部门"])
    dataset.append(["A", "甲部", "B"])
    dataset.append(["B", "乙部", "A"])
    result = DepartmentResource().import_data(dataset, dry_run=False)
    [invalid] = result.invalid_rows
    assert invalid.number == 2 and "不能调整到其自身的下级部门之下" in str(invalid.error_dict["parent"])
    assert {d.code: d.parent.code for d in Department.objects.exclude(code="G")} == {"A": "B", "B": "G"}
    assert tree_problems(tree_rows(Department)) == []
