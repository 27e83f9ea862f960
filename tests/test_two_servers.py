"""Two app servers on one database share the work: an import previewed on one is confirmed on the
other; a handbook started on one is made by a separate worker process and downloaded from the
other. Nothing between two requests lives on one server's disk or in its memory.

Real processes: two ``runserver`` servers (no reloader) and ``db_worker --batch`` against one
SQLite file and one shared storage folder, driven over HTTP with a cookie jar like a browser.
"""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "two-servers-pw-123"

SETUP = f"""
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from conftest import make_department, make_position
hr = get_user_model().objects.create_user("hr2", password="{PASSWORD}", is_staff=True)
hr.groups.add(Group.objects.get(name="HR"))
group = make_department("集团", code="G")
market = make_department("市场部", parent=group, code="G-MKT")
head = make_position(market, "市场总监", code="MKT-01", headcount=1)
for number in range(6):
    make_position(market, f"市场专员{{number}}", reports_to=head, code=f"MKT-1{{number}}", headcount=1)
"""

PUBLISH = """
from django.contrib.auth import get_user_model
from jobs.models import Position
from jobs.services import publish_position
for position in Position.objects.filter(code__startswith="TWO-"):
    publish_position(position=position, approver=get_user_model().objects.get(username="hr2"))
"""

CHECK = """
from jobs.models import Position
from kernel.models import BackgroundJob, StashedFile
print("IMPORTED", Position.objects.filter(code__startswith="TWO-").count(), StashedFile.objects.count())
print("JOBS", ",".join(f"{j.kind}:{j.status}" for j in BackgroundJob.objects.order_by("pk")))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them; never follows redirects by itself."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def open(self, url, data=None, headers=None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def post(self, url, fields, files=(), referer=None):
        boundary = uuid.uuid4().hex
        body = BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
            )
        body.write(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": self.csrf(), "Referer": referer or url}
        return self.open(url, body.getvalue(), headers)

    def log_in(self, server):
        self.open(f"{server}/accounts/login/")
        status, headers, _body = self.post(f"{server}/accounts/login/", {"username": "hr2", "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()})
        assert status == 302, status


class Server:
    def __init__(self, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def wait(self):
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server on port {self.port} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def workbook():
    book = Workbook()
    sheet = book.active
    sheet.title = "岗位"
    sheet.append(["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员", "状态"])
    for number in range(3):
        sheet.append([f"TWO-{number}", f"双服务器岗位{number}", "G-MKT", "MKT-01", 1, "已发布"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def shared(tmp_path):
    """One database file and one storage folder, migrated, with an HR user and a small department."""
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database", "DEBUG": "true", "HANDBOOK_INLINE_RENDERS": "0", "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout

    manage("migrate", "--noinput")
    manage("shell", "-c", SETUP)
    return env, manage


def test_two_servers_share_an_import_and_a_handbook(shared):
    env, manage = shared
    first, second = Server(env), Server(env)
    try:
        first.wait()
        second.wait()
        on_first = Browser()
        on_first.log_in(first.url)
        on_second = on_first  # one browser: cookies are kept per host, not per port, so the session travels

        # Preview on the first server …
        url = "/admin/jobs/position/workbook/import/"
        on_first.open(first.url + url)
        status, _headers, page = on_first.post(
            first.url + url, {"encoding": "auto"}, files=[("files", "two.xlsx", workbook())]
        )
        assert status == 200, page[:500]
        token = re.search(rb'name="token" value="([0-9a-f]+)"', page).group(1).decode()
        # … confirm on the second: the upload waits in the database, not on the first server's disk.
        status, headers, _page = on_second.post(second.url + url, {"token": token, "confirm": "1"}, referer=second.url + url)
        assert status == 302 and headers["Location"].endswith("/admin/jobs/position/"), status
        assert "IMPORTED 3 0" in manage("shell", "-c", CHECK)
        manage("shell", "-c", PUBLISH)  # an import never publishes: the positions it brought in are drafts

        # A handbook started on the first server is made by a worker process …
        status, headers, _page = on_first.open(first.url + "/handbooks/G-MKT/pdf/")
        assert status == 302 and "/tasks/" in headers["Location"]
        task = headers["Location"]
        status, _headers, page = on_second.open(second.url + task)
        assert status == 200 and "等待" in page.decode()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0"],
            cwd=BASE_DIR, env=env, check=True, timeout=600,
        )
        assert "handbook.pdf:done" in manage("shell", "-c", CHECK)
        # … and downloaded from the second; a second click on the first is immediate.
        status, headers, pdf = on_second.open(second.url + task + "download/")
        assert status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
        status, headers, again = on_first.open(first.url + "/handbooks/G-MKT/pdf/")
        assert status == 200 and again == pdf
    finally:
        first.stop()
        second.stop()
