"""The six stages of the interview process, as the seed document names them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import N_


class Stage(StrEnum):
    """Stable ids: they are stored in the database and in callback data."""

    RECRUITER = "rekruter"
    SCREENING = "penyaringan"
    FOLLOW_UP_INTERVIEWS = "lanjutan"
    OFFER = "tawaran"
    PERSISTENCE = "ketekunan"
    KEY_POINTS = "poin"


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    number: int
    emoji: str
    title: str  # message id, translated where shown
    summary: str  # message id, translated where shown


STAGES: tuple[StageInfo, ...] = (
    StageInfo(
        Stage.RECRUITER,
        1,
        "📞",
        N_("Dihubungi oleh rekruter"),
        N_(
            "Tahap ini dimulai saat rekruter menghubungi Anda untuk menjadwalkan wawancara. "
            "Kuncinya: membalas dengan cepat, sopan, dan lengkap."
        ),
    ),
    StageInfo(
        Stage.SCREENING,
        2,
        "☎️",
        N_("Wawancara pendahuluan atau penyaringan telepon"),
        N_(
            "Percakapan singkat dengan rekruter untuk memastikan hal-hal dasar cocok, lalu email "
            "terima kasih dalam 24 jam."
        ),
    ),
    StageInfo(
        Stage.FOLLOW_UP_INTERVIEWS,
        3,
        "🧑‍💼",
        N_("Wawancara tambahan"),
        N_(
            "Wawancara yang lebih mendalam dengan manajer perekrutan atau anggota tim, sering "
            "termasuk wawancara teknis."
        ),
    ),
    StageInfo(
        Stage.OFFER,
        4,
        "🎉",
        N_("Penawaran pekerjaan"),
        N_(
            "Perusahaan ingin merekrut Anda. Sekarang saatnya menimbang tawaran itu dengan tenang "
            "sebelum menjawab."
        ),
    ),
    StageInfo(
        Stage.PERSISTENCE,
        5,
        "💪",
        N_("Membangun ketekunan"),
        N_(
            "Tidak diterima itu berat, tetapi bukan akhir. Tahap ini membantu Anda pulih dan "
            "melangkah lagi."
        ),
    ),
    StageInfo(
        Stage.KEY_POINTS,
        6,
        "⭐",
        N_("Poin penting"),
        N_("Ringkasan hal yang perlu diingat di sepanjang proses wawancara."),
    ),
)

STAGE_INFO: dict[Stage, StageInfo] = {info.stage: info for info in STAGES}

# The stages an application moves through in order; the last two are not steps of a process.
PROCESS_ORDER: tuple[Stage, ...] = (
    Stage.RECRUITER,
    Stage.SCREENING,
    Stage.FOLLOW_UP_INTERVIEWS,
    Stage.OFFER,
)


def parse_stage(value: str) -> Stage | None:
    """The stage with this id, or None for anything else (old or tampered callback data)."""
    try:
        return Stage(value)
    except ValueError:
        return None
