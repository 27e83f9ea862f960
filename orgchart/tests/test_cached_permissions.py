"""With a shared cache, users' permissions come from it (orgchart.permissions), and any change to a
user's groups or a group's permissions counts from the next request on."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

BACKENDS = ["axes.backends.AxesStandaloneBackend", "orgchart.permissions.CachedPermissionsBackend"]


@pytest.fixture
def cached_permissions(settings):
    settings.AUTHENTICATION_BACKENDS = BACKENDS


def test_permissions_are_read_once_then_from_the_cache(cached_permissions, manager_client, small_org, django_assert_num_queries):
    url = reverse("position_chart_json")
    manager_client.get(url)
    with django_assert_num_queries(2):  # session and user: permissions and the organisation's version from the cache
        assert manager_client.get(url).status_code in (200, 304)


def test_leaving_a_group_takes_effect_at_the_next_request(cached_permissions, manager_client, manager_user, small_org):
    url = reverse("jobs:position_detail", args=["MKT-01"])
    assert manager_client.get(url).status_code == 200
    manager_user.groups.remove(Group.objects.get(name="Manager"))
    assert manager_client.get(url).status_code == 403


def test_a_permission_taken_from_a_group_takes_effect_at_the_next_request(cached_permissions, manager_client, small_org):
    url = reverse("jobs:position_detail", args=["MKT-01"])
    assert manager_client.get(url).status_code == 200
    Group.objects.get(name="Manager").permissions.remove(Permission.objects.get(codename="view_position"))
    assert manager_client.get(url).status_code == 403


def test_a_deactivated_user_is_refused(cached_permissions, manager_client, manager_user, small_org):
    url = reverse("jobs:position_detail", args=["MKT-01"])
    assert manager_client.get(url).status_code == 200
    manager_user.is_active = False
    manager_user.save()
    assert manager_client.get(url).status_code != 200
