"""Fixtures of the jobs app's tests."""
import datetime

import pytest

from conftest import make_level, make_position
from jobs.models import KPI, Authority, Duty, JobFamily, Qualification, WorkRecord, WorkRelation


@pytest.fixture
def complete(small_org):
    """市场总监 with every field of the 岗位说明书 filled in and every kind of row."""
    director, ceo = small_org["director"], small_org["ceo"]
    peer = make_position(small_org["market"], "市场经理", reports_to=ceo, code="MKT-02")
    director.job_level = make_level()
    director.family = JobFamily.objects.create(code="MKT", name="营销序列")
    director.fill_date, director.effective_date = datetime.date(2024, 3, 1), datetime.date(2024, 4, 1)
    director.salary_level = "年薪三十万"
    director.remarks = "本说明书每年复核一次"
    director.summary = "规划制定公司的市场战略"
    director.supervision_received = "接受总经理的工作检查"
    director.supervision_given = "指导拓展专员开展工作"
    director.promotion_note = "营销副总裁"
    director.lateral_note = "销售总监"
    director.working_hours = "标准工时"
    director.environment = "办公室,舒适"
    director.tools = "电脑、电话"
    director.time_pattern = "经常加班"
    director.workload_balance = "忙闲不均"
    director.travel = "经常出差"
    director.assessment_note = "详见绩效考核方案"
    director.save()
    director.dotted_supervisors.add(peer)
    director.promotion_targets.add(ceo)
    director.lateral_moves.add(peer)
    small_org["market"].head_position = director
    small_org["market"].save()
    Qualification.objects.create(
        position=director, education=4, education_note="985院校优先", major="市场营销", age="30-45岁", gender="不限",
        experience_years=5, experience="同行业市场管理经验", training_subjects="公司制度", training_duration="一周",
        knowledge="市场营销知识", skills="谈判技巧", basic_qualities="诚信正直", personality="外向",
        physical="身体健康", certificates="营销师证书", languages="英语四级", computer_skills="熟练使用办公软件",
        other="有驾照",
    )
    Duty.objects.create(position=director, statement="制定年度市场拓展计划", tasks="分解目标\n跟踪执行",
                        standard="按月完成", time_share=40, order=1)
    Duty.objects.create(position=director, category="daily", statement="审批费用报销", order=2)
    Authority.objects.create(position=director, category="personnel", text="部门岗位调配权", order=1)
    Authority.objects.create(position=director, category="finance", text="五万元以下费用审批权", order=2)
    Authority.objects.create(position=director, category="business", text="市场活动决定权", order=3)
    KPI.objects.create(position=director, name="利润指标", definition="年度利润总额", target="一千万元", weight=40,
                       period="year", data_source="财务部")
    WorkRelation.objects.create(position=director, scope="company", party="财务部", content="费用预算")
    WorkRelation.objects.create(position=director, scope="external", party="广告公司", content="活动执行", order=2)
    WorkRecord.objects.create(position=director, document="市场分析报告", timing="月末", recipient="总经理")
    return director
