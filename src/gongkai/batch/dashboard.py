"""The dashboard: static HTML pages written from the store, in Chinese, that open offline.

``index.html`` has the overview — reports by format and year, the share consistent (no
error finding), findings by rule, the agencies with the most findings, the main figures
by year — with charts drawn as inline SVG (no script, no CDN). ``figures.html`` has the
main figures of every report by agency and year, ``files.html`` every file, and
``files/<id>.html`` one page per report with findings: each finding with the cells it
names, each cell with where it was read (line and column, page, table row and column).
Pages hold no timestamp, so the same store gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from html import escape
from pathlib import Path
from typing import Any

from gongkai.batch.export import atomic
from gongkai.batch.figures import FIGURES
from gongkai.batch.store import Store
from gongkai.batch.svg import hbars
from gongkai.core.checks import rules
from gongkai.core.template import FORMATS, LEGACY_KEY, legacy_table, template

SEVERITY = {"error": "错误", "warning": "警告", "note": "提示"}
COLOURS = {"error": "#c0392b", "warning": "#e6a23c", "note": "#909399"}
FORMAT_NAMES = {"2019": "2019 年版格式", "2021": "2021 年版格式"}
FORMAT_COLOURS = {"2019": "#5b8ff9", "2021": "#5ad8a6"}
KIND_NAMES = {
    "text": "文本",
    "json": "交换格式 JSON",
    "html": "HTML 网页",
    "docx": "Word（DOCX）",
    "pdf": "PDF",
    "xlsx": "Excel（XLSX）",
}
TOP_AGENCIES = 20
FAILURES_SHOWN = 100

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;
color:#222;background:#f6f7f9;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:14px 28px}header h1{margin:0;font-size:22px}
header a{color:#fff}main{padding:12px 28px 40px;max-width:1200px}
section{background:#fff;border:1px solid #e2e4e8;border-radius:4px;padding:12px 18px;margin:14px 0}
h2{font-size:17px;margin:4px 0 10px;border-left:4px solid #8b1a1a;padding-left:8px}
h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border:1px solid #dcdfe6;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.kpis{display:flex;gap:14px;flex-wrap:wrap}.kpi{background:#fff;border:1px solid #e2e4e8;
border-radius:4px;padding:10px 16px;min-width:130px}.kpi b{display:block;font-size:24px}
.sev{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:12px}
.error{background:#c0392b}.warning{background:#e6a23c}.note{background:#909399}
.finding{border-top:1px solid #e2e4e8;padding:8px 0}.finding:target,tr:target{background:#fff6d5}
.muted{color:#777;font-size:13px}svg.chart text{font-size:13px;fill:#333}
code{font-size:12px;background:#f0f2f5;padding:0 3px}.empty{color:#777}
"""


def page(title: str, body: str, root: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><a href="{root}index.html">总览</a> · '
        f'<a href="{root}files.html">全部文件</a> · <a href="{root}figures.html">主要数字</a>'
        f"</header><main>{body}</main></body></html>\n"
    )


def page_name(path: str) -> str:
    """The page of a file: named by a hash of its path, stable across runs."""
    return "files/" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:16] + ".html"


def address_label(fmt: str | None, address: str) -> str:
    """A cell address in the template's own words: 表三 · 一、本年新收… · 自然人."""
    parts = address.split(".")
    if len(parts) != 3:
        return address
    table_key, row_key, col_key = parts
    try:
        if table_key == LEGACY_KEY:
            return f"统计指标 · {legacy_table().row(row_key).label}"
        tpl = template(fmt if fmt in FORMATS else "2021")
        table = tpl.table(table_key)
        row = table.row(row_key)
        col = next(c for c in row.columns if c.key == col_key)
    except (KeyError, StopIteration):
        return address
    number = {"proactive": "表二", "requests": "表三", "reviews": "表四"}.get(table_key, "")
    return " · ".join(x for x in (number, row.label, col.label) if x)


