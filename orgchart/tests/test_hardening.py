"""Production settings, login throttling, security headers."""
import secrets

from django.conf import settings
from django.urls import reverse

from conftest import make_user, run_manage

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "hr.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_has_secure_cookies_and_hsts():
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, len(s.AUTH_PASSWORD_VALIDATORS))")
    result = run_manage("shell", "-c", code, env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True", "4"], result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env={"DEBUG": "false", "ALLOWED_HOSTS": "hr.example.com"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_pages_send_a_csp_without_inline_scripts(hr_client, small_org):
    response = hr_client.get(reverse("jobs:position_detail", args=["CEO"]))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "onclick=" not in response.content.decode()


def test_login_is_locked_after_five_failures_with_a_chinese_message(client, db):
    make_user("zhang")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "zhang", "password": "wrong"})
        assert response.status_code == 200 and "用户名和密码不匹配" in response.content.decode()
    assert client.post(url, {"username": "zhang", "password": "wrong"}).status_code == 429
    response = client.post(url, {"username": "zhang", "password": "pw-for-tests-only"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15" in page
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked.
    make_user("li")
    response = client.post(url, {"username": "li", "password": "pw-for-tests-only"})
    assert response.status_code == 302


def test_successful_login_still_works(client, db):
    user = make_user("wang")
    response = client.post(reverse("login"), {"username": "wang", "password": "pw-for-tests-only"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
