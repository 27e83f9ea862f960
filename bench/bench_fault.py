"""Load and fault: managers browsing, HR restructuring and an import while PostgreSQL restarts.

On a scratch PostgreSQL database (127.0.0.1:5432, user postgres) with a generated organisation
(200 departments, 2,000 positions) plus the demo, gunicorn runs with the options of the README's
Production section (read from it; BENCH_FAULT_WORKERS, BENCH_FAULT_THREADS to compare others) and,
for BENCH_FAULT_SECONDS (default 300):

- 50 managers (BENCH_FAULT_CLIENTS) browse without pause: the home page, the chart JSON, the list,
  department pages, job descriptions, the position list;
- 2 HR users restructure in the admin as a browser does, with a pause of 0.2–1 s between edits:
  the department tree's drag-and-drop (the XMLHttpRequest django-mptt's script sends, then the page
  reload) and the position change form with a new 直接上级 (GET the form, POST every field back);
- one HR user imports a workbook of 50 new departments and 500 positions through the admin's
  import page (upload → preview → confirm), starting at 15 % of the run;
- at half time PostgreSQL is restarted (``pg_ctlcluster … restart``; BENCH_FAULT_RESTART=0 leaves it
  alone). The restart window runs from the command to the first query that succeeds afterwards.

Each HR user moves only the departments and positions it owns (half each), so the last
acknowledged edit of a node is well defined; the places it moves them to are anywhere in the
generated organisation. A drag beside another department (left/right) is only made beside a
department on the first level below the top, whose parent never changes, so the parent an
acknowledged drag gave is known without asking the server.

Printed at the end (nothing asserted): requests, throughput, p50/p95, 5xx inside and outside the
restart window, 4xx and refusals (409 and the form's 303 back to itself: "组织结构刚被他人修改" is the
designed answer to a race), errors as gunicorn logged them, whether both trees are consistent
(``kernel.tree_integrity.tree_problems``), whether every acknowledged edit is in the database, the
import's outcome and the number of cores.

Not part of a plain ``make bench`` (see ``ON_REQUEST_ONLY``): it runs five minutes and restarts the
PostgreSQL server that everything else on the machine uses. Run it with ``make bench BENCH=fault``.
"""
import collections
import json
import os
import random
import re
import secrets
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

import psycopg2

from bench.bench_import import workbook
from bench.server import PG, Client, csrf_token, form_fields, gunicorn, percentile, production_gunicorn_options, scratch_site

ON_REQUEST_ONLY = True  # `python -m bench` without names skips it: see the module docstring

SECONDS = float(os.environ.get("BENCH_FAULT_SECONDS", "300"))
RESTART = os.environ.get("BENCH_FAULT_RESTART", "1") != "0"
MANAGERS = int(os.environ.get("BENCH_FAULT_CLIENTS", "50"))
WORKERS = os.environ.get("BENCH_FAULT_WORKERS")  # unset: gunicorn as the README's Production section starts it
THREADS = os.environ.get("BENCH_FAULT_THREADS")
HR_USERS = 2
DEPARTMENTS, POSITIONS = 200, 2000
IMPORT_DEPARTMENTS, IMPORT_POSITIONS, IMPORT_DUTIES = 50, 500, 5
IMPORT_AT = 0.15  # of the run
MAX_REQUESTS = 100_000  # per manager: the deadline stops them long before
MAX_EDITS = 5_000  # per HR user
IMPORT_ATTEMPTS = 3
RESTART_TIMEOUT = 120  # seconds to wait for PostgreSQL to answer again
PASSWORD = "bench-fault-" + secrets.token_hex(8)
REFUSAL_TEXT = "组织结构刚被他人修改"  # kernel.locks.REFUSAL as the Chinese pages show it

DEPARTMENT_CHANGELIST = "/admin/departments/department/"
POSITION_CHANGELIST = "/admin/jobs/position/"
IMPORT_PAGE = "/admin/jobs/position/workbook/import/"

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from demo.generated import generate_organisation
from departments.models import Department
from jobs.models import Position
generate_organisation({DEPARTMENTS}, {POSITIONS}, prefix="F")
# The generated positions are published but, written with bulk_create, have no history: give them
# the record publishing leaves, so that a manager still sees the published version of one an HR
# user has just edited (a draft again) instead of a 404.
generated = list(Position.objects.filter(code__startswith="FP"))
Position.history.bulk_history_create(generated, batch_size=500, default_date=generated[0].approved_at)
User = get_user_model()
manager = User.objects.create_user("bench-manager", password="{PASSWORD}")
manager.groups.add(Group.objects.get(name="Manager"))
for name in ("bench-hr-0", "bench-hr-1", "bench-importer"):
    User.objects.create_user(name, password="{PASSWORD}", is_staff=True).groups.add(Group.objects.get(name="HR"))
