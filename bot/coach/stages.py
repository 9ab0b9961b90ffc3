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
            "Setelah Anda melamar, rekruter yang tertarik dengan lamaran Anda bisa menelepon, "
            "mengirim email, atau mengirim pesan untuk menjadwalkan wawancara. Balaslah secepatnya: "
            "balasan yang cepat menunjukkan bahwa Anda responsif dan sungguh tertarik dengan posisi "
            "itu."
        ),
    ),
    StageInfo(
        Stage.SCREENING,
        2,
        "☎️",
        N_("Wawancara pendahuluan atau penyaringan telepon"),
        N_(
            "Langkah pertama wawancara, biasanya lewat telepon, video call, atau bertemu langsung, "
            "dan lebih singkat dari wawancara biasa. Rekruter menjelaskan perusahaan dan posisinya, "
            "lalu bertanya untuk mengenal Anda dan pengalaman kerja Anda. Dalam 24 jam setelahnya, "
            "kirim email terima kasih yang menghargai waktu mereka dan mengingatkan mengapa Anda "
            "cocok untuk posisi itu."
        ),
    ),
    StageInfo(
        Stage.FOLLOW_UP_INTERVIEWS,
        3,
        "🧑‍💼",
        N_("Wawancara tambahan"),
        N_(
            "Jika lolos penyaringan, Anda diundang ke wawancara berikutnya dengan manajer "
            "perekrutan atau anggota tim lain. Wawancara ini lebih panjang dan bisa mencakup "
            "wawancara teknis tentang keterampilan dan pengalaman teknis Anda. Anda juga diberi "
            "kesempatan bertanya tentang perusahaan dan posisinya. Setelah setiap wawancara, "
            "kirim catatan terima kasih kepada setiap orang yang mewawancarai Anda."
        ),
    ),
    StageInfo(
        Stage.OFFER,
        4,
        "🎉",
        N_("Penawaran pekerjaan"),
        N_(
            "Setelah beberapa wawancara, penawaran bisa datang lewat telepon atau email. Anda bisa "
            "langsung menerimanya atau menegosiasikan gaji maupun manfaat lainnya, dan Anda boleh "
            "meminta waktu satu atau dua hari untuk mempertimbangkan keputusan."
        ),
    ),
    StageInfo(
        Stage.PERSISTENCE,
        5,
        "💪",
        N_("Membangun ketekunan"),
        N_(
            "Jika Anda tidak diterima, beri diri Anda waktu untuk meresapi perasaan itu. Lalu Anda "
            "bisa menghubungi perusahaan untuk berterima kasih atas kesempatannya, menyatakan minat "
            "pada peran lain di masa depan, dan meminta umpan balik agar lebih baik di kesempatan "
            "berikutnya."
        ),
    ),
    StageInfo(
        Stage.KEY_POINTS,
        6,
        "⭐",
        N_("Poin penting"),
        N_(
            "Wawancara adalah kesempatan bagus untuk mempelajari lebih dalam pekerjaan dan "
            "perusahaannya. Dengan mempersiapkan proses wawancara dan terus berusaha dalam "
            "pencarian kerja, Anda akan lebih siap membangun karier di dunia cybersecurity."
        ),
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
