"""Ready-to-send drafts (emails, chat messages, a call script) filled with what the coach knows.

The register is Indonesian business correspondence: the reader is "Bapak/Ibu" (with the name
when it is known: "Yth. Ibu Rina,"; the honorific alone stands for "you" afterwards: "jadwal
Ibu"), never "Anda", and the writer speaks for themselves ("saya"), never "kita". See
locales/GLOSSARY.md. Names are normalised here as well as where they are typed
(`bot.coach.names`), so a record typed before that still reads well.

Every draft takes the optional details the coach may have recorded (the recipient's name, the
user's full name and phone, the offer amount, the deadline); a detail that is missing gives a
neutral sentence, and a [placeholder] only where the user must fill something in themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Literal

from bot.coach import money, names
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


def _reply_heading(heading: str, new_thread: bool) -> str:
    """A reply is sent in the thread it answers (no subject line): the heading says so."""
    if new_thread:
        return heading
    return heading + " " + _("(kirim sebagai balasan di utas email yang sama)")


def _company(company: str) -> str:
    return _clean(names.company_name(company), _("[nama perusahaan]"))


def _role(role: str) -> str:
    return _clean(names.role_name(role), _("[nama posisi]"))


def _values(company: str, role: str) -> dict[str, str]:
    return {"company": _company(company), "role": _role(role)}


def _recipient(name: str, limit: int = MAX_FIELD) -> str:
    """ "bu rina" -> "Ibu Rina"; "Budi" -> "Bapak/Ibu Budi" (no gender guessed); "" -> ""."""
    person = names.person(name)
    if not person.name:
        return ""
    clean = _clean(person.name, limit=limit)
    if person.honorific == "Ibu":
        return _("Ibu {name}").format(name=clean)
    if person.honorific == "Bapak":
        return _("Bapak {name}").format(name=clean)
    return _("Bapak/Ibu {name}").format(name=clean)


def _you(name: str) -> str:
    """The reader after the greeting: "Ibu", "Bapak" or, not knowing, "Bapak/Ibu" ("you")."""
    honorific = names.person(name).honorific
    if honorific == "Ibu":
        return _("Ibu")
    if honorific == "Bapak":
        return _("Bapak")
    return _("Bapak/Ibu")


def _email_greeting(name: str, limit: int = MAX_FIELD) -> str:
    recipient = _recipient(name, limit)
    if recipient:
        return _("Yth. {recipient},").format(recipient=recipient)
    honorific = names.person(name).honorific  # typed without a name: "bu"
    if honorific == "Ibu":
        return _("Yth. Ibu,")
    if honorific == "Bapak":
        return _("Yth. Bapak,")
    return _("Yth. Bapak/Ibu,")


def email_greeting(name: str, limit: int = MAX_FIELD) -> str:
    """The greeting line of a letter to this person: "Yth. Ibu Rina," (HTML-escaped)."""
    return _email_greeting(name, limit)


def _chat_greeting(name: str) -> str:
    recipient = _recipient(name)
    if recipient:
        return _("Selamat pagi/siang, {recipient}.").format(recipient=recipient)
    return _("Selamat pagi/siang, Bapak/Ibu.")


def _user(user_name: str, full_name: str) -> str:
    """The user's full name when known, else their first name, else a placeholder."""
    return _clean(full_name.strip() or user_name, _("[Nama Anda]"))


def _signature(
    user_name: str, full_name: str = "", phone: str = "", *, ask_phone: bool = False
) -> str:
    """ "Hormat saya," with the full name (or the first name) and the phone when known.

    `ask_phone`: a placeholder when the phone is unknown, where the guidance says to give it.
    """
    lines = [_("Hormat saya,"), _user(user_name, full_name)]
    if phone.strip():
        lines.append(_clean(phone))
    elif ask_phone:
        lines.append(_("[Nomor telepon Anda]"))
    return "\n".join(lines)


def _thanks_for_attention(you: str) -> str:
    return _("Atas perhatian {you}, saya ucapkan terima kasih.").format(you=you)


def _time_list(time_options: Sequence[str]) -> str:
    # dict.fromkeys drops repeats and keeps the user's order.
    times = list(dict.fromkeys(_clean(option) for option in time_options if option.strip()))
    return "\n".join(f"- {time}" for time in times[:MAX_TIME_OPTIONS])