print("PLAN", json.dumps({{
    "departments": list(Department.objects.filter(code__startswith="FD").values_list("pk", "code", "parent_id", "level")),
    "positions": list(Position.objects.filter(code__startswith="FP").values_list("pk", "code", "reports_to_id", "level")),
    "all_departments": list(Department.objects.values_list("code", flat=True)),
    "browse_positions": list(Position.objects.order_by("?").values_list("code", flat=True)[:300]),
}}))
"""

CHECK = """
import json
from departments.models import Department
from jobs.models import Position
from kernel.tree_integrity import tree_problems, tree_rows
report = {}
for name, model, parent in (("departments", Department, "parent_id"), ("positions", Position, "reports_to_id")):
    problems = tree_problems(tree_rows(model))
    report[name] = {
        "count": model.objects.count(),
        "problems": [[problem.pk, problem.kind] for problem in problems],
        "parents": dict(model.objects.values_list("pk", parent)),
    }
report["imported_departments"] = dict(Department.objects.filter(code__startswith="FID").values_list("code", "parent__code"))
report["imported_positions"] = dict(Position.objects.filter(code__startswith="FIP").values_list("code", "reports_to__code"))
print("CHECK", json.dumps(report))
"""


@dataclass
class Request:
    role: str
    label: str
    start: float
    end: float
    status: int | None  # None: no answer (connection refused or cut)
    error: str = ""


@dataclass
class Edit:
    """One restructuring: node ``pk`` of ``tree`` to go under ``parent``, and how the app answered.

    outcome: "ack" (the success answer), "refused" (409 or the form back to itself: the tree was
    busy), "invalid" (the move or form was refused as invalid: a node under its own descendant),
    "unknown" (5xx or no answer: it may or may not have been written).
    """

    tree: str
    pk: int
    parent: int | None
    outcome: str
    start: float
    end: float
    detail: str = ""


@dataclass
class Window:
    start: float | None = None
    end: float | None = None
    command_seconds: float | None = None
    command_output: str = ""
    down: float | None = None  # the first query that failed while the command ran
    up: float | None = None  # the first that succeeded again after it

    def overlaps(self, start, end):
        return self.start is not None and start <= (self.end or float("inf")) and end >= self.start


@dataclass
class Journal:
    requests: list = field(default_factory=list)
    edits: list = field(default_factory=list)
    imports: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, requests=(), edits=(), imports=()):
        with self.lock:
            self.requests.extend(requests)
            self.edits.extend(edits)
            self.imports.extend(imports)


class Browser:
    """A logged-in client that writes down every request it makes."""

    def __init__(self, port, role, timeout=30):
        self.client, self.role, self.requests = Client(port, timeout=timeout), role, []

    def call(self, label, method, *args, **kwargs):
        start = time.perf_counter()
        try:
            response = getattr(self.client, method)(*args, **kwargs)
        except Exception as error:
            self.requests.append(Request(self.role, label, start, time.perf_counter(), None, repr(error)))
            return None
        self.requests.append(Request(self.role, label, start, time.perf_counter(), response.status))
        return response


def browse(browser, paths, deadline, journal):
    rng = random.Random()
    for _ in range(MAX_REQUESTS):
        if time.perf_counter() >= deadline:
            break
        label, path = rng.choice(paths)
        browser.call(label, "get", path)
    journal.add(requests=browser.requests)


def outcome_of(response):
    if response is None or response.status >= 500:
        return "unknown"
    return None


def drag(browser, rng, plan, mine, page):
    """Drop one of ``mine`` departments somewhere, as django-mptt's script does, then reload."""
    cut = rng.choice(mine)
    if rng.random() < 0.3:
        pasted_on, position = rng.choice(plan.first_level), rng.choice(("left", "right"))
        parent = plan.department_parent[pasted_on]
    else:
        pasted_on, position = rng.choice([pk for pk in plan.department_parent if pk != cut]), "last-child"
        parent = pasted_on
    token = csrf_token(page or b"")
    if token is None:
        page = getattr(browser.call("department list", "get", DEPARTMENT_CHANGELIST), "body", None)
        token = csrf_token(page or b"")
        if token is None:
            return None, page
    start = time.perf_counter()
    response = browser.call(
        "drag-and-drop", "post", DEPARTMENT_CHANGELIST,
        {"cmd": "move_node", "position": position, "cut_item": cut, "pasted_on": pasted_on},
        headers={"X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest"},
    )
    outcome = outcome_of(response)
    if outcome is None:
        if response.status == 200 and response.body == b"OK, moved.":
            outcome = "ack"
        elif response.status == 200 and response.body.startswith(b"FAIL"):
            outcome = "invalid"
        elif response.status == 409:
            outcome = "refused"
        else:
            outcome = "unknown"
    edit = Edit("departments", cut, parent, outcome, start, time.perf_counter(), f"{position} {response.status if response else '-'}")
    reloaded = browser.call("department list", "get", DEPARTMENT_CHANGELIST)  # the script reloads the page
    return edit, getattr(reloaded, "body", None)


