"""信息处理费 of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号), in yuan.

Both methods charge progressively on the excess only; the agency picks one per request.
Pure functions, so the fee notice, the officer's screen and the tests compute alike.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["METHODS", "fee_by_count", "fee_by_volume", "fee_for"]

METHODS: tuple[tuple[str, str], ...] = (("by_count", "按件计收"), ("by_volume", "按量计收"))


def fee_by_count(ordinal: int) -> Decimal:
    """The fee for the applicant's ``ordinal``-th request to the agency in a calendar month.

    Up to 10 free; the 11th to 30th 100 yuan each; from the 31st, bands of 10 requests,
    each band 100 yuan more per request than the one before (31–40: 200, 41–50: 300 …).
    """
    if ordinal < 1:
        raise ValueError(ordinal)
    if ordinal <= 10:
        return Decimal(0)
    if ordinal <= 30:
        return Decimal(100)
    band = (ordinal - 31) // 10 + 1
    return Decimal(100 + 100 * band)


def fee_by_volume(pages: int) -> Decimal:
    """The fee for ``pages`` pages (or the equivalent) in one request.

    Up to 30 free; pages 31–100 at 10 yuan; 101–200 at 20 yuan; from 201 at 40 yuan.
    """
    if pages < 0:
        raise ValueError(pages)
    fee = 10 * max(0, min(pages, 100) - 30)
    fee += 20 * max(0, min(pages, 200) - 100)
    fee += 40 * max(0, pages - 200)
    return Decimal(fee)


def fee_for(method: str, quantity: int) -> Decimal:
    if method == "by_count":
        return fee_by_count(quantity)
    if method == "by_volume":
        return fee_by_volume(quantity)
    raise KeyError(method)
