"""Load: gunicorn + PostgreSQL, 50 concurrent managers on loopback (a benchmark, not a test).

A scratch PostgreSQL database (127.0.0.1:5432, user postgres) is created and loaded with a
generated organisation plus the demo company; gunicorn serves it with DEBUG off on a free
loopback port; 50 client threads, each logged in as a manager through the login form, request
job-description pages, the chart JSON endpoints and the position list for BENCH_LOAD_SECONDS
(default 60). Prints requests/s, p50/p95/p99 latency and the error count; then stops gunicorn
and drops the database.
"""
import os
import random
import secrets
import statistics
import threading
import time

from bench.server import Client, gunicorn, percentile, scratch_site

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
DEPARTMENTS, POSITIONS = 200, 2000
PASSWORD = "bench-load-" + secrets.token_hex(8)


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


def drive(client, paths, deadline, latencies, errors, lock):
    rng = random.Random()
    mine, failures = [], []
    while time.perf_counter() < deadline:
        path = rng.choice(paths)
        start = time.perf_counter()
        try:
            status = client.get(path).status
            if status != 200:
                failures.append(f"{path}: HTTP {status}")
        except Exception as error:
            failures.append(f"{path}: {error!r}")
        mine.append(time.perf_counter() - start)
    with lock:
        latencies.extend(mine)
        errors.extend(failures)


def run():
    with scratch_site("bench_load") as site:
        start = time.perf_counter()
        codes = site.shell(SETUP).split("CODES", 1)[1].split()
        print(f"database {site.database}: generated {DEPARTMENTS} departments, {POSITIONS} positions plus the demo "
              f"in {time.perf_counter() - start:.0f} s")
        workers = max(2, 2 * (os.cpu_count() or 1) + 1)
        with gunicorn(site, workers=workers, threads=4, keep_alive=30) as (port, _options):
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
                    client.log_in("bench-manager", PASSWORD)
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
        print(f"gunicorn {workers} workers x 4 threads, {CLIENTS} clients, {elapsed:.1f} s, "
              f"{len(latencies)} requests: {len(latencies) / elapsed:.1f} requests/s")
        if latencies:
            print(f"latency p50 {percentile(latencies, 0.50) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
                  f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
        print(f"errors: {len(errors)} (goal 0)" + (f"; first: {errors[:3]}" if errors else ""))


if __name__ == "__main__":
    run()
