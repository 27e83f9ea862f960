"""What every app's tests share: small factories (never the demo fixture), the files the import
and document tests write and read, and an organisation at two sizes for the query-count pins."""
import io
import itertools
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from departments.models import Department, DepartmentDuty
from jobs.search import flush_pending_search_documents, refresh_search_documents
from jobs.models import Duty, JobLevel, Position, Qualification

_codes = itertools.count(1)


def pytest_configure(config):
    """Test users need a password, not a strong one: hashing with PBKDF2's million rounds took
    more than half the suite's time."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run inside the request that starts them (django-tasks' ImmediateBackend, a
    # real backend of the framework); kernel/tests/test_background.py runs the database worker and
    # an RQ worker. Kept documents and task files go to a folder of the test run.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="orgchart-test-media-")
    # A test's transaction never commits, so the versions and stamps that key the page caches never
    # move: pages are not cached, except in the tests of the caches (which commit what they change).
    settings.PAGE_CACHE_SECONDS = 0
    from django_tasks.signals import clear_tasks_handlers

    clear_tasks_handlers(setting="TASKS")  # the backend chosen at start-up is forgotten


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives a test's rolled-back rows: chart data cached under an organisation version
    that the next test's database has again must not leak into it."""
    cache.clear()


@pytest.fixture(autouse=True)
def _progress_written_at_start_and_end(monkeypatch):
    """A background job writes its progress at most every half second, so how often it writes
    depends on the machine's speed; in tests it writes only at the start and the end, and query
    counts that include a task stay exact. kernel/tests/test_background.py sets it to 0 itself."""
    from kernel import background

    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 3600)


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
    position = Position(
        code=fields.pop("code", f"P{number:05d}"),
        title=title or f"岗位{number}",
        department=department,
        reports_to=reports_to,
        **fields,
    )
    position.save(publishing=True)  # a factory sets any state; in the app only publish_position does this
    return position


def make_level(name="经理级", rank=20):
    return JobLevel.objects.get_or_create(code=f"L{rank}", defaults={"name": name, "rank": rank})[0]


def make_standard(title="基准岗位", *, published=True, **fields):
    """A standard position (基准岗位), published through the service unless ``published`` is False."""
    from jobs.models import StandardPosition
    from jobs.services import publish_standard

    number = next(_codes)
    standard = StandardPosition.objects.create(code=fields.pop("code", f"STD{number:05d}"), title=title, **fields)
    return publish_standard(standard=standard, approver=None) if published else standard


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


