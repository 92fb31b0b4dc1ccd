"""Bulk import: the dry run names every row it would reject, the column and why, in
Chinese, and writes nothing; the import writes the rest; CSV (UTF-8 or GBK) and XLSX."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from gongkai.cases.models import Agency
from gongkai.cli import main
from gongkai.proactive import importing
from gongkai.proactive.models import Item, RegulatoryDocument, Tally
from gongkai.proactive.services import figures
from gongkai.proactive.services.search import search
from gongkai.proactive.vocab import Category
from tests.proactive.helpers import item

CATALOGUE = """某某镇人民政府政府信息公开目录
索引号,标题,文号,成文日期,发布日期,主题分类,有效性,发布渠道,正文,备注
,关于印发老旧小区改造实施方案的通知,某镇政〔2024〕3号,2024-03-01,2024-03-05,法规公文,有效,政府网站、政务微信,为推进老旧小区改造……,
,某某镇2024年部门预算,,2024年2月1日,2024/2/20,财政信息,,,,
,镇长工作分工,,20240105,,机构概况,,,,
,坏日期,,2024-02-30,2024-03-01,工作信息,,,,
,坏分类,,2024-03-01,2024-03-02,新闻动态,,,,
,早于成文,,2024-03-10,2024-03-01,工作信息,,,,
,,,2024-03-10,2024-03-11,工作信息,,,,
,未来,,2024-03-10,2099-01-01,工作信息,,,,
,关于印发老旧小区改造实施方案的通知,某镇政〔2024〕3号,2024-03-01,2024-03-05,法规公文,有效,政府网站,,
,坏渠道,,2024-03-01,2024-03-02,工作信息,,抖音号,,
330212101/2024-00001,已有索引号,,2024-03-01,2024-03-02,工作信息,,,,
,多处错误,,昨天,2024-13-01,随便,永久,,,
"""

CATEGORIES = "、".join(Category.labels)
EXPECTED_REJECTIONS = [
    "第6行“成文日期”列：“2024-02-30”这一天不存在",
    f"第7行“主题分类”列：“新闻动态”不是可用的主题分类（可用：{CATEGORIES}）",
    "第8行“发布日期”列：发布日期2024-03-01早于成文日期2024-03-10",
    "第9行“标题”列：不能为空",
    "第10行“发布日期”列：发布日期2099-01-01晚于今天，未发布的请留空",
    "第11行：与第3行的标题、文号和发布日期都相同",
    "第12行“发布渠道”列：“抖音号”不是可用的发布渠道"
    "（可用：政府网站、政府公报、政务微博、政务微信、客户端/短视频、其他）",
    "第13行“索引号”列：公开目录中已有索引号“330212101/2024-00001”",
    "第14行“成文日期”列：“昨天”不是日期（应写作2024-03-05或2024年3月5日）",
    "第14行“发布日期”列：“2024-13-01”这一天不存在",
    f"第14行“主题分类”列：“随便”不是可用的主题分类（可用：{CATEGORIES}）",
    "第14行“有效性”列：“永久”不是可用的有效性（可用：有效、失效、废止）",
]


@pytest.fixture
def town(agencies: dict[str, Agency]) -> Agency:
    item(agencies["town"], "已在目录中的信息")  # takes 330212101/2024-00001
    return agencies["town"]


def test_dry_run_reports_every_rejected_row_and_writes_nothing(town: Agency) -> None:
    data = CATALOGUE.encode("utf-8-sig")
    report = importing.check(town, "catalogue", "目录.csv", data)
    assert report.lines() == [
        "目录.csv：共12行，可导入3行，拒绝9行",
        "第2行的列“备注”不是可导入的内容，已忽略",
        "未填写发布渠道的已发布信息记为“政府网站”发布",
        *EXPECTED_REJECTIONS,
    ]
    assert report.rejected_rows == [6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert Item.objects.count() == 1


def test_import_writes_accepted_rows_numbered_indexed_and_is_idempotent(town: Agency) -> None:
    data = CATALOGUE.encode("utf-8")
    report = importing.apply(town, "catalogue", "目录.csv", data)
    assert report.applied and [str(r) for r in report.rejections] == EXPECTED_REJECTIONS
    made = {i.title: i for i in Item.objects.filter(agency=town).exclude(title="已在目录中的信息")}
    assert sorted(made) == sorted(
        ["关于印发老旧小区改造实施方案的通知", "某某镇2024年部门预算", "镇长工作分工"]
    )
    plan = made["关于印发老旧小区改造实施方案的通知"]
    assert plan.index_number == "330212101/2024-00002"
    assert (plan.document_number, plan.category, plan.validity) == (
        "某镇政〔2024〕3号",
        "regulations",
        "valid",
    )
    assert set(plan.channels.values_list("channel", flat=True)) == {"website", "wechat"}
    budget = made["某某镇2024年部门预算"]
    assert (budget.formed_on, budget.published_on) == (date(2024, 2, 1), date(2024, 2, 20))
    assert list(budget.channels.values_list("channel", flat=True)) == ["website"]
    assert budget.publisher == "某某镇人民政府"
    draft = made["镇长工作分工"]
    assert draft.published_on is None and draft.index_number == "330212101/2024-00004"
    assert [i.title for i in search("小区").items] == ["关于印发老旧小区改造实施方案的通知"]

    again = importing.apply(town, "catalogue", "目录.csv", data)
    assert not again.accepted
    assert "第3行：公开目录中已有同一信息（索引号330212101/2024-00002）" in again.lines()
    assert "第5行：公开目录中已有同一信息（索引号330212101/2024-00004）" in again.lines()


def test_gbk_csv_and_xlsx_with_date_cells(town: Agency) -> None:
    gbk = "标题,成文日期,发布日期,分类\n统计公报,2024-01-02,2024-01-03,统计信息\n".encode("gbk")
    assert importing.check(town, "catalogue", "gbk.csv", gbk).lines() == [
        "gbk.csv：共1行，可导入1行，拒绝0行",
        "未填写发布渠道的已发布信息记为“政府网站”发布",
    ]

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["信息名称", "生成日期", "公开日期", "主题分类", "公开方式"])
    ws.append(["表格里的日期", datetime(2024, 5, 6), 45420, "工作动态", "网站/微信"])
    ws.append(["表格里的坏行", "2024-05-06", None, "工作信息", "传真"])
    buf = io.BytesIO()
    wb.save(buf)
    report = importing.apply(town, "catalogue", "目录.xlsx", buf.getvalue())
    assert [str(r) for r in report.rejections] == [
        "第3行“公开方式”列：“传真”不是可用的发布渠道（可用：政府网站、政府公报、政务微博、政务微信、客户端/短视频、其他）"
    ]
    got = Item.objects.get(title="表格里的日期")
    assert (got.formed_on, got.published_on, got.category) == (
        date(2024, 5, 6),
        date(2024, 5, 8),
        "work",
    )
    assert set(got.channels.values_list("channel", flat=True)) == {"website", "wechat"}


def test_unreadable_files_and_missing_columns(town: Agency) -> None:
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert importing.check(town, "catalogue", "old.xls", xls).error == (
        "这是旧版Excel（.xls）文件，请另存为.xlsx或CSV后再导入"
    )
    no_dates = "标题,发布日期\n某信息,2024-01-01\n".encode()
    assert importing.check(town, "catalogue", "a.csv", no_dates).error == (
        "缺少必填列“成文日期”“主题分类”"
    )
    assert importing.check(town, "catalogue", "b.csv", b"a,b\n1,2\n").error == (
        "前10行中找不到表头（应有“标题”“成文日期”等列名）"
    )
    assert importing.check(town, "catalogue", "c.csv", b"").error == "文件是空的"


TALLIES = """月份,类别,数量,金额（元）,金额（万元）
2024-01,行政许可,30,,
2024年2月,行政处罚,12,,
2024-02,行政事业性收费,,"1,234.50",
2024-03,收费,,,0.5
2024-03,行政许可,5,100,
2024-13,行政强制,1,,
2024-01,行政许可,31,,
2024-04,行政事业性收费,3,10,
2024-05,政府集中采购,2,,
"""


def test_monthly_tallies_import_and_replace(town: Agency) -> None:
    report = importing.apply(town, "tallies", "2024统计.csv", TALLIES.encode())
    assert [str(r) for r in report.rejections] == [
        "第6行“金额（元）”列：行政许可只记数量，不记金额",
        "第7行“月份”列：“2024-13”的月份应在1至12之间",
        "第8行：2024年1月行政许可与第2行重复",
        "第9行“数量”列：行政事业性收费只记金额，不记数量",
        "第10行“金额（元）”列：政府集中采购应填写金额",
    ]
    cells = figures.table2_cells(town, 2024)
    assert cells["proactive.licensing.decisions"] == 30
    assert cells["proactive.penalty.decisions"] == 12
    assert cells["proactive.fees.amount"] == Decimal("0.623450")  # 1,234.50 + 5,000 元
    assert Tally.objects.get(kind="fees", month=3).source == "2024统计.csv"

    fix = "月份,类别,数量\n2024-01,行政许可,40\n".encode()
    again = importing.apply(town, "tallies", "更正.csv", fix)
    assert again.notes == ["已有数字的月份将被文件中的数字替换（不累加）"]
    assert figures.table2_cells(town, 2024)["proactive.licensing.decisions"] == 40


def test_documents_import_updates_by_document_number(town: Agency) -> None:
    first = (
        "类别,名称,文号,制发日期,公开日期,废止日期\n"
        "行政规范性文件,某镇村规民约管理办法,某镇规〔2023〕1号,2023-04-01,2023-04-03,\n"
        "规范性文件,某镇集体资产管理办法,某镇规〔2023〕2号,2023-06-01,2023-06-02,2023-05-01\n"
        "规章,某区物业管理规定,某区令第3号,2023-09-01,2023-09-01,\n"
    )
    report = importing.apply(town, "documents", "文件.csv", first.encode())
    assert [str(r) for r in report.rejections] == [
        "第3行“废止日期”列：废止日期2023-05-01早于制发日期2023-06-01"
    ]
    assert figures.table2_cells(town, 2024)["proactive.normative_documents.in_force"] == 1
    repeal = "类别,名称,文号,制发日期,废止日期\n行政规范性文件,某镇村规民约管理办法,某镇规〔2023〕1号,2023-04-01,2024-07-01\n"
    importing.apply(town, "documents", "废止.csv", repeal.encode())
    assert RegulatoryDocument.objects.filter(agency=town).count() == 2
    y24 = figures.table2_cells(town, 2024)
    assert (
        y24["proactive.normative_documents.repealed"],
        y24["proactive.normative_documents.in_force"],
    ) == (1, 0)


def test_command_line_dry_run_and_import(
    town: Agency, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "目录.csv"
    f.write_text(CATALOGUE, "utf-8")
    args = ["proactive", "import", str(f), "--agency", "330212101"]
    assert main([*args, "--dry-run"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "目录.csv：共12行，可导入3行，拒绝9行" and out[3:] == EXPECTED_REJECTIONS
    assert Item.objects.count() == 1
    assert main(args) == 1
    assert capsys.readouterr().out.splitlines()[0] == "目录.csv：共12行，已导入3行，拒绝9行"
    assert Item.objects.count() == 4
    assert main(["proactive", "import", str(f), "--agency", "NOPE"]) == 2
    assert "没有这个机构代码" in capsys.readouterr().err
