"""The demo company (demo/company.json) loads on every supported database."""
import json

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from departments.models import Department, DepartmentDuty, DepartmentPolicy
from jobs.models import KPI, Authority, Duty, Position, Qualification, WorkRecord, WorkRelation

DEMO = settings.DEMO_COMPANY_FILE
ORG_MODELS = (Department, DepartmentDuty, DepartmentPolicy, Position, Qualification, Duty, Authority, KPI, WorkRelation, WorkRecord)
# The positions with a job description in ../shared/seeds (000: 拓展部, 001: 市场部, 002: 集团客户部, 003: 市场拓展部).
SEED_JOB_DESCRIPTIONS = {
    "EXP-01": "市场总监", "EXP-02": "市场部经理", "EXP-04": "渠道主管", "EXP-05": "拓展专员",
    "MKT-01": "副总经理", "MKT-03": "销售员",
    "GCD-01": "集团客户部经理", "GCD-02": "客户开发主管", "GCD-03": "产品支持主管", "GCD-04": "售后支持主管",
    "MEX-01": "部门经理", "MEX-02": "市场经理", "MEX-03": "销售经理", "MEX-04": "销售人员",
}


def dump_organisation():
    return {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in ORG_MODELS} | {
        "links": sorted(
            (p.code, tuple(sorted(p.dotted_supervisors.values_list("code", flat=True))),
             tuple(sorted(p.promotion_targets.values_list("code", flat=True))),
             tuple(sorted(p.lateral_moves.values_list("code", flat=True))))
            for p in Position.objects.all()
        )
    }


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_demo_company_is_one_group_holding_every_department(demo):
    roots = Department.objects.root_nodes()
    assert [root.name for root in roots] == ["华拓集团"]
    names = set(Department.objects.values_list("name", flat=True))
    assert {"市场部", "拓展部", "市场拓展部", "集团客户部"} <= names
    assert Department.objects.get(name="拓展部").parent.name == "市场部"


def test_every_seed_position_has_duties_authorities_and_qualifications(demo):
    written = {item["code"]: item for item in json.loads(DEMO.read_text(encoding="utf-8"))["positions"]}
    positions = Position.objects.filter(code__in=SEED_JOB_DESCRIPTIONS).with_job_description()
    assert {p.code: p.title for p in positions} == SEED_JOB_DESCRIPTIONS
    for position in positions:
        item = written[position.code]
        assert len(item["duties"]) > 0 and len(item["authorities"]) > 0, position.title  # the file, not the loader
        assert [d.statement for d in position.duties.all()] == [d["statement"] for d in item["duties"]], position.title
        assert [a.text for a in position.authorities.all()] == [a["text"] for a in item["authorities"]], position.title
        assert position.qualification.education == item["qualification"].get("education", 0), position.title


def test_seed_reporting_lines_are_as_the_documents_state(demo):
    superior = dict(Position.objects.values_list("title", "reports_to__title"))
    assert superior["市场部经理"] == "市场总监"
    assert superior["渠道主管"] == "市场部经理"
    assert superior["拓展专员"] == "市场部经理"
    assert superior["销售员"] == "市场部部长"
    assert superior["集团客户部经理"] == "副总经理"
    assert superior["客户开发主管"] == "集团客户部经理"
    assert superior["副总经理"] == "总经理"


def test_seed_job_description_details_are_kept(demo):
    sales = Position.objects.get(code="MKT-01")
    assert sales.duties.count() == 22
    assert [kpi.name for kpi in sales.kpis.all()] == ["利润指标", "收入指标", "客户信息量"]
    assert [record.document for record in sales.records.all()] == ["合同", "客户档案"]
    manager = Position.objects.get(code="GCD-01")
    assert {a.category for a in manager.authorities.all()} == {"personnel", "finance", "business"}
    assert manager.duties.first().task_list[0] == "参与公司各项管理制度、流程的制定,督促本部门贯彻执行"
    director = Position.objects.get(code="EXP-01")
    assert director.qualification.education == 3
    assert director.workload_balance == "满负荷"
    assert DepartmentPolicy.objects.filter(department__name="市场拓展部").exists()
    assert DepartmentDuty.objects.filter(department__name="集团客户部", function="销售管理").count() == 2


def test_loading_the_demo_twice_changes_nothing(demo):
    before = dump_organisation()
    call_command("load_demo", verbosity=0)
    assert dump_organisation() == before


def test_demo_trees_are_consistent(demo):
    def snapshot(model):
        return list(model.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level"))

    departments, positions = snapshot(Department), snapshot(Position)
    Department.objects.rebuild()
    Position.objects.rebuild()
    assert snapshot(Department) == departments
    assert snapshot(Position) == positions


def test_demo_file_names_only_existing_codes():
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    codes = {p["code"] for p in data["positions"]}
    for position in data["positions"]:
        assert position["reports_to"] in codes | {None}
        assert set(position["dotted_supervisors"]) <= codes


def test_demo_positions_have_a_publication_record(demo):
    """Managers see published positions as of their approval: the loader dates one after every row."""
    published = Position.objects.filter(status=Position.Status.PUBLISHED)
    assert published.count() == Position.objects.count()
    for position in published:
        record = Position.history.filter(id=position.pk, history_date__lte=position.approved_at).latest()
        assert (record.title, record.headcount) == (position.title, position.headcount), position.code


def test_make_run_does_not_load_the_demo_over_what_users_changed(demo):
    """``make run`` runs ``load_demo --if-empty``: a restart keeps HR's edits and waiting reviews."""
    import io

    position = Position.objects.get(code="MEX-06")
    position.summary, position.status = "HR 改过的概述", Position.Status.DRAFT
    position.save()
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "not loaded again" in out.getvalue()
    position.refresh_from_db()
    assert (position.summary, position.status) == ("HR 改过的概述", Position.Status.DRAFT)
