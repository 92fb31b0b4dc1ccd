"""Letters (告知书) of the request procedure, in the official document style, pure Python.

Five kinds (:class:`LetterKind`): 补正通知书, 延期答复告知书, 第三方意见征询书,
信息处理费收费通知书 and the reply letter, one per outcome of table 三 (2021), each citing
its legal basis from ``outcomes.toml`` and stating the applicant's remedies. Every
sentence lives in ``templates/``; a field the letter needs and the context lacks refuses
the letter with a :class:`LetterError` naming it. The web app fills a
:class:`LetterContext` from its records::

    from datetime import date
    from gongkai.letters import LetterContext, outcomes, render_docx, render_pdf, render_text

    ctx = LetterContext(
        agency="宁波市海曙区鄞江镇人民政府", tracking_number="YJZ-2025-0012",
        applicant="张三", received=date(2025, 9, 26),
        description="2024年农村危房改造补助资金发放名单",
        letter_date=date(2025, 10, 27), letter_number="鄞江政信复〔2025〕12号",
        outcome="partly_granted", reasons="其中身份证号码属于个人隐私，已作遮盖处理。",
        reconsideration_body="宁波市海曙区人民政府", court="宁波市江北区人民法院",
        contact_person="王丽", contact_phone="0574-88881234",
    )
    docx_bytes = render_docx("reply", ctx)     # deterministic bytes
    pdf_bytes = render_pdf("reply", ctx)
    render_text("reply", ctx)                  # the words, for e-mail and review
    [(o.key, o.full_label, o.basis) for o in outcomes()]   # for the decision form
"""

from __future__ import annotations

from datetime import UTC, datetime

from gongkai.letters.compose import Letter, cn_date, compose, yuan
from gongkai.letters.context import Fee, FeeMethod, LetterContext, LetterError, LetterKind
from gongkai.letters.outcomes import Outcome, outcome, outcomes

__all__ = [
    "Fee",
    "FeeMethod",
    "Letter",
    "LetterContext",
    "LetterError",
    "LetterKind",
    "Outcome",
    "cn_date",
    "compose",
    "outcome",
    "outcomes",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_text",
    "yuan",
]


def _when(ctx: LetterContext) -> datetime:
    """The letter's date at midnight UTC (08:00 in Beijing, the same day): the only time
    stamp the files carry, so the same letter gives the same bytes."""
    d = ctx.letter_date
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def render_text(kind: LetterKind | str, ctx: LetterContext) -> str:
    return compose(kind, ctx).text()


def render_docx(kind: LetterKind | str, ctx: LetterContext) -> bytes:
    from gongkai.letters.word import letter_docx

    return letter_docx(compose(kind, ctx), _when(ctx))


def render_html(kind: LetterKind | str, ctx: LetterContext) -> str:
    from gongkai.letters.pdf import letter_html

    return letter_html(compose(kind, ctx), _when(ctx))


def render_pdf(kind: LetterKind | str, ctx: LetterContext) -> bytes:
    from gongkai.letters.pdf import letter_pdf

    return letter_pdf(compose(kind, ctx), _when(ctx))
