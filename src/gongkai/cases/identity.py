"""Identity numbers an applicant types, checked the way the issuing standards define them.

A wrong digit in an ID number is the most common typing mistake on an application, and
the check digit catches it at the form instead of at the officer's desk weeks later.
Pure functions: each returns ``None`` when the value is valid, else one Chinese sentence
saying what is wrong (the caller names the field).
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "ID_TYPES",
    "credit_code_problem",
    "id_number_problem",
    "phone_problem",
    "resident_id_problem",
]

# 居民身份证 (GB 11643-1999): 17 digits, then a check character over ISO 7064 MOD 11-2.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# 统一社会信用代码 (GB 32100-2015): 17 characters, then a check character, modulus 31 over
# the 31 characters below (no I, O, Z, S, V).
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_TYPES: tuple[tuple[str, str], ...] = (
    ("resident_id", "居民身份证"),
    ("residence_permit", "港澳台居民居住证"),
    ("hk_macao_pass", "港澳居民来往内地通行证"),
    ("taiwan_pass", "台湾居民来往大陆通行证"),
    ("passport", "护照"),
    ("foreign_permanent", "外国人永久居留身份证"),
)


def resident_id_problem(value: str) -> str | None:
    """An 18-character 居民身份证 (or 港澳台居民居住证) number: shape, birth date, check digit."""
    v = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return "应为18位，前17位是数字，最后一位是数字或X"
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return f"第7至14位的出生日期“{v[6:14]}”不是有效日期"
    if born.year < 1900 or born > date.today():
        return f"第7至14位的出生日期“{v[6:14]}”不合理"
    total = sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != v[17]:
        return "校验位不正确，请核对号码是否输错"
    return None


def id_number_problem(id_type: str, value: str) -> str | None:
    """A natural person's ID of ``id_type``; documents without a check digit get a shape check."""
    v = value.strip().upper()
    if not v:
        return "不能为空"
    if id_type == "resident_id":
        return resident_id_problem(v)
    if id_type == "residence_permit":
        problem = resident_id_problem(v)
        if problem is None and v[:2] not in ("81", "82", "83"):
            return "港澳台居民居住证号码应以81、82或83开头"
        return problem
    if id_type == "hk_macao_pass":
        ok = re.fullmatch(r"[HM]\d{8}(\d{2})?", v)
        return None if ok else "应为H或M开头加8位或10位数字"
    if id_type == "taiwan_pass":
        return None if re.fullmatch(r"\d{8}", v) else "应为8位数字"
    if id_type == "foreign_permanent":
        return None if re.fullmatch(r"[A-Z]{3}\d{12}|9\d{17}", v) else "格式不正确"
    if id_type == "passport":
        return None if re.fullmatch(r"[A-Z0-9]{5,17}", v) else "应为5至17位字母或数字"
    return "证件类型不正确"


def credit_code_problem(value: str) -> str | None:
    """An organisation's 统一社会信用代码: 18 characters and the GB 32100-2015 check character."""
    v = value.strip().upper()
    if not v:
        return "不能为空"
    if len(v) != 18:
        return f"应为18位，现为{len(v)}位"
    bad = [c for c in v if c not in _USCC_CHARS]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用I、O、Z、S、V）"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(v[:17], _USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    if _USCC_CHARS[check] != v[17]:
        return "校验位不正确，请核对代码是否输错"
    return None


def phone_problem(value: str) -> str | None:
    """A mainland mobile number or a landline with its area code."""
    v = re.sub(r"[\s()（）]", "", value)
    if not v:
        return "不能为空"
    if re.fullmatch(r"1[3-9]\d{9}", v) or re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", v):
        return None
    return "应为11位手机号码或带区号的固定电话（如0574-88888888）"


def check_char_for_id(first17: str) -> str:
    """The check character completing 17 digits (demo data and tests make valid numbers)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_char_for_credit_code(first17: str) -> str:
    """The check character completing 17 characters of a 统一社会信用代码."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]
