"""What an offer means, in words: the take-home estimate and two offers side by side (rupiah
are read and written by bot/coach/money.py, with the counter-offer range)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from babel.numbers import format_decimal

from bot.coach.money import format_rupiah
from bot.coach.payroll import Estimate
from bot.i18n import _, current_locale

MAX_FIELD = 200
MAX_BENEFITS = 500


def _percent(rate_bp: int) -> str:
    locale = "en" if current_locale() == "en" else "id"
    return format_decimal(Decimal(rate_bp) / 100, format="#,##0.##", locale=locale) + "%"


def _approx(amount: int) -> str:
    """A computed figure, marked as the estimate it is."""
    return "≈ " + format_rupiah(amount)


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


def render_estimate(
    estimate: Estimate, *, company: str = "", role: str = "", notes: Sequence[str] = ()
) -> str:
    """The estimate as a Telegram HTML message: gross, deductions, PPh 21, take-home, THR,
    December, the employer's cost, and what the figures leave out. `notes` (HTML the caller
    escaped) go before that last paragraph: the status assumed, the counter-offer's net."""
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
    lines += _notes(notes)
    lines += ["", _leaves_out()]
    return "\n".join(lines)


def _notes(notes: Sequence[str]) -> list[str]:
    return ["", *notes] if notes else []


@dataclass(frozen=True)
class OfferSummary:
    """One offer to compare: a label the user knows it by, its estimate, its benefits as typed."""

    label: str  # e.g. the company's name
    estimate: Estimate
    benefits: str = ""


def render_comparison(
    first: OfferSummary, second: OfferSummary, *, notes: Sequence[str] = ()
) -> str:
    """Two offers side by side (A and B), one figure a line so that it reads on a phone;
    `notes` (escaped HTML) as in render_estimate."""
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
    lines += _notes(notes)
    lines += ["", _leaves_out()]
    return "\n".join(lines)
