"""Search across every section of the job description (jobs.search), as each user sees it."""
import pytest
from django.urls import reverse

from conftest import make_position
from jobs.models import KPI, Authority, Duty, Education, Position, Qualification, SearchDocument, WorkRecord, WorkRelation
from jobs.search import matching_position_ids, refresh_search_documents, search_positions
from jobs.services import publish_position, reopen_as_draft


def found(text, *, published=False):
    return set(search_positions(Position.objects.all(), text, published=published).values_list("code", flat=True))


def test_code_title_and_duty_text_are_found(small_org):
    Duty.objects.create(position=small_org["specialist"], statement="负责意向客户资料的收集")
    assert found("客户资料") == {"EXP-01"}
    assert found("mkt-01") == {"MKT-01"}
    assert found("总经理") == {"CEO"}


@pytest.mark.parametrize("make, phrase", [
    (lambda p: Duty.objects.create(position=p, statement="x", tasks="整理客户档案\n回访重点客户"), "回访重点"),
    (lambda p: Duty.objects.create(position=p, statement="x", standard="资料完整率达到百分之百"), "完整率"),
    (lambda p: Authority.objects.create(position=p, text="对下属的考核评价权"), "考核评价"),
    (lambda p: Qualification.objects.create(position=p, skills="熟练使用办公软件，具备谈判技巧"), "谈判技巧"),
    (lambda p: KPI.objects.create(position=p, name="新客户开发数量", definition="当期新签约客户数"), "新签约"),
    (lambda p: WorkRelation.objects.create(position=p, party="财务部", content="费用报销与核算"), "报销"),
    (lambda p: WorkRecord.objects.create(position=p, document="客户拜访周报", timing="每周五"), "拜访周报"),
    (lambda p: Position.objects.filter(pk=p.pk).update(summary="负责华东区域市场的拓展") or p.save(), "华东区域"),
    (lambda p: Position.objects.filter(pk=p.pk).update(environment="办公室，经常外出") or p.save(), "经常外出"),
    (lambda p: Qualification.objects.create(position=p, education=Education.BACHELOR), "本科"),  # the level by its word
])
def test_a_phrase_from_any_section_finds_its_job_description(small_org, make, phrase):
    make(small_org["specialist"])
    assert found(phrase) == {"EXP-01"}
    assert found(phrase, published=True) == {"EXP-01"}


def test_every_word_must_occur_and_short_words_work(small_org):
    Duty.objects.create(position=small_org["specialist"], statement="收集客户资料")
    Duty.objects.create(position=small_org["director"], statement="制定市场策略")
    assert found("客户 资料") == {"EXP-01"}
    assert found("客户 策略") == set()
    assert found("策") == {"MKT-01"}


def test_salary_is_never_searched(small_org):
    assert found("M3级") == set()


def test_managers_search_the_published_text_hr_the_current(small_org, hr_user):
    specialist = small_org["specialist"]
    Duty.objects.create(position=specialist, statement="旧的职责描述")
    reopen_as_draft(position=specialist, user=hr_user)
    specialist = publish_position(position=specialist, approver=hr_user)
    reopen_as_draft(position=specialist, user=hr_user)
    Duty.objects.filter(position=specialist).update(statement="新的职责描述")
    Duty.objects.get(position=specialist).save()
    assert found("新的职责") == {"EXP-01"}
    assert found("新的职责", published=True) == set()
    assert found("旧的职责", published=True) == {"EXP-01"}
    draft = make_position(small_org["market"], "草稿岗位", status=Position.Status.DRAFT)
    assert found("草稿岗位") == {draft.code} and found("草稿岗位", published=True) == set()


def test_refresh_rebuilds_the_published_text_from_the_history(small_org, hr_user):
    specialist = publish_position(position=small_org["specialist"], approver=hr_user)
    Duty.objects.create(position=specialist, statement="发布前的职责")
    reopen_as_draft(position=specialist, user=hr_user)
    specialist = publish_position(position=specialist, approver=hr_user)
    reopen_as_draft(position=specialist, user=hr_user)
    SearchDocument.objects.all().delete()
    refresh_search_documents(Position.objects.values_list("pk", flat=True))
    assert found("发布前", published=True) == {"EXP-01"}


def test_text_that_looks_like_query_syntax_is_plain_text(small_org):
    Duty.objects.create(position=small_org["specialist"], statement='报告 "AND" OR NOT* (季度)')
    assert found('"AND" OR') == {"EXP-01"}
    assert found("NOT* (季度)") == {"EXP-01"}
    assert found("100%") == set()
    assert found('"; 季度') == set() and found("报告 ;'") == set()
    assert set(matching_position_ids("current", published=False)) == set()  # a column name is not a word in the text


def test_the_list_shows_the_matching_section_highlighted_and_keeps_the_filters(manager_client, small_org):
    KPI.objects.create(position=small_org["specialist"], name="客户满意度", target="不低于95%")
    url = reverse("jobs:position_list") + f"?q=满意度&department={small_org['market'].code}"
    page = manager_client.get(url).content.decode()
    assert '<span class="section">考核指标</span>' in page
    assert "客户<mark>满意度</mark> 不低于95%" in page
    assert 'name="q" value="满意度"' in page and f'<option value="{small_org["market"].code}" selected>' in page


def test_the_list_search_query_count_is_fixed(manager_client, small_org, django_assert_max_num_queries):
    for number in range(60):
        position = make_position(small_org["market"], f"专员{number}", reports_to=small_org["director"])
        Duty.objects.create(position=position, statement=f"负责客户关系维护{number}")
    manager_client.get(reverse("jobs:position_list") + "?q=客户关系")  # rebuilds the pending documents
    with django_assert_max_num_queries(12):
        response = manager_client.get(reverse("jobs:position_list") + "?q=客户关系")
    assert response.context["paginator"].count == 60


@pytest.mark.django_db(transaction=True)
def test_documents_follow_commits_even_after_a_rolled_back_transaction():
    from django.db import transaction

    from conftest import make_department

    department = make_department("市场部")
    try:
        with transaction.atomic():
            make_position(department, "作废岗位")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    position = make_position(department, "正式岗位")  # autocommit: its document is written at once
    assert SearchDocument.objects.filter(position=position, current__contains="正式岗位").exists()
    with transaction.atomic():
        Duty.objects.create(position=position, statement="月度经营分析")
    assert SearchDocument.objects.filter(position=position, current__contains="月度经营分析").exists()


def test_migrate_writes_the_documents_positions_lack(small_org):
    from jobs.search import flush_pending_search_documents, refresh_missing_search_documents

    flush_pending_search_documents()
    SearchDocument.objects.filter(position=small_org["ceo"]).delete()
    refresh_missing_search_documents()
    assert SearchDocument.objects.filter(position=small_org["ceo"], published__contains="总经理").exists()


def test_job_level_and_family_are_found_by_name(small_org):
    from jobs.models import JobFamily

    family = JobFamily.objects.create(code="MKTX", name="市场营销序列")
    specialist = Position.objects.get(pk=small_org["specialist"].pk)
    specialist.family = family
    specialist.save()
    assert found("市场营销序列") == {"EXP-01"}
