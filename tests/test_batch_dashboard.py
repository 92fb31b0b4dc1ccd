"""The batch dashboard: static pages in Chinese that open offline in a real browser (no
request leaves the folder), whose every link leads to a page and anchor that exist, and
whose per-report pages show each finding with the cells it names and where each cell was
read."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lxml import html
from playwright.sync_api import Browser

from gongkai.batch.dashboard import address_label, page_name
from gongkai.batch.synth import write_corpus

from .test_batch import run_batch


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dash")
    formats = {"txt": 3, "md": 2, "html": 1, "xlsx": 1}
    write_corpus(root / "corpus", 80, seed=3, formats=formats, error_rate=0.5)
    target = root / "out"
    assert run_batch(root / "corpus" / "reports", target, "--workers", "1") == 0
    return target


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pages(out: Path) -> Iterator[Path]:
    yield from (out / n for n in ("index.html", "files.html", "figures.html"))
    yield from sorted((out / "files").glob("*.html"))


def test_every_link_resolves_and_nothing_is_fetched(out: Path) -> None:
    ids: dict[Path, set[str]] = {}
    for p in pages(out):
        doc = html.parse(str(p)).getroot()
        ids[p.resolve()] = set(doc.xpath("//@id"))
    broken = []
    for p in pages(out):
        doc = html.parse(str(p)).getroot()
        for ref in doc.xpath("//@src | //link/@href"):
            broken.append(f"{p.name}: loads {ref}")  # nothing is loaded: CSS and SVG inline
        for href in doc.xpath("//a/@href"):
            url = urlparse(href)
            assert not url.scheme and not url.netloc, f"{p.name}: external link {href}"
            target = (p.parent / unquote(url.path)).resolve() if url.path else p.resolve()
            if not target.exists():
                broken.append(f"{p.name}: {href}")
            elif url.fragment and url.fragment not in ids.get(target, set()):
                broken.append(f"{p.name}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_index_shows_the_figures_of_the_tables(out: Path) -> None:
    reports = rows(out / "reports.csv")
    findings = rows(out / "findings.csv")
    doc = html.parse(str(out / "index.html")).getroot()
    text = doc.text_content()
    for heading in (
        "报告格式与年度",
        "一致的报告（无错误）",
        "发现的问题（按规则）",
        "问题最多的机关",
        "主要数字",
        "无法读取的文件",
    ):
        assert heading in [h.text_content() for h in doc.xpath("//h2")] or heading in text
    kpis = {k.text: k.xpath("b")[0].text for k in doc.xpath('//div[@class="kpi"]')}
    consistent = sum(r["errors"] == "0" for r in reports)
    assert kpis["读取的报告"] == str(len(reports))
    assert kpis["一致（无错误）"].startswith(f"{consistent}（")
    assert kpis["发现的问题"] == f"{len(findings):,}"
    assert len(doc.xpath("//*[local-name()='svg']")) >= 4
    # findings by rule: every rule found is on the chart with its count
    by_rule = Counter(f["rule"] for f in findings)
    for rule, n in by_rule.items():
        assert f"（{rule}）" in text and f"{n:,} 处" in text
    # the agency with the most errors comes first
    errors: Counter[str] = Counter()
    for r in reports:
        errors[r["agency"]] += int(r["errors"])
    top = doc.xpath("//section[h2[starts-with(., '问题最多的机关')]]//tbody/tr[1]/td[1]")[0]
    assert errors[top.text_content()] == max(errors.values())


def test_report_pages_show_findings_with_cells_and_sources(out: Path) -> None:
    findings: dict[str, list[dict[str, str]]] = defaultdict(list)
    for f in rows(out / "findings.csv"):
        findings[f["file"]].append(f)
    formats = {r["file"]: r["format"] for r in rows(out / "reports.csv")}
    assert findings
    for file, found in findings.items():
        doc = html.parse(str(out / page_name(file))).getroot()
        blocks = doc.xpath('//div[@class="finding"]')
        assert len(blocks) == len(found), file
        for block, f in zip(blocks, found, strict=True):
            assert f["rule"] in block.text_content() and f["message"] in block.text_content()
            for cell in json.loads(f["cells"]):
                assert address_label(formats[file], cell["address"]) in block.text_content()
                if cell.get("report") == "previous":
                    continue
                row = doc.get_element_by_id(f"c-{cell['address']}")
                source = cell.get("source") or {}
                if source.get("line") is not None:
                    assert f"第{source['line']}行" in row.text_content()
                if source.get("table") is not None:
                    assert f"表格{source['table'] + 1}第{source['row']}行" in row.text_content()


def test_index_in_a_real_browser_offline(out: Path, browser: Browser) -> None:
    requested: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requested.append(r.url))
    page.goto((out / "index.html").as_uri())
    assert page.title() == "政府信息公开工作年度报告 批量核对"
    assert page.locator("svg.chart").count() >= 4
    box = page.locator("svg.chart").first.bounding_box()
    assert box is not None and box["width"] > 300
    # from the top agency to one of its reports, to a finding's cell and its source
    page.locator("section", has_text="问题最多的机关").locator("tbody a").first.click()
    page.wait_for_load_state()
    assert "/files/" in page.url
    link = page.locator(".finding a[href^='#c-']").first
    link.click()
    target = page.locator("tr:target")
    assert target.count() == 1 and "第" in target.inner_text()
    page.close()
    assert all(u.startswith("file://") for u in requested), requested
