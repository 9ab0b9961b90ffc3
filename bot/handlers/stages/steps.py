"""The questions a stage conversation asks, as stable states, and the options of its buttons."""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_


class Step(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    PICK_APPLICATION = "pilih_lamaran"
    COMPANY = "perusahaan"
    ROLE = "posisi"
    SAME_COMPANY = "perusahaan_sama"  # an active application names that company already
    PASSED = "lolos"  # the application is at an earlier stage: did the user pass it?
    CHANNEL = "saluran"
    CONTACT = "rekruter_nama"  # the recruiter's (or HR contact's) name
    HONORIFIC = "sapaan"  # "Ibu atau Bapak?" for a name typed without one
    WHEN = "waktu"
    TIME_OF_DAY = "jam"
    FORMAT = "format"
    KIND = "jenis"
    INTERVIEWERS = "pewawancara"
    OFFER_RECEIVED = "tawaran_tiba"
    OFFER_DEADLINE = "tenggat"
    OFFER_FIGURES = "angka"  # the offered monthly salary (and what else the user notes)
    SIGNATURE = "tanda_tangan"  # the user's full name and phone, asked once
    FEELING = "perasaan"
    EDIT_COMPANY = "ubah_perusahaan"  # ✏️ Ubah: the company, then the role


# Choices offered as buttons: stored value -> label (message id).
CHANNELS: dict[str, str] = {
    "telepon": N_("📞 Telepon"),
    "email": N_("📧 Email"),
    "pesan": N_("💬 Pesan (WhatsApp/SMS)"),
    "linkedin": N_("🔗 LinkedIn"),
}
FORMATS: dict[str, str] = {
    "telepon": N_("📞 Telepon"),
    "video": N_("🎥 Panggilan video"),
    "langsung": N_("🏢 Tatap muka"),
}
KINDS: dict[str, str] = {
    "manajer": N_("🧑‍💼 Manajer perekrutan"),
    "teknis": N_("🛠️ Teknis"),
    "panel": N_("👥 Panel"),
}
# The same choices as words inside a sentence ("dihubungi lewat email"): no emoji, lower case.
CHANNEL_WORDS: dict[str, str] = {
    "telepon": N_("telepon"),
    "email": N_("email"),
    "pesan": N_("pesan"),
    "linkedin": N_("LinkedIn"),
}
FORMAT_WORDS: dict[str, str] = {
    "telepon": N_("telepon"),
    "video": N_("panggilan video"),
    "langsung": N_("tatap muka"),
}
KIND_WORDS: dict[str, str] = {
    "manajer": N_("manajer perekrutan"),
    "teknis": N_("teknis"),
    "panel": N_("panel"),
}

MAX_NAME_CHARS = 100
MAX_PERSON_CHARS = 60
MAX_INTERVIEWERS = 8
MAX_NOTE_CHARS = 500
MAX_FULL_NAME_CHARS = 100
MAX_PHONE_CHARS = 32
