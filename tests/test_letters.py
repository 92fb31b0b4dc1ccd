"""Letters as the applicant receives them: every kind and outcome, the official page
setup and fonts read back from the DOCX, the legal basis from the data file, and one
letter compared word for word with a golden text."""

from __future__ import annotations

import dataclasses
import io
import tomllib
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from gongkai.core.template import template
from gongkai.letters import (
    Fee,
    FeeMethod,
    LetterContext,
    LetterError,
    LetterKind,
    outcomes,
    render_docx,
    render_html,
    render_pdf,
    render_text,
)
from gongkai.letters.layout import signature_indents

from .conftest import DATA

GOLDEN = DATA / "letters"
OUTCOMES_TOML = tomllib.loads(
    resources.files("gongkai.letters").joinpath("outcomes.toml").read_text("utf-8")
)

BASE = LetterContext(
    agency="宁波市海曙区鄞江镇人民政府",
    tracking_number="YJZ-2025-0012",
    applicant="张三",
    received=date(2025, 9, 26),
    description="2024年鄞江镇农村危房改造补助资金发放名单",
    letter_date=date(2025, 10, 27),
    letter_number="鄞江政公开复〔2025〕12号",
    reconsideration_body="宁波市海曙区人民政府",
    court="宁波市江北区人民法院",
    contact_person="王丽",
    contact_phone="0574-88881234",
)
FEE = Fee(
    FeeMethod.BY_VOLUME,
    quantity=160,
    amount=Decimal("1300"),
    notice_date=date(2025, 10, 9),
    payment_by=date(2025, 11, 6),
    payment_details="到鄞江镇人民政府便民服务中心窗口缴纳",
)
# What each kind needs beyond the common fields.
KIND_FIELDS: dict[LetterKind, dict[str, object]] = {
    LetterKind.CORRECTION: {
        "reasons": "您的申请未写明所需名单的年度范围和村别",
        "correction_by": date(2025, 10, 17),
    },
    LetterKind.EXTENSION: {
        "reasons": "您申请获取的信息涉及2019年至2024年的档案，数量较大，需要逐件检索核实，",
        "extended_to": date(2025, 11, 27),
    },
    LetterKind.CONSULTATION: {
        "third_party": "宁波某某建设有限公司",
        "consultation_by": date(2025, 10, 31),
    },
    LetterKind.FEE_NOTICE: {"fee": FEE},
}


def reply(key: str) -> LetterContext:
    extra: dict[str, object] = {"outcome": key}
    if key in ("partly_granted", "other_other"):
        extra["reasons"] = "其中补助对象的身份证号码属于个人隐私，本机关已作遮盖处理"
    if key == "other_other":
        extra["basis"] = "《宁波市政府信息公开规定》第二十条"
    if key == "other_unpaid_fee":
        extra["fee"] = FEE
    return dataclasses.replace(BASE, **extra)


CASES = [(k, dataclasses.replace(BASE, **f)) for k, f in KIND_FIELDS.items()] + [
    (LetterKind.REPLY, reply(o.key)) for o in outcomes()
]
IDS = [k.value if k is not LetterKind.REPLY else f"reply-{c.outcome}" for k, c in CASES]


def body(docx: bytes) -> list[Paragraph]:
    return [p for p in Document(io.BytesIO(docx)).paragraphs if p.text]


def east_asia(p: Paragraph) -> set[str | None]:
    return {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in p.runs}


# ---- every kind and every outcome -------------------------------------------------------


def test_outcomes_are_the_2021_rows_of_table_3() -> None:
    t = template("2021")
    rows = [r.key for r in t.requests.rows if "outcome" in r.tags and r.key in t.default_rows]
    assert [o.key for o in outcomes()] == rows == list(OUTCOMES_TOML)
    assert len(rows) == 21


@pytest.mark.parametrize(("kind", "ctx"), CASES, ids=IDS)
def test_every_letter_renders(kind: LetterKind, ctx: LetterContext) -> None:
    text = render_text(kind, ctx)
    docx = render_docx(kind, ctx)
    paragraphs = [p.text for p in body(docx)]
    assert paragraphs[:2] == [BASE.agency, text.splitlines()[1]]
    assert paragraphs[-3:-1] == [BASE.agency, "2025年10月27日"]
    assert "{" not in text and "}" not in text
    assert "2025年9月26日" in text and "2025-09-26" not in text
    with pdfplumber.open(io.BytesIO(render_pdf(kind, ctx))) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        printed = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    for line in paragraphs:
        assert "".join(line.split()) in printed


