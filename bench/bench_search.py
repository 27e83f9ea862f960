"""Search over every section of the job description at group size: 20,000 positions.

Generates 2,000 departments and 20,000 positions (``demo.generated``), gives each position ten
child rows and a qualification whose text is drawn from the demo company's job descriptions, and
builds the search documents. Then times the query the position list runs for a manager (published
text) and for HR (current text) — the matching ids in tree order, paged in Python — for short and long Chinese
words, a phrase found in one position only, a code and two words, and the whole list page against
the same page without a search.
Goal: under 100 ms per query. Figures are printed, never asserted.
"""
import json
import random
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from bench.harness import best_of, report, scratch_database
from demo.generated import generate_organisation
from jobs.models import KPI, Authority, Duty, Position, Qualification
from jobs.search import refresh_search_documents, search_positions

DEPARTMENTS = 2000
POSITIONS = 20000
DEMO = Path(__file__).resolve().parent.parent / "demo" / "company.json"
QUERIES = (
    ("two characters", "客户"),
    ("four characters", "市场开发"),
    ("a phrase in one position", "专项编号07777"),
    ("a code", "GP00777-5"),
    ("two words", "客户 培训"),
    ("no match", "量子计算"),
)


def vocabulary():
    """Sentences of the demo company's job descriptions, to fill generated positions with."""
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    sentences = set()
    for position in data["positions"]:
        for duty in position.get("duties", []):
            sentences.update(filter(None, [duty.get("statement"), duty.get("standard")]))
            tasks = duty.get("tasks") or []
            sentences.update(tasks if isinstance(tasks, list) else tasks.splitlines())
        sentences.update(item.get("text", "") for item in position.get("authorities", []))
        sentences.update(filter(None, (position.get("qualification") or {}).values()))
    return sorted(s for s in sentences if isinstance(s, str) and len(s) > 4)


def fill(positions, sentences):
    """Ten rows and a qualification per position, in bulk (no signals: the documents come after)."""
    rng = random.Random(17)
    duties, authorities, kpis, qualifications = [], [], [], []
    for index, pk in enumerate(positions):
        for order in range(6):
            extra = f"（专项编号{index:05d}）" if order == 0 else ""
            duties.append(Duty(position_id=pk, order=order, statement=rng.choice(sentences) + extra,
                               tasks="\n".join(rng.sample(sentences, 2)), standard=rng.choice(sentences)))
        authorities.append(Authority(position_id=pk, order=0, text=rng.choice(sentences)))
        for order in range(3):
            kpis.append(KPI(position_id=pk, order=order, name=rng.choice(sentences)[:60], definition=rng.choice(sentences)))
        qualifications.append(Qualification(position_id=pk, skills=rng.choice(sentences), knowledge=rng.choice(sentences)))
    for model, rows in ((Duty, duties), (Authority, authorities), (KPI, kpis), (Qualification, qualifications)):
        model.objects.bulk_create(rows, batch_size=1000)


def run():
    with scratch_database():
        start = time.perf_counter()
        generate_organisation(DEPARTMENTS, POSITIONS)
        ids = list(Position.objects.order_by("pk").values_list("pk", flat=True))
        fill(ids, vocabulary())
        print(f"generated {len(ids)} positions with rows in {time.perf_counter() - start:.1f} s ({connection.vendor})")
        start = time.perf_counter()
        refresh_search_documents(ids)
        print(f"built every search document in {time.perf_counter() - start:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE jobs_searchdocument")

        baseline, _rows = best_of(lambda: list(Position.objects.in_force().order_by("tree_id", "lft")[:50]))
        for published, who in ((True, "manager"), (False, "HR")):
            for label, text in QUERIES:
                def query():  # what the position list runs: the matching ids in order, once
                    found = search_positions(Position.objects.in_force() if published else Position.objects.all(),
                                             text, published=published).order_by("tree_id", "lft")
                    return len(list(found.values_list("pk", flat=True)))
                seconds, count = best_of(query)
                report(f"{who}: {label} “{text}” ({count} found)", seconds, baseline, goal="< 100 ms")

        user = get_user_model().objects.create_user("bench-manager", password="bench-password-only")
        user.groups.add(Group.objects.get(name="Manager"))
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        page, _response = best_of(lambda: client.get("/positions/"))
        report("position list page, manager: no search", page, baseline)
        for label, text in QUERIES[:3]:
            seconds, response = best_of(lambda: client.get("/positions/", {"q": text}))
            assert response.status_code == 200
            report(f"position list page, manager: {label}", seconds, page, goal="search adds < 100 ms")
