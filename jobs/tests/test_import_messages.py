"""The import speaks the reader's language: English messages with the English interface, the
Chinese ones with the Chinese interface (the default). The file's own words — sheet titles,
headers, choice labels, the cells themselves — stay as the file writes them in both."""
import io
import re

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.utils import translation

from conftest import DEPARTMENT_HEADER, xlsx
from jobs.importing import import_workbook
from jobs.importing.reading import UnreadableFile, read_tables
from jobs.importing.sheets import SHEETS, SHEETS_BY_KEY
from jobs.importing.word import UnreadableDocument, read_docx
from jobs.resources import PositionResource
from kernel.resources import ChoiceLabelWidget, TextWidget

# Chinese characters and the full-width punctuation of Chinese text (：，。「」（）…).
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”")

POSITION_HEADER = ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员", "填写日期", "状态", "备用列"]
POSITIONS = [
    ["A1", "", "G", "", 1, "", "", ""],  # no title
    ["A2", "文员", "G", "NOBODY", "两人", "", "", ""],  # headcount in words, unknown superior
    ["A3", "助理", "G-MARS", "", 1, "明天", "随便", ""],  # unknown department code, a date and a status that are not
    ["A3", "重复", "G", "", 1, "", "", ""],  # the code again
    ["A5", 123, "G", "", 1, "", "", ""],  # a number for a title
    ["A6", "<b>秘书</b>", "G", "", 1, "", "", ""],  # markup
    ["C1", "甲", "G", "C2", 1, "", "", ""],  # a reporting cycle
    ["C2", "乙", "G", "C1", 1, "", "", ""],
]
DEPARTMENTS = [DEPARTMENT_HEADER, ["G", "集团", None], ["G-X", "某部", "不存在的部门"]]


def bad_workbook():
    return xlsx({
        "部门": DEPARTMENTS,
        "岗位": [POSITION_HEADER, *POSITIONS],
        "任职资格": [["最低学历", "专业"], ["本科", "会计"]],  # no 岗位编号 column
        "杂项": [["随手记"], ["一些内容"]],  # no sheet of the import
    })


def file_words():
    """What the file and the import's fixed vocabulary may put into an English message."""
    words = {sheet.title for sheet in SHEETS} | {"杂项", "随手记", "一些内容", "备用列"}
    for sheet in SHEETS:
        for column in sheet.columns:
            words |= {column.header, *column.aliases, *map(str, column.labels.values())}
    for rows in (DEPARTMENTS, POSITIONS):
        words |= {str(cell) for row in rows for cell in row if cell}
    return sorted(words, key=len, reverse=True)


def without_file_words(text):
    text = QUOTED.sub("", text)
    for word in file_words():
        text = text.replace(word, "")
    return text


def texts(report):
    problems = report.all_problems
    by_problem = [text for p in problems for text in (str(p), p.message, p.action)]
    return by_problem + report.warnings + report.summary_lines()


def test_a_bad_file_is_explained_in_english_with_the_english_interface(small_org):
    with translation.override("en"):
        report = import_workbook(content=bad_workbook(), filename="bad.xlsx", dry_run=True)
        every = texts(report)
        by_place = {(p.sheet, p.row, p.column): p for p in report.all_problems}
        no_title = str(by_place[("岗位", 2, "岗位名称")])
        summary = report.summary_lines()
    assert not report.ok and len(report.all_problems) >= 12
    chinese = [text for text in every if CHINESE.search(without_file_words(text))]
    assert not chinese
    assert no_title == "Sheet “岗位”, row 2, column “岗位名称”: “岗位名称” must not be empty. Fill in “岗位名称”."
    assert by_place[("岗位", 3, "岗位定员")].message == "“岗位定员” should be a number but is “两人”."
    assert by_place[("岗位", 4, "所在部门")].message == "Cannot find the department code “G-MARS”."
    assert by_place[("岗位", 4, "状态")].action == "Choose one of: 草稿, 审核中, 已发布, 已归档."
    assert by_place[("岗位", 5, "岗位编号")].message == "The code “A3” is also on row 4."
    assert by_place[("岗位", 8, "直接上级")].message == "The positions' reporting lines form a cycle: C1 → C2 → C1."
    assert by_place[("岗位", 1, "备用列")].message == "Column “备用列” matches no field."
    assert by_place[("任职资格", 1, "岗位编号")].message == "The required column “岗位编号” is missing."
    assert "Sheet “杂项” does not have a known sheet name: skipped. The known sheet names: 职务等级, 职位序列, " in report.warnings[0]
    assert summary[0] == "部门: new 0, changed 0, unchanged 1, errors 1"


