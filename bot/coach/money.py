"""Rupiah: read as people type them, written as Indonesian letters and payslips write them, and
the counter-offer range the negotiation draft proposes.

Two ways to read: `parse_rupiah` takes a whole answer to "how much?" ("8,5 juta", "Rp 8.500.000",
"8,5" meaning 8,5 juta), and `find_rupiah` finds the first salary-sized amount inside a sentence
("gaji pokok 9 juta, tunjangan 500rb"). Both read dots and commas either way round.

Amounts are written "Rp8.500.000" in both languages: it is how they appear on the Indonesian
offer letters and payslips the user compares them with.
"""

from __future__ import annotations

import re
from fractions import Fraction

from bot.coach.chattext import MAX_CHARS, fold
from bot.i18n import _

# The counter-offer the negotiation draft proposes: a little above the offer, as the guidance
# says ("sedikit di atas target"), with room to discuss.
COUNTER_LOW_PERCENT = 5
COUNTER_HIGH_PERCENT = 10
# An answer below this is a slip ("8500" meant in thousands?): better asked again than guessed.
MIN_ANSWER = 100_000
# Inside a sentence, smaller amounts are allowances ("transport 500rb"), not the salary.
MIN_SALARY = 1_000_000
MAX_SALARY = 10_000_000_000

_UNITS = {
    "rb": 1_000, "ribu": 1_000, "k": 1_000, "thousand": 1_000,
    "jt": 1_000_000, "juta": 1_000_000, "jutaan": 1_000_000, "j": 1_000_000,
    "mio": 1_000_000, "million": 1_000_000, "millions": 1_000_000, "m": 1_000_000,
    "jeti": 1_000_000, "rebu": 1_000,
    "miliar": 1_000_000_000, "milyar": 1_000_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_ANSWER = re.compile(
    r"^(?:rp\.?|idr)?\s*(?P<number>\d[\d.,]*)\s*(?P<unit>[a-z]+)?\.?\s*"
    r"(?:,-)?\s*(?:/\s*(?:bulan|bln|month|mo)|per\s+(?:bulan|month)|sebulan|a\s+month)?$"
)


def _number(token: str, *, has_unit: bool) -> Fraction | None:
    """Reads dots and commas either way round: the last separator is decimal when one or two
    digits follow it (or, before a unit like "juta", when it is the only one); the others
    group thousands."""
    token = token.rstrip(".,")
    separators = [index for index, char in enumerate(token) if char in ".,"]
    decimal_at = None
    if separators:
        last = separators[-1]
        digits_after = len(token) - last - 1
        kinds = {token[index] for index in separators}
        one_kind = len(separators) == 1 or len(kinds) == 2
        # "8.500 rb" groups thousands; "8.5 juta" and "8,25jt" have a decimal part.
        unit_decimal = has_unit and len(separators) == 1 and digits_after != 3
        if (digits_after in (1, 2) and one_kind) or unit_decimal:
            decimal_at = last
        elif digits_after != 3:
            return None
    whole = token if decimal_at is None else token[:decimal_at]
    fraction = "" if decimal_at is None else token[decimal_at + 1 :]
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    value = Fraction(int("".join(groups)))
    if fraction:
        value += Fraction(int(fraction), 10 ** len(fraction))
    return value


def parse_rupiah(text: str) -> int | None:
    """A monthly amount typed as the whole answer: "Rp 8.500.000", "8,5 juta", "8.5jt",
    "IDR 12,000,000", "12500000", "Rp12.500.000,00", "8.500 rb". None when it is not one
    amount (a range, a word)."""
    match = _ANSWER.match(" ".join(text.lower().split()))
    if match is None:
        return None
    unit = match["unit"]
    if unit is not None and unit not in _UNITS:
        return None
    value = _number(match["number"], has_unit=unit is not None)
    if value is None:
        return None
    if unit is None and value < 1_000:
        # Asked for a monthly salary, "8,5" means 8,5 juta: no salary is a few hundred rupiah.
        unit = "juta"
    amount = int(value * _UNITS.get(unit or "", 1))
    return amount if amount >= MIN_ANSWER else None


# Inside a sentence: "Rp 8.500.000", "rp8,5jt", "IDR 9.000.000", "8,5 jt", "8500k", "8-10jt".
_NUMBER = r"\d+(?:[.,]\d+)*"
_IN_TEXT = re.compile(
    rf"(?P<currency>\b(?:rp|idr)\.?\s*)?(?P<number>{_NUMBER})"
    rf"(?:\s*(?:-|–|sampai|sampe|hingga|to)\s*(?P<upper>{_NUMBER}))?"
    r"\s*(?P<unit>jt|juta|jutaan|jeti|mio|million|m|rb|ribu|rebu|k|thousand|miliar|milyar|"
    r"billion)?\b"
)
# A thousands-grouped figure without "Rp" or a unit counts when it is this large: "8.500.000".
_BARE_MINIMUM = 100_000
_SPELLED_DIGITS = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4,
    "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
}  # fmt: skip
_SPELLED = re.compile(
    r"\b(?:(?P<tens>satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|se)\s*puluh\s*)?"
    r"(?P<ones>satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|se)?"
    r"(?:\s*(?P<teen>belas))?"
    r"(?P<half>\s*setengah)?\s*(?P<unit>juta|ribu)\b"
)