def snapshot(*, status=True):
    """Everything the import writes, by code, in tree and row order; without the positions' status
    (``status=False``) for a file of published positions, which an import writes as drafts."""
    departments = list(
        Department.objects.order_by("tree_id", "lft").values_list(
            "code", "name", "parent__code", "level", "lft", "rght", "kind", "head_position__code", "staffing_plan", "is_active"
        )
    )
    positions = list(
        Position.objects.order_by("tree_id", "lft").values_list(
            "code", "title", "department__code", "reports_to__code", "level", "lft", "rght", "job_level__code",
            "headcount", *(["status"] if status else []), "fill_date", "salary_grade", "summary",
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


def org_file(positions, departments=(("G", "集团", None), ("G-MKT", "市场部", "G")), header=POSITION_HEADER):
    return xlsx({"部门": [DEPARTMENT_HEADER, *map(list, departments)], "岗位": [header, *map(list, positions)]})


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


def seed_layout_docx(code="不填", headcount="2", extra_duty=False, department="市场部", superior="市场总监"):
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
    row("所在部门：", department, "岗位定员", headcount)
    row("直接上级", superior, "上级部门", "总经理办")
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


# --- An organisation at two sizes, for the query-count pins ----------------------------------

# Units of about twenty positions each: the small organisation has one, the large one ten. A
# route whose query count is the same at both sizes does not grow with the organisation.
SIZES = {"small": 1, "large": 10}


def _rows(model, position, count, field, text, **values):
    """``count`` rows of ``model`` for ``position``, ``field`` of each being ``text`` and its number."""
    return [model(position=position, order=order, **{field: f"{text}{order}"}, **values) for order in range(1, count + 1)]


def build_organisation(units):
    """A group company of ``units`` business centres, about twenty positions each.

    集团 (G) holds 总经理 (CEO) and 副总经理 (VP); 总经办 (G-OFF) and its 秘书组 (G-OFF-SEC) hold
    an assistant and a secretary per unit; each centre C<i> has 销售部 (C<i>-S) with a team
    (C<i>-S-T) and 市场部 (C<i>-M): four levels of departments, each with a head. Every position
    has a qualification and one row of each kind; the CEO and the VP have ``2 * units`` of each,
    links (dotted lines, promotion targets, lateral moves) to a number of positions that grows
    with ``units``, and the VP a published version and a newer draft edited ``units`` times
    after it. Each centre has a position with a newer draft, one never published and one
    archived. 总经办 has ``2 * units`` duties and ``units`` policies, and 集团's mission was
    edited ``units`` times. Returns the objects the tests name.
    """
    from simple_history.utils import bulk_create_with_history

    from departments.models import DepartmentDuty, DepartmentPolicy
    from jobs.models import KPI, Authority, JobFamily, WorkRecord, WorkRelation
    from jobs.services import publish_position

    builder = make_user("org-builder", group="HR", is_staff=True)
    director, manager, lead, staff = (make_level(name, rank) for name, rank in (("总监级", 10), ("经理级", 20), ("主管级", 30), ("专员级", 40)))
    family = JobFamily.objects.create(code="MKT", name="营销序列")
    draft = Position.Status.DRAFT

    waves = {}  # positions by their depth in the reporting tree: written a level at a time, parents first

    def position(department, title, code, reports_to=None, level=staff, **fields):
        depth = 0 if reports_to is None else reports_to.depth + 1
        item = Position(code=code, title=title, department=department, reports_to=reports_to, job_level=level, family=family,
                        headcount=fields.pop("headcount", 2), status=draft, lft=0, rght=0, tree_id=0, level=0, **fields)
        item.depth = depth
        waves.setdefault(depth, []).append(item)
        return item

    group = make_department("集团", code="G", kind="group", mission="集团的职责概述", authorised_headcount=40 * units)
    office = make_department("总经办", parent=group, code="G-OFF", authorised_headcount=units)
    secretaries = make_department("秘书组", parent=office, code="G-OFF-SEC", kind="team")
    ceo = position(group, "总经理", "CEO", level=director, headcount=1, salary_grade="M9级", summary="全面负责公司经营")
    vp = position(group, "副总经理", "VP", reports_to=ceo, level=director, headcount=1, summary="协助总经理")
    chief = position(office, "办公室主任", "OFF-01", reports_to=ceo, level=manager, headcount=1)
    assistants = [position(office, f"总经理助理{i}", f"OFF-A{i:02d}", reports_to=chief) for i in range(1, units + 1)]
    for i in range(1, units + 1):
        position(secretaries, f"秘书{i}", f"SEC-{i:02d}", reports_to=chief)
    heads = {group: ceo, office: chief}

    redrafted, never_published, archived, links = [vp], [], [], []
    for i in range(1, units + 1):
        centre = make_department(f"业务中心{i}", parent=group, code=f"C{i}", kind="center")
        sales = make_department(f"销售部{i}", parent=centre, code=f"C{i}-S", authorised_headcount=8)
        team = make_department(f"销售一组{i}", parent=sales, code=f"C{i}-S-T", kind="team")
        market = make_department(f"市场部{i}", parent=centre, code=f"C{i}-M")
        heads[centre] = centre_head = position(centre, f"中心总监{i}", f"C{i}-01", reports_to=vp, level=director, headcount=1)
        heads[sales] = sales_manager = position(sales, f"销售经理{i}", f"C{i}-S-01", reports_to=centre_head, level=manager)
        representatives = [position(sales, f"销售代表{i}-{n}", f"C{i}-S-{n:02d}", reports_to=sales_manager) for n in range(2, 6)]
        heads[team] = leader = position(team, f"销售组长{i}", f"C{i}-S-T-01", reports_to=sales_manager, level=lead)
        for n in range(2, 6):
            position(team, f"组员{i}-{n}", f"C{i}-S-T-{n:02d}", reports_to=leader)
        heads[market] = market_manager = position(market, f"市场经理{i}", f"C{i}-M-01", reports_to=centre_head, level=manager)
        marketers = [position(market, f"市场专员{i}-{n}", f"C{i}-M-{n:02d}", reports_to=market_manager) for n in range(2, 7)]
        never_published.append(position(market, f"筹建岗位{i}", f"C{i}-M-NEW", reports_to=market_manager))
        redrafted.append(marketers[0])
        archived.append(marketers[1])
        links += [(leader, "dotted_supervisors", market_manager), (sales_manager, "dotted_supervisors", market_manager),
                  (representatives[0], "promotion_targets", sales_manager), (representatives[1], "lateral_moves", marketers[2])]

    for depth in sorted(waves):
        bulk_create_with_history(waves[depth], Position, default_user=builder)
    Position.objects.rebuild()
    positions = list(Position.objects.order_by("tree_id", "lft"))
    rows = {model: [] for model in (Duty, Authority, KPI, WorkRelation, WorkRecord)}
    qualifications = []
    for item in positions:
        count = 2 * units if item in (ceo, vp) else 1
        rows[Duty] += _rows(Duty, item, count, "statement", f"{item.title}的职责", tasks="分解目标\n跟踪执行", standard="按月完成")
        rows[Authority] += _rows(Authority, item, count, "text", "审批权", category="business")
        rows[KPI] += _rows(KPI, item, count, "name", "利润指标", weight=10, period="month")
        rows[WorkRelation] += _rows(WorkRelation, item, count, "party", "协作单位", scope="company", content="预算")
        rows[WorkRecord] += _rows(WorkRecord, item, count, "document", "月报", timing="月末", recipient="总经理")
        qualifications.append(Qualification(position=item, education=4, major="市场营销", experience_years=3))
    for model, objects in rows.items():
        bulk_create_with_history(objects, model, default_user=builder)
    bulk_create_with_history(qualifications, Qualification, default_user=builder)
    bulk_create_with_history(
        [DepartmentDuty(department=office, function=f"职能{n % 3}", text=f"总经办职责{n}", order=n) for n in range(1, 2 * units + 1)]
        + [DepartmentDuty(department=group, function="战略管理", text="制定集团战略", order=1)],
        DepartmentDuty, default_user=builder,
    )
    bulk_create_with_history(
        [DepartmentPolicy(department=office, title=f"制度{n}", body=f"总经办制度{n}的正文", order=n) for n in range(1, units + 1)],
        DepartmentPolicy, default_user=builder,
    )

    for item, name, target in links:
        getattr(item, name).add(target)
    vp.dotted_supervisors.add(ceo)
    vp.promotion_targets.add(ceo)
    vp.lateral_moves.add(*assistants)
    for department, head in heads.items():
        department.head_position = head
        department.save()
    for n in range(units):
        group.mission = f"集团的职责概述（第 {n + 1} 次修改）"
        group.save()

    # Published in one go, as the demo loader does; the positions that get a newer draft are
    # published through the service, which writes the publication record their snapshot needs.
    approved_at = timezone.now()
    excluded = {p.pk for p in redrafted + never_published}
    Position.objects.exclude(pk__in=excluded).update(status=Position.Status.PUBLISHED, approved_at=approved_at, approved_by=builder)
    Position.objects.filter(pk__in=[p.pk for p in archived]).update(status=Position.Status.ARCHIVED)
    for item in redrafted:
        published = publish_position(position=item, approver=builder)
        published.title = f"{published.title}（草稿）"
        published.status = draft
        published.save()
    vp = Position.objects.get(pk=vp.pk)
    for n in range(units):
        vp.summary = f"协助总经理（第 {n + 1} 次修改）"
        vp.save()
    Duty.objects.filter(position=vp, order=1).update(statement="草稿中改过的职责")
    return {
        "units": units, "group": group, "office": office, "secretaries": secretaries,
        "ceo": Position.objects.get(pk=ceo.pk), "vp": vp, "positions": Position.objects.count(),
        "in_force": Position.objects.in_force().count(), "departments": Department.objects.count(),
    }


@pytest.fixture(scope="class", params=list(SIZES), ids=list(SIZES))
def sized_org(request, django_db_setup, django_db_blocker):
    """``build_organisation`` at each size of ``SIZES``, built once per test class and rolled back
    after it. Each test of the class runs in its own savepoint inside that transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        org = build_organisation(SIZES[request.param])
        flush_pending_search_documents()  # as its commit would; the bulk-created positions have no
        refresh_search_documents(Position.objects.values_list("pk", flat=True))  # document yet: search needs them
        yield org
        transaction.set_rollback(True)


class Route:
    """One page, JSON endpoint or download as a user (``role``: hr, manager or anonymous) opens
    it: ``url(org)``, POSTed with ``data(org)`` when given, the exact number of queries it takes
    at every size of ``SIZES``, and ``shows(text, org)``, which asserts what it shows (``text``:
    the page, the .docx or PDF text, the workbook's cells as tab-separated lines, or the JSON).

    ``warm``: open it once before counting, so that what is counted is the steady state of a
    document kept after its first request (a handbook's second click). ``task``: the answer is a
    redirect to a background task's page (run at once by the tests' task backend), and ``shows``
    checks the file the task made."""

    def __init__(self, role, url, queries, shows, *, data=None, warm=False, task=False):
        self.role, self.url, self.queries, self.shows, self.data = role, url, queries, shows, data
        self.warm, self.task = warm, task


def shown_text(response):
    """What ``response`` shows, as text: the page, the document's or workbook's text, the JSON."""
    content_type = response["Content-Type"]
    if content_type == "application/pdf":
        return pdf_text(response.content)[1]
    if content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        return docx_text(response.content)[1]
    if content_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        workbook = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            f"{sheet.title}!" + "\t".join("" if value is None else str(value) for value in row)
            for sheet in workbook for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode(response.charset or "utf-8")


@pytest.fixture
def exact_queries(django_assert_num_queries):
    """``with exact_queries(count, info):`` fails unless exactly ``count`` queries run.

    Django caches content types for the whole process: the first request that needs one
    queries it, later ones do not. Filling the cache first keeps a count independent of
    which tests ran before."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    def expect(count, info=None):
        ContentType.objects.get_for_models(*apps.get_models())
        return django_assert_num_queries(count, info=info)

    return expect


def on_postgresql():
    """1 on PostgreSQL, 0 on SQLite: for the few counts where PostgreSQL runs one statement more."""
    from django.db import connection

    return int(connection.vendor == "postgresql")


def _task_content_type(content):
    """The content type of a file a task made, from its first bytes (the task page names no type)."""
    if content[:5] == b"%PDF-":
        return "application/pdf"
    if b"word/" in content[:2000]:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def open_route(client, hr_user, manager_user, exact_queries):
    """``open_route(route, org)``: request ``route`` as its user, assert its query count and
    what it shows; the response."""

    def request(route, org):
        if route.role != "anonymous":
            client.force_login(hr_user if route.role == "hr" else manager_user)
        url = route.url(org)
        data = route.data(org) if route.data else None
        if route.warm:
            client.post(url, data) if data is not None else client.get(url)
            # The warm-up may outlast kernel.versions' two-second cache of the counters; read them
            # afresh either way, so the count does not depend on how fast this machine is.
            cache.clear()
        with exact_queries(route.queries, info=url):
            response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if route.task:
            made = task_file(client, response)
            route.shows(shown_text(HttpResponse(made, content_type=_task_content_type(made))), org)
        else:
            route.shows(shown_text(response), org)
        return response

    return request


def run_manage(*args, env=None):
    """``manage.py`` in a fresh process, with the production variables of ``env`` and none of ours."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def task_file(client, response):
    """The file a background task started by ``response`` (a redirect to its task page) made."""
    from django.urls import resolve, reverse  # noqa: PLC0415

    assert response.status_code == 302, response.status_code
    pk = resolve(response.url).kwargs["pk"]
    download = client.get(reverse("task_download", args=[pk]))
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content)