def change_superior(browser, rng, plan, mine):
    """Open one of ``mine`` positions' change form, pick another 直接上级, save, follow the answer."""
    pk = rng.choice(mine)
    superior = rng.choice([other for other in plan.position_parent if other != pk])
    url = f"{POSITION_CHANGELIST}{pk}/change/"
    form = browser.call("position form", "get", url)
    if form is None or form.status != 200:
        return None
    fields = [(name, value) for name, value in form_fields(form.body, "position_form") if name != "reports_to"]
    fields += [("reports_to", str(superior)), ("_save", "1")]
    start = time.perf_counter()
    response = browser.call("position save", "post", url, fields)
    outcome, detail = outcome_of(response), ""
    if outcome is None:
        if response.status == 302 and response.location == POSITION_CHANGELIST:
            outcome = "ack"
        elif response.status in (302, 303) and response.location == url:
            outcome = "refused"  # RefusedWriteMiddleware: back to the form with the message
        elif response.status == 200:
            errors = re.findall(rb'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.body, re.S)
            detail = re.sub(r"<[^>]+>", " ", b" ".join(errors).decode("utf-8", "replace")).strip()[:200]
            # The form shows the refusal when its check could not have the tree's lock in time.
            outcome = "refused" if REFUSAL_TEXT in detail else "invalid"
        else:
            outcome = "unknown"
    edit = Edit("positions", pk, superior, outcome, start, time.perf_counter(), detail)
    if response is not None and response.status in (302, 303):
        browser.call("position list", "get", response.location)
    return edit


def restructure(browser, plan, owner, deadline, journal):
    rng = random.Random(owner)
    departments = [pk for pk in plan.movable_departments if pk % HR_USERS == owner]
    positions = [pk for pk in plan.movable_positions if pk % HR_USERS == owner]
    edits = []
    page = getattr(browser.call("department list", "get", DEPARTMENT_CHANGELIST), "body", None)
    for _ in range(MAX_EDITS):
        if time.perf_counter() >= deadline:
            break
        if rng.random() < 0.5:
            edit, page = drag(browser, rng, plan, departments, page)
        else:
            edit = change_superior(browser, rng, plan, positions)
        if edit is not None:
            edits.append(edit)
        time.sleep(rng.uniform(0.2, 1.0))
    journal.add(requests=browser.requests, edits=edits)


def import_workbook(browser, content, begin_at, deadline, journal):
    """Upload → preview → confirm on the admin's import page; again (up to IMPORT_ATTEMPTS) if it
    did not go through, as a person would."""
    time.sleep(max(0.0, begin_at - time.perf_counter()))
    attempts = []
    for _ in range(IMPORT_ATTEMPTS):
        if time.perf_counter() >= deadline:
            break
        start = time.perf_counter()
        result = _import_once(browser, content)
        attempts.append((start, time.perf_counter(), result))
        if result == "committed":
            break
        time.sleep(5)
    journal.add(requests=browser.requests, imports=attempts)


def _import_once(browser, content):
    page = browser.call("import page", "get", IMPORT_PAGE)
    token = csrf_token(getattr(page, "body", b"") or b"")
    if token is None:
        return f"import page: {page.status if page else 'no answer'}"
    preview = browser.call(
        "import upload", "post_files", IMPORT_PAGE, [("csrfmiddlewaretoken", token), ("encoding", "auto")],
        [("files", "bench-fault-import.xlsx", content)],
    )
    if preview is None or preview.status != 200:
        return f"upload: {preview.status if preview else 'no answer'}"
    stash = re.search(rb'name="token" value="([^"]+)"', preview.body)
    if stash is None:
        return "upload: no preview"
    confirm = browser.call(
        "import confirm", "post", IMPORT_PAGE,
        {"csrfmiddlewaretoken": csrf_token(preview.body), "token": stash.group(1).decode(), "confirm": "1"},
    )
    if confirm is not None and confirm.status == 302 and confirm.location == POSITION_CHANGELIST:
        browser.call("position list", "get", confirm.location)
        return "committed"
    return f"confirm: {confirm.status if confirm else 'no answer'}"


def answers(database):
    """Whether PostgreSQL answers a query on ``database`` now."""
    try:
        connection = psycopg2.connect(dbname=database, connect_timeout=1, **PG)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        finally:
            connection.close()
        return True
    except psycopg2.OperationalError:
        return False


def restart_postgresql(at, database, window):
    """Restart the server at ``at``; the window closes at the first query that succeeds after the
    command. While the command runs, a query every 50 ms finds when the server really was away."""
    time.sleep(max(0.0, at - time.perf_counter()))
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    window.start = time.perf_counter()
    try:
        command = subprocess.Popen(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    except OSError as error:
        window.command_output, window.command_seconds = repr(error), 0.0
        return
    give_up = window.start + RESTART_TIMEOUT
    while command.poll() is None and time.perf_counter() < give_up:
        if answers(database):
            if window.down is not None and window.up is None:
                window.up = time.perf_counter()
        elif window.down is None:
            window.down = time.perf_counter()
        time.sleep(0.05)
    if command.poll() is None:
        command.kill()
    output = command.communicate()[0].strip()
    window.command_output = output if command.returncode else ""
    window.command_seconds = time.perf_counter() - window.start
    while time.perf_counter() < give_up:
        if answers(database):
            window.end = time.perf_counter()
            return
        time.sleep(0.05)


class Plan:
    """The generated organisation as the clients know it when the run starts."""

    def __init__(self, data):
        self.department_parent = {pk: parent for pk, _code, parent, _level in data["departments"]}
        self.position_parent = {pk: parent for pk, _code, parent, _level in data["positions"]}
        self.first_level = [pk for pk, _code, _parent, level in data["departments"] if level == 1]
        self.movable_departments = [pk for pk, _code, _parent, level in data["departments"] if level >= 2]
        self.movable_positions = [pk for pk, _code, _parent, level in data["positions"] if level >= 2]
        self.department_codes = data["all_departments"]
        self.position_codes = data["browse_positions"]


def import_rows():
    """A workbook of new departments (FID…) under 生成部门1 and positions (FIP…) under its head."""
    departments = [(f"FID{i:04d}", f"导入部门{i}", f"FID{(i - 1) // 7:04d}" if i else "FD00001") for i in range(IMPORT_DEPARTMENTS)]
    positions = [
        (f"FIP{i:05d}", f"导入岗位{i}", f"FID{i % IMPORT_DEPARTMENTS:04d}", f"FIP{(i - 1) // 6:05d}" if i else "FP00001-0", 1)
        for i in range(IMPORT_POSITIONS)
    ]
    duties = [
        (code, "主要职责", f"{title}的第{j + 1}项职责：负责相关工作并按时完成", "按月完成")
        for code, title, *_rest in positions for j in range(IMPORT_DUTIES)
    ]
    return departments, positions, duties


def browse_paths(plan):
    return (
        [("home", "/")] * 20
        + [("department chart JSON", "/charts/departments.json")] * 20
        + [("position chart JSON", "/charts/positions.json")] * 10
        + [("position chart JSON", f"/charts/positions.json?department={code}") for code in plan.department_codes[:60]]
        + [("organisation list", "/list/")] * 10
        + [("position list", "/positions/")] * 20
        + [("department page", f"/departments/{code}/") for code in plan.department_codes]
        + [("job description", f"/positions/{code}/") for code in plan.position_codes]
    )


def server_options():
    """The README's production options, with BENCH_FAULT_WORKERS/BENCH_FAULT_THREADS put in."""
    options = production_gunicorn_options()
    for flag, value in (("--workers", WORKERS), ("--threads", THREADS)):
        if value is None:
            continue
        if flag in options:
            options[options.index(flag) + 1] = value
        else:
            options += [flag, value]
        if flag == "--threads" and int(value) > 1 and "--worker-class" not in options:
            options += ["--worker-class", "gthread"]
    return options


def run():
    print(f"{os.cpu_count()} cores; {MANAGERS} managers, {HR_USERS} HR users and one import for {SECONDS:.0f} s; "
          f"PostgreSQL restart at half time: {'yes' if RESTART else 'no (BENCH_FAULT_RESTART=0)'}")
    departments, positions, duties = import_rows()
    content = workbook(departments, positions, duties)
    with scratch_site("bench_fault") as site:
        start = time.perf_counter()
        plan = Plan(json.loads(site.shell(SETUP).split("PLAN", 1)[1]))
        print(f"database {site.database}: generated {DEPARTMENTS} departments, {POSITIONS} positions plus the demo "
              f"in {time.perf_counter() - start:.0f} s")
        journal, window = Journal(), Window()
        options = server_options()
        log_file = tempfile.TemporaryFile(prefix="bench-fault-gunicorn-")  # gone when closed
        with log_file, gunicorn(site, options, stderr=log_file) as port:
            managers = [Browser(port, "manager") for _ in range(MANAGERS)]
            hr = [Browser(port, "hr", timeout=60) for _ in range(HR_USERS)]
            importer = Browser(port, "import", timeout=300)
            for browser, name in [(m, "bench-manager") for m in managers] + [(h, f"bench-hr-{i}") for i, h in enumerate(hr)] + [(importer, "bench-importer")]:
                browser.client.log_in(name, PASSWORD)  # before the clock starts: password hashing is slow on purpose
            paths = browse_paths(plan)
            began = time.perf_counter()
            deadline = began + SECONDS
            threads = [threading.Thread(target=browse, args=(m, paths, deadline, journal)) for m in managers]
            threads += [threading.Thread(target=restructure, args=(h, plan, i, deadline, journal)) for i, h in enumerate(hr)]
            threads.append(threading.Thread(target=import_workbook, args=(importer, content, began + IMPORT_AT * SECONDS, deadline, journal)))
            if RESTART:
                threads.append(threading.Thread(target=restart_postgresql, args=(began + SECONDS / 2, site.database, window)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            log_file.seek(0)
            log_text = log_file.read().decode("utf-8", "replace")
        check = json.loads(site.shell(CHECK).split("CHECK", 1)[1])
    print("gunicorn " + " ".join(options))
    report(journal, window, plan, check, began, elapsed, log_text, (departments, positions))


def logged_errors(log_text):
    """(message, count) of the errors in gunicorn's log: for each 500 Django logged, the exception
    that ended its traceback (not the ones it was raised while handling), and gunicorn's own."""
    found = collections.Counter()
    for record in re.split(r"(?m)^(?=Internal Server Error: |\[\d{4}-)", log_text):
        if record.startswith("Internal Server Error: "):
            raised = re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception): .*)$", record, re.M)
            found[(raised[-1] if raised else record.splitlines()[0])[:110]] += 1
        elif re.match(r"\[[^\]]+\] \[\d+\] \[(ERROR|CRITICAL)\]", record):
            found[re.sub(r"^\[[^\]]+\] \[\d+\] ", "", record.splitlines()[0])[:110]] += 1
    return found.most_common(8)


def report(journal, window, plan, check, began, elapsed, log_text, imported):
    requests = journal.requests
    latencies = [r.end - r.start for r in requests]
    print(f"{len(requests)} requests in {elapsed:.1f} s: {len(requests) / elapsed:.1f} requests/s")
    for role in ("manager", "hr", "import"):
        mine = [r.end - r.start for r in requests if r.role == role]
        if mine:
            print(f"  {role:<8} {len(mine):6d} requests, p50 {percentile(mine, 0.5) * 1000:6.0f} ms, "
                  f"p95 {percentile(mine, 0.95) * 1000:6.0f} ms")
    if latencies:
        print(f"  all      p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms")

    if window.start is not None:
        end = f"{window.end - began:.1f} s" if window.end else f"never within {RESTART_TIMEOUT} s"
        print(f"restart window: {window.start - began:.1f} s → {end} "
              f"({(window.end or window.start) - window.start:.1f} s; the restart command took {window.command_seconds:.1f} s)"
              + (f"; the command said: {window.command_output[:200]}" if window.command_output else ""))
        if window.down is not None:
            back = f"+{window.up - window.start:.1f} s" if window.up else "the end of the command"
            print(f"  PostgreSQL did not answer from +{window.down - window.start:.1f} s to {back}")
    inside = [r for r in requests if window.overlaps(r.start, r.end)]
    outside = [r for r in requests if not window.overlaps(r.start, r.end)]
    groups = (("inside the restart window", inside), ("outside it", outside)) if window.start is not None else (("(no restart)", outside),)
    for name, group in groups:
        server_errors = [r for r in group if r.status is not None and r.status >= 500]
        unanswered = [r for r in group if r.status is None]
        print(f"5xx {name}: {len(server_errors)}, no answer: {len(unanswered)} (of {len(group)} requests)")
        if group is outside and (server_errors or unanswered):
            for r in (server_errors + unanswered)[:5]:
                print(f"    at {r.start - began:.1f} s: {r.role} {r.label} → {r.status or r.error}")
    if window.start is not None:
        in_flight = [r for r in requests if r.start < window.start < r.end]
        failed = [r for r in in_flight if r.status is None or r.status >= 500]
        print(f"  in flight when the restart began: {len(in_flight)}, failed: {len(failed)}")
    for name, moment in (("PostgreSQL answered again", window.up), ("the window", window.end)):
        if moment is not None:
            after = [r for r in requests if r.start > moment]
            failed_after = [r for r in after if r.status is None or r.status >= 500]
            print(f"  requests begun after {name}: {len(after)}, failed: {len(failed_after)}")
    statuses = collections.Counter((r.status, r.label) for r in requests if r.status is not None and 400 <= r.status < 500)
    print("4xx: " + (", ".join(f"{status} ({label}) × {count}" for (status, label), count in sorted(statuses.items())) or "none"))
    print("errors logged by the app:" + ("".join(f"\n  {count} × {message}" for message, count in logged_errors(log_text)) or " none"))

    edits = journal.edits
    for tree in ("departments", "positions"):
        counts = collections.Counter(edit.outcome for edit in edits if edit.tree == tree)
        what = "drag-and-drop moves" if tree == "departments" else "position forms with a new 直接上级"
        print(f"{what}: " + ", ".join(f"{outcome} {counts[outcome]}" for outcome in ("ack", "refused", "invalid", "unknown")))
    samples = sorted({edit.detail for edit in edits if edit.tree == "positions" and edit.outcome == "invalid"})[:3]
    if samples:
        print("  refused as invalid, e.g.: " + " | ".join(samples))

    for tree in ("departments", "positions"):
        problems = collections.Counter(kind for _pk, kind in check[tree]["problems"])
        state = "consistent" if not problems else "INCONSISTENT: " + ", ".join(f"{k} {v}" for k, v in problems.items())
        print(f"{tree} tree ({check[tree]['count']} nodes): {state}")

    present, superseded, missing = 0, 0, []
    for tree in ("departments", "positions"):
        parents = {int(pk): parent for pk, parent in check[tree]["parents"].items()}
        by_node = collections.defaultdict(list)
        for edit in sorted((e for e in edits if e.tree == tree), key=lambda e: e.start):
            by_node[edit.pk].append(edit)
        for pk, history in by_node.items():
            acknowledged = [i for i, edit in enumerate(history) if edit.outcome == "ack"]
            if not acknowledged:
                continue
            last = acknowledged[-1]
            uncertain = {edit.parent for edit in history[last + 1:] if edit.outcome == "unknown"}
            if parents.get(pk) == history[last].parent:
                present += 1
            elif parents.get(pk) in uncertain:
                superseded += 1
            else:
                missing.append((tree, pk, history[last].parent, parents.get(pk)))
    acknowledged_total = sum(1 for edit in edits if edit.outcome == "ack")
    print(f"acknowledged edits: {acknowledged_total} on {present + superseded + len(missing)} nodes; last acknowledged state "
          f"present: {present}, replaced by a later unanswered attempt: {superseded}, missing: {len(missing)}"
          + (f" (e.g. {missing[:3]})" if missing else ""))

    departments, positions = imported
    attempts = journal.imports
    landed = check["imported_departments"], check["imported_positions"]
    complete = (
        landed[0] == {code: parent for code, _name, parent in departments}
        and landed[1] == {code: superior for code, _title, _dept, superior, _count in positions}
    )
    outcomes = "; ".join(f"{start - began:.0f}–{end - began:.0f} s {result}" for start, end, result in attempts) or "did not start"
    print(f"import of {len(departments)} departments and {len(positions)} positions: {outcomes}; "
          f"in the database: {len(landed[0])} departments, {len(landed[1])} positions"
          + (", every row as in the workbook" if complete else ("" if not landed[0] else ", NOT as in the workbook")))

