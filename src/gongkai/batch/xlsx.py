"""A streaming XLSX writer for tables of millions of rows.

openpyxl builds a cell object for every value, even in write-only mode: about 30,000
values a second on this machine, so the cell table of 10,000 reports (2.5 million rows,
13 columns) would take a quarter of an hour. A table needs only SpreadsheetML's plain
parts — numbers as ``<v>``, text as inline strings, a bold header row, a frozen pane —
and those are written here straight into the ZIP entry as rows arrive, in flat memory,
with one fixed entry time so that the same tables give the same bytes. (Tests read the
workbooks back with openpyxl.)
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576  # Excel's limit per sheet, header row included
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT = 32_767
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
{sheets}</Types>"""
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG_REL}">\
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
</Relationships>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{title}</dc:title><dc:creator>gongkai</dc:creator><dc:language>zh-CN</dc:language>\
<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>\
</cp:coreProperties>"""
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_NS}">\
<fonts count="2"><font><sz val="11"/><name val="等线"/></font>\
<font><b/><sz val="11"/><name val="等线"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_SHEET_HEAD = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{_NS}" xmlns:r="{_REL}">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>{{cols}}<sheetData>"""
_SHEET_TAIL = "</sheetData></worksheet>"


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


@lru_cache(maxsize=4096)
def _text(v: str) -> str:
    """A text cell. Cached: a table repeats its file names, addresses and labels on row
    after row, and escaping is most of the cost of writing a cell."""
    v = _ILLEGAL.sub("", v)
    if len(v) > _MAX_TEXT:
        v = v[: _MAX_TEXT - 1] + "…"
    space = ' xml:space="preserve"' if v[:1].isspace() or v[-1:].isspace() else ""
    return f'<c t="inlineStr"><is><t{space}>{escape(v)}</t></is></c>'


def _number(v: object) -> str:
    return f"<c><v>{v}</v></c>"


def _blank(v: object) -> str:
    return "<c/>"


def _bool(v: object) -> str:
    return f'<c t="b"><v>{int(bool(v))}</v></c>'


_ENCODE: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: _number,
    float: _number,
    Decimal: _number,
    bool: _bool,
    type(None): _blank,
}


def _cell(v: Any) -> str:
    encode = _ENCODE.get(type(v))
    return encode(v) if encode is not None else _text(str(v))


@lru_cache(maxsize=4096)
def _text_or_blank(v: str | None) -> str:
    return "<c/>" if v is None else _text(v)


@lru_cache(maxsize=4096)
def _int_or_blank(v: int | None) -> str:
    return "<c/>" if v is None else f"<c><v>{v}</v></c>"


@lru_cache(maxsize=4096)
def _number_or_blank(v: str | None) -> str:
    return "<c/>" if v is None else f"<c><v>{v}</v></c>"


_TEXTS = frozenset({str, type(None)})
_INTS = frozenset({int, type(None)})


def _encode_column(col: Sequence[Any]) -> list[str]:
    kinds = set(map(type, col))
    if kinds <= _TEXTS:
        return list(map(_text_or_blank, col))
    if kinds <= _INTS:
        return list(map(_int_or_blank, col))
    return list(map(_cell, col))


class Sheet:
    """Rows of one sheet, written as they come."""

    def __init__(
        self,
        stream: IO[bytes],
        header: Sequence[str],
        widths: Sequence[int],
        max_rows: int,
        numbers: frozenset[int] = frozenset(),
    ) -> None:
        self.stream = stream
        self.numbers = numbers
        self.max_rows = max_rows
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths)
        )
        stream.write(_SHEET_HEAD.format(cols=f"<cols>{cols}</cols>" if cols else "").encode())
        self.rows = 1
        cells = "".join(f'<c t="inlineStr" s="1"><is><t>{escape(h)}</t></is></c>' for h in header)
        stream.write(f'<row r="1">{cells}</row>'.encode())

    def append_many(self, rows: Sequence[Sequence[Any]]) -> None:
        """Rows encoded a column at a time: a column of text (or of whole numbers) goes
        through one cached encoder, which is several times faster than a cell at a time."""
        if not rows:
            return
        columns = [
            list(map(_number_or_blank, col)) if i in self.numbers else _encode_column(col)
            for i, col in enumerate(zip(*rows, strict=True))
        ]
        start = self.rows + 1
        body = "".join(
            [
                f'<row r="{n}">{"".join(cells)}</row>'
                for n, cells in enumerate(zip(*columns, strict=True), start)
            ]
        )
        self.rows += len(rows)
        self.stream.write(body.encode())

    @property
    def room(self) -> int:
        return self.max_rows - self.rows

    def close(self) -> None:
        self.stream.write(_SHEET_TAIL.encode())
        self.stream.close()


class Workbook:
    """An XLSX package written sheet after sheet: open a sheet, append its rows, open the
    next; :meth:`close` writes the workbook parts that list the sheets."""

    def __init__(self, path: Path, title: str, max_rows: int = MAX_ROWS) -> None:
        self.max_rows = max_rows
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.title = title
        self.names: list[str] = []
        self.current: Sheet | None = None

    def sheet(
        self,
        name: str,
        header: Sequence[str],
        widths: Sequence[int] = (),
        numbers: frozenset[int] = frozenset(),
    ) -> Sheet:
        """A new sheet; the columns in ``numbers`` hold numbers as text (``12``, ``-3``,
        ``7052.4``), written as numbers with exactly those digits."""
        if self.current is not None:
            self.current.close()
        self.names.append(name)
        stream = self.zip.open(
            _entry(f"xl/worksheets/sheet{len(self.names)}.xml"), "w", force_zip64=True
        )
        self.current = Sheet(stream, header, widths, self.max_rows, numbers)
        return self.current

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
        n = len(self.names)
        sheets = "".join(_SHEET_TYPE.format(n=i + 1) for i in range(n))
        self._put("[Content_Types].xml", _CONTENT_TYPES.format(sheets=sheets))
        self._put("_rels/.rels", _ROOT_RELS)
        self._put("docProps/core.xml", _CORE.format(title=escape(self.title)))
        entries = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, name in enumerate(self.names)
        )
        self._put(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        self._put(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
        )
        self._put("xl/styles.xml", _STYLES)
        self.zip.close()

    def _put(self, name: str, text: str) -> None:
        self.zip.writestr(_entry(name), text.encode("utf-8"))
