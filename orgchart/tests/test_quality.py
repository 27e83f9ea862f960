"""The data-quality report on a purpose-built bad organisation, one test per kind of finding."""
import collections

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_department, make_position, make_user
from jobs.models import KPI, Authority, Duty, Position, Qualification
from orgchart import quality


def complete(position, weights=(60, 40)):
    Duty.objects.create(position=position, statement="负责")
    Authority.objects.create(position=position, text="审批")
    Qualification.objects.create(position=position)
    for weight in weights:
        KPI.objects.create(position=position, name=f"指标{weight}", weight=weight)
    position.summary = "概述"
    position.save()
    return position


@pytest.fixture
def bad_org(db):
    group = make_department("集团", code="G")
    sales = make_department("销售部", parent=group, code="SALES", authorised_headcount=2)
    it = make_department("信息部", parent=group, code="IT", authorised_headcount=10)
    closed = make_department("撤销部", parent=group, code="OLD", is_active=False)
    ceo = complete(make_position(group, "总经理", code="CEO", headcount=1))
    group.head_position = ceo
    group.save()
    it_head = complete(make_position(it, "信息总监", reports_to=ceo, code="IT-01", headcount=1))
    it.head_position = it_head
    it.save()
    # Reports to the IT director although it sits in sales: unrelated branch.
    seller = make_position(sales, "销售代表", reports_to=it_head, code="S-01", headcount=3)
    twin = complete(make_position(sales, "销售代表", reports_to=ceo, code="S-02", headcount=1), weights=(50, 30))
    archived = make_position(it, "旧岗位", code="IT-OLD", status=Position.Status.ARCHIVED)
    inactive = make_position(closed, "撤销岗位", code="OLD-01")
    twin.promotion_targets.add(archived)
    it_head.lateral_moves.add(inactive)
    return locals()


def findings(kind):
    return [(f.subject, f.url) for f in quality.build_report().findings if f.kind == kind]


def test_missing_duties(bad_org):
    assert ("S-01 销售代表", reverse("admin:jobs_position_change", args=[bad_org["seller"].pk])) in findings(quality.MISSING_DUTIES)
    assert not any(s.startswith("S-02") for s, _ in findings(quality.MISSING_DUTIES))


def test_missing_authorities(bad_org):
    assert [s for s, _ in findings(quality.MISSING_AUTHORITIES)] == ["S-01 销售代表", "OLD-01 撤销岗位"]


def test_missing_qualification(bad_org):
    assert "S-01 销售代表" in [s for s, _ in findings(quality.MISSING_QUALIFICATION)]


def test_missing_kpis(bad_org):
    assert "S-01 销售代表" in [s for s, _ in findings(quality.MISSING_KPIS)]


def test_kpi_weights(bad_org):
    report = quality.build_report()
    [finding] = [f for f in report.findings if f.kind == quality.KPI_WEIGHTS]
    assert finding.subject == "S-02 销售代表" and "80" in str(finding.detail)


def test_headcount_over_and_under(bad_org):
    assert findings(quality.HEADCOUNT_OVER) == [("SALES 销售部", reverse("admin:departments_department_change", args=[bad_org["sales"].pk]))]
    assert [s for s, _ in findings(quality.HEADCOUNT_UNDER)] == ["IT 信息部"]


def test_departments_without_head(bad_org):
    # The inactive department is not reported.
    assert [s for s, _ in findings(quality.NO_HEAD)] == ["SALES 销售部"]


def test_unrelated_superior(bad_org):
    assert [s for s, _ in findings(quality.UNRELATED_SUPERIOR)] == ["S-01 销售代表"]


def test_superior_in_ancestor_or_descendant_is_fine(db):
    group = make_department("集团", code="G")
    child = make_department("子部门", parent=group, code="C")
    boss = make_position(group, "总经理", code="B")
    low = make_position(child, "专员", code="L", reports_to=boss)
    make_position(group, "助理", code="A", reports_to=low)
    assert findings(quality.UNRELATED_SUPERIOR) == []


def test_duplicate_titles(bad_org):
    assert [s for s, _ in findings(quality.DUPLICATE_TITLE)] == ["S-01 销售代表", "S-02 销售代表"]


def test_stale_promotion_targets(bad_org):
    assert [s for s, _ in findings(quality.STALE_PROMOTION)] == ["S-02 销售代表"]


def test_stale_lateral_moves(bad_org):
    assert [s for s, _ in findings(quality.STALE_LATERAL)] == ["IT-01 信息总监"]


def test_completeness_scores(bad_org):
    report = quality.build_report()
    scores = {p.code: score for p, score in report.position_scores}
    assert scores["CEO"] == 100 and scores["S-01"] == 0 and scores["S-02"] == 83
    assert "IT-OLD" not in scores
    departments = {d.code: score for d, score in report.department_scores}
    assert departments["SALES"] == 42 and departments["G"] == 100


