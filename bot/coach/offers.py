"""What an offer means, in words: the take-home estimate, two offers side by side, and the
counter-offer range for the negotiation draft; rupiah read from and written for people.

Rupiah are written the Indonesian way in both languages, "Rp8.500.000": it is how the amounts
appear on Indonesian offer letters and payslips, which the user will compare them with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html import escape

from babel.numbers import format_decimal

from bot.coach.payroll import Estimate
from bot.i18n import _, current_locale

MAX_FIELD = 200
# Below this an amount is a slip ("8500" meant in thousands?): better asked again than guessed.
MIN_AMOUNT = 100_000
MAX_BENEFITS = 500
# The coaching's usual counter-offer: 10-20 % above the offer, in round numbers.
COUNTER_LOW_BP = 1_000
COUNTER_HIGH_BP = 2_000

_UNITS = {
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "j": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "m": 1_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "billion": 1_000_000_000,
}
_AMOUNT = re.compile(
    r"^(?:rp\.?|idr)?\s*(?P<number>\d[\d.,]*)\s*(?P<unit>[a-z]+)?\.?\s*"
    r"(?:,-)?\s*(?:/\s*(?:bulan|bln|month|mo)|per\s+(?:bulan|month)|sebulan|a\s+month)?$"
)


def format_rupiah(amount: int) -> str:
    """ "Rp8.500.000"; a negative amount "-Rp330.202"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def _approx(amount: int) -> str:
    """A computed figure, marked as the estimate it is."""
    return "≈ " + format_rupiah(amount)


def _percent(rate_bp: int) -> str:
    locale = "en" if current_locale() == "en" else "id"
    return format_decimal(Decimal(rate_bp) / 100, format="#,##0.##", locale=locale) + "%"


def parse_rupiah(text: str) -> int | None:
    """A monthly amount as people type it: "Rp 8.500.000", "8,5 juta", "8.5jt", "IDR 12,000,000",
    "12500000", "Rp12.500.000,00", "8.500 rb". None when it is not one amount (a range, a word).
    """
    match = _AMOUNT.match(" ".join(text.lower().split()))
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
    return amount if amount >= MIN_AMOUNT else None


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


def _clean(value: str, limit: int = MAX_FIELD) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return escape(value, quote=False)


def _leaves_out() -> str:
    return _(
        "<i>Semua angka di atas perkiraan, bukan slip gaji. Dihitung dengan gaji kotor yang sama "
        "setiap bulan, BPJS dari gaji itu, JKK kelas risiko terendah, dan THR dibayar sebelum "
        "Desember. Belum termasuk tunjangan tidak tetap, lembur, bonus, potongan lain "
        "(koperasi, pinjaman, zakat), asuransi swasta, pajak yang ditanggung perusahaan "
        "(gross-up), serta perubahan gaji atau status di tengah tahun. Tanyakan rinciannya ke "
        "HR sebelum memutuskan.</i>"
    )


def _december(estimate: Estimate) -> str:
    """The true-up, in one sentence."""
    values = {
        "annual": _approx(estimate.annual.tax),
        "amount": _approx(abs(estimate.pph21_december)),
        "take_home": _approx(estimate.take_home_december),
    }
    if estimate.pph21_december < 0:
        return _(
            "Di bulan Desember, pemberi kerja menghitung ulang pajak setahun dengan tarif "
            "Pasal 17 ({annual}); karena potongan Januari–November sudah melebihinya, "
            "kelebihan {amount} dikembalikan kepada Anda, sehingga gaji bersih Desember "
            "{take_home}."
        ).format(**values)
    return _(
        "Di bulan Desember, pemberi kerja menghitung ulang pajak setahun dengan tarif Pasal 17 "
        "({annual}) dan memotong sisanya, {amount}, sehingga gaji bersih Desember {take_home}."
    ).format(**values)


def render_estimate(estimate: Estimate, *, company: str = "", role: str = "") -> str:
    """The estimate as a Telegram HTML message: gross, deductions, PPh 21, take-home, THR,
    December, the employer's cost, and what the figures leave out."""
    if company.strip():
        heading = _("💰 <b>Perkiraan gaji bersih: {company}</b>").format(company=_clean(company))
    else:
        heading = _("💰 <b>Perkiraan gaji bersih</b>")
    if role.strip():
        heading += "\n" + _clean(role)
    lines = [
        heading,
        _("Status PTKP {status} (TER kategori {category}).").format(
            status=estimate.status.code, category=estimate.ter_category
        ),
        "",
        _("Gaji kotor per bulan: {amount}").format(amount=format_rupiah(estimate.gross)),
        _("Iuran BPJS Anda (Kesehatan, JHT, JP): {amount}").format(
            amount=_approx(estimate.employee_contributions)
        ),
        _("PPh 21 per bulan (tarif efektif {rate}): {amount}").format(
            rate=_percent(estimate.ter_rate_bp), amount=_approx(estimate.pph21)
        ),
        _("<b>Gaji bersih per bulan: {amount}</b>").format(amount=_approx(estimate.take_home)),
        "",
    ]
    if estimate.thr:
        lines.append(
            _(
                "THR: {amount}, dipotong PPh 21 tambahan {tax} di bulan pembayarannya, jadi "
                "bersihnya {net}."
            ).format(
                amount=_approx(estimate.thr),
                tax=_approx(estimate.pph21_thr),
                net=_approx(estimate.thr_take_home),
            )
        )
    lines.append(_december(estimate))
    lines.append(
        _(
            "Biaya bagi pemberi kerja: {cost} per bulan (gaji kotor ditambah iuran BPJS bagian "
            "perusahaan, {share}), belum termasuk THR."
        ).format(
            cost=_approx(estimate.employer_cost), share=_approx(estimate.employer_contributions)
        )
    )
    lines += ["", _leaves_out()]
    return "\n".join(lines)