@pytest.mark.parametrize("o", outcomes(), ids=lambda o: o.key)
def test_reply_cites_the_basis_from_the_data_file(o: object) -> None:
    key = o.key
    ctx = reply(key)
    basis = OUTCOMES_TOML[key]["basis"].replace("{basis}", ctx.basis)
    texts = [p.text for p in body(render_docx("reply", ctx))]
    decision = [t for t in texts if "的规定，" in t and t.startswith(("经", "本机关已"))]
    assert len(decision) == 1
    assert f"根据{basis}的规定，" in decision[0]
    assert decision[0].endswith(OUTCOMES_TOML[key]["decision"])
    assert (
        "如对本答复不服，您可以自收到本告知书之日起60日内向宁波市海曙区人民政府申请行政复议，"
        "或者自收到本告知书之日起6个月内向宁波市江北区人民法院提起行政诉讼。"
    ) in texts


def test_fees_in_letters() -> None:
    notice = render_text("fee_notice", dataclasses.replace(BASE, fee=FEE))
    assert (
        "本机关决定按量计收收取信息处理费。计费数量为160页，应缴纳信息处理费人民币1300元。"
        in notice
    )
    assert "即2025年11月6日前，按以下方式缴纳：到鄞江镇人民政府便民服务中心窗口缴纳。" in notice
    unpaid = render_text("reply", reply("other_unpaid_fee"))
    assert "本机关已于2025年10月9日向您发出信息处理费收费通知，应缴纳信息处理费1300元" in unpaid
    paid = dataclasses.replace(
        reply("granted"),
        fee=dataclasses.replace(
            FEE, method=FeeMethod.BY_COUNT, amount=Decimal("100.5"), paid_on=date(2025, 10, 20)
        ),
    )
    assert (
        "本机关已于2025年10月20日收到您缴纳的信息处理费人民币100.50元（按件计收）。"
        in render_text("reply", paid)
    )


def test_reply_after_correction_and_referral() -> None:
    ctx = dataclasses.replace(
        reply("unable_not_held"),
        corrected=date(2025, 10, 10),
        referral="宁波市海曙区住房和城乡建设局（电话0574-88880000）",
    )
    text = render_text("reply", ctx)
    assert "，并于2025年10月10日收到您补正后的申请，" in text
    assert (
        "如需获取相关信息，您可以向宁波市海曙区住房和城乡建设局（电话0574-88880000）咨询。" in text
    )


def test_consultation_goes_to_the_third_party_without_naming_the_applicant() -> None:
    text = render_text("consultation", CASES[2][1])
    assert text.splitlines()[5] == "宁波某某建设有限公司："
    assert BASE.applicant not in text
    assert "即2025年10月31日前" in text and "第三十二条" in text


# ---- what is missing refuses the letter --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "ctx", "message"),
    [
        (
            "correction",
            BASE,
            "补正通知书缺少事实和理由（reasons）、补正期限（correction_by），无法生成",
        ),
        (
            "consultation",
            dataclasses.replace(BASE, agency=" "),
            "第三方意见征询书缺少机关名称（agency）、第三方名称（third_party）、"
            "第三方提出意见的期限（consultation_by），无法生成",
        ),
        (
            "extension",
            dataclasses.replace(BASE, extended_to=date(2025, 11, 27)),
            "延期答复告知书缺少事实和理由（reasons），无法生成",
        ),
        ("fee_notice", BASE, "信息处理费收费通知书缺少信息处理费（fee），无法生成"),
        ("reply", BASE, "答复告知书缺少办理结果（outcome），无法生成"),
        (
            "reply",
            dataclasses.replace(BASE, outcome="partly_granted"),
            "答复告知书（部分公开）缺少事实和理由（reasons），无法生成",
        ),
        (
            "reply",
            dataclasses.replace(BASE, outcome="other_other", reasons="申请人撤回申请"),
            "答复告知书（其他处理（其他））缺少法律依据（basis），无法生成",
        ),
        (
            "reply",
            dataclasses.replace(BASE, outcome="granted", court=""),
            "答复告知书（予以公开）缺少人民法院（court），无法生成",
        ),
        (
            "reply",
            dataclasses.replace(BASE, outcome="other_processing"),
            "办理结果“other_processing”不是年度报告表三（2021年格式）中的一项",
        ),
        (
            "notice",
            BASE,
            "文书种类“notice”不存在，应为 correction、extension、consultation、fee_notice、reply 之一",
        ),
    ],
)
def test_missing_fields_refuse_the_letter(kind: str, ctx: LetterContext, message: str) -> None:
    with pytest.raises(LetterError) as e:
        render_docx(kind, ctx)
    assert e.value.message == message


