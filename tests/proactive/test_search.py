"""Full-text search in Chinese over the token index: words inside titles are found, every
word asked must occur, titles outrank bodies, drafts are not public, edits reindex."""

from __future__ import annotations

from datetime import date

from gongkai.cases.models import Agency
from gongkai.proactive.models import SearchToken
from gongkai.proactive.services.catalogue import save_item
from gongkai.proactive.services.search import search
from tests.proactive.helpers import item


def titles(q: str, **kw: object) -> list[str]:
    return [i.title for i in search(q, **kw).items]  # type: ignore[arg-type]


def test_two_character_word_inside_a_title_is_found(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    item(town, "关于印发鄞江镇老旧小区改造实施方案的通知")
    item(town, "鄞江镇2024年财政预算执行情况")
    assert titles("小区") == ["关于印发鄞江镇老旧小区改造实施方案的通知"]
    assert titles("方案") == ["关于印发鄞江镇老旧小区改造实施方案的通知"]
    assert titles("预算") == ["鄞江镇2024年财政预算执行情况"]
    assert titles("财政预算执行") == ["鄞江镇2024年财政预算执行情况"]
    assert sorted(titles("鄞江")) == sorted(
        ["关于印发鄞江镇老旧小区改造实施方案的通知", "鄞江镇2024年财政预算执行情况"]
    )
    assert titles("垃圾分类") == []


def test_every_word_must_occur(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    item(town, "老旧小区改造工作动态")
    item(town, "小区物业管理办法")
    item(town, "道路改造工程公示")
    assert titles("小区 改造") == ["老旧小区改造工作动态"]
    assert titles("老旧小区改造") == ["老旧小区改造工作动态"]
    assert sorted(titles("改造")) == ["老旧小区改造工作动态", "道路改造工程公示"]


def test_ranking_title_above_body_then_frequency_then_newest(
    agencies: dict[str, Agency],
) -> None:
    town = agencies["town"]
    item(town, "本镇工作动态", body="今年完成了垃圾分类宣传。", published=date(2024, 3, 20))
    item(town, "垃圾分类工作方案", body="具体安排见附件。", published=date(2024, 3, 6))
    item(
        town,
        "环境整治情况通报",
        body="垃圾分类试点扩大，垃圾分类设施新增，垃圾分类督导常态化。",
        published=date(2024, 3, 7),
    )
    item(town, "本镇另一动态", body="持续推进垃圾分类。", published=date(2024, 3, 21))
    assert titles("垃圾分类") == [
        "垃圾分类工作方案",  # in the title
        "环境整治情况通报",  # three times in the body
        "本镇另一动态",  # once, newest first
        "本镇工作动态",
    ]
    hits = search("垃圾分类", limit=2, offset=2)
    assert hits.total == 4 and [i.title for i in hits.items] == ["本镇另一动态", "本镇工作动态"]


def test_word_jieba_cuts_differently_in_the_title_is_found_by_its_pairs(
    agencies: dict[str, Agency],
) -> None:
    item(agencies["town"], "中华人民共和国政府信息公开条例")
    assert titles("中华人民共和国") == ["中华人民共和国政府信息公开条例"]
    assert titles("信息公开条例") == ["中华人民共和国政府信息公开条例"]


def test_not_a_word_falls_back_to_title_substring(agencies: dict[str, Agency]) -> None:
    plan = "关于印发鄞江镇老旧小区改造实施方案的通知"
    item(agencies["town"], plan)
    item(agencies["town"], "区老街小区停车管理")
    for q in ("镇老", "镇老旧", "江镇老旧小", "镇"):
        hits = search(q)
        assert hits.substring and [i.title for i in hits.items] == [plan], q
    # 小区 and 区老 both occur in the second title, but not as 小区老
    assert search("小区老").items == [] and search("旧老").items == []


def test_document_numbers_latin_and_full_width(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    item(town, "关于调整工作人员的通知", document_number="鄞政发〔2019〕12号")
    item(town, "ＧＤＰ统计公报")
    assert titles("鄞政发〔2019〕12号") == ["关于调整工作人员的通知"]
    assert titles("gdp") == ["ＧＤＰ统计公报"]


def test_drafts_are_not_public_and_edits_reindex(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    draft = item(town, "征地补偿标准", published=None)
    assert titles("征地") == [] and not SearchToken.objects.filter(item_id=draft.pk).exists()
    draft.published_on = date(2024, 3, 8)
    save_item(draft, ["website"])
    assert titles("征地") == ["征地补偿标准"]
    draft.title = "拆迁安置标准"
    save_item(draft, ["website"])
    assert titles("征地") == [] and titles("拆迁") == ["拆迁安置标准"]


def test_filters_by_agency_and_category(agencies: dict[str, Agency]) -> None:
    item(agencies["town"], "镇安全生产检查", category="work")
    item(agencies["dept"], "住建局安全生产检查", category="work")
    item(agencies["dept"], "住建局安全生产专项资金", category="finance")
    assert titles("安全生产", agency_id=agencies["town"].pk) == ["镇安全生产检查"]
    assert sorted(titles("安全生产", agency_id=agencies["dept"].pk)) == [
        "住建局安全生产专项资金",
        "住建局安全生产检查",
    ]
    assert titles("安全生产", category="finance") == ["住建局安全生产专项资金"]


def test_several_words_rank_by_summed_weight_and_filter(agencies: dict[str, Agency]) -> None:
    town, dept = agencies["town"], agencies["dept"]
    item(town, "老旧小区改造方案", published=date(2024, 3, 5))  # both words in the title
    item(town, "小区环境整治", body="同步实施改造提升。", published=date(2024, 3, 9))
    item(dept, "改造老旧小区工作", category="finance", published=date(2024, 3, 7))
    item(town, "小区绿化养护", published=date(2024, 3, 10))  # no 改造 at all
    assert titles("小区 改造") == ["改造老旧小区工作", "老旧小区改造方案", "小区环境整治"]
    assert titles("小区 改造", agency_id=town.pk) == ["老旧小区改造方案", "小区环境整治"]
    assert titles("小区 改造", category="finance") == ["改造老旧小区工作"]
    page = search("小区 改造", offset=1, limit=1)
    assert page.total == 3 and [i.title for i in page.items] == ["老旧小区改造方案"]


def test_rare_word_with_a_very_common_one(agencies: dict[str, Agency]) -> None:
    """The common word is then looked up per candidate instead of read whole."""
    town = agencies["town"]
    for i in range(70):  # more than 16 (PostgreSQL) or 8 (SQLite) times the 2 items with 征地
        item(town, f"工作动态第{i}期", formed=date(2024, 1, 1), published=date(2024, 1, 2 + i % 28))
    item(town, "征地补偿工作动态", formed=date(2024, 1, 1), published=date(2024, 2, 1))
    item(town, "征地补偿标准", formed=date(2024, 1, 1), published=date(2024, 2, 2))
    assert titles("征地 工作动态") == ["征地补偿工作动态"]
    assert titles("工作动态 征地 补偿") == ["征地补偿工作动态"]
    assert search("征地 工作动态", agency_id=agencies["dept"].pk).items == []
