"""What a load benchmark needs: a scratch PostgreSQL database with the demo, gunicorn serving it
on loopback as the README's Production section starts it, and HTTP clients that log in and send
forms as a browser does.

Only 127.0.0.1 is ever contacted: PostgreSQL on 127.0.0.1:5432 (user postgres) and the gunicorn
started here on a free loopback port.
"""
import http.client
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(statement):
    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass
class Site:
    """A scratch database with the app's tables, static files and the demo, and the environment
    (DEBUG off, as in production) that the app server and ``manage`` run with."""

    database: str
    env: dict

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True, capture_output=True, text=True
        ).stdout

    def shell(self, script):
        return self.manage("shell", "-c", script)


@contextmanager
def scratch_site(prefix):
    """A Site on a new PostgreSQL database named after ``prefix``, dropped at the end of the block."""
    database = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    static_root = tempfile.mkdtemp(prefix=f"{prefix}-static-")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
    }
    admin_sql(f'CREATE DATABASE "{database}"')
    try:
        site = Site(database, env)
        site.manage("migrate", "--noinput")
        site.manage("collectstatic", "--noinput")
        site.manage("load_demo")
        yield site
    finally:
        # The server may just have been restarted (bench_fault): wait for it before dropping.
        for _ in range(60):
            try:
                admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                break
            except psycopg2.OperationalError:
                time.sleep(1)
        subprocess.run(["rm", "-rf", static_root], check=False)


def production_gunicorn_options():
    """The gunicorn options of the README's Production section (its ``gunicorn orgchart.wsgi``
    line), without ``--bind``: the benchmarks serve the way the README tells production to."""
    section = (BASE_DIR / "README.md").read_text().split("## Production", 1)[1].split("\n## ", 1)[0]
    line = re.search(r"^\S*gunicorn orgchart\.wsgi(.*)$", section, re.M).group(1)
    words = shlex.split(line.split("#", 1)[0])
    options, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--bind", "-b"):
            skip = True
        elif not word.startswith(("--bind=", "-b")):
            options.append(word)
    return options


@contextmanager
def gunicorn(site, options, *, stderr=None):
    """gunicorn serving ``site`` on a free loopback port with ``options`` (a list, ``--bind`` aside);
    yields the port. ``stderr``: a file for what gunicorn and the app log (the console by default)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "orgchart.wsgi", "--bind", f"127.0.0.1:{port}", *options, "--log-level", "warning"],
        cwd=BASE_DIR, env=site.env, stderr=stderr,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)  # lower-case names

    @property
    def location(self):
        return urlsplit(self.headers.get("location", "")).path


class Client:
    """One browser: its cookies, one keep-alive connection, forms sent as a browser sends them."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.origin = f"https://127.0.0.1:{port}"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(self, method, path, body=None, headers=None):
        # Behind gunicorn we play the TLS proxy: X-Forwarded-Proto makes Django treat the request as
        # HTTPS, so its Secure cookies are kept here by hand.
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once, as browsers do.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        data = response.read()
        received = {}
        for header, value in response.getheaders():
            received[header.lower()] = value
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return Response(response.status, data, received)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, *, referer=None, headers=None):
        """A form POST (application/x-www-form-urlencoded); ``fields`` a dict or a list of pairs."""
        return self.request("POST", path, urlencode(fields), {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
            "Referer": self.origin + (referer or path), **(headers or {}),
        })

    def post_files(self, path, fields, files, *, referer=None):
        """A multipart/form-data POST: ``fields`` as pairs, ``files`` as (field, file name, content)."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), {
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": self.origin,
            "Referer": self.origin + (referer or path),
        })

    def log_in(self, username, password):
        page = self.get("/accounts/login/").body
        token = csrf_token(page)
        response = self.post("/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token})
        if response.status != 302:
            raise RuntimeError(f"login as {username} failed with HTTP {response.status}")


def csrf_token(page):
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1).decode() if found else None


class _FormReader(HTMLParser):
    """The fields of one <form> as a browser submits them (successful controls, in page order)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.options, self.textarea, self.option = None, [], None, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attributes), []
        elif tag == "option" and self.select:
            self.option = [attributes.get("value"), "selected" in attributes, ""]
            self.options.append(self.option)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [option for option in self.options if option[1]]
            if not chosen and not multiple and self.options:
                chosen = self.options[:1]
            self.fields.extend((name, value if value is not None else text.strip()) for value, _selected, text in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # A browser drops the line break that follows <textarea> and sends line breaks as CRLF.
            text = text[1:] if text.startswith("\n") else text
            self.fields.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None


def form_fields(page, form_id):
    """What a browser would submit unchanged from the form ``form_id`` of ``page`` (bytes), as pairs."""
    reader = _FormReader(form_id)
    reader.feed(page.decode("utf-8", "replace"))
    reader.close()
    return reader.fields
