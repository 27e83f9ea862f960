"""Company templates of the 岗位说明书 (issue 14): checked on upload, filled with docxtpl, used by
every download; the built-in layout as a template; the jd_template command."""
import io

import pytest
from docx import Document

from conftest import docx_text
from jobs.documents import job_description_context
from jobs.documents.company_template import TemplateRefused, check_template, render_template
from jobs.documents.template_context import PLACEHOLDERS, template_context
from jobs.documents.template_export import default_template, placeholder_reference
from jobs.models import DocumentTemplate, Position


def company_docx(*paragraphs, table_rows=()):
    """A hand-made template: paragraphs, then a table whose rows are lists of cell texts."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        grid = document.add_table(rows=0, cols=max(len(row) for row in table_rows))
        for row in table_rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HAND_MADE = company_docx(
    "华拓集团岗位说明书 {{ title }}({{ code }})", "编号 {{ document_number }}",
    table_rows=[["序号", "职责", "标准"], ["{%tr for d in duties %}"], ["{{ d.no }}", "{{ d.duty }}", "{{ d.standard }}"],
                ["{%tr endfor %}"]],
)


def document_bytes(document):
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def jd_of(position, user):
    return job_description_context(Position.objects.with_job_description().get(pk=position.pk), user)


class TestCheckTemplate:
    def test_the_exported_default_and_a_hand_made_template_pass(self, db):
        check_template(default_template())
        check_template(HAND_MADE)

    def test_a_broken_tag_is_refused_with_the_tag(self, db):
        with pytest.raises(TemplateRefused) as refused:
            check_template(company_docx("岗位:{{ title }"))
        assert "{{ title }" in str(refused.value)

    def test_an_unknown_placeholder_is_refused_by_name(self, db):
        with pytest.raises(TemplateRefused) as refused:
            check_template(company_docx("{{ title }} {{ nosuchfield }}"))
        assert "nosuchfield" in str(refused.value)
        assert "title" not in str(refused.value).replace("nosuchfield", "")

    def test_a_template_the_sandbox_refuses_to_fill_is_refused(self, db):
        with pytest.raises(TemplateRefused) as refused:
            check_template(company_docx("{{ title.__class__.__mro__ }}"))
        assert "__class__" in str(refused.value) or "unsafe" in str(refused.value)

    def test_a_file_that_is_not_a_docx_is_refused(self, db):
        with pytest.raises(TemplateRefused):
            check_template("岗位名称,岗位编号\n".encode())
        with pytest.raises(TemplateRefused):
            check_template(b"PK\x03\x04 not really a zip")

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self, db, settings):
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<" + b"a" * (60 * 1024 * 1024))
        with pytest.raises(TemplateRefused) as refused:
            check_template(buffer.getvalue())
        assert "IMPORT_MAX" in str(refused.value)

    def test_a_file_over_the_size_limit_is_refused(self, db, settings):
        settings.DOCUMENT_TEMPLATE_MAX_MB = 0
        with pytest.raises(TemplateRefused) as refused:
            check_template(HAND_MADE)
        assert "DOCUMENT_TEMPLATE_MAX_MB" in str(refused.value)


class TestTemplateContext:
    def test_every_placeholder_has_a_value_and_salaries_only_with_the_permission(self, complete, hr_user, manager_user):
        Position.objects.filter(pk=complete.pk).update(approved_by=hr_user)  # the factory publishes without approver
        hr = template_context(jd_of(complete, hr_user))
        assert hr.keys() == PLACEHOLDERS.keys()
        assert hr["salary_level"] == "年薪三十万" and hr["show_confidential"]
        assert hr["duties"][0]["duty"] == "制定年度市场拓展计划" and hr["duties"][0]["weight"] == "40"
        assert hr["document_number"] == "HR-JD-MKT-01"
        assert hr["sign_off"]["approved"]["name"] == "hr" and hr["sign_off"]["approved"]["date"]
        assert hr["qualifications"]["major"] == "市场营销"
        assert hr["company"] == "集团"
        manager = template_context(jd_of(complete, manager_user))
        assert manager["salary_level"] == manager["salary_grade"] == "" and not manager["show_confidential"]


class TestRendering:
    def test_the_exported_default_renders_every_section_of_a_position(self, complete, hr_user):
        content = render_template(default_template(), template_context(jd_of(complete, hr_user)))
        _document, text = docx_text(content)
        for expected in ("市场总监", "MKT-01", "制定年度市场拓展计划", "部门岗位调配权", "利润指标", "市场分析报告",
                         "广告公司", "市场营销", "经常出差", "本说明书每年复核一次", "年薪三十万"):
            assert expected in text
        assert "{{" not in text and "{%" not in text

    def test_the_exported_default_keeps_the_controlled_document_header_footer_and_properties(self, complete, hr_user):
        """A company's template that starts from the built-in layout keeps its header (company,
        文件编号, 版本, 生效日期), its footer 第 X 页 共 Y 页, the draft mark and honest properties."""
        complete.status = Position.Status.DRAFT
        complete.save()
        jd = jd_of(Position.objects.with_job_description().get(pk=complete.pk), hr_user)
        document = Document(io.BytesIO(render_template(default_template(), template_context(jd))))
        header = document.sections[0].header.paragraphs[0].text
        assert jd["header"]["number"] in header and jd["header"]["company"] in header
        assert "草稿" in header and "草稿" in docx_text(document_bytes(document))[1]
        footer = document.sections[0].footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer
        properties = document.core_properties
        assert properties.author == jd["header"]["company"] and complete.title in properties.title
        assert "python-docx" not in (properties.author + properties.comments + properties.last_modified_by)

    def test_the_exported_default_hides_salaries_from_managers(self, complete, hr_user, manager_user):
        content = render_template(default_template(), template_context(jd_of(complete, manager_user)))
        _document, text = docx_text(content)
        assert "市场总监" in text and "年薪三十万" not in text and "M3级" not in text

    def test_a_hand_made_template_repeats_its_rows_for_each_duty(self, complete, hr_user):
        content = render_template(HAND_MADE, template_context(jd_of(complete, hr_user)))
        document, text = docx_text(content)
        assert "华拓集团岗位说明书 市场总监(MKT-01)" in text
        assert len(document.tables[0].rows) == 1 + 2  # header, two duties

    def test_the_reference_lists_every_placeholder_with_an_example(self, complete, hr_user):
        content = placeholder_reference(template_context(jd_of(complete, hr_user)), position_name="市场总监")
        _document, text = docx_text(content)
        for name in PLACEHOLDERS:
            assert name in text
        assert "{{ d.duty }}" in text and "制定年度市场拓展计划" in text


def install(name, content, *, default=False, department=None, user=None):
    from jobs.services import install_document_template

    return install_document_template(name=name, content=content, default=default, department=department, user=user)


class TestDownloads:
    def test_the_docx_download_uses_the_company_template(self, manager_client, small_org):
        install("集团模板", HAND_MADE, default=True)
        response = manager_client.get(f"/positions/{small_org['director'].code}/docx/")
        _document, text = docx_text(response.content)
        assert "华拓集团岗位说明书 市场总监(MKT-01)" in text

    def test_without_templates_the_built_in_layout_is_served(self, manager_client, small_org):
        response = manager_client.get(f"/positions/{small_org['director'].code}/docx/")
        _document, text = docx_text(response.content)
        assert "华拓集团岗位说明书" not in text and "市场总监" in text

    def test_the_nearest_department_template_wins_then_the_default(self, small_org):
        from jobs.documents.company_template import template_for_department

        default = install("默认", HAND_MADE, default=True)
        market = install("市场部模板", company_docx("市场部 {{ title }}"), department=small_org["market"])
        assert template_for_department(small_org["expansion"].pk) == market  # below 市场部
        assert template_for_department(small_org["market"].pk) == market
        assert template_for_department(small_org["group"].pk) == default  # above it: the default
        expansion = install("拓展部模板", company_docx("拓展部 {{ title }}"), department=small_org["expansion"])
        assert template_for_department(small_org["expansion"].pk) == expansion
        default.delete()
        assert template_for_department(small_org["group"].pk) is None  # the built-in layout

    def test_replacing_the_template_changes_the_kept_document(self, manager_client, small_org):
        from jobs.services import replace_document_template

        template = install("集团模板", HAND_MADE, default=True)
        url = f"/positions/{small_org['director'].code}/docx/"
        assert "华拓集团岗位说明书" in docx_text(manager_client.get(url).content)[1]
        identity = template.identity()
        replace_document_template(template=template, content=company_docx("新版式 {{ title }}"))
        template.refresh_from_db()
        assert template.identity() != identity
        assert "新版式 市场总监" in docx_text(manager_client.get(url).content)[1]

    def test_replacing_or_deleting_a_template_drops_the_files_made_with_it(self, manager_client, small_org, django_capture_on_commit_callbacks):
        from jobs.services import replace_document_template
        from kernel.models import KeptFile

        template = install("集团模板", HAND_MADE, default=True)
        manager_client.get(f"/positions/{small_org['director'].code}/docx/")
        old = template.identity()
        assert KeptFile.objects.filter(variant__contains=old).count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            replace_document_template(template=template, content=company_docx("新版式 {{ title }}"))
        assert not KeptFile.objects.filter(variant__contains=old).exists()
        manager_client.get(f"/positions/{small_org['director'].code}/docx/")
        assert KeptFile.objects.filter(variant__contains=template.identity()).count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            template.delete()
        assert not KeptFile.objects.filter(variant__contains="template-").exists()

    def test_the_pdf_of_a_company_template_is_made_by_libreoffice(self, manager_client, small_org):
        from conftest import pdf_text
        from jobs.documents.company_template import pdf_conversion_available

        if not pdf_conversion_available():
            pytest.skip("LibreOffice (soffice) is not installed")
        install("集团模板", HAND_MADE, default=True)
        response = manager_client.get(f"/positions/{small_org['director'].code}/pdf/")
        assert response.status_code == 200 and response["X-Document-Layout"] == "company-template"
        assert "华拓集团岗位说明书" in pdf_text(response.content)[1]

    def test_without_libreoffice_the_built_in_pdf_is_served_and_the_page_says_so(self, manager_client, small_org, settings):
        settings.IMPORT_SOFFICE = "/nonexistent/soffice"
        install("集团模板", HAND_MADE, default=True)
        response = manager_client.get(f"/positions/{small_org['director'].code}/pdf/")
        assert response["X-Document-Layout"].startswith("builtin")
        page = manager_client.get(f"/positions/{small_org['director'].code}/")
        assert "集团模板" in page.content.decode() and "LibreOffice" in page.content.decode()


class TestCommand:
    def test_export_install_and_render(self, small_org, tmp_path, complete):
        from django.core.management import call_command

        exported = tmp_path / "default.docx"
        call_command("jd_template", "export-default", str(exported))
        assert (tmp_path / "default-placeholders.docx").is_file()
        call_command("jd_template", "install", str(exported), "--name", "内置版式副本", "--default")
        (tmp_path / "market.docx").write_bytes(HAND_MADE)
        call_command("jd_template", "install", str(tmp_path / "market.docx"), "--name", "市场部", "--department", "G-MKT")
        out = tmp_path / "out.docx"
        call_command("jd_template", "render", "MKT-01", str(out))
        assert "华拓集团岗位说明书 市场总监(MKT-01)" in docx_text(out.read_bytes())[1]
        call_command("jd_template", "render", "CEO", str(out))
        text = docx_text(out.read_bytes())[1]
        assert "总经理" in text and "{{" not in text

    def test_install_refuses_a_broken_template_with_exit_status_1(self, db, tmp_path):
        from conftest import run_manage

        broken = tmp_path / "broken.docx"
        broken.write_bytes(company_docx("{{ title }} {{ nosuchfield }}"))
        result = run_manage("jd_template", "install", str(broken), "--name", "坏模板", "--default")
        assert result.returncode != 0
        assert "nosuchfield" in result.stderr


class TestAdmin:
    URL = "/admin/jobs/documenttemplate/"

    def upload(self, client, content, name="集团模板.docx", **fields):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"name": "集团模板", "is_default": "on", "department": "", **fields,
                "file": SimpleUploadedFile(name, content)}
        return client.post(self.URL + "add/", data)

    def test_hr_uploads_a_template_and_is_offered_a_preview(self, hr_client, complete):
        response = self.upload(hr_client, HAND_MADE)
        template = DocumentTemplate.objects.get()
        assert response.status_code == 302 and response["Location"] == f"{self.URL}{template.pk}/preview/"
        assert template.is_default and template.digest == DocumentTemplate.digest_of(HAND_MADE)
        assert template.uploaded_by.username == "hr"
        assert "MKT-01" in hr_client.get(response["Location"]).content.decode()
        preview = hr_client.get(response["Location"], {"position": "MKT-01"})
        assert "华拓集团岗位说明书 市场总监(MKT-01)" in docx_text(preview.content)[1]
        # The change form links the kept file to the admin's download (not to MEDIA_URL, which serves nothing).
        form = hr_client.get(f"{self.URL}{template.pk}/change/").content.decode()
        assert f'href="{self.URL}{template.pk}/file/"' in form
        assert hr_client.get(f"{self.URL}{template.pk}/file/").content == HAND_MADE

    @pytest.mark.parametrize("content, named", [
        (company_docx("岗位:{{ title }"), "{{ title }"),
        (company_docx("{{ title }} {{ nosuchfield }}"), "nosuchfield"),
        ("不是 Word 文件".encode(), ".docx"),
    ])
    def test_a_bad_file_is_a_form_error_that_names_the_problem(self, hr_client, db, content, named):
        response = self.upload(hr_client, content)
        assert response.status_code == 200
        assert named in str(response.context["adminform"].form.errors["file"])
        assert not DocumentTemplate.objects.exists()

    def test_the_built_in_layout_and_the_reference_download_from_the_list(self, hr_client, complete):
        listing = hr_client.get(self.URL).content.decode()
        assert "built-in/" in listing and "placeholders/" in listing
        exported = hr_client.get(self.URL + "built-in/")
        check_template(exported.content)
        reference = hr_client.get(self.URL + "placeholders/")
        assert "{{ d.duty }}" in docx_text(reference.content)[1]

    def test_managers_cannot_upload_or_download_templates(self, manager_client, db):
        assert self.upload(manager_client, HAND_MADE).status_code == 302  # to the admin login
        assert manager_client.get(self.URL + "built-in/").status_code == 302
        assert not DocumentTemplate.objects.exists()

    def test_staff_without_the_model_permission_cannot_upload(self, client, db):
        from conftest import make_user

        client.force_login(make_user("clerk", is_staff=True))
        assert self.upload(client, HAND_MADE).status_code == 403
        assert client.get(self.URL + "built-in/").status_code == 403
        assert not DocumentTemplate.objects.exists()

    def test_hr_holds_the_template_permissions(self, hr_user):
        assert hr_user.has_perms(["jobs.add_documenttemplate", "jobs.change_documenttemplate", "jobs.delete_documenttemplate"])


class TestHandbook:
    def test_the_handbook_docx_uses_each_departments_template(self, manager_client, small_org):
        install("市场部模板", company_docx("市场部专用 {{ title }}({{ code }})"), department=small_org["market"])
        response = manager_client.get(f"/handbooks/{small_org['group'].code}/docx/?sub=1")
        assert response.status_code == 200
        _document, text = docx_text(response.content)
        assert "市场部专用 市场总监(MKT-01)" in text and "市场部专用 拓展专员(EXP-01)" in text
        assert "市场部专用 总经理" not in text and "总经理" in text  # the group's own: the built-in layout


def test_publishing_prepares_the_documents_in_the_company_template(hr_client, small_org, django_capture_on_commit_callbacks, settings):
    from django.urls import reverse

    settings.JD_REVIEW_REQUIRED = False  # HR publishes alone here; the review is jobs/tests/test_reviews.py

    from kernel import keeping
    from kernel.models import KeptFile

    template = install("集团模板", HAND_MADE, default=True)
    director = small_org["director"]
    director.summary, director.status = "新的职责概述", Position.Status.DRAFT
    director.save()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(reverse("jobs:position_publish", args=["MKT-01"]))
    kept = KeptFile.objects.filter(object_id=director.pk, kind="position.docx", variant__contains=template.identity()).get()
    assert "华拓集团岗位说明书 市场总监" in docx_text(keeping.read(kept))[1]


def test_a_template_names_the_standard_position_and_version_a_document_shows(hr_user, manager_user):
    from conftest import make_department, make_position
    from jobs.models import StandardDuty, StandardPosition
    from jobs.services import base_on_standard, publish_position, publish_standard

    standard = StandardPosition.objects.create(code="STD-SALES", title="销售代表")
    StandardDuty.objects.create(standard_position=standard, order=1, statement="完成销售指标")
    publish_standard(standard=standard, approver=hr_user)
    based = make_position(make_department("华东分公司", code="EAST"), "销售代表1", code="S-1")
    alone = make_position(based.department, "区域经理", code="M-1")
    base_on_standard(positions=[based], standard=standard, user=hr_user)
    for position in (based, alone):
        publish_position(position=Position.objects.get(pk=position.pk), approver=hr_user)
    template = company_docx("{{ title }}：{{ standard }}")
    assert docx_text(render_template(template, template_context(jd_of(based, manager_user))))[1].startswith(
        "销售代表1：销售代表（STD-SALES）第 1 版"
    )
    assert template_context(jd_of(alone, manager_user))["standard"] == ""
