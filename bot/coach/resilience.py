"""Bouncing back after a rejection: spotting it in a message, the feelings, the thinking traps,
the tips that vary from one visit to the next, and when to check in.

Grounded in the seed's "Membangun ketekunan": give yourself time to feel; thank the company;
say you are interested in future roles; ask for feedback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import N_

# --- spotting a rejection in free text ----------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATIONS = _words(
    "tidak tak ga gak gk nggak ngga ngak enggak engga ndak nda kagak tdk blm belum bukan g "
    "not didnt didn't never"
)
# What a negation turns into "I was turned down": "tidak lolos", "ga keterima", "belum lulus".
PASSED = _words(
    "lolos lulus diterima keterima lanjut terpilih selected accepted hired pass passed"
)
# Words that say it on their own, unless negated ("tidak ditolak").
REJECTED = _words("ditolak tertolak ketolak penolakan rejected rejection rejects dirijek direject")
# "gagal" is about a job only next to one of these ("gagal interview", "gagal lagi").
FAILED = frozenset({"gagal", "failed", "fail"})
PRONOUNS = _words("saya aku gue gua gw sy ak i")
FAILED_CONTEXT = _words(
    "interview interviu wawancara tes test seleksi psikotes lolos masuk diterima lagi tahap "
    "rekrutmen lamaran user hr kerja job"
)
# "belum rezeki", "bukan rejekinya", "belum jodoh".
NOT_MEANT = _words("rezeki rejeki rezekinya rejekinya rizki jodoh jodohnya")
SHORT_MESSAGE = 4  # words: "saya gagal", "gagal lagi 😞"

_CLAUSES = re.compile(r"[.,;:!?\n()]+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_REPEATS = re.compile(r"(\w)\1{2,}")


def _clauses(text: str) -> list[list[str]]:
    text = _REPEATS.sub(r"\1", text.lower())
    return [_WORD.findall(clause) for clause in _CLAUSES.split(text)]


def mentions_rejection(text: str) -> bool:
    """Whether a message says the writer was turned down for a job, in everyday Indonesian.

    "saya ditolak", "aku ga lolos", "gagal interview", "belum rezeki" do; "lolos" or "saya tidak
    menolak tawaran" do not. A miss costs little: the coach then offers, it does not assume.
    """
    for words in _clauses(text):
        for index, word in enumerate(words):
            before = words[max(0, index - 2) : index]
            negated = any(w in NEGATIONS for w in before)
            if word in REJECTED and not negated:
                return True
            if word in PASSED and index > 0 and words[index - 1] in NEGATIONS:
                return True
            if word in PASSED and index > 1 and words[index - 2] in NEGATIONS:
                return True
            if word in NOT_MEANT and index > 0 and words[index - 1] in ("belum", "blm", "bukan"):
                return True
            if word in FAILED and not negated:
                after = words[index + 1 : index + 4]
                if any(w in FAILED_CONTEXT for w in after):
                    return True
                # Alone, "gagal" is about a job only in a short lament: "saya gagal", "gagal".
                if len(words) <= SHORT_MESSAGE and (index == 0 or words[index - 1] in PRONOUNS):
                    return True
    lowered = text.lower()
    return "didn't get the job" in lowered or "did not get the job" in lowered


# --- feelings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Feeling:
    id: str  # stable: in callback data
    button: str  # message id
    response: str  # message id


FEELINGS: tuple[Feeling, ...] = (
    Feeling(
        "sedih",
        N_("😢 Sedih"),
        N_(
            "Sedih itu tanda Anda sungguh peduli pada kesempatan ini. Tidak apa-apa untuk "
            "merasakannya."
        ),
    ),
    Feeling(
        "kesal",
        N_("😤 Kesal"),
        N_(
            "Kesal itu wajar, apalagi setelah Anda menyiapkan banyak hal. Biarkan rasa itu ada "
            "tanpa harus segera bertindak."
        ),
    ),
    Feeling(
        "cemas",
        N_("😟 Cemas"),
        N_(
            "Wajar jika Anda khawatir tentang langkah berikutnya. Kita akan menyusunnya pelan-"
            "pelan, satu per satu."
        ),
    ),
    Feeling(
        "ragu",
        N_("😔 Ragu pada diri sendiri"),
        N_(
            "Rasa ragu pada diri sendiri sering muncul setelah ditolak. Satu keputusan rekrutmen "
            "bukan ukuran kemampuan Anda."
        ),
    ),
    Feeling(
        "campur",
        N_("🌀 Campur aduk"),
        N_(
            "Perasaan campur aduk itu biasa. Anda tidak harus bisa menjelaskannya dengan tepat; "
            "cukup akui bahwa perasaan itu ada."
        ),
    ),
)
FEELINGS_BY_ID = {feeling.id: feeling for feeling in FEELINGS}


# --- thinking traps -----------------------------------------------------------------------


@dataclass(frozen=True)
class ThinkingTrap:
    id: str  # stable: in callback data
    thought: str  # the thought as the user might think it (button), message id
    name: str  # message id
    explanation: str  # message id
    counters: tuple[str, ...]  # message ids: thoughts to try instead


TRAPS: tuple[ThinkingTrap, ...] = (
    ThinkingTrap(
        "pribadi",
        N_("“Mereka menolak saya sebagai pribadi”"),
        N_("Menganggapnya serangan pribadi"),
        N_(
            "Penolakan terasa seperti penilaian atas diri Anda, padahal keputusan rekrutmen "
            "dipengaruhi banyak hal di luar kendali Anda: jumlah pelamar, anggaran, kandidat "
            "internal, atau kebutuhan tim yang berubah."
        ),
        (
            N_(
                "Mereka memilih kandidat sesuai kebutuhan mereka saat ini, bukan menakar harga "
                "diri saya sebagai manusia."
            ),
            N_(
                "Saya tidak tahu semua alasan di balik keputusan ini; saya bisa menanyakannya "
                "lewat permintaan umpan balik."
            ),
            N_("Saya sampai ke tahap wawancara: lamaran saya cukup kuat untuk dilirik."),
        ),
    ),
    ThinkingTrap(
        "total",
        N_("“Wawancaranya gagal total”"),
        N_("Berpikir hitam-putih"),
        N_(
            "Satu jawaban yang kurang pas terasa membuat seluruh wawancara gagal. Padahal "
            "wawancara terdiri dari banyak bagian, dan sebagian besar mungkin berjalan baik."
        ),
        (
            N_("Bagian mana yang berjalan baik? Saya bisa menyebut setidaknya dua."),
            N_(
                "Satu jawaban yang lemah adalah hal yang bisa dilatih, bukan bukti bahwa saya "
                "tidak mampu."
            ),
            N_("Hasilnya “belum diterima di sini”, bukan “tidak layak di mana pun”."),
        ),
    ),
    ThinkingTrap(
        "terburuk",
        N_("“Saya tidak akan pernah dapat kerja”"),
        N_("Membayangkan yang terburuk"),
        N_(
            "Pikiran melompat dari satu penolakan ke kesimpulan besar tentang masa depan. Mencari "
            "pekerjaan pertama di keamanan siber sering butuh banyak lamaran; penolakan adalah "
            "bagian biasa dari prosesnya."
        ),
        (
            N_("Satu penolakan hanyalah satu kejadian, bukan ramalan."),
            N_(
                "Banyak orang yang kini bekerja di keamanan siber pernah ditolak berkali-kali "
                "sebelum mendapat pekerjaan pertama mereka."
            ),
            N_(
                "Satu langkah kecil yang bisa saya ambil minggu ini: misalnya berlatih satu "
                "pertanyaan di /latihan."
            ),
        ),
    ),
)
TRAPS_BY_ID = {trap.id: trap for trap in TRAPS}


# --- the seed's actions --------------------------------------------------------------------

ACTIONS: tuple[str, ...] = (
    N_("Beri diri Anda waktu untuk merasakannya. Sudah Anda lakukan barusan."),
    N_("Ucapkan terima kasih kepada perusahaan atas kesempatan yang diberikan."),
    N_("Sampaikan bahwa Anda tetap tertarik pada posisi lain di kemudian hari."),
    N_("Minta umpan balik agar lebih siap pada kesempatan berikutnya."),
)


# --- tips that vary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tip:
    id: str  # stable: stored per user once shown
    text: str  # message id


TIPS: tuple[Tip, ...] = (
    Tip(
        "catat",
        N_(
            "Tulis apa yang Anda ingat dari wawancara selagi masih segar: pertanyaan yang muncul "
            "dan jawaban yang ingin Anda perbaiki. Itu bahan latihan terbaik Anda."
        ),
    ),
    Tip(
        "jeda",
        N_(
            "Beri jeda sebelum melamar lagi: sehari atau dua untuk istirahat, olahraga ringan, "
            "atau bertemu teman. Perasaan yang diberi ruang lebih cepat reda."
        ),
    ),
    Tip(
        "latihan",
        N_(
            "Latih satu pertanyaan yang terasa sulit dengan /latihan, lalu jawab lagi minggu "
            "depan dan bandingkan catatannya."
        ),
    ),
    Tip(
        "umpan_balik",
        N_(
            "Saat meminta umpan balik, tanyakan satu hal spesifik, misalnya: “Apa satu hal yang "
            "bisa saya perkuat untuk posisi seperti ini?” Pertanyaan yang spesifik lebih sering "
            "dijawab."
        ),
    ),
    Tip(
        "jejaring",
        N_(
            "Tetap terhubung dengan pewawancara di LinkedIn lewat pesan singkat yang sopan. "
            "Lowongan berikutnya sering datang dari orang yang sudah mengenal Anda."
        ),
    ),
    Tip(
        "target",
        N_(
            "Ubah target dari “diterima” menjadi hal yang bisa Anda kendalikan, misalnya lima "
            "lamaran yang disesuaikan dan dua sesi latihan minggu ini."
        ),
    ),
    Tip(
        "lab",
        N_(
            "Tambahkan satu hal kecil ke home lab atau portofolio Anda, misalnya menganalisis "
            "satu berkas log atau menulis ringkasan satu CVE. Itu juga bahan cerita untuk "
            "wawancara berikutnya."
        ),
    ),
    Tip(
        "komunitas",
        N_(
            "Bergabunglah dengan komunitas keamanan siber: meetup lokal, grup Discord, atau "
            "kompetisi CTF. Bertemu orang yang sedang memperjuangkan hal serupa membuat "
            "perjalanan terasa lebih ringan."
        ),
    ),
    Tip(
        "kemajuan",
        N_(
            "Akui kemajuan Anda: sampai ke tahap wawancara berarti CV Anda menarik perhatian. Itu "
            "pencapaian yang nyata."
        ),
    ),
    Tip(
        "sesuaikan",
        N_(
            "Baca lagi deskripsi lowongan berikutnya dan sesuaikan CV Anda dengan alat dan "
            "keterampilan yang disebutkan, misalnya SIEM, Linux, atau Python."
        ),
    ),
    Tip(
        "cerita",
        N_(
            "Ceritakan perasaan Anda kepada orang yang Anda percaya. Mengucapkannya sering membuat "
            "beban terasa lebih ringan."
        ),
    ),
    Tip(
        "tubuh",
        N_(
            "Jaga pola tidur dan makan Anda. Persiapan yang baik lebih mudah saat tubuh tidak "
            "kelelahan."
        ),
    ),
    Tip(
        "pola",
        N_(
            "Jika penolakan datang di tahap yang sama beberapa kali, misalnya wawancara teknis, "
            "itu petunjuk berharga: fokuskan latihan Anda di sana."
        ),
    ),
)
TIPS_PER_VISIT = 2


def pick_tips(seen: Mapping[str, datetime], count: int = TIPS_PER_VISIT) -> list[Tip]:
    """Tips not shown to this user yet, in order; once all are used, the longest unseen."""
    fresh = [tip for tip in TIPS if tip.id not in seen]
    used = sorted((tip for tip in TIPS if tip.id in seen), key=lambda tip: seen[tip.id])
    return (fresh + used)[:count]


# --- the check-in --------------------------------------------------------------------------

CHECK_IN_DAYS: Sequence[int] = (2, 3, 5)
MAX_LESSON_CHARS = 500
# A company typed for the rejection draft is cut here: the stored company column holds 200.
MAX_COMPANY_CHARS = 200
