"""HR imports the example workbook through the admin in a real browser: upload, preview, confirm."""
import pytest
from django.apps import apps as django_apps
from openpyxl import load_workbook

from conftest import make_user
from departments.models import Department
from jobs.models import Position
from jobs.roles import create_roles
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hr(transactional_db):
    create_roles(django_apps)  # a transactional test starts from a flushed database
    return make_user("hr", group="HR", is_staff=True)


def test_hr_downloads_example_previews_and_confirms_into_an_empty_database(page, live_server, hr, tmp_path):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/admin/jobs/position/")
    page.get_by_role("link", name="导入整个组织").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载填好的示例（演示公司）").click()
    path = tmp_path / "example.xlsx"
    download.value.save_as(path)
    assert load_workbook(path)["岗位"].max_row == 29  # header + the 28 demo positions

    page.set_input_files("#id_files", str(path))
    page.get_by_role("button", name="检查并预览").click()
    summary = page.locator("#import-summary")
    assert "岗位" in summary.inner_text() and "28" in summary.inner_text()
    assert page.locator("#import-problems").count() == 0
    assert not Position.objects.exists()

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/admin/jobs/position/")
    assert "导入完成" in page.locator(".messagelist").inner_text()
    assert Department.objects.count() == 15 and Position.objects.count() == 28
    assert errors == []
