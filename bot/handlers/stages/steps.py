"""The questions a stage conversation asks, as stable states, and the options of its buttons."""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_


class Step(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    PICK_APPLICATION = "pilih_lamaran"
    COMPANY = "perusahaan"
    ROLE = "posisi"
    CHANNEL = "saluran"
    WHEN = "waktu"
    TIME_OF_DAY = "jam"
    FORMAT = "format"
    KIND = "jenis"
    INTERVIEWERS = "pewawancara"
    OFFER_RECEIVED = "tawaran_tiba"
    OFFER_DEADLINE = "tenggat"
    OFFER_FIGURES = "angka"
    FEELING = "perasaan"


# Choices offered as buttons: stored value -> label (message id).
CHANNELS: dict[str, str] = {
    "telepon": N_("📞 Telepon"),
    "email": N_("📧 Email"),
    "pesan": N_("💬 Pesan (WhatsApp/SMS)"),
    "linkedin": N_("🔗 LinkedIn"),
}
FORMATS: dict[str, str] = {
    "telepon": N_("📞 Telepon"),
    "video": N_("🎥 Video call"),
    "langsung": N_("🏢 Bertemu langsung"),
}
KINDS: dict[str, str] = {
    "manajer": N_("🧑‍💼 Manajer perekrutan"),
    "teknis": N_("🛠️ Teknis"),
    "panel": N_("👥 Panel"),
}

MAX_NAME_CHARS = 100
MAX_PERSON_CHARS = 60
MAX_INTERVIEWERS = 8
MAX_NOTE_CHARS = 500
