"""The admin import page: upload → preview (with the column mapping) → confirm, and the downloads."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import company_table, make_user, org_file, seed_layout_docx, staffing_table
from jobs.models import Education, Position
from kernel.models import BackgroundJob, StashedFile

URL = reverse("admin:jobs_position_import_workbook")


def upload(client, content, name="org.xlsx", encoding="auto"):
    return client.post(URL, {"files": [SimpleUploadedFile(name, content)], "encoding": encoding})


def test_upload_preview_then_confirm_imports(hr_client, small_org):
    response = upload(hr_client, org_file([["A1", "行政助理", "G", "CEO", 2]]))
    assert response.status_code == 200
    assert not Position.objects.filter(code="A1").exists()
    report, token = response.context["report"], response.context["token"]
    assert report.ok and report.sheets["positions"].counts["new"] == 1
    page = response.content.decode()
    assert "A1 行政助理" in page and "确认" in page
    assert list(StashedFile.objects.filter(token=token).values_list("name", "user__username")) == [("org.xlsx", "hr")]

    response = hr_client.post(URL, {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Position.objects.get(code="A1").reports_to.code == "CEO"
    assert not StashedFile.objects.filter(token=token).exists()


def test_bad_workbook_shows_rows_and_offers_no_confirm(hr_client, small_org):
    response = upload(hr_client, org_file([["A1", "行政助理", "火星部", "", "两人"]]))
    page = response.content.decode()
    assert not response.context["report"].ok and 'name="confirm"' not in page
    assert "火星部" in page and "两人" in page and "没有导入" in page
    assert not Position.objects.filter(code="A1").exists()


def test_gbk_csv_chosen_in_the_form(hr_client, small_org):
    content = "岗位编号,岗位名称,所在部门\nA2,文员,G\n".encode("gbk")
    response = upload(hr_client, content, name="staff.csv", encoding="gbk")
    report = response.context["report"]
    assert report.ok and report.sheets["positions"].counts["new"] == 1
    assert "<td>A2 文员</td>" in response.content.decode()


def test_confirm_with_an_unknown_token_asks_to_upload_again(hr_client, small_org):
    response = hr_client.post(URL, {"confirm": "1", "token": "deadbeef"})
    assert response.status_code == 302 and response.url == URL


def test_downloads_are_workbooks(hr_client, small_org):
    def positions(name):
        workbook = load_workbook(io.BytesIO(hr_client.get(reverse(f"admin:jobs_position_{name}")).content))
        return [row for row in workbook["岗位"].iter_rows(values_only=True)]

    template, example = positions("workbook_template"), positions("workbook_example")
    assert template[0][:5] == ("岗位编号", "岗位名称", "所在部门", "直接上级", "上级所在部门")
    assert len(template) == 1  # the headers only
    assert ("MKT-01", "副总经理") in {row[:2] for row in example}  # the demo company


def test_the_whole_organisation_is_exported_by_a_background_task(hr_client, small_org):
    response = hr_client.get(reverse("admin:jobs_position_export_workbook"))
    job = BackgroundJob.objects.get()
    assert response.url == reverse("task_detail", args=[job.pk]) and job.kind == "organisation.export"
    download = hr_client.get(reverse("task_download", args=[job.pk]))
    exported = list(load_workbook(io.BytesIO(b"".join(download.streaming_content)))["岗位"].iter_rows(values_only=True))
    assert exported[0][:5] == ("岗位编号", "岗位名称", "所在部门", "直接上级", "上级所在部门")
    assert "工资等级" in exported[0]  # HR may see salaries
    # references by name where the name finds the same record (jobs.importing.exporting.readable_references)
    assert [row[:4] for row in exported[1:]] == [("CEO", "总经理", "集团", None), ("MKT-01", "市场总监", "市场部", "总经理"),
                                               ("EXP-01", "拓展专员", "拓展部", "市场总监")]
    assert "组织架构_" in download["Content-Disposition"] or "%E7%BB%84%E7%BB%87%E6%9E%B6%E6%9E%84_" in download["Content-Disposition"]


def test_changelists_show_the_import_export_buttons(hr_client, small_org):
    page = hr_client.get(reverse("admin:jobs_position_changelist")).content.decode()
    assert URL in page and reverse("admin:jobs_position_import") in page and reverse("admin:jobs_position_export") in page
    page = hr_client.get(reverse("admin:departments_department_changelist")).content.decode()
    assert reverse("admin:departments_department_import") in page


def test_manager_cannot_import(manager_client, small_org):
    response = manager_client.post(URL, {"file": SimpleUploadedFile("org.xlsx", org_file([["A1", "行政助理", "G", "CEO", 2]]))})
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not Position.objects.filter(code="A1").exists()


def test_per_model_export_hides_salaries_without_the_permission(client, small_org):
    from django.contrib.auth.models import Permission


    user = make_user("clerk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_position", "change_position"]))
    client.force_login(user)
    response = client.post(reverse("admin:jobs_position_export"), {"format": "0", "resource": "0", **{f"positionresource_{n}": "on" for n in ("code", "title", "salary_grade")}})
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "CEO" in content and "M3级" not in content and "工资等级" not in content


def test_per_model_export_shows_salaries_to_hr(hr_client, small_org):
    fields = {f"positionresource_{n}": "on" for n in ("code", "title", "salary_grade")}
    response = hr_client.post(reverse("admin:jobs_position_export"), {"format": "0", "resource": "0", **fields})
    assert response["Content-Type"].startswith("text/csv")
    assert "M3级" in response.content.decode("utf-8-sig")


def test_word_upload_preview_then_save_as_draft(hr_client, small_org):
    url = reverse("admin:jobs_position_import_word")
    files = [SimpleUploadedFile("销售员.docx", seed_layout_docx()), SimpleUploadedFile("坏.docx", b"nonsense")]
    response = hr_client.post(url, {"files": files, "encoding": "auto"})
    page = response.content.decode()
    assert "销售员" in page and "坏.docx" in page and "不是 Word 2007 及以上的 .docx 文件" in page
    assert not response.context["report"].ok and 'name="confirm"' not in page  # one bad file: nothing is imported

    response = hr_client.post(url, {"files": [SimpleUploadedFile("销售员.docx", seed_layout_docx())], "encoding": "auto"})
    assert response.context["report"].ok, response.context["report"].all_problems
    assert not Position.objects.filter(title="销售员").exists()
    response = hr_client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert Position.objects.get(title="销售员").status == Position.Status.DRAFT


def test_preview_of_a_company_table_says_which_codes_were_made_up(hr_client, small_org):

    content = staffing_table(["职位名称", "部门", "上级岗位", "学历要求", "岗位职责"], [
        ["市场总监", "市场部", "总经理", "硕士", "1、制定市场战略\n2、管理团队"],
        ["市场专员", "市场部", "市场总监", "本科", "执行推广活动"],
    ], sheet="岗位一览表")
    response = upload(hr_client, content, name="一览表.xlsx")
    page = response.content.decode()
    assert response.context["report"].ok, response.context["report"].all_problems
    assert "MKT-01 市场总监（按部门和名称对应已有岗位）" in page
    assert "G-MKT-01 市场专员（编号为自动生成）" in page
    assert "2 行没有填写岗位编号" in page
    hr_client.post(URL, {"confirm": "1", "token": response.context["token"]})
    assert Position.objects.get(code="G-MKT-01").qualification.education == Education.BACHELOR
    assert Position.objects.get(code="MKT-01").duties.count() == 2


def test_preview_lists_the_departments_the_import_creates(hr_client, small_org):
    from departments.models import Department
    response = upload(hr_client, company_table(), name="一览表.xlsx")
    page = response.content.decode()
    assert response.context["report"].ok, response.context["report"].all_problems
    assert "新建部门 (3)" in page and "导入时按下表新建" in page
    assert "<td>销售部</td><td>G-02</td><td>集团</td><td>4、5</td>" in page
    assert not Department.objects.filter(name="销售部").exists()
    hr_client.post(URL, {"confirm": "1", "token": response.context["token"]})
    assert Department.objects.get(code="G-02").parent.code == "G"


def test_preview_says_when_a_new_department_is_top_level(hr_client):
    page = upload(hr_client, company_table(), name="一览表.xlsx").content.decode()
    assert "<td>（顶层部门）</td>" in page and "作为顶层部门" in page


def test_hr_maps_a_column_in_the_preview_saves_the_choice_and_the_next_file_of_that_shape_needs_none(hr_client, small_org):
    from jobs.models import ImportMapping

    header = ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员", "内部备忘"]
    first = upload(hr_client, org_file([["A1", "行政助理", "G", "CEO", 2, "仅供HR"]], header=header))
    report = first.context["report"]
    assert not report.ok and 'name="confirm"' not in first.content.decode()
    table = next(table for table in first.context["mapping_tables"] if table["name"] == "岗位")
    memo = next(column for column in table["columns"] if column["header"] == "内部备忘")
    assert memo["unmatched"] and memo["samples"] == ("仅供HR",)

    token = first.context["token"]
    again = hr_client.post(URL, {"token": token, "remap": "1", memo["field"]: "__skip__", "save_as": "某公司岗位表"})
    assert again.context["report"].ok, again.context["report"].all_problems
    assert 'name="confirm"' in again.content.decode()
    done = hr_client.post(URL, {"token": token, "confirm": "1"})
    assert done.status_code == 302 and Position.objects.get(code="A1").title == "行政助理"
    saved = ImportMapping.objects.get(name="某公司岗位表")
    assert saved.sheets["positions"]["内部备忘"] == "" and saved.created_by.username == "hr"

    next_file = upload(hr_client, org_file([["A2", "前台", "G", "CEO", 1, "无"]], header=header))
    assert next_file.context["report"].ok
    table = next(table for table in next_file.context["mapping_tables"] if table["name"] == "岗位")
    assert table["saved_mapping"] == "某公司岗位表"
    assert "已保存的对应关系" in next_file.content.decode()


def test_a_hand_written_token_or_another_users_upload_is_refused(hr_client, small_org, client):
    from kernel import stash

    other = make_user("hr2", group="HR", is_staff=True)
    token = stash.stash(user=other, files=[("x.xlsx", org_file([["A1", "助理", "G", "", 1]]))])
    response = hr_client.post(URL, {"token": token, "confirm": "1"})
    assert response.status_code == 302 and response.url == URL
    assert not Position.objects.filter(code="A1").exists()


def previewed_in_the_background(client, content):
    """Upload a large file: its preview runs as a task, whose page links to the kept report; the
    token and the preview page."""
    started = upload(client, content)
    job = BackgroundJob.objects.filter(kind="organisation.preview").latest("pk")
    assert started.url == reverse("task_detail", args=[job.pk])
    assert job.status == BackgroundJob.Status.DONE and job.steps_done == job.steps_total == 6
    task_page = client.get(started.url).content.decode()
    assert job.result_url.replace("&", "&amp;") in task_page and "preview.pickle" not in task_page  # nothing to download
    assert client.get(reverse("task_download", args=[job.pk])).status_code == 404
    page = client.get(job.result_url)
    return page.context["token"], page


def test_a_large_upload_is_previewed_by_a_background_task_with_its_mapping(hr_client, small_org, settings):
    settings.IMPORT_BACKGROUND_KB = 0  # every upload counts as large
    token, page = previewed_in_the_background(hr_client, org_file([["BG-01", "后台导入岗位", "G-MKT", "MKT-01", 2]]))
    assert page.context["report"].ok and page.context["report"].sheets["positions"].counts["new"] == 1
    assert "BG-01 后台导入岗位" in page.content.decode() and 'name="confirm"' in page.content.decode()
    assert page.context["mapping_tables"] and not Position.objects.filter(code="BG-01").exists()
    other = make_user("hr2", group="HR", is_staff=True)  # nobody else reads the kept preview
    hr_client.force_login(other)
    assert hr_client.get(page.wsgi_request.get_full_path()).status_code == 302


def test_a_large_import_is_confirmed_by_a_background_task(hr_client, small_org, settings):
    settings.IMPORT_BACKGROUND_KB = 0  # every upload counts as large
    token, _page = previewed_in_the_background(hr_client, org_file([["BG-01", "后台导入岗位", "G-MKT", "MKT-01", 2]]))
    response = hr_client.post(URL, {"token": token, "confirm": "1"})
    job = BackgroundJob.objects.get(kind="organisation.import")
    assert response.url == reverse("task_detail", args=[job.pk])
    assert job.status == BackgroundJob.Status.DONE and job.steps_done == job.steps_total > 0
    assert Position.objects.filter(code="BG-01").exists() and not StashedFile.objects.exists()
    page = hr_client.get(response.url).content.decode()
    assert "导入完成" in page and reverse("admin:jobs_position_changelist") in page


def test_a_background_import_that_fails_says_why_and_writes_nothing(hr_client, small_org, settings):
    settings.IMPORT_BACKGROUND_KB = 0
    token, _page = previewed_in_the_background(hr_client, org_file([["BG-02", "后台导入岗位", "G-MKT", "MKT-01", 2]]))
    Position.objects.filter(code="MKT-01").update(code="MKT-01-RENAMED")  # the superior is gone by the time it runs
    hr_client.post(URL, {"token": token, "confirm": "1"})
    job = BackgroundJob.objects.get(kind="organisation.import")
    assert job.status == BackgroundJob.Status.FAILED and "未导入任何数据" in job.error and "MKT-01" in job.error
    assert not Position.objects.filter(code="BG-02").exists()


def test_columns_left_as_proposed_keep_their_reason_when_the_page_sends_every_choice(hr_client, small_org):
    header = ["岗位编号", "岗位名称", "所在部门", "直接上级", "岗位定员", "内部备忘"]
    first = upload(hr_client, org_file([["A1", "行政助理", "G", "CEO", 2, "仅供HR"]], header=header))
    table = next(table for table in first.context["mapping_tables"] if table["name"] == "岗位")
    sent = {column["field"]: column["selected"] or "__skip__" for column in table["columns"]}  # as the browser sends the form
    again = hr_client.post(URL, {"token": first.context["token"], "remap": "1", **sent})
    table = next(table for table in again.context["mapping_tables"] if table["name"] == "岗位")
    how = {column["header"]: str(column["how"]) for column in table["columns"]}
    assert how["岗位名称"] == "表头" and how["内部备忘"] == "手动选择", how


def test_the_per_list_import_page_offers_the_formats_hr_keeps_lists_in(hr_client):
    page = hr_client.get(reverse("admin:jobs_position_import")).content.decode()
    assert ">xlsx</option>" in page and ">csv</option>" in page and ">html</option>" not in page
    assert "数据类别" in page and "导出内容" not in page  # the same label on the import and the export page
