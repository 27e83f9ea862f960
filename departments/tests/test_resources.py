"""The per-list import/export (admin buttons) reads the workbook's Chinese headers and aliases."""
import tablib

from departments.models import Department
from departments.resources import DepartmentResource


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
