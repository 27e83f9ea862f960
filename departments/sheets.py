"""The department sheets of the organisation workbook: 部门, 部门职责, 部门制度."""
from departments.models import Department
from kernel.columns import BOOL, INT, REF, Column, Sheet, choice, text

KIND_LABELS = {
    Department.Kind.GROUP: "集团", Department.Kind.COMPANY: "公司", Department.Kind.CENTER: "中心",
    Department.Kind.DEPARTMENT: "部门", Department.Kind.SECTION: "科室", Department.Kind.TEAM: "小组",
}
DEPARTMENT_REF = Column("department", "部门编码", ("部门", "所在部门", "所属部门", "部门名称"), REF, True)

DEPARTMENT_SHEETS = (
    Sheet("departments", "部门", ("部门信息", "组织架构", "部门清单", "部门列表"), (
        text("code", "部门编码", ("部门编号", "部门代码"), required=True, max_length=32),
        text("name", "部门名称", ("部门",), required=True, words_only=True, max_length=100),
        Column("parent", "上级部门", ("上级部门编码", "所属上级", "上级"), REF),
        choice("kind", "部门类型", KIND_LABELS, ("类型", "组织类型"),
               {"事业部": Department.Kind.CENTER, "部": Department.Kind.DEPARTMENT, "室": Department.Kind.SECTION,
                "组": Department.Kind.TEAM, "班组": Department.Kind.TEAM, "子公司": Department.Kind.COMPANY}),
        text("nature", "部门性质", max_length=200),
        text("mission", "职责概述", ("部门职责概述", "部门使命")),
        text("management_authority", "管理权限"),
        text("management_function", "管理职能"),
        text("staffing_plan", "人员配置", ("人员编制说明",)),
        Column("authorised_headcount", "部门编制", ("编制", "部门编制人数", "核定编制"), INT),
        Column("head_position", "部门负责人岗位", ("负责人岗位", "部门负责人"), REF),
        text("internal_partners", "内部协作部门", ("内部协作", "内部协作关系")),
        text("external_partners", "外部协作单位", ("外部协作", "外部协作关系")),
        Column("is_active", "是否启用", ("启用", "状态"), BOOL),
    )),
    Sheet("department_duties", "部门职责", ("部门职能",), (
        DEPARTMENT_REF,
        text("function", "一级职能", ("职能类别", "职能"), required=True, max_length=100),
        text("text", "二级职能", ("职责内容", "职能内容", "具体职责"), required=True),
    )),
    Sheet("department_policies", "部门制度", ("制度", "部门制度流程", "制度流程"), (
        DEPARTMENT_REF,
        text("title", "标题", ("制度名称", "章节"), required=True, max_length=200),
        text("body", "内容", ("正文", "制度内容"), required=True),
    )),
)