def _grow(n):
    group = make_department("集团", code=f"G{n}")
    for i in range(n):
        department = make_department(parent=group, authorised_headcount=1)
        boss = make_position(department, "经理", headcount=2)
        worker = make_position(department, "经理", reports_to=boss)
        KPI.objects.create(position=worker, name="k", weight=10)
        worker.promotion_targets.add(boss)


@pytest.mark.parametrize("size", [3, 30])
def test_fixed_number_of_queries(db, exact_queries, size):
    _grow(size)
    with exact_queries(6):  # departments, positions, headcount, standard positions, the two kinds of links
        report = quality.build_report()
    kinds = collections.Counter(finding.kind for finding in report.findings)
    assert kinds == {  # per department: its two 经理, its 定员 over 编制, no head; 集团 has no head either
        quality.DUPLICATE_TITLE: 2 * size, quality.MISSING_DUTIES: 2 * size, quality.MISSING_AUTHORITIES: 2 * size,
        quality.MISSING_QUALIFICATION: 2 * size, quality.MISSING_KPIS: size, quality.KPI_WEIGHTS: size,
        quality.HEADCOUNT_OVER: size, quality.NO_HEAD: size + 1,
    }


def test_page_for_hr(hr_client, bad_org):
    response = hr_client.get(reverse("quality_report"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "销售代表" in content
    assert reverse("admin:jobs_position_change", args=[bad_org["seller"].pk]) in content


def test_page_refused_to_managers(manager_client, bad_org):
    response = manager_client.get(reverse("quality_report"))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode() and "销售代表" not in response.content.decode()


def test_admin_index_links_to_report(hr_user, client):
    hr_user.is_superuser = False
    client.force_login(hr_user)
    assert reverse("quality_report") in client.get(reverse("admin:index")).content.decode()


def test_position_changelist_links_to_report(hr_client, bad_org):
    assert reverse("quality_report") in hr_client.get(reverse("admin:jobs_position_changelist")).content.decode()


def test_check_org_command(bad_org, capsys):
    call_command("check_org")
    out = capsys.readouterr().out
    assert "S-01 销售代表" in out and "findings:" in out
    with pytest.raises(SystemExit) as exit:
        call_command("check_org", "--fail-on-findings")
    assert exit.value.code == 1


def test_check_org_clean_exits_zero(db, capsys):
    call_command("check_org", "--fail-on-findings")
    assert "findings: 0" in capsys.readouterr().out


def test_normal_designs_are_not_flagged_as_unrelated_superiors(db):
    group = make_department("集团", code="Q-G", kind="group")
    office = make_department("总经办", parent=group, code="Q-GMO")
    market = make_department("市场部", parent=group, code="Q-MKT")
    key_accounts = make_department("集团客户部", parent=group, code="Q-GCD")
    ceo = make_position(office, "总经理", code="Q-CEO")
    vice = make_position(market, "副总经理", reports_to=ceo, code="Q-VP")
    head = make_position(key_accounts, "集团客户部经理", reports_to=vice, code="Q-GCD-01")
    for department, position in ((group, ceo), (market, vice), (key_accounts, head)):
        department.head_position = position
        department.save()
    assert findings(quality.UNRELATED_SUPERIOR) == []  # 副总经理 → 总经理 (head of the group); 分管领导


def test_a_position_is_scored_on_what_it_shows_and_standards_unused_or_overridden_are_listed(db):
    """Positions based on a standard (基准岗位) show its duties: not 'without duties'; one writing
    every section itself is listed, and so is a standard nobody uses."""
    from jobs.models import StandardDuty, StandardPosition
    from jobs.models.standards import STANDARD_SECTIONS
    from jobs.services import base_on_standard, publish_standard, set_own_section

    hr = make_user("hr-quality", group="HR", is_staff=True)
    standard = StandardPosition.objects.create(code="STD-REP", title="销售代表", summary="开拓客户。")
    StandardDuty.objects.create(standard_position=standard, order=0, statement="完成销售指标")
    publish_standard(standard=standard, approver=hr)
    StandardPosition.objects.create(code="STD-IDLE", title="闲置基准")
    department = make_department("销售部", code="S")
    inheriting, everything = make_position(department, "销售代表甲", code="S-01"), make_position(department, "销售代表乙", code="S-02")
    base_on_standard(positions=[inheriting, everything], standard=standard, user=hr)
    for section in STANDARD_SECTIONS:
        set_own_section(position=Position.objects.get(pk=everything.pk), key=section.key, own=True, user=hr)
    report = quality.build_report()
    flagged = {kind: {finding.subject.split()[0] for finding in findings} for kind, _label, findings in report.by_kind()}
    assert flagged[quality.UNUSED_STANDARD] == {"STD-IDLE"}
    assert flagged[quality.OVERRIDES_STANDARD] == {"S-02"}
    assert flagged[quality.MISSING_DUTIES] == {"S-02"}  # S-01 shows the standard's duty