def recruiter_reply(
    *,
    company: str,
    role: str,
    recruiter_name: str = "",
    channel: Channel,
    time_options: Sequence[str],
    user_name: str,
    full_name: str = "",
    phone: str = "",
    new_thread: bool = False,
) -> str:
    """A reply to a recruiter who asked to schedule an interview: thanks, interest, times.

    Email is a formal letter sent in the recruiter's thread (a subject line only with
    `new_thread`); a chat message is short; LinkedIn offers to move to email or phone;
    "telepon" is a script for calling back. Only the first three distinct non-empty time
    options are used; with none, the draft asks the recruiter to pick.
    """
    values = _values(company, role)
    times = _time_list(time_options)
    you = _you(recruiter_name)
    user = _user(user_name, full_name)
    if channel == "email":
        return _draft(
            _reply_heading(_("✉️ Draf balasan email untuk rekruter"), new_thread),
            (
                _("Subjek: Jadwal wawancara — {role} di {company}").format(**values)
                if new_thread
                else "",
                _email_greeting(recruiter_name),
                _(
                    "Terima kasih telah menghubungi saya mengenai posisi {role} di {company}. "
                    "Saya sangat tertarik dengan posisi ini dan dengan senang hati mengikuti "
                    "tahap wawancara."
                ).format(**values),
                "\n".join(
                    (
                        _("Saya dapat mengikuti wawancara pada salah satu waktu berikut:"),
                        times,
                        _(
                            "Apabila waktu tersebut kurang sesuai, saya akan menyesuaikan diri "
                            "dengan jadwal {you}."
                        ).format(you=you),
                    )
                )
                if times
                else _(
                    "Mohon informasikan waktu yang paling sesuai bagi {you}; saya akan "
                    "menyesuaikan jadwal saya."
                ).format(you=you),
                _thanks_for_attention(you) + " " + _("Saya menantikan kabar selanjutnya."),
                _signature(user_name, full_name, phone, ask_phone=True),
            ),
        )
    if channel == "telepon":
        recipient = _recipient(recruiter_name)
        opening = (
            _(
                "Selamat pagi/siang/sore. Saya {user_name}. Boleh saya berbicara dengan "
                "{recipient}? Saya menelepon kembali mengenai posisi {role} di {company}."
            ).format(user_name=user, recipient=recipient, **values)
            if recipient
            else _(
                "Selamat pagi/siang/sore, Bapak/Ibu. Saya {user_name}. Saya menelepon kembali "
                "mengenai posisi {role} di {company}."
            ).format(user_name=user, **values)
        )
        return _draft(
            _("📞 Naskah untuk menelepon balik rekruter"),
            (
                opening,
                _("Terima kasih telah menghubungi saya. Saya sangat tertarik dengan posisi ini."),
                "\n".join(
                    (
                        _("Saya bersedia mengikuti wawancara pada salah satu waktu berikut:"),
                        times,
                        _("Waktu mana yang paling sesuai bagi {you}?").format(you=you),
                    )
                )
                if times
                else _(
                    "Kapan waktu yang paling sesuai bagi {you} untuk wawancaranya? Saya akan "
                    "menyesuaikan."
                ).format(you=you),
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
            ).format(user_name=user, **values),
            "\n".join(
                (_("Saya bersedia mengikuti wawancara pada salah satu waktu berikut:"), times)
            )
            if times
            else _(
                "Kapan waktu yang paling sesuai bagi {you} untuk wawancaranya? Saya akan "
                "menyesuaikan."
            ).format(you=you),
            _(
                "Bila lebih memudahkan, saya juga bersedia melanjutkan komunikasi melalui email "
                "atau telepon."
            )
            if linkedin
            else "",
            _("Terima kasih. Saya menantikan kabar selanjutnya."),
        ),
    )


