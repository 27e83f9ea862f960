"""Login throttling behind a reverse proxy: a lock-out is for one username from one client address,
the address comes from X-Forwarded-For only through a trusted proxy, and HR or a command lifts it."""
import io
from ipaddress import ip_network

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import make_user, run_manage
from orgchart.security import client_ip

PROXY, OTHER_PROXY = "10.0.0.2", "10.0.0.9"
HR_HOME, ATTACKER = "198.51.100.7", "203.0.113.66"
PASSWORD = "pw-for-tests-only"


def log_in(username, password, remote, forwarded=None, client=None):
    extra = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    return (client or Client()).post(reverse("login"), {"username": username, "password": password}, **extra)


def lock_out(username, remote, forwarded=None):
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        log_in(username, "wrong", remote, forwarded)
    assert log_in(username, PASSWORD, remote, forwarded).status_code == 429


@pytest.fixture
def behind_proxy(settings, db):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    return make_user("hr", group="HR", is_staff=True)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings, db):
    settings.TRUSTED_PROXIES = []
    make_user("hr")
    lock_out("hr", ATTACKER, forwarded=HR_HOME)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert log_in("hr", PASSWORD, HR_HOME).status_code == 302


def test_behind_a_trusted_proxy_the_attacker_locks_out_only_his_own_address(behind_proxy):
    lock_out("hr", PROXY, forwarded=ATTACKER)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert log_in("hr", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 302


def test_a_forged_header_cannot_pass_for_the_victims_address(behind_proxy):
    """The proxy appends the address it saw; what the client wrote stays left of it."""
    lock_out("hr", PROXY, forwarded=f"{HR_HOME}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert log_in("hr", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 302


def test_a_direct_connection_cannot_use_the_header(behind_proxy):
    lock_out("hr", ATTACKER, forwarded=HR_HOME)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert log_in("hr", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 302


def test_the_locked_out_user_stays_locked_from_that_address_only(behind_proxy):
    lock_out("hr", PROXY, forwarded=HR_HOME)
    assert log_in("hr", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 429
    assert log_in("hr", PASSWORD, PROXY, forwarded="198.51.100.8").status_code == 302


@pytest.mark.parametrize("remote, forwarded, expected", [
    (HR_HOME, None, HR_HOME),                                   # no proxy
    (ATTACKER, HR_HOME, ATTACKER),                              # not from a trusted proxy: header ignored
    (PROXY, None, PROXY),                                       # proxy without the header
    (PROXY, HR_HOME, HR_HOME),                                  # one proxy
    (PROXY, f"{HR_HOME}, {ATTACKER}", ATTACKER),                # a forged entry left of the real one
    (PROXY, f"{HR_HOME}, {OTHER_PROXY}", HR_HOME),              # two trusted proxies
    (PROXY, f"{OTHER_PROXY}", OTHER_PROXY),                     # only proxies: the farthest one
    (PROXY, f"{HR_HOME}, nonsense", PROXY),                     # unreadable: stop at the proxy
    (PROXY, " 2001:db8::5 ", "2001:db8::5"),                    # IPv6 client
    ("::ffff:10.0.0.2", HR_HOME, HR_HOME),                      # IPv4-mapped proxy address
])
def test_client_ip_reads_the_header_only_from_trusted_proxies(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    extra = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    assert client_ip(RequestFactory().get("/", **extra)) == expected


def test_hr_lifts_a_lockout_in_the_admin(behind_proxy):
    make_user("zhang")
    lock_out("zhang", PROXY, forwarded=HR_HOME)
    hr = Client()
    hr.force_login(behind_proxy)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert hr.get(changelist).status_code == 200
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = hr.post(changelist, {"action": "lift_lockouts", "_selected_action": attempts}, follow=True)
    assert "已解除" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert log_in("zhang", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 302


@pytest.mark.parametrize("command", [["axes_reset_ip_username", HR_HOME, "zhang"], ["axes_reset_username", "zhang"]])
def test_a_command_lifts_a_lockout(behind_proxy, command):
    make_user("zhang")
    lock_out("zhang", PROXY, forwarded=HR_HOME)
    call_command(*command, stdout=io.StringIO())
    assert log_in("zhang", PASSWORD, PROXY, forwarded=HR_HOME).status_code == 302


def test_trusted_proxies_come_from_the_environment_and_nonsense_is_refused():
    code = "from django.conf import settings as s; print([str(n) for n in s.TRUSTED_PROXIES], s.AXES_CLIENT_IP_CALLABLE)"
    result = run_manage("shell", "-c", code, env={"TRUSTED_PROXIES": "10.0.0.5, 172.16.0.0/12"})
    assert "['10.0.0.5/32', '172.16.0.0/12'] orgchart.security.client_ip" in result.stdout, result.stderr
    result = run_manage("check", env={"TRUSTED_PROXIES": "nginx"})
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr
