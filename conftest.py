"""What every app's tests share: small factories (never the demo fixture) and the files the
import and document tests write and read."""
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import Workbook
from pypdf import PdfReader

from departments.models import Department, DepartmentDuty
from jobs.models import Duty, JobLevel, Position, Qualification

_codes = itertools.count(1)


def pytest_configure(config):
    """Test users need a password, not a strong one: hashing with PBKDF2's million rounds took
    more than half the suite's time."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_department(name=None, parent=None, **fields):
    number = next(_codes)
    return Department.objects.create(
        code=fields.pop("code", f"D{number:05d}"), name=name or f"部门{number}", parent=parent, **fields
    )


def make_position(department, title=None, reports_to=None, **fields):
    """A published position (managers see it) unless ``status`` says otherwise."""
    number = next(_codes)
    fields.setdefault("status", Position.Status.PUBLISHED)
    if fields["status"] == Position.Status.PUBLISHED:
        fields.setdefault("approved_at", timezone.now())
    return Position.objects.create(
        code=fields.pop("code", f"P{number:05d}"),
        title=title or f"岗位{number}",
        department=department,
        reports_to=reports_to,
        **fields,
    )


def make_level(name="经理级", rank=20):
    return JobLevel.objects.get_or_create(code=f"L{rank}", defaults={"name": name, "rank": rank})[0]


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user):
    """A test client of its own, logged in as ``user``: for tests that act as several users."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hr_user(db):
    return make_user("hr", group="HR", is_staff=True)


@pytest.fixture
def manager_user(db):
    return make_user("manager", group="Manager")


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


@pytest.fixture
def manager_client(client, manager_user):
    client.force_login(manager_user)
    return client


@pytest.fixture
def small_org(db):
    """集团 > 市场部 > 拓展部, with a three-level reporting line across them."""
    group = make_department("集团", code="G", kind="group")
    market = make_department("市场部", parent=group, code="G-MKT")
    expansion = make_department("拓展部", parent=market, code="G-MKT-EXP")
    ceo = make_position(group, "总经理", code="CEO", headcount=1)
    director = make_position(market, "市场总监", reports_to=ceo, code="MKT-01", headcount=1, salary_grade="M3级")
    specialist = make_position(expansion, "拓展专员", reports_to=director, code="EXP-01", headcount=5)
    return {
        "group": group, "market": market, "expansion": expansion,
        "ceo": ceo, "director": director, "specialist": specialist,
    }