@dataclass(frozen=True)
class OfferSummary:
    """One offer to compare: a label the user knows it by, its estimate, its benefits as typed."""

    label: str  # e.g. the company's name
    estimate: Estimate
    benefits: str = ""


def render_comparison(first: OfferSummary, second: OfferSummary) -> str:
    """Two offers side by side (A and B), one figure a line so that it reads on a phone."""
    a, b = first.estimate, second.estimate

    def row(label: str, left: str, right: str) -> str:
        return f"{label}: A {left} · B {right}"

    lines = [
        _("⚖️ <b>Dua tawaran berdampingan (perkiraan)</b>"),
        f"<b>A</b>: {_clean(first.label) or 'A'}",
        f"<b>B</b>: {_clean(second.label) or 'B'}",
        "",
        row(_("Gaji kotor per bulan"), format_rupiah(a.gross), format_rupiah(b.gross)),
        row(_("Gaji bersih per bulan"), _approx(a.take_home), _approx(b.take_home)),
        row(_("THR"), _approx(a.thr), _approx(b.thr)),
        row(
            _("Bersih setahun, termasuk THR"),
            _approx(a.take_home_year),
            _approx(b.take_home_year),
        ),
        row(
            _("Biaya pemberi kerja per bulan"), _approx(a.employer_cost), _approx(b.employer_cost)
        ),
        "",
    ]
    for name, offer in (("A", first), ("B", second)):
        benefits = _clean(offer.benefits, MAX_BENEFITS) or _("(belum dicatat)")
        lines.append(_("Benefit {offer}: {benefits}").format(offer=name, benefits=benefits))
    lines.append("")
    difference = b.take_home_year - a.take_home_year
    if abs(difference) < max(a.take_home_year, b.take_home_year) // 100:
        lines.append(
            _(
                "Gaji bersih setahun keduanya hampir sama: putuskan dari benefit, pekerjaannya, "
                "dan tempat Anda bisa berkembang."
            )
        )
    else:
        lines.append(
            _(
                "Tawaran {offer} memberi sekitar {amount} lebih banyak setahun setelah pajak dan "
                "BPJS. Nilai juga benefitnya: asuransi, transport, kerja jarak jauh, dan jenjang "
                "karier bisa bernilai lebih dari selisih ini."
            ).format(offer="B" if difference > 0 else "A", amount=format_rupiah(abs(difference)))
        )
    lines += ["", _leaves_out()]
    return "\n".join(lines)


def _round_to_step(amount: Fraction, step: int) -> int:
    return int((amount / step + Fraction(1, 2)) // 1) * step


def rounding_step(amount: int) -> int:
    """Round numbers a recruiter would write: Rp100.000 under Rp10 juta, Rp500.000 under
    Rp50 juta, Rp1 juta above."""
    if amount < 10_000_000:
        return 100_000
    if amount < 50_000_000:
        return 500_000
    return 1_000_000


def counter_offer_range(
    offered_gross: int, *, low_bp: int = COUNTER_LOW_BP, high_bp: int = COUNTER_HIGH_BP
) -> tuple[int, int]:
    """A range to ask for: 10-20 % above the offered monthly gross, rounded to a sensible step."""
    if offered_gross <= 0 or not 0 <= low_bp <= high_bp:
        raise ValueError("a positive offer and a rising range are needed")
    step = rounding_step(offered_gross)
    low = _round_to_step(Fraction(offered_gross * (10_000 + low_bp), 10_000), step)
    high = _round_to_step(Fraction(offered_gross * (10_000 + high_bp), 10_000), step)
    return max(low, offered_gross + step), max(high, low)


def format_range(low: int, high: int) -> str:
    """ "Rp9.400.000–Rp10.200.000"."""
    return f"{format_rupiah(low)}–{format_rupiah(high)}"


def counter_offer_ask(offered_gross: int) -> str:
    """The ask for the negotiation draft (drafts.offer_negotiate's `ask`, which escapes it):
    plain text, no HTML."""
    low, high = counter_offer_range(offered_gross)
    return _("gaji pokok di kisaran {range} per bulan").format(range=format_range(low, high))


def render_counter_offer(offered_gross: int) -> str:
    """A short note beside the negotiation draft: the range and how it was reached."""
    low, high = counter_offer_range(offered_gross)
    return _(
        "💡 Kisaran yang bisa Anda ajukan: <b>{range}</b> per bulan, yaitu 10–20% di atas "
        "tawaran {offer}, dibulatkan ke {step}. Sesuaikan dengan riset gaji pasar untuk posisi "
        "dan kota yang sama, dan sebutkan alasannya: keterampilan, sertifikasi, atau pengalaman "
        "yang Anda bawa."
    ).format(
        range=format_range(low, high),
        offer=format_rupiah(offered_gross),
        step=format_rupiah(rounding_step(offered_gross)),
    )