def screening_thank_you(
    *,
    company: str,
    role: str,
    recruiter_name: str = "",
    fit_reason: str = "",
    user_name: str,
    full_name: str = "",
    phone: str = "",
) -> str:
    """The email to send within 24 hours of the screening: thanks, and why you fit."""
    values = _values(company, role)
    you = _you(recruiter_name)
    fit = (
        _(
            "Perbincangan tersebut membuat saya semakin yakin bahwa saya cocok untuk posisi ini: "
            "{reason}."
        ).format(reason=_clause(fit_reason, MAX_TEXT))
        if fit_reason.strip()
        else _(
            "Perbincangan tersebut membuat saya semakin yakin bahwa minat saya pada keamanan "
            "siber, dasar teknis yang telah saya bangun, dan kesungguhan saya untuk terus belajar "
            "sesuai dengan kebutuhan posisi ini."
        )
    )
    return _draft(
        _("✉️ Draf email terima kasih setelah wawancara pendahuluan"),
        (
            _("Subjek: Terima kasih — wawancara {role} di {company}").format(**values),
            _email_greeting(recruiter_name),
            _(
                "Terima kasih atas waktu yang {you} luangkan untuk berbincang dengan saya "
                "mengenai posisi {role} di {company}. Saya senang mendapat gambaran yang lebih "
                "jelas tentang perusahaan dan timnya."
            ).format(you=you, **values),
            fit,
            _(
                "Saya menantikan kabar mengenai tahap selanjutnya. Apabila ada informasi lain "
                "yang {you} perlukan, dengan senang hati akan saya lengkapi."
            ).format(you=you),
            _signature(user_name, full_name, phone),
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
    full_name: str = "",
    phone: str = "",
) -> str:
    """A thank-you note to one interviewer, shaped by the kind of interview and its topic.

    Without a topic the note keeps a [placeholder] sentence for one: the guidance asks for each
    note to name something discussed with that person, so that no two notes are the same.
    """
    values = _values(company, role)
    you = _you(interviewer)
    if kind == "teknis":
        opening = _(
            "Terima kasih atas wawancara teknis untuk posisi {role} di {company}. Saya "
            "menikmati diskusinya dan menghargai waktu yang {you} luangkan untuk menggali "
            "pengalaman teknis saya."
        )
        fit = _(
            "Diskusi tersebut juga memberi saya gambaran tentang hal-hal yang ingin saya pelajari "
            "lebih dalam, dan saya antusias untuk berkembang bersama tim {company}."
        ).format(**values)
    elif kind == "panel":
        opening = _(
            "Terima kasih atas kesempatan wawancara bersama panel untuk posisi {role} di "
            "{company}. Saya menghargai waktu dan pertanyaan yang {you} sampaikan."
        )
        fit = _(
            "Mendengar sudut pandang setiap anggota panel membuat saya semakin yakin bahwa "
            "posisi ini tepat untuk saya."
        )
    else:
        opening = _(
            "Terima kasih atas waktu yang {you} luangkan untuk wawancara posisi {role} di "
            "{company}. Penjelasan {you} mengenai tim dan prioritasnya membuat saya semakin "
            "bersemangat untuk bergabung."
        )
        fit = _(
            "Saya yakin cara kerja saya yang teliti, mau terus belajar, dan terbuka terhadap "
            "masukan akan sesuai dengan tim yang {you} pimpin."
        ).format(you=you)
    person = names.person_name(interviewer)
    heading = (
        _("✉️ Draf catatan terima kasih untuk {interviewer}").format(interviewer=_clean(person))
        if person
        else _("✉️ Draf catatan terima kasih untuk pewawancara")
    )
    return _draft(
        heading,
        (
            _("Subjek: Terima kasih atas wawancaranya — {role} di {company}").format(**values),
            _email_greeting(interviewer),
            opening.format(you=you, **values),
            _(
                "Diskusi mengenai {topic} terutama berkesan bagi saya dan memberi gambaran nyata "
                "tentang pekerjaan tim."
            ).format(topic=_clause(topic, MAX_TEXT) or _("[topik yang dibahas]")),
            fit,
            _(
                "Saya semakin tertarik dengan posisi ini dan menantikan kabar mengenai tahap "
                "selanjutnya."
            ),
            _signature(user_name, full_name, phone),
        ),
    )


def offer_accept(
    *,
    company: str,
    role: str,
    user_name: str,
    contact_name: str = "",
    start_date: str = "",
    full_name: str = "",
    phone: str = "",
    new_thread: bool = False,
) -> str:
    """Accepting an offer, asking for it in writing and for what to prepare."""
    values = _values(company, role)
    you = _you(contact_name)
    return _draft(
        _reply_heading(_("✅ Draf email menerima tawaran"), new_thread),
        (
            _("Subjek: Penerimaan tawaran kerja — {role}").format(**values) if new_thread else "",
            _email_greeting(contact_name),
            _(
                "Terima kasih atas tawaran untuk bergabung dengan {company} sebagai {role}. "
                "Dengan senang hati saya menerima tawaran tersebut."
            ).format(**values),
            _("Saya siap mulai bekerja pada {start_date}.").format(start_date=_clause(start_date))
            if start_date.strip()
            else _("Mohon informasi mengenai tanggal mulai kerja saya."),
            _(
                "Mohon kirimkan juga surat penawaran kerja atau kontrak resmi untuk saya tanda "
                "tangani, beserta daftar dokumen yang perlu saya siapkan sebelum hari pertama."
            ),
            _("Saya sangat menantikan hari pertama saya bergabung dengan tim {company}.").format(
                **values
            ),
            _thanks_for_attention(you),
            _signature(user_name, full_name, phone),
        ),
    )


def _salary_paragraph(offer_amount: int | None, counter_range: tuple[int, int] | None) -> str:
    """The salary ask: a concrete range when the offer is known, else a request to review it."""
    grounds = _(
        "Berdasarkan riset saya mengenai kisaran gaji untuk posisi serupa serta keterampilan dan "
        "sertifikasi yang saya miliki"
    )
    if counter_range is None and offer_amount is not None:
        counter_range = money.counter_offer_range(offer_amount)
    if counter_range is None:
        return _(
            "Sebelum memberikan keputusan akhir, izinkan saya menyampaikan satu hal terkait gaji. "
            "{grounds}, saya berharap gaji pokok yang ditawarkan dapat ditinjau kembali agar "
            "lebih mendekati kisaran pasar. Apakah hal tersebut dapat dipertimbangkan?"
        ).format(grounds=grounds)
    low, high = sorted(counter_range)
    ask = _(
        "{grounds}, saya berharap gaji pokok dapat berada pada kisaran {range} per bulan. Apakah "
        "hal tersebut dapat dipertimbangkan?"
    ).format(grounds=grounds, range=money.format_rupiah_range(low, high))
    offered = (
        _("Gaji pokok yang ditawarkan adalah {amount} per bulan.").format(
            amount=money.format_rupiah(offer_amount)
        )
        if offer_amount is not None
        else ""
    )
    return " ".join(
        part
        for part in (
            _(
                "Sebelum memberikan keputusan akhir, izinkan saya menyampaikan satu hal terkait "
                "gaji."
            ),
            offered,
            ask,
        )
        if part
    )


def offer_negotiate(
    *,
    company: str,
    role: str,
    user_name: str,
    ask: str = "",
    contact_name: str = "",
    offer_amount: int | None = None,
    counter_range: tuple[int, int] | None = None,
    full_name: str = "",
    phone: str = "",
    new_thread: bool = False,
) -> str:
    """A polite counter-proposal: enthusiasm first, then one clear ask grounded in value.

    `offer_amount` is the offered monthly base salary in whole rupiah (`money.parse_rupiah`
    reads it from what the user typed); `counter_range` the range to ask for, by default
    `money.counter_offer_range(offer_amount)`. `ask`, the user's own words, replaces the salary
    paragraph. With neither, the draft asks for the offer to be reviewed, without a figure.
    """
    values = _values(company, role)
    you = _you(contact_name)
    return _draft(
        _reply_heading(_("💬 Draf email negosiasi tawaran"), new_thread),
        (
            _("Subjek: Tawaran kerja — {role}").format(**values) if new_thread else "",
            _email_greeting(contact_name),
            _(
                "Terima kasih atas tawaran untuk posisi {role} di {company}. Saya sangat antusias "
                "dengan kesempatan ini dan yakin dapat berkontribusi bagi tim."
            ).format(**values),
            _(
                "Sebelum memberikan keputusan akhir, izinkan saya menyampaikan satu hal: {ask}."
            ).format(ask=_clause(ask, MAX_TEXT))
            if ask.strip()
            else _salary_paragraph(offer_amount, counter_range),
            _(
                "Semoga tercapai kesepakatan yang baik bagi kedua belah pihak. Saya juga bersedia "
                "membahasnya melalui telepon apabila lebih memudahkan."
            ),
            _thanks_for_attention(you),
            _signature(user_name, full_name, phone),
        ),
    )


def offer_ask_time(
    *,
    company: str,
    role: str,
    user_name: str,
    decide_by: str = "",
    deadline: str = "",
    contact_name: str = "",
    full_name: str = "",
    phone: str = "",
    new_thread: bool = False,
) -> str:
    """Asking for time to decide, in the variant that fits the deadline.

    No `deadline` (the company set none): ask to answer by `decide_by`, or for "a day or two".
    A `deadline`: ask for an extension, until `decide_by` when the user named a later date, else
    for one or two more days; it never asks for the deadline the company already gave. Send it
    only when the user wants more time.
    """
    values = _values(company, role)
    you = _you(contact_name)
    later = decide_by.strip() and decide_by.strip() != deadline.strip()
    if deadline.strip():
        request = (
            _(
                "Saya memahami bahwa jawaban atas tawaran ini diharapkan paling lambat "
                "{deadline}. Mengingat keputusan ini penting bagi saya, bolehkah saya meminta "
                "tambahan waktu sehingga dapat memberikan jawaban paling lambat {decide_by}?"
            ).format(deadline=_clause(deadline), decide_by=_clause(decide_by))
            if later
            else _(
                "Saya memahami bahwa jawaban atas tawaran ini diharapkan paling lambat "
                "{deadline}. Mengingat keputusan ini penting bagi saya, bolehkah saya meminta "
                "tambahan waktu satu atau dua hari setelah tanggal tersebut?"
            ).format(deadline=_clause(deadline))
        )
    else:
        request = (
            _(
                "Mengingat keputusan ini penting bagi saya, bolehkah saya meminta waktu untuk "
                "mempertimbangkannya dan memberikan jawaban paling lambat {decide_by}?"
            ).format(decide_by=_clause(decide_by))
            if later
            else _(
                "Mengingat keputusan ini penting bagi saya, bolehkah saya meminta waktu satu "
                "atau dua hari untuk mempertimbangkannya?"
            )
        )
    return _draft(
        _reply_heading(_("⏳ Draf email meminta waktu untuk memutuskan"), new_thread),
        (
            _("Subjek: Tawaran kerja — {role}").format(**values) if new_thread else "",
            _email_greeting(contact_name),
            _(
                "Terima kasih banyak atas tawaran untuk posisi {role} di {company}. Saya sangat "
                "menghargai kesempatan ini."
            ).format(**values),
            request,
            _(
                "Apabila memungkinkan, mohon kirimkan rincian tawaran secara tertulis agar dapat "
                "saya pelajari dengan saksama."
            ),
            _("Atas pengertian {you}, saya ucapkan terima kasih.").format(you=you),
            _signature(user_name, full_name, phone),
        ),
    )


def rejection_reply(
    *,
    company: str,
    role: str,
    contact_name: str = "",
    user_name: str,
    full_name: str = "",
    phone: str = "",
    new_thread: bool = False,
) -> str:
    """After a rejection: thanks for the chance, interest in future roles, a request for feedback.

    No disappointment voiced to HR: that is an English template's habit, not Indonesian
    correspondence.
    """
    values = _values(company, role)
    you = _you(contact_name)
    return _draft(
        _reply_heading(_("🤝 Draf balasan setelah tidak diterima"), new_thread),
        (
            _("Subjek: Terima kasih — lamaran {role}").format(**values) if new_thread else "",
            _email_greeting(contact_name),
            _(
                "Terima kasih telah menyampaikan hasil seleksi untuk posisi {role}. Saya sangat "
                "menghargai kesempatan yang diberikan serta waktu yang telah diluangkan oleh tim "
                "{company} selama proses seleksi."
            ).format(**values),
            _(
                "Saya tetap berminat untuk bergabung dengan {company} dan berharap dapat "
                "dipertimbangkan kembali untuk posisi lain yang sesuai di kemudian hari."
            ).format(**values),
            _(
                "Apabila tidak merepotkan, saya akan sangat berterima kasih atas masukan singkat "
                "dari {you} mengenai hal-hal yang perlu saya kembangkan agar lebih siap pada "
                "kesempatan berikutnya."
            ).format(you=you),
            _(
                "Sekali lagi, terima kasih. Semoga {company} terus berkembang dan semakin sukses."
            ).format(**values),
            _signature(user_name, full_name, phone),
        ),
    )


def withdrawal(
    *,
    company: str,
    role: str,
    contact_name: str = "",
    user_name: str,
    full_name: str = "",
    phone: str = "",
    new_thread: bool = True,
) -> str:
    """Leaving a selection process after accepting another offer: thanks, the decision in one
    sentence, goodwill. The other company is not named; no reason beyond the accepted offer."""
    values = _values(company, role)
    you = _you(contact_name)
    return _draft(
        _reply_heading(_("↩️ Draf email mengundurkan diri dari proses seleksi"), new_thread),
        (
            _("Subjek: Pengunduran diri dari proses seleksi — {role}").format(**values)
            if new_thread
            else "",
            _email_greeting(contact_name),
            _(
                "Terima kasih atas kesempatan serta waktu yang telah diberikan selama proses "
                "seleksi untuk posisi {role} di {company}."
            ).format(**values),
            _(
                "Dengan ini saya ingin menyampaikan bahwa saya mengundurkan diri dari proses "
                "seleksi tersebut, karena saya telah menerima tawaran kerja di tempat lain."
            ),
            _(
                "Saya sangat menghargai perhatian {you} dan tim {company}, dan berharap hubungan "
                "baik ini tetap terjalin di kemudian hari."
            ).format(you=you, **values),
            _thanks_for_attention(you),
            _signature(user_name, full_name, phone),
        ),
    )