# Admin change forms submitted the way a browser would: every field and inline as rendered.
def form_values(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def admin_form_data(client, url):
    """What a browser would POST back unchanged from the admin change form at ``url``, inlines included."""
    context = client.get(url).context
    data = form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def as_browser_sends(data):
    """``data`` with line breaks as browsers send a textarea's: CRLF."""
    return {key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()}


def submit_admin_form(client, url, changes=None, inline_changes=None):
    """GET ``url``, apply ``changes`` to the main form and ``inline_changes`` to raw POST keys, POST it."""
    data = admin_form_data(client, url)
    data.update(changes or {})
    data.update(inline_changes or {})
    return client.post(url, data)


# --- Files the import and document tests write and read ---------------------------------------

def xlsx(sheets):
    """{sheet title: [[header…], [value…], …]} -> xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot():
    """Everything the import writes, by code, in tree and row order."""
    departments = list(
        Department.objects.order_by("tree_id", "lft").values_list(
            "code", "name", "parent__code", "level", "lft", "rght", "kind", "head_position__code", "staffing_plan", "is_active"
        )
    )
    positions = list(
        Position.objects.order_by("tree_id", "lft").values_list(
            "code", "title", "department__code", "reports_to__code", "level", "lft", "rght", "job_level__code",
            "headcount", "status", "fill_date", "salary_grade", "summary",
        )
    )
    duties = list(Duty.objects.order_by("position__code", "order").values_list("position__code", "order", "category", "statement", "tasks"))
    qualifications = list(Qualification.objects.order_by("position__code").values_list("position__code", "education", "major", "skills"))
    dept_duties = list(DepartmentDuty.objects.order_by("department__code", "order").values_list("department__code", "function", "text"))
    links = sorted(Position.lateral_moves.through.objects.values_list("from_position__code", "to_position__code"))
    promotions = sorted(Position.promotion_targets.through.objects.values_list("from_position__code", "to_position__code"))
    return departments, positions, duties, qualifications, dept_duties, links, promotions


POSITION_HEADER = ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员"]
DEPARTMENT_HEADER = ["部门编码", "部门名称", "上级部门"]


def org_file(positions, departments=(("G", "集团", None), ("G-MKT", "市场部", "G"))):
    return xlsx({"部门": [DEPARTMENT_HEADER, *map(list, departments)], "岗位": [POSITION_HEADER, *map(list, positions)]})


def staffing_table(header, rows, title="华拓公司岗位一览表", sheet="岗位"):
    """A one-sheet staffing table as HR keep it: a title merged across the columns, then the header."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append([title])
    worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COMPANY_HEADER = ["序号", "职位名称", "所属部门", "汇报对象", "编制"]
COMPANY_ROWS = [
    [1, "总经理", "总经办", None, 1],
    [2, "销售经理", "销售部", "总经理", 1],
    [3, "销售代表", "销售部", "销售经理", 6],
    [4, "会计", "财务部", "总经理", 2],
]


def company_table(rows=COMPANY_ROWS, header=COMPANY_HEADER):
    """A company's one-sheet table without codes, naming departments that may not exist yet."""
    return staffing_table(header, rows, title="某某科技有限公司岗位一览表")


def refused(content, filename="bad.xlsx", **kwargs):
    """Import ``content``, assert it is refused and nothing changed; its problems."""
    from jobs.importing import import_workbook

    before = snapshot()
    report = import_workbook(content=content, filename=filename, **kwargs)
    assert not report.ok and not report.committed
    assert snapshot() == before
    return report.all_problems


def seed_layout_docx(code="不填", headcount="2", extra_duty=False):
    """The layout of seed 001 (市场部岗位职责说明书), typed into Word tables."""
    document = Document()
    document.add_paragraph("岗位职责说明书")
    table = document.add_table(rows=0, cols=4)

    def row(*texts):
        cells = table.add_row().cells
        for cell, text in zip(cells, texts):
            cell.text = text
        return cells

    row("岗位名称", "销售员", "岗位编号", code)
    row("所在部门：", "市场部", "岗位定员", headcount)
    row("直接上级", "市场总监", "上级部门", "总经理办")
    summary = row("职责概括:", "", "", "")
    summary[0].merge(summary[3]).text = "职责概括：负责市场开拓与客户维护"
    row("", "", "职责描述", "工作标准")
    first = row("主要工作", "职责一", "制定销售计划，积极开拓市场", "按月分解工作任务")
    second = row("", "职责二", "拜访客户，发送产品资料", "不少于50家的客户联系量")
    first[0].merge(second[0]).text = "主要工作"
    row("日常工作", "1、", "编写上报销售周报、月报", "按规定时间完成")
    if extra_duty:
        row("", "(2)", "新客户的发展跟进", "每月发展客户不少于10户")
    authority = row("权限:", "", "", "")
    authority[0].merge(authority[3]).text = "权限:\n1、销售定价建议权;\n2、取得销售提成;"
    row("内部协调部门", "企管部、财务部、生产车间", "外部协调机构", "律师事务所、法院")
    row("使用工具/设备", "通讯工具，电脑、网络", "工作环境", "经常出差")
    row("所需记录文档", "合同、客户档案", "备注", "")
    qualification = document.add_table(rows=2, cols=3)
    for cell, text in zip(qualification.rows[0].cells, ("最低学历", "专业", "工作经验")):
        cell.text = text
    for cell, text in zip(qualification.rows[1].cells, ("大专以上学历", "市场营销", "2年以上销售工作经验")):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(content):
    """(document, its text): the paragraphs, then every table cell."""
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return document, "\n".join(parts)


def pdf_text(content):
    """(reader, the text of every page)."""
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)