# ---- the official page (GB/T 9704) read back from the DOCX -------------------------------


def test_docx_page_setup_and_fonts() -> None:
    docx = render_docx("reply", reply("partly_granted"))
    doc = Document(io.BytesIO(docx))
    sec = doc.sections[0]
    # Word keeps lengths in twips: A4 is 11906 × 16838, as Word's own A4.
    assert (sec.page_width.twips, sec.page_height.twips) == (11906, 16838)
    margins = (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]
    ps = body(docx)
    for title in ps[:2]:
        assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert east_asia(title) == {"方正小标宋简体"}
        assert {r.font.size for r in title.runs} == {Pt(22)}
    number, addressee, *rest = ps[2:]
    assert (number.text, number.alignment) == (
        "鄞江政公开复〔2025〕12号",
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    assert addressee.text == "张三：" and addressee.paragraph_format.first_line_indent is None
    paragraphs, (name, when, note) = rest[:-3], rest[-3:]
    for p in [addressee, *paragraphs, name, when, note]:
        assert east_asia(p) == {"仿宋_GB2312"}
        assert {r.font.size for r in p.runs} == {Pt(16)}
        fmt = p.paragraph_format
        assert (fmt.line_spacing_rule, fmt.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
    for p in [*paragraphs, note]:
        assert p.paragraph_format.first_line_indent == Pt(32)  # two characters of 三号
        assert p._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert paragraphs[-1].text == "特此告知。"
    # Signature and date right-aligned; the long name keeps 2 characters from the margin
    # and the date (7 characters: 8 digits count half) is centred under the name (13):
    # 2 + (13 - 7) / 2 = 5 characters of 16 pt.
    assert (name.text, when.text) == ("宁波市海曙区鄞江镇人民政府", "2025年10月27日")
    assert name.alignment == when.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert (name.paragraph_format.right_indent, when.paragraph_format.right_indent) == (
        Pt(32),
        Pt(80),
    )
    assert note.text == "（联系人：王丽；联系电话：0574-88881234）"
    # Page numbers — N — in 宋体 四号, odd pages right, even pages left.
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for p in (odd, even):
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(p._p.itertext())
        assert east_asia(p) == {"宋体"}


def test_docx_bytes_are_deterministic() -> None:
    ctx = reply("withheld_third_party")
    first = render_docx("reply", ctx)
    assert render_docx("reply", ctx) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    cp = Document(io.BytesIO(first)).core_properties
    assert cp.created == cp.modified == datetime(2025, 10, 27, tzinfo=UTC)
    assert (cp.title, cp.author) == ("政府信息公开申请答复告知书", BASE.agency)
    assert render_pdf("reply", ctx) == render_pdf("reply", ctx)


def test_signature_indents() -> None:
    # A short name is centred over the date, which stands 4 characters from the margin.
    # Widths: 鄞江镇人民政府 7; 2025年1月5日 6 (six digits count half); 某局 2;
    # 2025年10月27日 7.  4 + (6 - 7) / 2 = 3.5; 4 + (7 - 2) / 2 = 6.5.
    assert signature_indents("鄞江镇人民政府", "2025年1月5日") == (3.5, 4.0)
    assert signature_indents("某局", "2025年10月27日") == (6.5, 4.0)
    # A long one (13) keeps 2 characters from the margin, the date centred under it:
    # 2 + (13 - 6) / 2 = 5.5.
    assert signature_indents("宁波市海曙区鄞江镇人民政府", "2025年1月5日") == (2.0, 5.5)


def test_html_escapes_what_people_typed() -> None:
    ctx = dataclasses.replace(reply("granted"), description="<script>alert(1)</script>")
    page = render_html("reply", ctx)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'lang="zh-CN"' in page and "Noto Serif CJK SC" in page


# ---- one letter in full ------------------------------------------------------------------


def test_golden_partly_granted_reply() -> None:
    golden = (GOLDEN / "reply-partly_granted.txt").read_text("utf-8")
    ctx = dataclasses.replace(
        reply("partly_granted"),
        reasons="其中补助对象的身份证号码、银行账号属于个人隐私，公开会对第三方合法权益造成损害，"
        "本机关对该部分内容作了遮盖处理，现将遮盖后的名单随本告知书提供",
    )
    assert render_text("reply", ctx) == golden
    # The DOCX carries exactly the same lines.
    lines = [line.removeprefix("\u3000\u3000") for line in golden.splitlines() if line]
    assert [p.text for p in body(render_docx("reply", ctx))] == lines
