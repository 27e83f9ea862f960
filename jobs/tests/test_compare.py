"""Comparing two job descriptions: pickers' data, codes in any case, titles, and a kept page on a miss."""
import json

from django.test import Client
from django.urls import reverse

from conftest import make_position
from jobs.models import Position


def compare(client, a, b):
    return client.get(reverse("jobs:compare"), {"a": a, "b": b})


def test_codes_are_matched_without_regard_to_case_and_unique_titles_work(manager_client, small_org):
    response = compare(manager_client, "mkt-01", "拓展专员")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="a" value="MKT-01"' in page and 'name="b" value="EXP-01"' in page
    assert "市场总监" in page and "拓展专员" in page


def test_a_name_that_finds_nothing_keeps_the_page_and_says_so(manager_client, small_org):
    make_position(small_org["market"], "筹建岗位", code="NEW-01", status=Position.Status.DRAFT)
    for name in ("NOPE-1", "NEW-01", "筹建岗位"):
        response = compare(manager_client, "MKT-01", name)
        assert response.status_code == 404
        page = response.content.decode()
        assert "compare-form" in page and f"没有编号或名称为“{name}”的岗位。" in page, name


def test_a_title_several_positions_have_is_not_guessed(manager_client, small_org):
    make_position(small_org["market"], "拓展专员", reports_to=small_org["director"])
    assert compare(manager_client, "MKT-01", "拓展专员").status_code == 404


def test_the_picker_lists_what_the_user_may_see(manager_client, hr_user, small_org, django_assert_max_num_queries):
    make_position(small_org["market"], "筹建岗位", code="NEW-01", status=Position.Status.DRAFT)
    with django_assert_max_num_queries(5):
        rows = json.loads(manager_client.get(reverse("jobs:position_picker")).content)["positions"]
    assert ["MKT-01", "市场总监", "市场部"] in rows and not any(row[0] == "NEW-01" for row in rows)
    hr_client = Client()
    hr_client.force_login(hr_user)
    rows = json.loads(hr_client.get(reverse("jobs:position_picker")).content)["positions"]
    assert any(row[0] == "NEW-01" for row in rows)


def test_every_job_description_offers_a_comparison(manager_client, small_org):
    page = manager_client.get(small_org["director"].get_absolute_url()).content.decode()
    assert f'href="{reverse("jobs:compare")}?a=MKT-01">与…对比</a>' in page


def test_pages_find_codes_in_any_case(manager_client, small_org):
    assert manager_client.get(reverse("jobs:position_detail", args=["mkt-01"])).status_code == 200
    assert manager_client.get(reverse("departments:detail", args=["g-mkt"])).status_code == 200
