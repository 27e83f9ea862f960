"""The chart data carries an ETag derived from the organisation's version: 304 to If-None-Match
while nothing changed, cached JSON per scope and reader, rebuilt after any change."""
import pytest
from django.test import Client
from django.urls import reverse

from jobs.tests.test_importing import org_file
from jobs.importing import import_workbook
from kernel import versions

DEPARTMENTS = reverse("department_chart_json")
POSITIONS = reverse("position_chart_json")


@pytest.fixture(autouse=True)
def counters_cached_through_the_test(monkeypatch):
    """The counters are cached for two seconds; a loaded CI machine may take longer between two
    requests, and the counts below assume the second request reads the version from the cache."""
    monkeypatch.setattr(versions, "CACHE_SECONDS", 300)


def test_an_unchanged_organisation_answers_304(manager_client, small_org, django_assert_num_queries):
    first = manager_client.get(DEPARTMENTS)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    with django_assert_num_queries(4):  # session, user, the user's permissions (2); the version comes from the cache
        again = manager_client.get(DEPARTMENTS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag


def test_the_json_is_cached_per_scope_and_built_once(manager_client, small_org, django_assert_num_queries):
    built = manager_client.get(POSITIONS, {"department": "G-MKT"}).json()
    with django_assert_num_queries(4):  # the same as a 304: the chart's own queries are not made again
        cached = manager_client.get(POSITIONS, {"department": "G-MKT"}).json()
    assert cached == built
    other = manager_client.get(POSITIONS, {"position": "CEO"})
    assert other["ETag"] != manager_client.get(POSITIONS, {"department": "G-MKT"})["ETag"]
    assert len(other.json()["nodes"]) == 3 and len(built["nodes"]) == 2


def test_any_change_gives_a_new_etag_and_new_data(manager_client, small_org, django_capture_on_commit_callbacks):
    etag = manager_client.get(DEPARTMENTS)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        market = small_org["market"]
        market.name = "营销中心"
        market.save()
    response = manager_client.get(DEPARTMENTS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "营销中心" in {node["name"] for node in response.json()["nodes"]}


def test_one_transaction_raises_the_version_once(small_org, django_capture_on_commit_callbacks):
    before = versions.current(versions.ORGANISATION)
    with django_capture_on_commit_callbacks(execute=True):
        for department in (small_org["group"], small_org["market"], small_org["expansion"]):
            department.save()
        small_org["ceo"].save()
    assert versions.current(versions.ORGANISATION) == before + 1


def test_a_workbook_import_raises_the_version_when_it_commits(small_org, django_capture_on_commit_callbacks):
    before = versions.current_many(versions.ORGANISATION, versions.DOCUMENTS)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_workbook(content=org_file([["NEW-01", "新岗位", "G-MKT", "MKT-01", 2]]), filename="org.xlsx")
    assert report.committed
    after = versions.current_many(versions.ORGANISATION, versions.DOCUMENTS)
    assert all(after[name] > before[name] for name in before)


def test_readers_and_languages_have_their_own_etags_and_hr_data_is_not_stored(manager_client, hr_user, small_org):
    manager = manager_client.get(DEPARTMENTS)
    hr = Client()
    hr.force_login(hr_user)
    hr_response = hr.get(DEPARTMENTS)
    assert manager["ETag"] != hr_response["ETag"]
    assert manager["Cache-Control"].replace(" ", "") in ("private,no-cache", "no-cache,private")
    assert "no-store" in hr_response["Cache-Control"]
    manager_client.cookies["django_language"] = "en"
    english = manager_client.get(DEPARTMENTS)
    assert english["ETag"] != manager["ETag"] and english.json()["title"] == "Company departments"
    assert manager_client.get(DEPARTMENTS, HTTP_IF_NONE_MATCH=manager["ETag"]).status_code == 200


@pytest.mark.parametrize("header", ['W/"{}"', '"other", {}'])
def test_weak_and_listed_etags_match_as_browsers_send_them(manager_client, small_org, header):
    etag = manager_client.get(DEPARTMENTS)["ETag"].strip('"')
    assert manager_client.get(DEPARTMENTS, HTTP_IF_NONE_MATCH=header.format(f'"{etag}"' if "other" in header else etag)).status_code == 304
