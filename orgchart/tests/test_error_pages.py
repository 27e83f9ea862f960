"""403 and 404 pages in the site's layout and language; a refused tree write answered, not a 500."""
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import OperationalError
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse

from kernel.locks import TreeBusy
from orgchart.middleware import RefusedWriteMiddleware


def test_a_manager_refused_a_page_gets_an_explanation_in_the_site_layout(manager_client):
    response = manager_client.get(reverse("quality_report"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and "人力资源部" in html and 'class="site-header' in html


def test_an_unknown_code_gets_a_404_that_names_what_was_looked_for(hr_client, db):
    for url in (
        reverse("jobs:position_history", args=["NOPE-99"]),
        reverse("departments:history", args=["NOPE"]),
        reverse("jobs:handbook", args=["NOPE"]),
        reverse("position_chart_json") + "?department=NOPE",
    ):
        response = hr_client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "页面不存在" in html and "“NOPE" in html and "matches the given query" not in html, url


def answer_to(exception, method="post", **headers):
    """What RefusedWriteMiddleware answers when a view raised ``exception``, and the message it leaves."""
    request = getattr(RequestFactory(), method)("/admin/departments/department/3/change/?_changelist_filters=x", **headers)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = RefusedWriteMiddleware(lambda request: None).process_exception(request, exception)
    return response, [str(message) for message in get_messages(request)]


def test_a_refused_tree_write_from_a_form_comes_back_to_the_page_with_the_message():
    response, messages = answer_to(TreeBusy())
    assert response.status_code == 303
    assert response["Location"] == "/admin/departments/department/3/change/?_changelist_filters=x"
    assert messages == ["组织结构刚被他人修改，请刷新后重试。"]


def test_a_refused_tree_write_from_a_script_or_a_get_is_a_409_with_the_message():
    for response, messages in (answer_to(TreeBusy(), HTTP_X_REQUESTED_WITH="XMLHttpRequest"), answer_to(TreeBusy(), "get")):
        assert response.status_code == 409
        assert response.content.decode() == messages[0] == "组织结构刚被他人修改，请刷新后重试。"


def test_sqlite_still_locked_after_the_wait_is_answered_as_a_refusal_not_a_500():
    response, messages = answer_to(OperationalError("database is locked"))
    assert response.status_code == 303 and messages == ["组织结构刚被他人修改，请刷新后重试。"]
    assert answer_to(OperationalError("no such table: x"))[0] is None


def test_a_delete_that_finds_something_new_inside_is_refused_with_what_to_move():
    response, messages = answer_to(ProtectedError("“财务部”下仍有岗位（会计），请先将这些岗位调整到其他部门。", set()))
    assert response.status_code == 303 and messages == ["“财务部”下仍有岗位（会计），请先将这些岗位调整到其他部门。"]
