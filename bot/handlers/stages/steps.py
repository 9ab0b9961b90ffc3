"""The questions a stage conversation asks, as stable states, and the answers they accept."""

from __future__ import annotations

import re
import unicodedata
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


def clean_text(text: str) -> str:
    """Collapses whitespace and drops invisible format characters (zero-width, RTL marks)."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    return re.sub(r"\s+", " ", text).strip()


def has_words(text: str) -> bool:
    """Whether the text holds a letter or digit, so emoji-only answers are not taken as names."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def split_names(text: str) -> list[str]:
    """Interviewers' names from one message: "Budi, Sari dan Tono" gives three names."""
    parts = re.split(r",|;|\n|\bdan\b|\band\b|&", text)
    return [clean_text(part) for part in parts if has_words(part)]
