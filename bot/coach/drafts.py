"""Ready-to-send drafts (emails, chat messages, a call script) filled with the user's details."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Literal

from bot.i18n import _

Channel = Literal["telepon", "email", "pesan", "linkedin"]
InterviewKind = Literal["manajer", "teknis", "panel"]

# A longer value is cut, so that a draft stays one Telegram message whatever the user typed:
# names, dates and the like, and the free-text clauses (fit reason, topic, what to negotiate).
MAX_FIELD = 200
MAX_TEXT = 500
# The coaching says to propose two or three times; more would read as indecision.
MAX_TIME_OPTIONS = 3


def _clean(value: str, placeholder: str = "", limit: int = MAX_FIELD) -> str:
    """A user's value on one line, cut to the limit, escaped; the placeholder when empty.

    `quote=False`: quotes need no escaping in Telegram text, and a name like "Ma'ruf" would
    otherwise become `&#x27;`.
    """
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return escape(value or placeholder, quote=False)


def _clause(value: str, limit: int = MAX_FIELD) -> str:
    """A value that ends a sentence of ours, without its own final punctuation."""
    return _clean(value.strip().rstrip(".!;,:").rstrip(), limit=limit)


def _draft(heading: str, paragraphs: Iterable[str]) -> str:
    """A bold heading, then the draft in a <pre> block (Telegram gives it a copy button)."""
    body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    return f"<b>{heading}</b>\n<pre>{body}</pre>"


def _company(company: str) -> str:
    return _clean(company, _("[nama perusahaan]"))


def _role(role: str) -> str:
    return _clean(role, _("[nama posisi]"))


def _signature(user_name: str) -> str:
    return "\n".join((_("Hormat saya,"), _clean(user_name, _("[Nama Anda]"))))


def _email_greeting(name: str) -> str:
    if name.strip():
        return _("Yth. {name},").format(name=_clean(name))
    return _("Yth. Bapak/Ibu,")


def _chat_greeting(name: str) -> str:
    if name.strip():
        return _("Halo, {name}.").format(name=_clean(name))
    return _("Halo, Bapak/Ibu.")


def _time_list(time_options: Sequence[str]) -> str:
    # dict.fromkeys drops repeats and keeps the user's order.
    times = list(dict.fromkeys(_clean(option) for option in time_options if option.strip()))
    return "\n".join(f"- {time}" for time in times[:MAX_TIME_OPTIONS])


def recruiter_reply(
    *,
    company: str,
    role: str,
    recruiter_name: str,
    channel: Channel,
    time_options: Sequence[str],
    user_name: str,
) -> str:
    """A reply to a recruiter who asked to schedule an interview: thanks, interest, times.

    Email gets a subject line and a formal letter; a chat message is short; LinkedIn offers to
    move to email or phone; "telepon" is a script for calling back. Only the first three
    distinct non-empty time options are used; with none, the draft asks the recruiter to pick.
    """
    values = {"company": _company(company), "role": _role(role)}
    times = _time_list(time_options)
    if channel == "email":
        return _draft(
            _("✉️ Draf balasan email untuk rekruter"),
            (
                _("Subjek: Jadwal wawancara — {role} di {company}").format(**values),
                _email_greeting(recruiter_name),
                _(
                    "Terima kasih telah menghubungi saya mengenai posisi {role} di {company}. "
                    "Saya sangat tertarik dengan posisi ini dan senang dapat melanjutkan ke tahap "
                    "wawancara."
                ).format(**values),
                "\n".join(
                    (
                        _("Saya dapat mengikuti wawancara pada salah satu waktu berikut:"),
                        times,
                        _(
                            "Jika waktu-waktu tersebut kurang sesuai, saya dengan senang hati "
                            "menyesuaikan dengan jadwal Anda."
                        ),
                    )
                )
                if times
                else _(
                    "Mohon kabari saya waktu yang paling sesuai untuk Anda; saya akan "
                    "menyesuaikan jadwal saya."
                ),
                _("Terima kasih atas waktu dan perhatian Anda. Saya menantikan kabar dari Anda."),
                "\n".join((_signature(user_name), _("[Nomor telepon Anda]"))),
            ),
        )
    if channel == "telepon":
        opening = (
            _(
                "Boleh saya berbicara dengan {name}? Saya menelepon balik mengenai posisi {role} "
                "di {company}."
            ).format(name=_clean(recruiter_name), **values)
            if recruiter_name.strip()
            else _("Saya menelepon balik mengenai posisi {role} di {company}.").format(**values)
        )
        return _draft(
            _("📞 Naskah untuk menelepon balik rekruter"),
            (
                _("Halo, selamat pagi/siang. Saya {user_name}.").format(
                    user_name=_clean(user_name, _("[Nama Anda]"))
                )
                + " "
                + opening,
                _("Terima kasih sudah menghubungi saya. Saya sangat tertarik dengan posisi ini."),
                "\n".join(
                    (
                        _("Untuk wawancaranya, saya bisa pada waktu berikut:"),
                        times,
                        _("Waktu mana yang paling sesuai untuk Anda?"),
                    )
                )
                if times
                else _(
                    "Kapan waktu yang paling sesuai untuk wawancaranya? Saya akan menyesuaikan."
                ),
                _("Boleh saya tahu format wawancaranya dan dengan siapa saya akan berbicara?"),
                _("Baik, terima kasih banyak. Saya tunggu konfirmasinya."),
            ),
        )
    linkedin = channel == "linkedin"
    return _draft(
        _("💼 Draf balasan LinkedIn untuk rekruter")
        if linkedin
        else _("💬 Draf balasan pesan (WhatsApp/SMS) untuk rekruter"),
        (
            _chat_greeting(recruiter_name),
            _(
                "Terima kasih atas pesannya. Saya {user_name}, dan saya sangat tertarik dengan "
                "posisi {role} di {company}."
            ).format(user_name=_clean(user_name, _("[Nama Anda]")), **values),
            "\n".join((_("Untuk wawancaranya, saya bisa pada waktu berikut:"), times))
            if times
            else _("Kapan waktu yang paling sesuai untuk wawancaranya? Saya akan menyesuaikan."),
            _("Jika lebih praktis, kita juga bisa melanjutkan lewat email atau telepon.")
            if linkedin
            else "",
            _("Terima kasih, saya tunggu kabarnya."),
        ),
    )


def screening_thank_you(
    *, company: str, role: str, recruiter_name: str, fit_reason: str = "", user_name: str
) -> str:
    """The email to send within 24 hours of the screening: thanks, and why you fit."""
    values = {"company": _company(company), "role": _role(role)}
    fit = (
        _(
            "Percakapan kita membuat saya makin yakin bahwa saya cocok untuk posisi ini: {reason}."
        ).format(reason=_clause(fit_reason, MAX_TEXT))
        if fit_reason.strip()
        else _(
            "Percakapan kita membuat saya makin yakin bahwa minat saya pada keamanan siber, dasar "
            "teknis yang sudah saya bangun, dan semangat saya untuk terus belajar cocok dengan "
            "kebutuhan posisi ini."
        )
    )
    return _draft(
        _("✉️ Draf email terima kasih setelah wawancara pendahuluan"),
        (
            _("Subjek: Terima kasih — wawancara {role} di {company}").format(**values),
            _email_greeting(recruiter_name),
            _(
                "Terima kasih atas waktu yang Anda luangkan untuk berbincang dengan saya mengenai "
                "posisi {role} di {company}. Saya senang mendapat gambaran yang lebih jelas "
                "tentang perusahaan dan timnya."
            ).format(**values),
            fit,
            _(
                "Saya menantikan kabar mengenai langkah selanjutnya. Jika Anda memerlukan "
                "informasi tambahan, jangan ragu untuk menghubungi saya."
            ),
            _signature(user_name),
        ),
    )


def interviewer_thank_you(
    *,
    company: str,
    role: str,
    interviewer: str,
    kind: InterviewKind,
    topic: str = "",
    user_name: str,
) -> str:
    """A thank-you note to one interviewer, shaped by the kind of interview and its topic."""
    values = {"company": _company(company), "role": _role(role)}
    if kind == "teknis":
        opening = _(
            "Terima kasih atas wawancara teknis untuk posisi {role} di {company}. Saya senang "
            "dengan diskusinya dan menghargai waktu yang Anda luangkan untuk menggali pengalaman teknis "
            "saya."
        )
        fit = _(
            "Wawancara itu juga menunjukkan hal-hal yang ingin saya dalami, dan saya antusias "
            "untuk terus berkembang bersama tim Anda."
        )
    elif kind == "panel":
        opening = _(
            "Terima kasih telah menjadi bagian dari panel wawancara untuk posisi {role} di "
            "{company}. Saya menghargai waktu dan pertanyaan-pertanyaan Anda."
        )
        fit = _(
            "Mendengar sudut pandang setiap anggota panel membuat saya makin yakin bahwa posisi "
            "ini tepat untuk saya."
        )
    else:
        opening = _(
            "Terima kasih atas waktu Anda dalam wawancara untuk posisi {role} di {company}. "
            "Penjelasan Anda tentang tim dan prioritasnya membuat saya makin bersemangat untuk "
            "bergabung."
        )
        fit = _(
            "Saya yakin cara saya bekerja, yaitu teliti, mau belajar, dan terbuka terhadap "
            "masukan, akan cocok dengan tim Anda."
        )
    heading = (
        _("✉️ Draf catatan terima kasih untuk {interviewer}").format(
            interviewer=_clean(interviewer)
        )
        if interviewer.strip()
        else _("✉️ Draf catatan terima kasih untuk pewawancara")
    )
    return _draft(
        heading,
        (
            _("Subjek: Terima kasih atas wawancaranya — {role} di {company}").format(**values),
            _email_greeting(interviewer),
            opening.format(**values),
            _(
                "Pembahasan kita tentang {topic} terutama berkesan bagi saya dan memberi gambaran "
                "nyata tentang pekerjaan tim Anda."
            ).format(topic=_clause(topic, MAX_TEXT))
            if topic.strip()
            else "",
            fit,
            _(
                "Saya tetap sangat tertarik dengan posisi ini dan menantikan kabar mengenai "
                "langkah selanjutnya."
            ),
            _signature(user_name),
        ),
    )


def offer_accept(
    *, company: str, role: str, user_name: str, contact_name: str = "", start_date: str = ""
) -> str:
    """Accepting an offer, asking for it in writing and for what to prepare."""
    values = {"company": _company(company), "role": _role(role)}
    return _draft(
        _("✅ Draf email menerima tawaran"),
        (
            _("Subjek: Penerimaan tawaran kerja — {role}").format(**values),
            _email_greeting(contact_name),
            _(
                "Terima kasih atas tawaran untuk bergabung dengan {company} sebagai {role}. "
                "Dengan senang hati saya menerima tawaran ini."
            ).format(**values),
            _("Saya siap mulai bekerja pada {start_date}.").format(start_date=_clause(start_date))
            if start_date.strip()
            else _("Mohon konfirmasikan tanggal mulai saya."),
            _(
                "Mohon kirimkan juga surat penawaran atau kontrak resmi untuk saya tanda tangani, "
                "serta daftar dokumen yang perlu saya siapkan sebelum hari pertama."
            ),
            _("Saya tidak sabar untuk mulai bekerja bersama tim."),
            _signature(user_name),
        ),
    )


def offer_negotiate(
    *, company: str, role: str, user_name: str, ask: str = "", contact_name: str = ""
) -> str:
    """A polite counter-proposal: enthusiasm first, then one clear ask grounded in value."""
    values = {"company": _company(company), "role": _role(role)}
    return _draft(
        _("💬 Draf email negosiasi tawaran"),
        (
            _("Subjek: Tawaran kerja — {role}").format(**values),
            _email_greeting(contact_name),
            _(
                "Terima kasih atas tawaran untuk posisi {role} di {company}. Saya sangat "
                "antusias dengan kesempatan ini dan dengan apa yang bisa saya kontribusikan untuk "
                "tim."
            ).format(**values),
            _(
                "Sebelum memberikan keputusan akhir, saya ingin mendiskusikan satu hal: {ask}."
            ).format(ask=_clause(ask, MAX_TEXT))
            if ask.strip()
            else _(
                "Berdasarkan riset saya tentang kisaran gaji untuk posisi serupa serta "
                "keterampilan yang saya bawa, saya berharap gaji pokoknya dapat berada di kisaran "
                "[kisaran gaji]. Apakah ada ruang untuk itu?"
            ),
            _(
                "Saya yakin kita bisa menemukan kesepakatan yang baik bagi kedua pihak, dan saya "
                "senang membicarakannya lewat telepon jika lebih praktis."
            ),
            _signature(user_name),
        ),
    )


def offer_ask_time(
    *, company: str, role: str, user_name: str, decide_by: str, contact_name: str = ""
) -> str:
    """Asking for a day or two to decide, with the date the answer will come by."""
    values = {"company": _company(company), "role": _role(role)}
    return _draft(
        _("⏳ Draf email meminta waktu untuk memutuskan"),
        (
            _("Subjek: Tawaran kerja — {role}").format(**values),
            _email_greeting(contact_name),
            _(
                "Terima kasih banyak atas tawaran untuk posisi {role} di {company}. Saya sangat "
                "menghargainya dan senang dengan kesempatan ini."
            ).format(**values),
            _(
                "Karena ini keputusan penting, bolehkah saya memberikan jawaban paling lambat "
                "{decide_by}?"
            ).format(decide_by=_clause(decide_by))
            if decide_by.strip()
            else _(
                "Karena ini keputusan penting, bolehkah saya meminta waktu satu atau dua hari "
                "untuk mempertimbangkannya?"
            ),
            _(
                "Jika memungkinkan, mohon kirimkan rincian tawaran secara tertulis agar saya "
                "dapat mempelajarinya dengan saksama."
            ),
            _("Terima kasih atas pengertian Anda."),
            _signature(user_name),
        ),
    )


def rejection_reply(*, company: str, role: str, contact_name: str, user_name: str) -> str:
    """After a rejection: thanks for the chance, interest in future roles, a request for feedback."""
    values = {"company": _company(company), "role": _role(role)}
    return _draft(
        _("🤝 Draf balasan setelah tidak diterima"),
        (
            _("Subjek: Terima kasih — lamaran {role}").format(**values),
            _email_greeting(contact_name),
            _(
                "Terima kasih telah mengabari saya tentang hasil seleksi untuk posisi {role}. "
                "Meski sedikit kecewa, saya sangat menghargai kesempatan dan waktu yang diberikan "
                "oleh tim {company}."
            ).format(**values),
            _(
                "Saya tetap tertarik untuk bergabung dengan {company} dan berharap dapat "
                "dipertimbangkan untuk peran lain di masa depan."
            ).format(**values),
            _(
                "Jika berkenan, saya akan sangat berterima kasih atas umpan balik singkat tentang "
                "hal-hal yang dapat saya tingkatkan agar lebih baik di kesempatan berikutnya."
            ),
            _("Semoga sukses untuk tim Anda, dan terima kasih sekali lagi."),
            _signature(user_name),
        ),
    )
