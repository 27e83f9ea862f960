"""What a company's words mean: relation scope from the scope cell and from the party, duty and
authority categories from their words and from the start of the text, education words kept."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from jobs.importing import import_files
from jobs.importing.meanings import (
    authority_category_from_words, category_prefix, duty_category_from_words, education_from_words, education_note,
    scope_from_party, scope_from_words,
)
from jobs.models import Authority, Duty, Education, Position, WorkRelation

Scope = WorkRelation.Scope


@pytest.mark.parametrize("words, scope", [
    ("外部", Scope.EXTERNAL), ("公司外部", Scope.EXTERNAL), ("集团外部协作关系", Scope.EXTERNAL), ("对外", Scope.EXTERNAL),
    ("客户", Scope.EXTERNAL), ("供应商", Scope.EXTERNAL), ("保险公司", Scope.EXTERNAL),
    ("本部门", Scope.DEPARTMENT), ("本部门内部协作关系", Scope.DEPARTMENT), ("集团内部", Scope.GROUP), ("子公司", Scope.GROUP),
    ("内部", Scope.COMPANY), ("公司内部", Scope.COMPANY), ("跨部门", Scope.COMPANY), ("内部协调部门", Scope.COMPANY),
    ("内外部", None), ("其他", None),
])
def test_scope_from_the_words_of_the_scope_cell(words, scope):
    found = scope_from_words(words)
    assert (found[0] if found else None) == scope


@pytest.mark.parametrize("party, scope", [
    ("客户", Scope.EXTERNAL), ("供应商", Scope.EXTERNAL), ("各大银行", Scope.EXTERNAL), ("税务局", Scope.EXTERNAL),
    ("市政府", Scope.EXTERNAL), ("律师事务所、法院", Scope.EXTERNAL), ("新闻媒体", Scope.EXTERNAL),
    ("设备销售商", Scope.EXTERNAL), ("设备生产厂家", Scope.EXTERNAL),
    ("财务部", Scope.COMPANY), ("研发中心", Scope.COMPANY), ("质检科", Scope.COMPANY), ("企管部、法务部、生产车间", Scope.COMPANY),
    ("总经理", Scope.COMPANY), ("客户服务部", Scope.COMPANY),
    ("集团采购部、集团人事部", Scope.GROUP), ("集团财务部、企管部", Scope.GROUP),
    ("张三", None), ("财务部、银行", None), ("", None),
])
def test_scope_from_the_party(party, scope):
    found = scope_from_party(party)
    assert (found[0] if found else None) == scope


@pytest.mark.parametrize("words, category", [
    ("主要工作", Duty.Category.MAIN), ("核心职责", Duty.Category.MAIN), ("日常", Duty.Category.DAILY),
    ("例行工作", Duty.Category.DAILY), ("协调事项", Duty.Category.COORDINATION), ("临时性工作", Duty.Category.OTHER),
    ("其它", Duty.Category.OTHER), ("随便", None),
])
def test_duty_category_from_its_words(words, category):
    found = duty_category_from_words(words)
    assert (found[0] if found else None) == category


@pytest.mark.parametrize("words, category", [
    ("人事", Authority.Category.PERSONNEL), ("用人权", Authority.Category.PERSONNEL), ("财务权限", Authority.Category.FINANCE),
    ("费用审批", Authority.Category.FINANCE), ("经营权", Authority.Category.BUSINESS), ("其他", Authority.Category.OTHER),
    ("随便", None),
])
def test_authority_category_from_its_words(words, category):
    found = authority_category_from_words(words)
    assert (found[0] if found else None) == category


@pytest.mark.parametrize("text, authority, expected", [
    ("人事权：聘任主管", True, (Authority.Category.PERSONNEL, "聘任主管")),
    ("财务：审批费用", True, (Authority.Category.FINANCE, "审批费用")),
    ("业务权限: 制定计划", True, (Authority.Category.BUSINESS, "制定计划")),
    ("人事权 客户开发专员招聘的参与权", True, (Authority.Category.PERSONNEL, "客户开发专员招聘的参与权")),
    ("财务审批权", True, None),
    ("人事档案查阅：只读", True, None),
    ("日常工作：编写周报", False, (Duty.Category.DAILY, "编写周报")),
    ("协调工作：与质检部处理不合格品", False, (Duty.Category.COORDINATION, "与质检部处理不合格品")),
    ("负责：全面管理", False, None),
    ("日常巡查", False, None),
])
def test_a_category_written_at_the_start_of_the_text(text, authority, expected):
    found = category_prefix(text, authority=authority)
    assert ((found[0], found[2]) if found else None) == expected


@pytest.mark.parametrize("words, level, note", [
    ("中专以上", Education.SENIOR_HIGH, "中专以上"), ("高中以上", Education.SENIOR_HIGH, "高中以上"),
    ("职高", Education.SENIOR_HIGH, "职高"), ("技校", Education.SENIOR_HIGH, "技校"),
    ("高中/中专", Education.SENIOR_HIGH, ""), ("本科及以上学历", Education.BACHELOR, ""), ("大专以上", Education.COLLEGE, ""),
    ("统招本科，硕士优先", Education.BACHELOR, "统招本科，硕士优先"), ("初中以上学历", Education.JUNIOR_HIGH, ""),
    ("学历不限", Education.NONE, ""),
])
def test_education_words_the_level_does_not_say_are_kept(words, level, note):
    assert education_from_words(words)[0] == level
    assert education_note(words, level) == note


def xlsx(sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_scope_column_with_an_unknown_header_is_recognised_by_its_words(small_org):
    content = xlsx({"协作关系": [
        ["岗位编号", "往来类别", "协作对象"], ["MKT-01", "公司外部", "客户"], ["MKT-01", "本部门", "拓展专员"],
    ]})
    report = import_files(files=[("关系.xlsx", content)])
    assert report.committed, report.all_problems
    scope = next(c for c in report.mappings[0].columns if c.header == "往来类别")
    assert (scope.target.id, scope.how) == ("scope", "values")
    director = Position.objects.get(code="MKT-01")
    assert list(director.relations.order_by("order").values_list("scope", "party")) == [
        (Scope.EXTERNAL, "客户"), (Scope.DEPARTMENT, "拓展专员"),
    ]


def test_scope_words_that_mean_nothing_are_refused_not_defaulted(small_org):
    content = xlsx({"协作关系": [["岗位编号", "协作范围", "协作对象"], ["MKT-01", "内外部", "客户"]]})
    report = import_files(files=[("关系.xlsx", content)])
    [problem] = report.all_problems
    assert (problem.column, problem.message) == ("协作范围", "「协作范围」不认识“内外部”。")


def test_notes_are_shown_on_the_preview_page(small_org, hr_client):
    content = xlsx({"协作关系": [["岗位编号", "协作对象"], ["MKT-01", "供应商"], ["MKT-01", "王工"]]})
    url = reverse("admin:jobs_position_import_workbook")
    response = hr_client.post(url, {"files": [SimpleUploadedFile("关系.xlsx", content)], "encoding": "auto"})
    page = response.content.decode()
    assert "协作范围：外部（按“供应商”判断）" in page and "协作范围未注明，按公司内部导入" in page