def where(source: dict[str, Any] | None) -> str:
    """Where a cell was read, in words (as ``Source.where`` says it)."""
    if not source:
        return "位置不详"
    parts: list[str] = []
    if source.get("page") is not None:
        parts.append(f"第{source['page']}页")
    if source.get("line") is not None:
        col = source.get("column")
        parts.append(f"第{source['line']}行" + (f"第{col}列" if col else ""))
    if source.get("box"):
        x0, top = source["box"][0], source["box"][1]
        parts.append(f"位置({x0:.0f},{top:.0f})")
    if source.get("table") is not None:
        parts.append(f"表格{source['table'] + 1}第{source.get('row')}行第{source.get('col')}列")
    return "".join(parts) or "位置不详"


def _n(v: Any) -> str:
    return "" if v is None else f"{v:,}" if isinstance(v, int) else escape(str(v))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    th = "".join(
        f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


class Links:
    """Links to the pages of files; only files with findings have one."""

    def __init__(self, store: Store) -> None:
        self.paged = {
            f
            for (f,) in store.query("SELECT file FROM reports WHERE errors + warnings + notes > 0")
        }

    def file(self, path: str, root: str = "", text: str | None = None) -> str:
        shown = escape(path if text is None else text)
        if path not in self.paged:
            return shown
        return f'<a href="{root}{page_name(path)}">{shown}</a>'


# -- the overview --------------------------------------------------------------------


def _overview(store: Store) -> str:
    (files,) = store.query("SELECT COUNT(*) FROM scan")[0]
    readable, consistent = store.query(
        "SELECT COUNT(*), COALESCE(SUM(errors = 0), 0) FROM reports"
    )[0]
    (failed,) = store.query("SELECT COUNT(*) FROM failures")[0]
    (findings,) = store.query("SELECT COUNT(*) FROM findings")[0]
    kpis = [
        ("文件", _n(files)),
        ("读取的报告", _n(readable)),
        ("无法读取", _n(failed)),
        ("一致（无错误）", f"{_n(consistent)}（{_pct(consistent, readable)}）"),
        ("发现的问题", _n(findings)),
    ]
    cards = "".join(f'<div class="kpi">{k}<b>{v}</b></div>' for k, v in kpis)
    downloads = " · ".join(
        f'<a href="{name}">{name}</a>'
        for name in (
            "cells.csv",
            "findings.csv",
            "failures.csv",
            "reports.csv",
            "cells.parquet",
            "findings.parquet",
            "gongkai.xlsx",
            "gongkai.sqlite",
        )
    )
    return f'<div class="kpis">{cards}</div><p class="muted">数据下载：{downloads}</p>'


def _by_format_and_year(store: Store) -> str:
    rows = store.query(
        "SELECT year, format, COUNT(*) FROM reports GROUP BY year, format ORDER BY year, format"
    )
    years: dict[str, dict[str, int]] = {}
    for year, fmt, n in rows:
        years.setdefault("未注明年度" if year is None else f"{year}年", {})[fmt or ""] = n
    formats = sorted({fmt or "" for _, fmt, _ in rows})
    bars = [
        (
            y,
            [(float(c.get(f, 0)), FORMAT_COLOURS.get(f, "#b8b8b8")) for f in formats],
            f"{sum(c.values()):,} 份",
        )
        for y, c in years.items()
    ]
    legend = [
        (FORMAT_NAMES.get(f, f or "未知格式"), FORMAT_COLOURS.get(f, "#b8b8b8")) for f in formats
    ]
    kinds = store.query(
        "SELECT kind, COUNT(*) FROM reports GROUP BY kind ORDER BY COUNT(*) DESC, kind"
    )
    kind_table = _table(
        ["文件类型", "报告数"], [(escape(KIND_NAMES.get(k, k)), _n(n)) for k, n in kinds], {1}
    )
    return hbars(bars, legend) + "<h3>按文件类型</h3>" + kind_table


def _consistency(store: Store) -> str:
    rows = store.query(
        """SELECT year, COUNT(*), SUM(errors = 0), SUM(errors > 0) FROM reports
           GROUP BY year ORDER BY year"""
    )
    bars = [
        (
            "未注明年度" if year is None else f"{year}年",
            [(float(ok), "#5ad8a6"), (float(bad), "#c0392b")],
            f"{_pct(ok, n)} 一致",
        )
        for year, n, ok, bad in rows
    ]
    return hbars(bars, [("一致（无错误）", "#5ad8a6"), ("有错误", "#c0392b")])


def _by_rule(store: Store) -> str:
    rows = store.query(
        """SELECT rule, severity, COUNT(*), COUNT(DISTINCT file) FROM findings
           GROUP BY rule, severity ORDER BY COUNT(*) DESC, rule, severity"""
    )
    info = rules()
    bars = [
        (
            f"{info[r].title if r in info else r}（{r}）",
            [(float(n), COLOURS.get(sev, "#909399"))],
            f"{n:,} 处 / {files:,} 份",
        )
        for r, sev, n, files in rows
    ]
    legend = [(SEVERITY[s], COLOURS[s]) for s in ("error", "warning", "note")]
    return hbars(bars, legend)


def _top_agencies(store: Store, links: Links) -> str:
    rows = store.query(
        f"""SELECT agency, COUNT(*), SUM(errors), SUM(warnings)
            FROM reports WHERE agency IS NOT NULL GROUP BY agency
            HAVING SUM(errors) + SUM(warnings) > 0
            ORDER BY SUM(errors) DESC, SUM(warnings) DESC, agency LIMIT {TOP_AGENCIES}"""
    )
    files: dict[str, list[tuple[str, int | None]]] = {agency: [] for agency, *_ in rows}
    marks = ", ".join("?" for _ in files)
    for agency, file, year in store.query(
        f"SELECT agency, file, year FROM reports WHERE agency IN ({marks}) ORDER BY year, file",
        list(files),
    ):
        files[agency].append((file, year))
    bars = [
        (a, [(float(e), COLOURS["error"]), (float(w), COLOURS["warning"])], f"{e} 错误 / {w} 警告")
        for a, _, e, w in rows
    ]
    table = _table(
        ["机关", "报告", "错误", "警告", "各年报告"],
        [
            (
                escape(a),
                _n(n),
                _n(e),
                _n(w),
                " ".join(links.file(f, text="?" if y is None else str(y)) for f, y in files[a]),
            )
            for a, n, e, w in rows
        ],
        {1, 2, 3},
    )
    legend = [("错误", COLOURS["error"]), ("警告", COLOURS["warning"])]
    return hbars(bars, legend) + table


def _figure_rows(
    store: Store,
) -> Iterator[tuple[str, str | None, int | None, str | None, list[int | None]]]:
    """(file, agency, year, format, figures) of every report, by agency, year and file."""
    cur = store.db.execute(
        """SELECT r.file, r.agency, r.year, r.format, x.figures
           FROM reports r JOIN scan s ON s.path = r.file JOIN r_results x ON x.sha = s.sha
           ORDER BY r.agency, r.year, r.file"""
    )
    for file, agency, year, fmt, figures in cur:
        values = {a: _count(v) for a, v in json.loads(figures).items() if v is not None}
        yield file, agency, year, fmt, _figures(values)


def _count(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return int(float(value))


def _figures(values: dict[str, int]) -> list[int | None]:
    out: list[int | None] = []
    for _, addresses in FIGURES:
        got = [values[a] for a in addresses if a in values]
        out.append(sum(got) if got else None)
    return out


def _figures_by_year(store: Store) -> str:
    totals: dict[int | None, list[int]] = {}
    reports: dict[int | None, int] = {}
    for _, _, year, _, figures in _figure_rows(store):
        t = totals.setdefault(year, [0] * len(FIGURES))
        for i, v in enumerate(figures):
            t[i] += v or 0
        reports[year] = reports.get(year, 0) + 1
    years = sorted(totals, key=lambda y: (y is None, y or 0))
    head = ["年度", "报告", *[name for name, _ in FIGURES]]
    rows = [
        ("未注明" if y is None else f"{y}年", _n(reports[y]), *[_n(v) for v in totals[y]])
        for y in years
    ]
    bars = [
        (
            "未注明" if y is None else f"{y}年",
            [(float(totals[y][0]), "#5b8ff9")],
            f"{totals[y][0]:,} 件",
        )
        for y in years
    ]
    return (
        "<h3>本年新收政府信息公开申请（各年合计）</h3>"
        + hbars(bars)
        + _table(head, rows, set(range(1, len(head))))
        + '<p><a href="figures.html">各机关、各年度的主要数字</a></p>'
    )


def _failures(store: Store) -> str:
    rows = store.query(f"SELECT file, reason FROM failures LIMIT {FAILURES_SHOWN}")
    (total,) = store.query("SELECT COUNT(*) FROM failures")[0]
    if not rows:
        return '<p class="empty">所有文件均已读取。</p>'
    more = (
        f'<p class="muted">另有 {total - len(rows)} 个，见 <a href="failures.csv">failures.csv</a>。</p>'
        if total > len(rows)
        else ""
    )
    return _table(["文件", "原因"], [(escape(f), escape(r or "")) for f, r in rows], set()) + more


def write_index(store: Store, out: Path, links: Links) -> None:
    sections = [
        ("概况", _overview(store)),
        ("报告格式与年度", _by_format_and_year(store)),
        ("一致的报告（无错误）", _consistency(store)),
        ("发现的问题（按规则）", _by_rule(store)),
        (f"问题最多的机关（前 {TOP_AGENCIES} 个）", _top_agencies(store, links)),
        ("主要数字", _figures_by_year(store)),
        ("无法读取的文件", _failures(store)),
    ]
    body = "".join(f"<section><h2>{escape(t)}</h2>{html}</section>" for t, html in sections)
    with atomic(out / "index.html") as tmp:
        tmp.write_text(page("政府信息公开工作年度报告 批量核对", body), "utf-8")


# -- long lists, written a row at a time ---------------------------------------------


def _write_table_page(
    target: Path, title: str, head: Sequence[str], numeric: set[int], rows: Iterable[Sequence[str]]
) -> None:
    th = "".join(
        f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    with atomic(target) as tmp, tmp.open("w", encoding="utf-8") as f:
        shell = page(title, "\0")
        before, after = shell.split("\0")
        f.write(before + f"<section><table><thead><tr>{th}</tr></thead><tbody>")
        for r in rows:
            f.write(
                "<tr>"
                + "".join(
                    f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                    for i, c in enumerate(r)
                )
                + "</tr>\n"
            )
        f.write("</tbody></table></section>" + after)


def write_figures(store: Store, out: Path, links: Links) -> None:
    rows = (
        (
            escape(agency or "（未注明机关）"),
            "" if year is None else str(year),
            escape(FORMAT_NAMES.get(fmt or "", fmt or "")),
            *[_n(v) for v in figures],
            links.file(file),
        )
        for file, agency, year, fmt, figures in _figure_rows(store)
    )
    head = ["机关", "年度", "格式", *[name for name, _ in FIGURES], "文件"]
    _write_table_page(
        out / "figures.html", "各机关各年度主要数字", head, set(range(3, 3 + len(FIGURES))), rows
    )


def write_files(store: Store, out: Path, links: Links) -> None:
    def rows() -> Iterator[Sequence[str]]:
        for chunk in store.rows("reports"):
            for file, _, kind, fmt, agency, year, cells, errors, warnings, _notes, _ in chunk:
                yield (
                    links.file(file),
                    escape(KIND_NAMES.get(kind, kind)),
                    escape(FORMAT_NAMES.get(fmt or "", fmt or "")),
                    escape(agency or ""),
                    "" if year is None else str(year),
                    _n(cells),
                    _n(errors),
                    _n(warnings),
                )
        for chunk in store.rows("failures"):
            for file, reason in chunk:
                yield (escape(file), "无法读取", escape(reason or ""), "", "", "", "", "")

    head = ["文件", "类型", "格式", "机关", "年度", "单元格", "错误", "警告"]
    _write_table_page(out / "files.html", "全部文件", head, {5, 6, 7}, rows())


# -- one page per report with findings ------------------------------------------------


def _report_page(meta: tuple[Any, ...], findings: list[tuple[Any, ...]], links: Links) -> str:
    file, _, kind, fmt, agency, year, cells, errors, warnings, _, previous = meta
    info = rules()
    head = _table(
        ["文件", "类型", "格式", "机关", "年度", "单元格", "错误", "警告", "上年报告"],
        [
            (
                escape(file),
                escape(KIND_NAMES.get(kind, kind)),
                escape(FORMAT_NAMES.get(fmt or "", fmt or "")),
                escape(agency or ""),
                "" if year is None else str(year),
                _n(cells),
                _n(errors),
                _n(warnings),
                links.file(previous, "../") if previous else "（批次中没有）",
            )
        ],
        set(),
    )
    parts = [f"<section><h2>报告</h2>{head}</section><section><h2>发现的问题</h2>"]
    named: dict[str, dict[str, Any]] = {}
    for i, (_, rule, severity, message, cells_json, holds, diagnosis, line, pg, prev) in enumerate(
        findings, 1
    ):
        title = info[rule].title if rule in info else rule
        cells = json.loads(cells_json)
        rows = []
        for c in cells:
            last_year = c.get("report") == "previous"
            if not last_year:
                named.setdefault(c["address"], c)
            label = escape(address_label(fmt, c["address"]))
            addr = (
                f"{label}<br><code>{escape(c['address'])}</code>"
                if last_year
                else f'<a href="#c-{escape(c["address"])}">{label}</a><br><code>{escape(c["address"])}</code>'
            )
            rows.append(
                (
                    addr,
                    "上年" if last_year else "本年",
                    escape(c.get("printed") or "（空白）"),
                    escape(where(c.get("source"))),
                )
            )
        place = []
        if pg is not None:
            place.append(f"第{pg}页")
        if line is not None:
            place.append(f"第{line}行")
        parts.append(
            f'<div class="finding" id="f{i}"><span class="sev {escape(severity)}">'
            f"{SEVERITY.get(severity, escape(severity))}</span> <b>{escape(title)}</b> "
            f"<code>{escape(rule)}</code> {''.join(place)}<br>{escape(message)}"
            + (f'<br><span class="muted">应满足：{escape(holds)}</span>' if holds else "")
            + (f"<br>诊断：{escape(diagnosis)}" if diagnosis else "")
            + (f"<br>上年报告：{links.file(prev, '../')}" if prev else "")
            + (_table(["单元格", "报告", "印出的值", "出处"], rows, set()) if rows else "")
            + "</div>"
        )
    parts.append("</section>")
    if named:
        rows_html = "".join(
            f'<tr id="c-{escape(a)}"><td>{escape(address_label(fmt, a))}<br><code>{escape(a)}</code></td>'
            f'<td>{escape(c.get("printed") or "（空白）")}</td><td class="n">{_n(c.get("value"))}</td>'
            f"<td>{escape(where(c.get('source')))}</td><td>{_source_detail(c.get('source'))}</td></tr>"
            for a, c in sorted(named.items())
        )
        parts.append(
            "<section><h2>涉及的单元格及出处</h2><table><thead><tr><th>单元格</th><th>印出的值</th>"
            '<th class="n">数值</th><th>出处</th><th>读取详情</th></tr></thead>'
            f"<tbody>{rows_html}</tbody></table></section>"
        )
    return page(f"{agency or file}{'' if year is None else f' {year}年'}", "".join(parts), "../")


def _source_detail(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    keys = ("line", "column", "page", "box", "table", "row", "col", "label", "match")
    return escape("；".join(f"{k}={source[k]}" for k in keys if source.get(k) is not None))


def write_report_pages(store: Store, out: Path, links: Links) -> None:
    """A page per report with findings, into a fresh folder swapped in at the end, so no
    page of a file no longer in the batch survives."""
    final = out / "files"
    fresh = out / f".files.{os.getpid()}.tmp"
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir()
    meta = store.db.execute(
        "SELECT * FROM reports WHERE errors + warnings + notes > 0 ORDER BY file"
    )
    findings = store.rows("findings")
    pending: list[tuple[Any, ...]] = []
    rows = (r for chunk in findings for r in chunk)
    row = next(rows, None)
    for m in meta:
        pending = []
        while row is not None and row[0] < m[0]:
            row = next(rows, None)
        while row is not None and row[0] == m[0]:
            pending.append(row)
            row = next(rows, None)
        target = out / page_name(m[0])
        (fresh / target.name).write_text(_report_page(m, pending, links), "utf-8")
    old = out / f".files.{os.getpid()}.old"
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    if old.exists():
        shutil.rmtree(old)


def write_dashboard(store: Store, out: Path) -> None:
    links = Links(store)
    write_report_pages(store, out, links)
    write_files(store, out, links)
    write_figures(store, out, links)
    write_index(store, out, links)
