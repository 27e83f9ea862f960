"""The job description and the department handbook as .docx and PDF, built from one context."""
from html.parser import HTMLParser

import pytest
from docx.oxml.ns import qn
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import docx_text, make_department, make_level, make_position, pdf_text
from jobs.documents.compare import merged_labels
from jobs.models import KPI, Authority, Duty, Qualification, WorkRecord, WorkRelation

A4_POINTS = (595, 842)


@pytest.fixture
def described(small_org):
    director = small_org["director"]
    director.summary = "规划制定公司的市场战略"
    director.save()
    Qualification.objects.create(position=director, education=3, major="市场营销")
    for i, text in enumerate(["制定年度市场拓展计划", "管理拓展人员"], start=1):
        Duty.objects.create(position=director, statement=text, tasks="分解目标\n跟踪执行", standard="按月完成", order=i)
    Authority.objects.create(position=director, category="personnel", text="部门岗位调配权")
    KPI.objects.create(position=director, name="利润指标", weight=40)
    return director


def test_docx_has_title_duty_rows_and_an_east_asian_font(manager_client, described):
    response = manager_client.get(reverse("jobs:position_docx", args=[described.code]))
    assert response.status_code == 200
    assert "MKT-01" in response["Content-Disposition"]
    document, text = docx_text(response.content)
    assert "市场总监" in document.paragraphs[0].text
    assert f"MKT-01 · 第 {described.version} 版" in document.paragraphs[1].text  # as on the page and the PDF
    assert "制定年度市场拓展计划" in text and "管理拓展人员" in text and "按月完成" in text
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    duty_table = next(t for t in document.tables if t.rows[0].cells[1].text == "职责描述")
    assert duty_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_pdf_has_the_chinese_title_and_duties_on_a4_pages(manager_client, described):
    response = manager_client.get(reverse("jobs:position_pdf", args=[described.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert "市场总监" in text
    assert "制定年度市场拓展计划" in text
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS


def test_downloads_leave_out_confidential_fields_for_managers(manager_user, hr_user, described):
    manager_client, hr_client = Client(), Client()
    manager_client.force_login(manager_user)
    hr_client.force_login(hr_user)
    for name, extract in (("jobs:position_docx", lambda c: docx_text(c)[1]), ("jobs:position_pdf", lambda c: pdf_text(c)[1])):
        url = reverse(name, args=[described.code])
        assert "M3级" not in extract(manager_client.get(url).content), name
        assert "M3级" in extract(hr_client.get(url).content), name


def test_position_without_child_rows_gives_every_format(manager_client, small_org):
    """The basic data and the reporting line; no heading of an empty section, in any format."""
    texts = {
        "page": manager_client.get(reverse("jobs:position_detail", args=["CEO"])).content.decode(),
        "docx": docx_text(manager_client.get(reverse("jobs:position_docx", args=["CEO"])).content)[1],
        "pdf": pdf_text(manager_client.get(reverse("jobs:position_pdf", args=["CEO"])).content)[1],
    }
    for name, text in texts.items():
        assert "总经理" in text and "基本资料" in text and "工作关系" in text and "市场总监" in text, name  # 直接下级
        assert "工作内容" not in text and "任职资格" not in text and "考核标准" not in text, name


def test_unknown_position_code_is_404_for_every_format(manager_client, db):
    for name in ("jobs:position_detail", "jobs:position_docx", "jobs:position_pdf", "jobs:handbook_pdf"):
        response = manager_client.get(reverse(name, args=["NOPE"]))
        assert response.status_code == 404, name
        assert "页面不存在" in response.content.decode() and "NOPE" not in response.get("Content-Disposition", ""), name


def test_long_text_and_html_stay_text_in_word_and_pdf(manager_client, described):
    described.summary = "<b>加粗</b>" + "很长的职责描述" * 700
    described.save()
    _document, text = docx_text(manager_client.get(reverse("jobs:position_docx", args=[described.code])).content)
    assert "<b>加粗</b>" in text
    reader, text = pdf_text(manager_client.get(reverse("jobs:position_pdf", args=[described.code])).content)
    assert "<b>加粗</b>" in text
    assert len(reader.pages) >= 2


def build_department(size):
    department = make_department("销售部", authorised_headcount=size - 1)
    level = make_level()
    head = make_position(department, "销售总监", job_level=level)
    department.head_position = head
    department.save()
    for index in range(size - 1):
        position = make_position(department, f"销售代表{index}", reports_to=head, job_level=level, headcount=1)
        Duty.objects.create(position=position, statement=f"完成销售任务{index}")
        Authority.objects.create(position=position, text="客户拜访权")
        Qualification.objects.create(position=position, education=4)
    return department


def test_handbook_downloads_hold_every_job_description(manager_client, db, settings):
    settings.HANDBOOK_INLINE_RENDERS = 10  # five parts: made while the user waits
    department = build_department(4)
    docx = manager_client.get(reverse("jobs:handbook_docx", args=[department.code]))
    _document, text = docx_text(docx.content)
    assert all(f"销售代表{i}" in text for i in range(3)) and "目录" in text
    pdf = manager_client.get(reverse("jobs:handbook_pdf", args=[department.code]))
    reader, text = pdf_text(pdf.content)
    assert "销售总监" in text and "完成销售任务2" in text
    assert len(reader.pages) >= 5  # contents, department, then each job description on a new page
    assert all(page.extract_text().strip() for page in reader.pages)  # no blank page after a one-page contents


def test_handbook_can_include_sub_departments(manager_client, small_org):
    page = manager_client.get(reverse("jobs:handbook", args=[small_org["market"].code]), {"sub": "1"}).content.decode()
    assert "拓展专员" in page and "拓展部" in page
    only = manager_client.get(reverse("jobs:handbook", args=[small_org["market"].code])).content.decode()
    assert 'id="jd-EXP-01"' not in only


def test_compare_marks_the_differing_rows(manager_client, small_org):
    response = manager_client.get(reverse("jobs:compare"), {"a": "MKT-01", "b": "EXP-01"})
    rows = {row["label"]: row for section in response.context["sections"] for row in section["rows"]}
    assert rows["岗位名称"]["differs"] is True
    assert 'class="text differs"' in response.content.decode()
    assert manager_client.get(reverse("jobs:compare"), {"a": "MKT-01", "b": "NOPE"}).status_code == 404


def test_position_list_filters_by_department_subtree_level_and_education(manager_client, small_org):
    level = make_level("专员级", 40)
    specialist = small_org["specialist"]
    specialist.job_level = level
    specialist.save()
    Qualification.objects.create(position=specialist, education=2)
    url = reverse("jobs:position_list")
    titles = lambda params: [p.title for p in manager_client.get(url, params).context["positions"]]  # noqa: E731
    assert titles({"department": "G-MKT"}) == ["市场总监", "拓展专员"]
    assert titles({"level": level.code}) == ["拓展专员"]
    assert titles({"education": "2"}) == ["拓展专员"]
    assert titles({"department": "NO-SUCH"}) == ["总经理", "市场总监", "拓展专员"]


def test_user_without_view_permission_is_refused(client, small_org):
    from conftest import make_user

    client.force_login(make_user("outsider"))
    for url in (small_org["director"].get_absolute_url(), reverse("jobs:position_docx", args=["MKT-01"]),
                small_org["market"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode() and "市场总监" not in response.content.decode(), url


class DocumentText(HTMLParser):
    """The text nodes of a page, one per item: those of the 岗位说明书 article's sections
    (labels, values, column headers, group rows) or, with ``within="compare"``, of the
    comparison table.  Left out of the article: the numbered section headings (一、基本资料:
    numbers differ between two positions, the comparison shows the titles alone), the
    numbering column's header (序号: the comparison names rows by number instead) and a
    caption spanning a table's head (权限, whose rows 人事权/财务权/业务权 say what they are)."""

    def __init__(self, within):
        super().__init__()
        self.within, self.depth, self.skip, self.nodes = within, 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth:
            self.depth += tag not in ("br", "col")
            if self.skip or tag == "h2" or (tag == "th" and ("num" in classes or (self.in_head and "colspan" in attrs))):
                self.skip += tag not in ("br", "col")
            self.in_head = self.in_head or tag == "thead"
        elif (self.within == "compare" and tag == "table" and "compare" in classes) or (
            self.within == "article" and tag == "section" and "doc-section" in classes
        ):
            self.depth, self.in_head = 1, False

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "col"):
            self.depth -= 1
            self.skip -= bool(self.skip)
            self.in_head = self.in_head and tag != "thead"

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.nodes.append(data.strip())


def text_nodes(html, within="article"):
    parser = DocumentText(within)
    parser.feed(html)
    return parser.nodes


@pytest.mark.parametrize("role", ["hr", "manager"])
def test_every_label_and_value_of_the_page_is_in_the_docx_and_the_comparison(client, complete, hr_user, manager_user, role):
    client.force_login(hr_user if role == "hr" else manager_user)
    page = text_nodes(client.get(complete.get_absolute_url()).content.decode())
    _document, docx = docx_text(client.get(reverse("jobs:position_docx", args=[complete.code])).content)
    compare = client.get(reverse("jobs:compare"), {"a": complete.code, "b": "EXP-01"}).content.decode()
    compared = "\n".join(text_nodes(compare, within="compare"))
    for expected in ("营销序列", "2024年3月1日", "985院校优先", "5 年及以上", "培训时间:一周", "有驾照", "忙闲不均",
                     "广告公司:活动执行", "（虚线）", "市场活动决定权", "年度利润总额", "财务部", "月末", "本说明书每年复核一次"):
        assert expected in "\n".join(page), expected
    assert len(page) > 100
    assert [node for node in page if node not in docx] == []
    assert [node for node in page if node not in compared] == []
    for title in ("基本资料", "工作内容", "工作关系", "任职资格", "工作条件", "考核标准", "工作记录与报表", "备注"):
        assert f"<th colspan=\"3\">{title}</th>" in compare


def test_confidential_salary_fields_are_in_no_output_for_a_manager(client, complete, hr_user, manager_user):
    for user, shown in ((hr_user, True), (manager_user, False)):
        client.force_login(user)
        outputs = {
            "page": client.get(complete.get_absolute_url()).content.decode(),
            "docx": docx_text(client.get(reverse("jobs:position_docx", args=[complete.code])).content)[1],
            "compare": client.get(reverse("jobs:compare"), {"a": complete.code, "b": "EXP-01"}).content.decode(),
        }
        for name, text in outputs.items():
            for secret in ("M3级", "年薪三十万", "工资等级", "工资水平"):
                assert (secret in text) is shown, (user.username, name, secret)


def test_page_keeps_the_layout_of_the_paper_form(manager_client, complete):
    html = manager_client.get(complete.get_absolute_url()).content.decode()
    assert "<tr><th>岗位名称</th><td>市场总监</td><th>岗位编号</th><td>MKT-01</td></tr>" in html
    assert '<th class="label">工作环境</th><td colspan="3" class="text">办公室,舒适</td>' in html
    assert '<thead><tr><th class="num">序号</th><th>职责描述</th><th>工作任务</th><th>工作标准</th></tr></thead>' in html
    assert '<tr class="group"><th colspan="4">日常工作</th></tr>' in html
    assert '<td class="text"><ol><li>分解目标</li><li>跟踪执行</li></ol></td><td class="text">按月完成 <span class="muted">(40%)</span></td>' in html
    assert '<thead><tr><th colspan="2">权限</th></tr></thead>' in html
    assert '<tr><th class="label">财务权</th><td class="text"><ol><li>五万元以下费用审批权</li></ol></td></tr>' in html
    assert '<a href="/positions/CEO/">总经理</a>、<a href="/positions/MKT-02/">市场经理</a>（虚线）<div>接受总经理的工作检查</div>' in html
    assert '<table class="doc kpis">' in html and '<td class="num">40</td>' in html


def test_docx_lays_out_the_same_rows_as_the_page(manager_client, complete):
    document, _text = docx_text(manager_client.get(reverse("jobs:position_docx", args=[complete.code])).content)
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["岗位名称", "市场总监", "岗位编号", "MKT-01"] in rows
    assert ["工作环境", "办公室,舒适", "办公室,舒适", "办公室,舒适"] in rows  # one pair spans the row
    assert ["日常工作"] * 4 in rows
    assert ["1", "制定年度市场拓展计划", "1. 分解目标\n2. 跟踪执行", "按月完成 (40%)"] in rows
    assert ["1", "利润指标", "年度利润总额", "一千万元", "40", "年度", "财务部"] in rows


def test_compare_lists_table_rows_by_group_and_number(manager_client, small_org, complete):
    Duty.objects.create(position=small_org["specialist"], statement="拜访客户", order=1)
    response = manager_client.get(reverse("jobs:compare"), {"a": complete.code, "b": "EXP-01"})
    sections = {str(section["title"]): {row["label"]: row for row in section["rows"]} for section in response.context["sections"]}
    duty = sections["工作内容"]["主要职责 1"]
    assert duty["left"] == "职责描述:制定年度市场拓展计划\n工作任务:\n1. 分解目标\n2. 跟踪执行\n工作标准:按月完成 (40%)"
    assert duty["right"] == "职责描述:拜访客户" and duty["differs"]
    assert sections["考核标准"]["考核指标 1"]["left"].splitlines()[-1] == "数据来源:财务部"
    assert sections["考核标准"]["考核说明"]["left"] == "详见绩效考核方案"
    assert sections["基本资料"]["状态"]["differs"] is False


def test_merged_labels_keep_each_sides_order():
    assert merged_labels(["主要职责 1", "主要职责 2", "日常工作 1"], ["主要职责 1", "主要职责 2", "主要职责 3"]) == [
        "主要职责 1", "主要职责 2", "主要职责 3", "日常工作 1",
    ]
    assert merged_labels([], ["a", "b"]) == ["a", "b"]


def test_complete_documents_query_counts_do_not_grow_with_rows(manager_client, complete, django_capture_on_commit_callbacks):
    urls = [
        (complete.get_absolute_url(), {}),
        (reverse("jobs:position_docx", args=[complete.code]), {}),
        (reverse("jobs:compare"), {"a": complete.code, "b": "EXP-01"}),
    ]

    def counts():
        result = []
        for url, params in urls:
            cache.clear()  # counters read once and then from the cache: count from the same start each time
            with CaptureQueriesContext(connection) as queries:
                assert manager_client.get(url, params).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):  # committed: the kept .docx is stale
        for i in range(10):
            Duty.objects.create(position=complete, category="coordination", statement=f"协调{i}", tasks="甲\n乙", order=10 + i)
            Authority.objects.create(position=complete, category="other", text=f"其他权限{i}", order=10 + i)
            KPI.objects.create(position=complete, name=f"指标{i}", order=10 + i)
            WorkRelation.objects.create(position=complete, scope="group", party=f"子公司{i}", order=10 + i)
            WorkRecord.objects.create(position=complete, document=f"周报{i}", order=10 + i)
    assert counts() == before
