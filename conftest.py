"""Test data builders shared by every app's tests: small factories, never the demo fixture."""
import itertools
import tempfile

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from departments.models import Department
from jobs.models import JobLevel, Position

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


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


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


def task_file(client, response):
    """The file a background task started by ``response`` (a redirect to its task page) made."""
    from django.urls import resolve, reverse  # noqa: PLC0415

    assert response.status_code == 302, response.status_code
    pk = resolve(response.url).kwargs["pk"]
    download = client.get(reverse("task_download", args=[pk]))
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content)
