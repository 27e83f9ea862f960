"""Codes are natural keys in URLs: letters A–Z, digits, “-”, “_” and “.”, never dots alone.

The validator (kernel.models.code_validator) and the database constraint (code_is_valid) both
refuse the rest; the demo, the importer's generated codes and the Word import's codes pass.
"""
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import make_department, make_position, org_file, seed_layout_docx
from departments.models import Department
from jobs.importing import import_workbook
from jobs.importing import import_files
from jobs.importing.references import next_code
from jobs.models import Position
from kernel.models import code_validator

BAD_CODES = [".", "..", "...", "市场部", "HT-市场", "a/b", "a b", "a\\b", "A\n", "=HYPERLINK(1)", "a?b", "a#b", "a%2Fb", ""]
GOOD_CODES = ["HT", "HT-MKT-EXP", "EXP-01", "a.b_c-1", "v1.2", ".hidden", "a..b", "-A1", "_"]


@pytest.mark.parametrize("code", BAD_CODES)
def test_the_validator_refuses_other_characters_and_dots_alone(code):
    with pytest.raises(ValidationError):
        code_validator(code)


@pytest.mark.parametrize("code", GOOD_CODES)
def test_the_validator_accepts_letters_digits_dash_underscore_dot(code):
    code_validator(code)


@pytest.mark.parametrize("code", [c for c in BAD_CODES if c])
def test_the_database_refuses_what_the_validator_refuses(db, code):
    department = make_department("集团", code="G")
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code=code, name="坏编码")
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(code=code, title="坏编码", department=department)


@pytest.mark.parametrize("code", GOOD_CODES)
def test_the_database_accepts_valid_codes_and_their_pages_open(hr_client, code):
    department = make_department("集团", code=code)
    make_position(department, "总经理", code=code)
    assert hr_client.get(reverse("jobs:position_detail", args=[code])).status_code == 200
    assert hr_client.get(reverse("departments:detail", args=[code])).status_code == 200


def test_every_demo_code_is_valid(settings):
    with open(settings.DEMO_COMPANY_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    codes = [item["code"] for key in ("departments", "positions") for item in data[key]]
    assert len(codes) > 20
    for code in codes:
        code_validator(code)


def test_codes_the_imports_make_up_are_valid(db):
    for code in (next_code("HT-MKT", set()), next_code("", set()), next_code("X" * 32, {"X" * 29 + "-01"}), next_code("D", set())):
        code_validator(code)


def test_the_workbook_import_refuses_a_dot_code_with_the_row_and_column(db):
    report = import_workbook(content=org_file([["..", "市场总监", "G-MKT", "", 1]]), filename="org.xlsx")
    assert not report.ok and not Position.objects.exists()
    problem = next(p for p in report.all_problems if p.column == "岗位编号")
    assert problem.row == 2 and "“.”" in problem.message


def test_the_word_import_refuses_a_chinese_code_and_saves_nothing(small_org):
    report = import_files(files=[("a.docx", seed_layout_docx(code="市场-01"))])
    assert not report.committed and not Position.objects.filter(title="销售员").exists()
    problem = next(p for p in report.all_problems if p.column == "岗位编号")
    assert "英文字母" in problem.message or "letters" in problem.message
