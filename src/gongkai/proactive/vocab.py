"""The words of proactive disclosure: keys in code, the labels Chinese government sites print.

Kept apart from the models so that the pure counting core and the importer can use them
without a database. Labels are what a person sees (and what an imported file may say);
``LABEL_VARIANTS`` lists other spellings found in exported catalogues.
"""

from __future__ import annotations

from django.db.models import TextChoices


class Category(TextChoices):
    """主题分类 of the 公开目录: the six every report names, then the others agencies use."""

    ORGANIZATION = "organization", "机构概况"
    REGULATIONS = "regulations", "法规公文"
    POLICY_MAKING = "policy_making", "政府决策"
    WORK = "work", "工作信息"
    PERSONNEL = "personnel", "人事信息"
    FINANCE = "finance", "财政信息"
    NOTICES = "notices", "通知公告"
    PLANNING = "planning", "规划计划"
    STATISTICS = "statistics", "统计信息"
    PROJECTS = "projects", "重大项目"
    INTERPRETATION = "interpretation", "政策解读"
    PUBLIC_SERVICES = "public_services", "公共服务"
    LAW_ENFORCEMENT = "law_enforcement", "行政执法"
    EMERGENCY = "emergency", "应急管理"
    OTHER = "other", "其他"


class Validity(TextChoices):
    """有效性 of a document; news and notices have none (blank, shown as 不涉及)."""

    NONE = "", "不涉及"
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Channel(TextChoices):
    """Where an item went out. One item on several channels counts once in the total."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    WEIBO = "weibo", "政务微博"
    WECHAT = "wechat", "政务微信"
    APP_VIDEO = "app_video", "客户端/短视频"
    OTHER = "other", "其他"


class DocumentKind(TextChoices):
    """Article 20 第（一）项: the documents whose issue and repeal table 二 counts."""

    RULES = "rules", "规章"
    NORMATIVE_DOCUMENTS = "normative_documents", "行政规范性文件"


class MatterKind(TextChoices):
    """The lists of matters (事项) whose size the 2019 table 二 reports (上一年项目数量, 本年增/减)."""

    LICENSING = "licensing", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    FEES = "fees", "行政事业性收费"


class TallyKind(TextChoices):
    """Monthly figures: decisions made (许可、处罚、强制), fees collected, procurement."""

    LICENSING = "licensing", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    FEES = "fees", "行政事业性收费"
    PROCUREMENT = "procurement", "政府集中采购"


# What a tally of each kind records: decisions (件), money (元), or both (procurement).
TALLY_COUNTS = frozenset({"licensing", "other_services", "penalty", "enforcement", "procurement"})
TALLY_AMOUNTS = frozenset({"fees", "procurement"})


class ResponseKind(TextChoices):
    """回应解读, in the rows of the pre-2019 统计指标 table."""

    INTERPRETATION = "interpretation", "政策解读稿件"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    ONLINE_INTERVIEW = "online_interview", "政府网站在线访谈"
    SOCIAL_MEDIA = "social_media", "微博微信回应"
    OTHER = "other", "其他方式回应"


LABEL_VARIANTS: dict[str, dict[str, str]] = {
    "category": {
        "组织机构": "organization",
        "机构职能": "organization",
        "政策文件": "regulations",
        "规范性文件": "regulations",
        "法规文件": "regulations",
        "决策公开": "policy_making",
        "重大决策": "policy_making",
        "工作动态": "work",
        "政务动态": "work",
        "人事任免": "personnel",
        "人事": "personnel",
        "财政预决算": "finance",
        "财政资金": "finance",
        "预决算": "finance",
        "通知": "notices",
        "公告公示": "notices",
        "规划": "planning",
        "计划总结": "planning",
        "统计数据": "statistics",
        "解读回应": "interpretation",
        "政策解读与回应": "interpretation",
        "执法公示": "law_enforcement",
        "应急": "emergency",
    },
    "validity": {
        "现行有效": "valid",
        "已失效": "expired",
        "失效": "expired",
        "已废止": "repealed",
        "废止": "repealed",
        "无": "",
        "不适用": "",
        "—": "",
        "——": "",
        "-": "",
        "/": "",
    },
    "channel": {
        "网站": "website",
        "门户网站": "website",
        "政府门户网站": "website",
        "公报": "gazette",
        "微博": "weibo",
        "微信": "wechat",
        "微信公众号": "wechat",
        "客户端": "app_video",
        "短视频": "app_video",
        "政务客户端": "app_video",
        "抖音": "app_video",
        "新闻发布会": "other",
        "公开查阅点": "other",
        "其他方式": "other",
    },
    "tally": {
        "许可": "licensing",
        "行政处罚决定": "penalty",
        "处罚": "penalty",
        "强制": "enforcement",
        "行政强制决定": "enforcement",
        "收费": "fees",
        "行政事业性收费金额": "fees",
        "采购": "procurement",
        "其他对外管理服务": "other_services",
    },
    "document": {"规范性文件": "normative_documents", "政府规章": "rules"},
}


def lookup(choices: type[TextChoices], vocabulary: str, text: str) -> str | None:
    """The key a label (or one of its known variants, or the key itself) stands for."""
    t = "".join(text.split())
    for key, label in choices.choices:
        if t in (label, key):
            return str(key)
    return LABEL_VARIANTS.get(vocabulary, {}).get(t)
