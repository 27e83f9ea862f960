"""Load: gunicorn + PostgreSQL + Redis, 50 concurrent managers on loopback (a benchmark, not a test).

A scratch PostgreSQL database (127.0.0.1:5432, user postgres) is created and loaded with a
generated organisation plus the demo company; gunicorn serves it with DEBUG off on a free
loopback port, with the production cache in Redis (BENCH_REDIS_URL, default DB 5 of
127.0.0.1:6379, emptied first); 50 client threads, each logged in as a manager through the login
form, request job-description pages, the chart JSON endpoints and the position list for
BENCH_LOAD_SECONDS (default 60). Prints the machine's cores, requests/s, p50/p95/p99 latency and
the error count against the goals; then stops gunicorn and drops the database.
"""
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
DEPARTMENTS, POSITIONS = 200, 2000
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PASSWORD = "bench-load-" + secrets.token_hex(8)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


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


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    ).stdout


SETUP = f"""
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from demo.generated import generate_organisation
from jobs.models import Position
generate_organisation({DEPARTMENTS}, {POSITIONS}, prefix="L")
user = get_user_model().objects.create_user("bench-manager", password="{PASSWORD}")
user.groups.add(Group.objects.get(name="Manager"))
codes = list(Position.objects.order_by("?").values_list("code", flat=True)[:300])
print("CODES", " ".join(codes))
"""


class Client:
    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

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
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def log_in(self):
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        origin = f"https://127.0.0.1:{self.port}"
        body = urlencode({"username": "bench-manager", "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _ = self.request("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + "/accounts/login/",
        })
        if status != 302:
            raise RuntimeError(f"login failed with HTTP {status}")


def drive(client, paths, deadline, latencies, errors, lock):
    rng = random.Random()
    mine, failures = [], []
    while time.perf_counter() < deadline:
        path = rng.choice(paths)
        start = time.perf_counter()
        try:
            status, _ = client.request("GET", path)
            if status != 200:
                failures.append(f"{path}: HTTP {status}")
        except Exception as error:
            failures.append(f"{path}: {error!r}")
        mine.append((time.perf_counter() - start, kind_of(path)))
    with lock:
        latencies.extend(mine)
        errors.extend(failures)


def kind_of(path):
    return path.split("?")[0] if not path.startswith("/positions/") or path == "/positions/" else "/positions/<code>/"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run():
    database = f"bench_load_{os.getpid()}_{secrets.token_hex(3)}"
    port = free_port()
    static_root = tempfile.mkdtemp(prefix="bench-load-static-")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
        "CACHE_URL": REDIS_URL,
    }
    import redis  # noqa: PLC0415

    redis.Redis.from_url(REDIS_URL).flushdb()  # cache keys of an earlier run's database must not match
    admin_sql(f'CREATE DATABASE "{database}"')
    server = None
    try:
        start = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo")
        codes = manage(env, "shell", "-c", SETUP).split("CODES", 1)[1].split()
        print(f"database {database}: generated {DEPARTMENTS} departments, {POSITIONS} positions plus the demo "
              f"in {time.perf_counter() - start:.0f} s")
        workers = int(os.environ.get("BENCH_LOAD_WORKERS") or max(2, 2 * (os.cpu_count() or 1) + 1))
        server_threads = int(os.environ.get("BENCH_LOAD_THREADS", "10"))
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "orgchart.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--worker-class", "gthread", "--threads", str(server_threads), "--keep-alive", "30",
             "--log-level", "warning"],
            cwd=BASE_DIR, env=env,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        paths = (
            [f"/positions/{code}/" for code in codes]
            + ["/charts/departments.json"] * 40
            + ["/charts/positions.json"] * 40
            + ["/positions/"] * 40
        )
        latencies, errors, lock = [], [], threading.Lock()
        clients = []
        for _ in range(CLIENTS):  # log in first (password hashing is slow on purpose), then measure
            client = Client(port)
            try:
                client.log_in()
                clients.append(client)
            except Exception as error:
                errors.append(f"login: {error!r}")
        deadline = time.perf_counter() + SECONDS
        began = time.perf_counter()
        threads = [threading.Thread(target=drive, args=(client, paths, deadline, latencies, errors, lock))
                   for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        by_kind = {}
        for seconds, kind in latencies:
            by_kind.setdefault(kind, []).append(seconds)
        latencies = [seconds for seconds, _kind in latencies]
        print(f"{os.cpu_count()} cores; gunicorn {workers} workers x {server_threads} threads, {CLIENTS} clients, {elapsed:.1f} s, "
              f"{len(latencies)} requests: {len(latencies) / elapsed:.1f} requests/s (goal >= 150)")
        if latencies:
            print(f"latency p50 {percentile(latencies, 0.50) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms "
                  f"(goal <= 500), p99 {percentile(latencies, 0.99) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
        for kind, values in sorted(by_kind.items()):
            print(f"  {kind:<26} {len(values):6d} requests, p50 {percentile(values, 0.5) * 1000:5.0f} ms, "
                  f"p95 {percentile(values, 0.95) * 1000:5.0f} ms")
        print(f"errors: {len(errors)} (goal 0)" + (f"; first: {errors[:3]}" if errors else ""))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", static_root], check=False)


if __name__ == "__main__":
    run()
