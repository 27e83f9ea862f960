"""Company templates of the 岗位说明书 from the command line (issue 14).

    manage.py jd_template export-default FILE.docx [--reference REF.docx]
    manage.py jd_template install FILE.docx --name NAME [--default | --department CODE]
    manage.py jd_template render POSITION_CODE OUT.docx [--user USERNAME] [--template NAME]

``install`` refuses a file that cannot serve (a broken tag, an unknown placeholder, no .docx) with
the reason and exit status 1, as the admin form does.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from departments.models import Department
from jobs.documents.company_template import TemplateRefused, company_docx, template_for_department
from jobs.documents.context import job_description_context
from jobs.documents.template_export import default_template, example_position_context, placeholder_reference
from jobs.documents.word import job_description_docx
from jobs.models import DocumentTemplate, Position
from jobs.services import install_document_template


class Command(BaseCommand):
    help = "Company templates of the job description: export the built-in layout, install a template, render a position."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export-default", help="write the built-in layout as a template (and the placeholder reference)")
        export.add_argument("path")
        export.add_argument("--reference", help="where the placeholder reference goes (default: FILE-placeholders.docx)")
        install = actions.add_parser("install", help="check a template and keep it")
        install.add_argument("path")
        install.add_argument("--name", required=True)
        scope = install.add_mutually_exclusive_group()
        scope.add_argument("--default", action="store_true", help="the template of every department without its own")
        scope.add_argument("--department", help="the code of the department whose subtree it applies to")
        render = actions.add_parser("render", help="a position's job description in the template that applies to it")
        render.add_argument("code")
        render.add_argument("path")
        render.add_argument("--user", help="render as this user sees it (default: a reader of published versions, no salaries)")
        render.add_argument("--template", help="this template (by name) instead of the one that applies")

    def handle(self, *args, action, **options):
        getattr(self, action.replace("-", "_"))(**options)

    def export_default(self, *, path, reference=None, **options):
        Path(path).write_bytes(default_template())
        reference = reference or str(Path(path).with_name(Path(path).stem + "-placeholders.docx"))
        example, name = example_position_context(AnonymousUser())
        Path(reference).write_bytes(placeholder_reference(example, position_name=name))
        self.stdout.write(self.style.SUCCESS(f"已写入 {path} 和占位符说明 {reference}"))

    def install(self, *, path, name, default=False, department=None, **options):
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        owner = None
        if department:
            owner = Department.objects.filter(code=department).first()
            if owner is None:
                raise CommandError(f"没有编码为 {department} 的部门")
        try:
            template = install_document_template(name=name, content=content, default=default, department=owner)
        except TemplateRefused as error:
            raise CommandError(f"{path}: {error}") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        scope = "默认模板" if template.is_default else (f"部门 {owner.name} 及其下级部门" if owner else "未指定适用范围")
        self.stdout.write(self.style.SUCCESS(f"已安装模板 {template.name}({scope})"))

    def render(self, *, code, path, user=None, template=None, **options):
        reader = AnonymousUser()
        if user:
            reader = get_user_model().objects.filter(username=user).first()
            if reader is None:
                raise CommandError(f"没有用户 {user}")
        position = Position.objects.with_job_description().filter(code=code).first()
        if position is None:
            raise CommandError(f"没有编号为 {code} 的岗位")
        try:
            jd = job_description_context(position, reader)
        except Http404 as error:
            raise CommandError(f"{code} 尚未发布:用 --user 指定可以查看草稿的用户") from error
        chosen = DocumentTemplate.objects.filter(name=template).first() if template else template_for_department(position.department_id)
        if template and chosen is None:
            raise CommandError(f"没有名为 {template} 的模板")
        Path(path).write_bytes(company_docx(jd, chosen) if chosen else job_description_docx(jd))
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}({chosen.name if chosen else '内置版式'})"))