def _in_range(value: Fraction, scale: int) -> int | None:
    amount = int(value * scale)
    return amount if 0 < amount < 10**13 else None


def find_amounts(text: str) -> tuple[int, ...]:
    """Every rupiah amount in a sentence, in the order written: "8,5 jt" -> 8500000.

    Read: "Rp 8.500.000", "rp8,5jt", "IDR 9.000.000", "8,5 jt", "8.5 juta", "8500k", "500rb",
    "8-10 jt" (both ends), "delapan juta", "delapan setengah juta". A plain number without
    "Rp" or a unit is no amount ("jam 10", "tgl 30"), unless grouped and large ("8.500.000").
    """
    clean = fold(text)[:MAX_CHARS]
    found: list[tuple[int, int]] = []
    for match in _IN_TEXT.finditer(clean):
        unit = match["unit"]
        currency = match["currency"] is not None
        for number in filter(None, (match["number"], match["upper"])):
            value = _number(number, has_unit=unit is not None)
            if value is None:
                continue
            if unit is not None:
                amount = _in_range(value, _UNITS[unit])
            elif currency or (value >= _BARE_MINIMUM and re.search(r"[.,]\d{3}$", number)):
                amount = _in_range(value, 1)
            else:
                continue
            if amount is not None:
                found.append((match.start(), amount))
    for match in _SPELLED.finditer(clean):
        if not (match["ones"] or match["tens"]):
            continue
        count = Fraction(_spelled_count(match))
        if match["half"]:
            count += Fraction(1, 2)
        amount = _in_range(count, 1_000_000 if match["unit"] == "juta" else 1_000)
        if amount is not None:
            found.append((match.start(), amount))
    return tuple(amount for _, amount in sorted(found))


def _spelled_count(match: re.Match[str]) -> int:
    ones_word = match["ones"]
    ones = {"sepuluh": 10, "sebelas": 11}.get(
        ones_word or "", _SPELLED_DIGITS.get(ones_word or "", 0)
    )
    if match["teen"]:
        ones += 10  # "dua belas"
    tens = _SPELLED_DIGITS.get(match["tens"] or "", 0)
    return tens * 10 + ones


def find_rupiah(text: str) -> int | None:
    """The first salary-sized amount in a sentence, in whole rupiah, or None.

    "gaji pokok 8,5 juta, thr 1x gaji" -> 8_500_000; "tunjangan 500rb, gaji 9 juta" -> 9_000_000.
    """
    return next((a for a in find_amounts(text) if MIN_SALARY <= a <= MAX_SALARY), None)


def format_rupiah(amount: int) -> str:
    """ "Rp8.500.000" (EYD: no space, dots group thousands); a negative one "-Rp330.202"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_rupiah_range(low: int, high: int) -> str:
    """ "Rp9.000.000–Rp9.400.000": an en dash without spaces, as EYD writes a range."""
    return f"{format_rupiah(low)}–{format_rupiah(high)}"


def rounding_step(amount: int) -> int:
    """Round numbers a recruiter would write: Rp100.000 under Rp10 juta, Rp500.000 under
    Rp50 juta, Rp1 juta above."""
    if amount < 10_000_000:
        return 100_000
    if amount < 50_000_000:
        return 500_000
    return 1_000_000


def _round_up(value: Fraction, step: int) -> int:
    return -(-value // step) * step


def counter_offer_range(offer: int) -> tuple[int, int]:
    """A range to ask for: 5-10 % above the offered monthly gross, rounded up to a round step,
    always above the offer and never a single figure."""
    if offer <= 0:
        raise ValueError("a positive offer is needed")
    step = rounding_step(offer)
    low = _round_up(Fraction(offer * (100 + COUNTER_LOW_PERCENT), 100), step)
    high = _round_up(Fraction(offer * (100 + COUNTER_HIGH_PERCENT), 100), step)
    low = max(low, offer + step)
    return low, max(high, low + step)


def counter_offer_ask(offer: int) -> str:
    """The ask for the negotiation draft (drafts.offer_negotiate's `ask`, which escapes it):
    plain text, no HTML."""
    low, high = counter_offer_range(offer)
    return _("gaji pokok di kisaran {range} per bulan").format(
        range=format_rupiah_range(low, high)
    )


def render_counter_offer(offer: int) -> str:
    """A short note beside the negotiation draft: the range and how it was reached."""
    low, high = counter_offer_range(offer)
    return _(
        "💡 Kisaran yang bisa Anda ajukan: <b>{range}</b> per bulan, yaitu {low}–{high}% di atas "
        "tawaran {offer}, dibulatkan ke {step}. Sesuaikan dengan riset gaji pasar untuk posisi "
        "dan kota yang sama, dan sebutkan alasannya: keterampilan, sertifikasi, atau pengalaman "
        "yang Anda bawa."
    ).format(
        range=format_rupiah_range(low, high),
        low=COUNTER_LOW_PERCENT,
        high=COUNTER_HIGH_PERCENT,
        offer=format_rupiah(offer),
        step=format_rupiah(rounding_step(offer)),
    )
