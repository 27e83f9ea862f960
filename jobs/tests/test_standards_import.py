"""Standard positions (基准岗位) in the organisation workbook: a sheet of their own, a 基准岗位 and a
自有部分 column on the 岗位 sheet, and their rows on the sheets of a position's rows under
基准岗位编号. Export → import changes nothing; an import never publishes a standard position."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_department, make_position, xlsx
from jobs.importing import export_workbook, import_workbook
from jobs.models import (
    Duty, Education, Position, StandardDuty, StandardKPI, StandardPosition, StandardQualification, StandardVersion,
)
from jobs.services import base_on_standard, publish_position, publish_standard, set_own_section
from jobs.standards import content_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(hr_user):
    """销售代表 published with a duty, a KPI and a qualification; three positions based on it, one
    writing its own duties."""
    standard = StandardPosition.objects.create(code="STD-SALES", title="销售代表", summary="开拓并维护客户。", travel="经常出差")
    StandardDuty.objects.create(standard_position=standard, order=1, statement="完成销售指标", tasks="拜访客户\n签订合同")
    StandardKPI.objects.create(standard_position=standard, order=1, name="销售额", weight=60)
    StandardQualification.objects.create(standard_position=standard, education=Education.COLLEGE, major="市场营销")
    publish_standard(standard=standard, approver=hr_user)
    department = make_department("华东分公司", code="EAST")
    positions = [make_position(department, f"销售代表{number}", code=f"S-{number}") for number in range(3)]
    own = positions[2]
    Duty.objects.create(position=own, order=1, statement="负责大客户项目")
    base_on_standard(positions=positions, standard=standard, user=hr_user)
    set_own_section(position=own, key="duties", own=True, user=hr_user)
    for position in positions:
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    return {"standard": StandardPosition.objects.get(pk=standard.pk), "positions": positions, "own": own}


def state():
    """What the workbook carries of the standard positions and of the positions based on them."""
    standards = {s.code: (s.title, s.status, s.version, content_of(s)) for s in StandardPosition.objects.all()}
    positions = sorted(Position.objects.values_list("code", "standard__code", "own_sections", "status"))
    return standards, positions


def sheet_rows(content, title):
    worksheet = load_workbook(io.BytesIO(content))[title]
    rows = [[cell.value for cell in row] for row in worksheet.iter_rows()]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_export_writes_standards_and_imports_back_unchanged(sales):
    content = export_workbook()
    [standard] = sheet_rows(content, "基准岗位")
    assert standard["基准岗位编号"] == "STD-SALES" and standard["基准岗位名称"] == "销售代表" and standard["状态"] == "已发布"
    positions = {row["岗位编号"]: row for row in sheet_rows(content, "岗位")}
    assert positions["S-0"]["基准岗位"] == "销售代表" and not positions["S-0"]["自有部分"]
    assert positions["S-2"]["自有部分"] == "职责"
    duties = sheet_rows(content, "职责")
    assert {(row["岗位编号"], row["基准岗位编号"], row["职责描述"]) for row in duties} == {
        ("S-2", None, "负责大客户项目"), (None, "STD-SALES", "完成销售指标"),
    }
    assert [(row["基准岗位编号"], row["最低学历"]) for row in sheet_rows(content, "任职资格")] == [("STD-SALES", "大专")]

    before = state()
    report = import_workbook(content=content, filename="export.xlsx")
    assert report.ok, report.all_problems
    for sheet in report.sheets.values():
        assert sheet.counts["new"] == sheet.counts["changed"] == sheet.counts["deleted"] == 0, sheet.title
    assert state() == before


def test_the_export_restores_what_was_changed_since(sales, hr_user):
    """Lossless: what the export holds comes back whole — the standard's text and rows, which
    positions are based on it and which sections they write themselves."""
    content = export_workbook()
    before = state()
    standard = sales["standard"]
    standard.duties.all().delete()
    standard.kpis.update(weight=10)
    StandardPosition.objects.filter(pk=standard.pk).update(summary="改过", travel="")
    Position.objects.filter(code="S-2").update(own_sections=[])
    Position.objects.filter(code="S-1").update(standard=None)

    report = import_workbook(content=content, filename="export.xlsx")
    assert report.ok, report.all_problems
    standards, positions = state()
    assert standards["STD-SALES"][3] == before[0]["STD-SALES"][3]  # the text, rows and qualification
    assert standards["STD-SALES"][1] == StandardPosition.Status.DRAFT  # changed: to be reviewed and published again
    assert [(code, standard, own) for code, standard, own, _status in positions] == [
        (code, standard, own) for code, standard, own, _status in before[1]
    ]


def test_a_workbook_adds_a_standard_with_its_rows_and_bases_positions_on_it(hr_user, manager_client):
    department = make_department("华南分公司", code="SOUTH")
    make_position(department, "客服专员", code="C-1", status=Position.Status.PUBLISHED)
    content = xlsx({
        "基准岗位": [["基准岗位编号", "基准岗位名称", "职责概述", "出差"], ["STD-CS", "客服专员", "解答客户咨询。", "不出差"]],
        "岗位": [
            ["岗位编号", "岗位名称", "所在部门", "基准岗位", "自行编写部分"],
            ["C-1", "客服专员", "华南分公司", "STD-CS", ""],
            ["C-2", "客服组长", "华南分公司", "客服专员", "职责、考核指标"],
        ],
        "职责": [
            ["岗位编号", "基准岗位编号", "职责描述"],
            [None, "STD-CS", "接听客户来电"],
            [None, "STD-CS", "记录并跟进投诉"],
            ["C-2", None, "安排客服排班"],
        ],
        "任职资格": [["基准岗位编号", "学历"], ["STD-CS", "大专以上"]],
    })
    preview = import_workbook(content=content, filename="客服.xlsx", dry_run=True)
    assert preview.ok, preview.all_problems
    assert preview.sheets["standards"].counts["new"] == 1 and preview.sheets["duties"].counts["new"] == 3
    assert not StandardPosition.objects.exists()

    report = import_workbook(content=content, filename="客服.xlsx", user=hr_user)
    assert report.ok, report.all_problems
    standard = StandardPosition.objects.get(code="STD-CS")
    assert standard.status == StandardPosition.Status.DRAFT and standard.version == 0  # an import never publishes
    assert list(standard.duties.values_list("order", "statement")) == [(1, "接听客户来电"), (2, "记录并跟进投诉")]
    assert standard.qualification.education == Education.COLLEGE
    assert standard.history.count() == 1 and StandardDuty.history.count() == 2
    assert dict(Position.objects.values_list("code", "standard__code")) == {"C-1": "STD-CS", "C-2": "STD-CS"}
    assert Position.objects.get(code="C-2").own_sections == ["duties", "kpis"]
    assert list(Duty.objects.values_list("position__code", "statement")) == [("C-2", "安排客服排班")]

    publish_standard(standard=standard, approver=hr_user)
    publish_position(position=Position.objects.get(code="C-1"), approver=hr_user)
    page = manager_client.get(reverse("jobs:position_detail", args=["C-1"])).content.decode()
    assert "接听客户来电" in page and "解答客户咨询" in page


def test_an_import_that_changes_a_published_standard_leaves_it_a_draft_until_published(sales, hr_user, manager_client):
    content = xlsx({"职责": [["基准岗位编号", "职责描述"], ["STD-SALES", "完成季度销售指标并回款"]]})
    preview = import_workbook(content=content, filename="改职责.xlsx", dry_run=True)
    assert preview.ok, preview.all_problems
    assert preview.standards_reopened == 1
    assert any("基准岗位" in warning or "standard position" in warning for warning in preview.warnings)

    report = import_workbook(content=content, filename="改职责.xlsx", user=hr_user)
    assert report.ok, report.all_problems
    standard = StandardPosition.objects.get(code="STD-SALES")
    assert standard.status == StandardPosition.Status.DRAFT and standard.version == 1
    assert list(standard.duties.values_list("statement", flat=True)) == ["完成季度销售指标并回款"]
    assert standard.history.first().history_change_reason.endswith("改职责.xlsx")
    page = manager_client.get(reverse("jobs:position_detail", args=["S-0"])).content.decode()
    assert "完成销售指标" in page and "回款" not in page  # the published version until HR publishes
    assert Position.objects.get(code="S-0").status == Position.Status.PUBLISHED  # the positions' own text is unchanged

    publish_standard(standard=standard, approver=hr_user)
    assert StandardVersion.objects.filter(standard=standard).count() == 2
    assert "完成季度销售指标并回款" in manager_client.get(reverse("jobs:position_detail", args=["S-0"])).content.decode()


@pytest.mark.parametrize("sheets, column, words", [
    ({"职责": [["岗位编号", "基准岗位编号", "职责描述"], ["S-0", "STD-SALES", "两个都填"]]}, "基准岗位编号", "基准岗位编号"),
    ({"职责": [["岗位编号", "基准岗位编号", "职责描述"], [None, None, "都没填"]]}, "岗位编号", "基准岗位编号"),
    ({"职责": [["基准岗位编号", "职责描述"], ["STD-NONE", "不存在"]]}, "基准岗位编号", "STD-NONE"),
    ({"岗位": [["岗位编号", "岗位名称", "所在部门", "基准岗位"], ["S-0", "销售代表0", "华东分公司", "仓库管理员"]]}, "基准岗位", "仓库管理员"),
    ({"岗位": [["岗位编号", "岗位名称", "所在部门", "自行编写部分"], ["S-0", "销售代表0", "华东分公司", "职责、福利"]]}, "自有部分", "福利"),
    ({"基准岗位": [["基准岗位编号", "基准岗位名称"], ["STD-SALES", "销售代表"], ["STD-SALES", "重复"]]}, "基准岗位编号", "STD-SALES"),
    ({"基准岗位": [["基准岗位编号", "基准岗位名称"], ["STD 空格", "销售代表"]]}, "基准岗位编号", ""),
])
def test_bad_standard_rows_are_named_and_nothing_is_written(sales, sheets, column, words):
    before = state()
    duties = list(StandardDuty.objects.values_list("statement", flat=True))
    report = import_workbook(content=xlsx(sheets), filename="bad.xlsx")
    assert not report.ok
    problems = [problem for problem in report.all_problems if problem.column == column]
    assert problems, report.all_problems
    assert all(problem.message and problem.action for problem in problems)
    assert words in " ".join(problem.message for problem in problems)
    assert state() == before and list(StandardDuty.objects.values_list("statement", flat=True)) == duties


def test_hr_previews_and_confirms_a_standard_on_the_import_page(sales, hr_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:jobs_position_import_workbook")
    content = xlsx({
        "基准岗位": [["基准岗位编号", "基准岗位名称", "职责概述"], ["STD-CS", "客服专员", "解答客户咨询。"]],
        "考核指标": [["基准岗位编号", "考核指标", "权重(%)"], ["STD-CS", "客户满意度", "40"], ["STD-SALES", "回款率", "30"]],
    })
    preview = hr_client.post(url, {"files": [SimpleUploadedFile("std.xlsx", content)], "encoding": "auto"})
    page = preview.content.decode()
    assert "<tr><td>基准岗位</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>" in page
    assert "基准岗位编号" in page and "1 个已发布或审核中的基准岗位因本次导入有变化而成为草稿" in page  # STD-SALES: its KPIs change
    response = hr_client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 302
    assert list(StandardKPI.objects.filter(standard_position__code="STD-CS").values_list("name", "weight")) == [("客户满意度", 40)]
    assert StandardPosition.objects.get(code="STD-SALES").status == StandardPosition.Status.DRAFT


def test_a_list_of_standards_one_row_each_gives_their_duties_kpis_and_qualification(db):
    content = xlsx({"基准岗位库": [
        ["基准岗位编号", "基准岗位名称", "岗位职责", "考核指标", "学历要求", "专业"],
        ["STD-CS", "客服专员", "1、接听客户来电\n2、记录并跟进投诉", "1、客户满意度 2、投诉处理及时率", "大专以上", "不限"],
        ["STD-WH", "仓库管理员", "负责出入库登记", "", "高中", ""],
    ]})
    report = import_workbook(content=content, filename="基准岗位库.xlsx")
    assert report.ok, report.all_problems
    cs = StandardPosition.objects.get(code="STD-CS")
    assert list(cs.duties.values_list("statement", flat=True)) == ["接听客户来电", "记录并跟进投诉"]
    assert list(cs.kpis.values_list("name", flat=True)) == ["客户满意度", "投诉处理及时率"]
    assert (cs.qualification.education, cs.qualification.major) == (Education.COLLEGE, "不限")
    assert StandardPosition.objects.get(code="STD-WH").qualification.education == Education.SENIOR_HIGH
    again = import_workbook(content=content, filename="基准岗位库.xlsx", dry_run=True)
    assert again.ok and again.sheets["standards"].counts["unchanged"] == 2, again.all_problems


def test_a_standards_rows_given_on_its_row_and_on_their_sheet_are_refused(db):
    content = xlsx({
        "基准岗位": [["基准岗位编号", "基准岗位名称", "岗位职责", "学历要求"], ["STD-CS", "客服专员", "接听客户来电", "大专"]],
        "职责": [["基准岗位编号", "职责描述"], ["STD-CS", "记录投诉"]],
        "任职资格": [["基准岗位编号", "学历"], ["STD-CS", "本科"]],
    })
    report = import_workbook(content=content, filename="twice.xlsx")
    assert not report.ok
    messages = " ".join(problem.message for problem in report.all_problems)
    assert messages.count("STD-CS") == 2 and "基准岗位" in messages
    assert not StandardPosition.objects.exists()


def test_a_sheet_named_for_standards_reads_plain_position_headers_but_headers_alone_never_make_one(db):
    library = xlsx({"标准岗位": [["岗位编码", "岗位名称", "岗位职责"], ["STD-CS", "客服专员", "1、接听来电 2、处理投诉"]]})
    report = import_workbook(content=library, filename="标准岗位.xlsx")
    assert report.ok, report.all_problems
    assert list(StandardPosition.objects.get(code="STD-CS").duties.values_list("statement", flat=True)) == ["接听来电", "处理投诉"]

    positions = xlsx({"Sheet1": [["岗位编号", "岗位名称", "职责概述"], ["P-1", "客服专员", "解答咨询"]]})
    report = import_workbook(content=positions, filename="positions.xlsx", dry_run=True)
    assert "standards" not in report.sheets  # a list of positions without departments, not of standard positions
    assert StandardPosition.objects.count() == 1


def word_job_description(rows):
    import docx

    document = docx.Document()
    document.add_heading("岗位说明书", level=1)
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_job_description_names_its_standard_as_a_document_prints_it(sales):
    content = word_job_description([
        ("岗位编号", "S-9"), ("岗位名称", "销售代表9"), ("所在部门", "华东分公司"), ("基准岗位", "销售代表（STD-SALES）第 1 版"),
    ])
    report = import_workbook(content=content, filename="销售代表9.docx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="S-9").standard.code == "STD-SALES"


def test_a_title_with_a_code_in_brackets_round_trips_to_its_own_standard(hr_user):
    StandardPosition.objects.create(code="A1", title="司机")
    driver = StandardPosition.objects.create(code="STD-DRV", title="驾驶员（A1）")
    position = make_position(make_department("车队", code="CAR"), "大客车驾驶员", code="P-1")
    base_on_standard(positions=[position], standard=driver, user=hr_user)
    report = import_workbook(content=export_workbook(), filename="export.xlsx")
    assert report.ok, report.all_problems
    assert Position.objects.get(code="P-1").standard.code == "STD-DRV"


@pytest.mark.parametrize("text", [
    "岗位名称,基准岗位编号\n大区销售经理,STD-SALES\n",  # which standard each position follows: no department, no sheet
    "岗位编号,岗位名称,基准岗位\nS-0,大区销售经理,STD-SALES\n",
    "岗位名称,基准岗位,职务等级,备注\n大区销售经理,STD-SALES,经理级,\n",
])
def test_a_list_of_positions_and_their_standards_is_never_read_as_standards_or_their_rows(sales, text):
    report = import_workbook(content=text.encode("utf-8"), filename="对照.csv")
    assert not report.committed and not ({"standards", "qualifications"} & set(report.sheets))
    assert any("像“岗位”工作表，但还缺少“所在部门”" in warning for warning in report.warnings), report.warnings
    standard = StandardPosition.objects.get(code="STD-SALES")
    assert (standard.title, standard.status) == ("销售代表", StandardPosition.Status.PUBLISHED)


def test_a_standard_in_review_that_an_import_changes_goes_back_to_draft_with_a_history_row(hr_user):
    from jobs.services import submit_standard_for_review

    standard = StandardPosition.objects.create(code="STD-CS", title="客服专员")
    StandardDuty.objects.create(standard_position=standard, order=1, statement="旧职责")
    submit_standard_for_review(standard=standard, user=hr_user)
    content = xlsx({"职责": [["基准岗位编号", "职责描述"], ["STD-CS", "新职责"]]})
    assert import_workbook(content=content, filename="x.xlsx", dry_run=True).standards_reopened == 1
    before = standard.history.count()
    report = import_workbook(content=content, filename="x.xlsx", user=hr_user)
    assert report.ok, report.all_problems
    standard.refresh_from_db()
    assert standard.status == StandardPosition.Status.DRAFT and standard.history.count() == before + 1
    assert standard.history.first().history_change_reason.endswith("x.xlsx")


def test_a_draft_standard_whose_rows_an_import_changes_gets_a_history_row(hr_user):
    standard = StandardPosition.objects.create(code="STD-CS", title="客服专员")
    before = standard.history.count()
    content = xlsx({"职责": [["基准岗位编号", "职责描述"], ["STD-CS", "新职责"], ["STD-CS", "第二条"]]})
    assert import_workbook(content=content, filename="x.xlsx", user=hr_user).ok
    assert standard.history.count() == before + 1


def test_the_apps_own_word_download_of_an_inheriting_position_reads_back_changing_nothing(sales, hr_user):
    from jobs.importing import import_files
    from jobs.tests.test_word_round_trip import download

    files = [(f"{code}.docx", download(Position.objects.get(code=code), hr_user)) for code in ("S-0", "S-2")]
    report = import_files(files=files, dry_run=True, user=hr_user)
    assert report.ok, report.all_problems
    rows = report.sheets["positions"].rows
    assert [row.status for row in rows] == ["unchanged", "unchanged"], [(row.label, row.changes) for row in rows]
    assert any("未读入本岗位" in note for note in rows[0].notes)  # S-0 inherits its duties: named in the preview


def test_the_per_list_import_refuses_a_standards_rows_by_name(sales, hr_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = xlsx({"职责": [["岗位编号", "基准岗位编号", "职责描述"], [None, "STD-SALES", "完成销售指标"]]})
    page = hr_client.post(reverse("admin:jobs_position_import"), {
        "resource": "2", "format": "1", "import_file": SimpleUploadedFile("职责.xlsx", content),
    }).content.decode()
    assert "第 2 行填写了「基准岗位编号」" in page and "导入整个组织" in page
    assert list(StandardDuty.objects.values_list("statement", flat=True)) == ["完成销售指标"]


def test_an_edited_export_reports_a_published_position_it_changes_once(sales):
    workbook = load_workbook(io.BytesIO(export_workbook()))
    sheet = workbook["岗位"]
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("岗位编号")].value == "S-1")
    assert row[header.index("状态")].value == "已发布"
    row[header.index("职责概述")].value = "负责华东区的客户开发"
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = import_workbook(content=buffer.getvalue(), filename="edited.xlsx", dry_run=True)
    assert preview.ok, preview.all_problems
    assert (preview.reopened, preview.not_published) == (1, 0)  # one warning for one position, not two
