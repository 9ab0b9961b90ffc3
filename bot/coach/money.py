"""Rupiah amounts: read as people type them, written as a letter writes them, and a counter-offer.

"8,5 juta", "8.5jt", "Rp 8.500.000", "IDR 8,500,000", "8500k" and "gaji pokok 9 juta" all read
as whole rupiah. A counter-offer range is a few percent above the offer, rounded to a figure a
person would say (the guidance: "sedikit di atas target Anda", with room to discuss).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from bot.i18n import current_locale

# The counter-offer the negotiation draft proposes: 5–10 % above the offer.
COUNTER_LOW = Decimal("1.05")
COUNTER_HIGH = Decimal("1.10")
# Below this an amount is not a monthly salary in rupiah (a typo, or "9" meaning 9 million).
MIN_SALARY = 1_000_000
MAX_SALARY = 10_000_000_000

_MULTIPLIERS = {
    "juta": 1_000_000, "jt": 1_000_000, "jutaan": 1_000_000, "million": 1_000_000,
    "mio": 1_000_000, "m": 1_000_000, "rb": 1_000, "ribu": 1_000, "k": 1_000,
    "thousand": 1_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?<![\w.,])(?:rp\.?|idr)?\s*(\d[\d.,]*)\s*(juta|jutaan|jt|million|mio|ribu|rb|thousand|"
    r"miliar|milyar|billion|k|m)?(?![a-z])",
    re.IGNORECASE,
)


def _number(digits: str, has_unit: bool) -> Decimal | None:
    """ "8,5" or "8.5" with a unit is a decimal; "8.500.000" or "8,500,000" groups thousands."""
    digits = digits.rstrip(".,")
    cents = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})+)(?!\2)[.,]\d{1,2}", digits)
    if cents:  # "8.500.000,00" or "8,500,000.00": the cents are dropped
        digits = cents.group(1)
    groups = re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", digits)
    try:
        if groups and not (has_unit and len(digits.split(groups.group(1))) == 2):
            return Decimal(digits.replace(groups.group(1), ""))
        if digits.count(".") + digits.count(",") > 1:
            return None
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None


def parse_rupiah(text: str) -> int | None:
    """The first salary-sized amount in `text`, in whole rupiah, or None.

    "gaji pokok 8,5 juta, thr 1x gaji" -> 8_500_000; "Rp 8.500.000 gross" -> 8_500_000.
    """
    for match in _AMOUNT.finditer(text):
        unit = (match.group(2) or "").lower()
        value = _number(match.group(1), bool(unit))
        if value is None:
            continue
        amount = int(value * _MULTIPLIERS.get(unit, 1))
        if MIN_SALARY <= amount <= MAX_SALARY:
            return amount
    return None


def _round_up(value: Decimal, step: int) -> int:
    return int((value / step).to_integral_value(ROUND_CEILING)) * step


def counter_offer_range(offer: int) -> tuple[int, int]:
    """5–10 % above the offer, rounded up to 100 000 (to 1 000 000 above 50 million)."""
    step = 1_000_000 if offer >= 50_000_000 else 100_000
    low = _round_up(Decimal(offer) * COUNTER_LOW, step)
    high = _round_up(Decimal(offer) * COUNTER_HIGH, step)
    return low, max(high, low + step)


def format_rupiah(amount: int) -> str:
    """ "Rp9.000.000" (EYD: no space, dots group thousands); "IDR 9,000,000" in English."""
    grouped = f"{amount:,}"
    if current_locale() == "en":
        return f"IDR {grouped}"
    return "Rp" + grouped.replace(",", ".")


def format_rupiah_range(low: int, high: int) -> str:
    """ "Rp9.000.000–Rp9.400.000": an en dash without spaces, as EYD writes a range.

    In English the currency is named once: "IDR 9,000,000–9,400,000".
    """
    if current_locale() == "en":
        return f"{format_rupiah(low)}–{high:,}"
    return f"{format_rupiah(low)}–{format_rupiah(high)}"