def test_the_same_file_is_explained_in_chinese_by_default(small_org):
    report = import_workbook(content=bad_workbook(), filename="bad.xlsx", dry_run=True)
    by_place = {(p.sheet, p.row, p.column): p for p in report.all_problems}
    no_title = by_place[("岗位", 2, "岗位名称")]
    assert str(no_title) == "工作表“岗位”第 2 行「岗位名称」列：「岗位名称」不能为空。 请填写岗位名称。"
    assert by_place[("岗位", 3, "岗位定员")].message == "「岗位定员」应为数字，却是“两人”。"
    assert by_place[("岗位", 4, "所在部门")].message == "找不到部门编码“G-MARS”。"
    assert by_place[("岗位", 4, "状态")].action == "请从以下选项中选一个：草稿、审核中、已发布、已归档。"
    assert by_place[("岗位", 5, "岗位编号")].message == "编号“A3”与第 4 行重复。"
    assert by_place[("岗位", 8, "直接上级")].message == "岗位上下级形成循环：C1 → C2 → C1。"
    assert by_place[("岗位", 1, "备用列")].message == "「备用列」列不知道该导入到哪个字段。"
    assert by_place[("任职资格", 1, "岗位编号")].message == "缺少必填列「岗位编号」。"
    assert "工作表“杂项”不是可识别的表名，已跳过。可用的表名：职务等级、职位序列、" in report.warnings[0]
    assert report.summary_lines()[0] == "部门: 新增 0，修改 0，无变化 1，错误 1"


def test_the_command_reports_in_the_active_language(small_org, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(bad_workbook())
    for language, counted in (("en", "problems found: nothing was imported."), ("zh-hans", "处错误，没有导入任何数据。")):
        out = io.StringIO()
        with translation.override(language), pytest.raises(CommandError) as refused:
            call_command("import_files", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
        assert counted in str(refused.value)
        if language == "en":
            assert "[岗位] → 岗位 (header in row 1)" in out.getvalue() and "  备用列 → ? (no field)" in out.getvalue()
            lines = out.getvalue().splitlines() + [str(refused.value)]
            assert not [line for line in lines if CHINESE.search(without_file_words(line))]
        else:
            assert "【岗位】→ 岗位（表头在第 1 行）" in out.getvalue() and "  备用列 → ？（没有对应的字段）" in out.getvalue()


def test_unreadable_files_and_documents_are_explained_in_the_active_language():
    with translation.override("en"):
        with pytest.raises(UnreadableFile, match=r"^The file is empty \(0 bytes\)\."):
            read_tables(content=b"")
        with pytest.raises(UnreadableDocument, match=r"^“a.docx” is empty\."):
            read_docx(content=b"", source="a.docx")
    with pytest.raises(UnreadableFile, match=r"^文件是空的（0 字节）。"):
        read_tables(content=b"")
    with pytest.raises(UnreadableDocument, match=r"^“a.docx”是空文件。"):
        read_docx(content=b"", source="a.docx")


def test_the_per_list_import_widgets_speak_the_active_language():
    status = SHEETS_BY_KEY["positions"].column("status")
    with translation.override("en"):
        with pytest.raises(ValueError, match=r"^“随便” is not one of the choices; choose one of: 草稿, 审核中, 已发布, 已归档\.$"):
            ChoiceLabelWidget(status).clean("随便")
        with pytest.raises(ValueError, match=r"^“=1\+1” is a formula: paste it as values and import again\.$"):
            TextWidget().clean("=1+1")
    with pytest.raises(ValueError, match=r"^不认识“随便”，请从以下选项中选一个：草稿、审核中、已发布、已归档。$"):
        ChoiceLabelWidget(status).clean("随便")


@pytest.mark.django_db
def test_unknown_columns_of_a_per_list_import_are_named_in_the_active_language():
    dataset = tablib.Dataset(headers=["岗位编号", "岗位名称", "随手记"])
    with translation.override("en"), pytest.raises(ValueError, match=r"^Unknown columns: 随手记\. Known columns: 岗位编号, "):
        PositionResource().before_import(dataset)

