"""The practice question bank, the Indonesian stemmer, and the insights on sample answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.coach.insights import Length, StarPart, analyse, describe, read, roots, stem
from bot.coach.practice import (
    GLOSSARY,
    QUESTIONS,
    QUESTIONS_BY_ID,
    SET_SIZE,
    Category,
    pick_set,
    untried,
)
from bot.i18n import use_locale
from tests.test_catalogs import html_problems

# --- the question bank --------------------------------------------------------------------


def test_the_bank_has_at_least_forty_questions_with_unique_stable_ids() -> None:
    assert len(QUESTIONS) >= 40
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    # Ids are stored in a String(32) column and read by people: short, lower case, prefixed.
    prefixes = {Category.GENERAL: "u-", Category.BEHAVIOURAL: "p-", Category.TECHNICAL: "t-"}
    for question in QUESTIONS:
        assert len(question.id) <= 32
        assert question.id == question.id.lower()
        assert question.id.startswith(prefixes[question.category])


def test_every_category_is_represented_and_talking_points_are_complete() -> None:
    counts = {
        category: len([q for q in QUESTIONS if q.category is category]) for category in Category
    }
    assert counts[Category.GENERAL] >= 8
    assert counts[Category.BEHAVIOURAL] >= 8
    assert counts[Category.TECHNICAL] >= 15
    for question in QUESTIONS:
        assert question.text.strip()
        assert len(question.points) >= 3, question.id
        assert all(point.text and point.cues for point in question.points), question.id
        assert all(term in GLOSSARY for term in question.terms), question.id
        low, high = question.words
        assert 0 < low < high


def test_the_bank_covers_the_questions_the_issue_names() -> None:
    texts = " ".join(q.text for q in QUESTIONS)
    for expected in (
        "Ceritakan tentang diri Anda",
        "keamanan siber",
        "CIA triad",
        "TCP/IP",
        "SIEM",
        "NIST",
        "respons insiden",
        "phishing",
        "false positive",
        "least privilege",
        "IDS dan IPS",
        "MFA",
        "enkripsi simetris dan asimetris",
        "home lab",
    ):
        assert expected in texts, expected
    assert any(q.star for q in QUESTIONS)


def test_sets_prefer_untried_questions() -> None:
    fresh = pick_set(Category.TECHNICAL, {})
    assert len(fresh) == SET_SIZE
    assert all(q.category is Category.TECHNICAL for q in fresh)
    answered = {q.id: datetime(2026, 11, 1, tzinfo=UTC) for q in fresh}
    following = pick_set(Category.TECHNICAL, answered)
    assert not {q.id for q in following} & set(answered)
    mixed = pick_set(None, {})
    assert [q.category for q in mixed] == [
        Category.GENERAL,
        Category.BEHAVIOURAL,
        Category.BEHAVIOURAL,
        Category.TECHNICAL,
        Category.TECHNICAL,
    ]
    assert len(untried(answered)) == len(QUESTIONS) - SET_SIZE


def test_once_all_are_tried_the_oldest_come_back_first() -> None:
    general = [q for q in QUESTIONS if q.category is Category.GENERAL]
    answered = {q.id: datetime(2026, 11, 1 + i, tzinfo=UTC) for i, q in enumerate(general)}
    answered[general[3].id] = datetime(2026, 10, 1, tzinfo=UTC)
    assert pick_set(Category.GENERAL, answered)[0] is general[3]


# --- the stemmer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("menganalisis", "analisis"),
        ("mendeteksi", "deteksi"),
        ("pemantauan", "pantau"),
        ("keamanan", "aman"),
        ("jaringannya", "jaring"),
        ("dienkripsi", "enkripsi"),
        ("terenkripsi", "enkripsi"),
        ("berkomunikasi", "komunikasi"),
        ("menyerang", "serang"),
        ("memprioritaskan", "prioritas"),
        ("perlindungan", "lindung"),
        ("pembelajaran", "ajar"),
        ("mempelajari", "ajar"),
        ("melindungi", "lindung"),
        ("bekerja", "kerja"),
        ("pekerjaan", "kerja"),
        ("perusahaan", "usaha"),
        ("kerentanan", "rentan"),
        ("menggunakan", "guna"),
        ("meningkatkan", "tingkat"),
        ("berhasil", "hasil"),
        ("hasilnya", "hasil"),
        ("diidentifikasi", "identifikasi"),
        ("ngecek", "cek"),
        ("nganalisis", "analisis"),
        # Roots that only look affixed stay whole.
        ("kerja", "kerja"),
        ("nilai", "nilai"),
        ("mulai", "mulai"),
        ("berita", "berita"),
        ("teman", "teman"),
        ("langkah", "langkah"),
        ("masalah", "masalah"),
        ("SIEM", "siem"),
        ("443", "443"),
    ],
)
def test_stem(word: str, root: str) -> None:
    assert stem(word) == root


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("mengirim", "kirim"),  # meng- before a vowel may have swallowed a k
        ("memonitor", "monitor"),  # mem- before a vowel, an m root
        ("menilai", "nilai"),
        ("mengecek", "cek"),
        ("kebijakan", "bijak"),
        ("ngamanin", "aman"),  # informal -in
        ("ditolakkk", "tolak"),
    ],
)
def test_roots_offer_every_plausible_root(word: str, root: str) -> None:
    assert root in roots(word)


@pytest.mark.parametrize(
    ("word", "cue"),
    [
        ("logs", "log"),
        ("logging", "log"),
        ("escalated", "escalate"),
        ("detection", "detect"),
        ("vulnerabilities", "vulnerability"),
    ],
)
def test_english_words_are_found_by_their_base_form(word: str, cue: str) -> None:
    """English forms meet through their Porter2 key, not through a root of their own."""
    assert read(word).has(cue)


def test_phrases_match_adjacent_words_by_their_roots() -> None:
    reading = read("Prinsip hak akses minimumnya dijaga; false positive-nya turun.")
    assert reading.has("hak akses minimum")
    assert reading.has("false positive")
    assert not read("positive itu false").has("false positive")
    assert reading.matches("least_privilege")  # a glossary id stands for all its forms


# --- insights on sample answers --------------------------------------------------------------

STAR_STORY = (
    "Waktu itu, saat magang di tim IT sebuah bank, ada lonjakan email phishing. Tugas saya "
    "membantu menyaring laporan yang masuk. Pertama, saya menganalisis header setiap email, "
    "kemudian membuat daftar domain yang harus diblokir dan mengeskalasi kasus ke tim keamanan. "
    "Hasilnya, dalam dua minggu email phishing yang lolos turun 40%."
)
ABOUT_ME = (
    "Saya lulusan Teknik Informatika dan sempat bekerja sebagai staf IT support. Saya tertarik "
    "pada keamanan siber sejak membantu kantor memulihkan laptop yang terkena ransomware. Saya "
    "menyelesaikan Google Cybersecurity Certificate dan membangun home lab dengan VirtualBox, "
    "Wazuh sebagai SIEM, dan beberapa mesin Linux untuk berlatih menganalisis log. Saya ingin "
    "bergabung sebagai analis SOC di perusahaan ini."
)


@dataclass(frozen=True)
class Case:
    name: str
    question: str
    answer: str
    length: Length | None = None
    words: int | None = None
    terms: frozenset[str] = frozenset()  # at least these
    not_terms: frozenset[str] = frozenset()
    star: tuple[StarPart, ...] | None = None  # exactly these, when given
    fillers: dict[str, int] | None = None
    top: tuple[tuple[str, int], ...] | None = None
    missing_points: tuple[int, ...] | None = None
    missing_terms: frozenset[str] | None = None


S, T, A, R = StarPart.SITUATION, StarPart.TASK, StarPart.ACTION, StarPart.RESULT

CASES = [
    Case("empty", "u-diri", "", length=Length.EMPTY, words=0, star=None, fillers={},
         top=(), missing_points=(0, 1, 2, 3)),
    Case("one word", "u-diri", "Siap.", length=Length.SHORT, words=1, fillers={}, top=(),
         missing_points=(0, 1, 2, 3)),
    Case("emoji only", "t-cia", "🔥🔥🚀 👍", length=Length.EMPTY, words=0, top=()),
    Case("about me", "u-diri", ABOUT_ME, length=Length.GOOD,
         terms=frozenset({"siem", "home_lab", "linux", "analisis", "log", "soc", "sertifikasi"}),
         missing_points=(), missing_terms=frozenset()),
    Case("english", "t-siem",
         "I analyzed the logs in our SIEM, triaged the alerts and escalated one incident to the "
         "team. The correlation rules in Splunk produced most of the detections.",
         terms=frozenset({"analisis", "log", "siem", "alert", "eskalasi", "insiden", "triase",
                          "deteksi"}),
         missing_points=(), missing_terms=frozenset({"soc"})),
    Case("stemmed verbs", "t-siem",
         "Saya menganalisis log, mendeteksi anomali, lalu mengeskalasi insidennya.",
         terms=frozenset({"analisis", "log", "deteksi", "eskalasi", "insiden"})),
    Case("informal", "t-siem", "aku ngecek alertnya di SIEM terus nganalisis lognya",
         terms=frozenset({"alert", "siem", "analisis", "log"})),
    Case("fillers", "u-kekuatan", "Eh emm jadi anu kayak gitu, hmm, saya ngecek log gitu.",
         fillers={"eh": 1, "emm": 1, "hmm": 1, "anu": 1, "kayak": 1, "gitu": 2}),
    Case("full STAR", "p-tantangan", STAR_STORY, star=(S, T, A, R),
         terms=frozenset({"phishing", "analisis", "eskalasi", "kerja_tim"}), fillers={}),
    Case("STAR without a result", "p-tim",
         "Waktu itu saat magang, tugas saya memantau alert. Saya memeriksa log lalu melapor.",
         star=(S, T, A)),
    Case("STAR in English", "p-tekanan",
         "When I was an intern, my task was to clear a backlog of tickets before an audit. I "
         "decided to sort them by risk and then contacted each owner. As a result, we finished "
         "two days early.",
         star=(S, T, A, R)),
    Case("no STAR cues", "p-konflik", "Saya orang yang sabar dan tenang.", star=(),
         length=Length.SHORT),
    Case("technical: no STAR asked", "t-cia", STAR_STORY, star=None),
    Case("CIA complete", "t-cia",
         "CIA triad terdiri dari kerahasiaan, integritas, dan ketersediaan. Contohnya, enkripsi "
         "menjaga kerahasiaan, hash memeriksa integritas, dan backup menjaga ketersediaan.",
         terms=frozenset({"cia", "kerahasiaan", "integritas", "ketersediaan", "enkripsi", "hash",
                          "backup"}),
         missing_points=(), missing_terms=frozenset()),
    Case("CIA partial", "t-cia", "Kerahasiaan dan integritas data.", missing_points=(2, 3),
         missing_terms=frozenset({"cia", "ketersediaan", "enkripsi", "hash"})),
    Case("false positive and negative", "t-fpfn",
         "False positive itu alarm palsu, sedangkan negatif palsu berarti serangan tidak "
         "terdeteksi. Yang kedua lebih berbahaya, jadi aturan perlu tuning.",
         terms=frozenset({"false_positive", "false_negative", "deteksi"}), missing_points=()),
    Case("words far apart are no phrase", "t-fpfn", "positive itu false",
         not_terms=frozenset({"false_positive"})),
    Case("reduplication and a phrase", "t-ir", "Langkah-langkah penanganan insiden dimulai.",
         words=4, terms=frozenset({"respons_insiden", "insiden"})),
    Case("a percentage is a result", "p-inisiatif",
         "Saya membuat skrip Python dan waktu triase turun 30%.", star=(A, R),
         terms=frozenset({"python", "skrip", "triase"})),
    Case("least privilege in Indonesian", "t-least",
         "Prinsip hak akses minimum: pengguna hanya mendapat akses yang dibutuhkan.",
         terms=frozenset({"least_privilege"})),
    Case("stop words are not top words", "u-kekuatan",
         "yang yang yang data data keamanan keamanan", top=(("data", 2), ("keamanan", 2))),
    Case("top words grouped by root", "t-ir",
         "Insiden itu, insidennya, dan insiden lain saya dokumentasikan.",
         top=(("insiden/insidennya", 3),)),
    Case("numbers count", "t-port", "443 untuk HTTPS, 80 untuk HTTP, 22 untuk SSH.",
         missing_points=(2, 3), terms=frozenset({"protokol"})),
    Case("nothing job-related", "u-kekuatan", "Saya suka makan nasi goreng.",
         terms=frozenset(), not_terms=frozenset(GLOSSARY), top=()),
    Case("very long", "u-diri", " ".join([ABOUT_ME] * 12), length=Length.LONG,
         terms=frozenset({"siem", "home_lab"}), missing_points=()),
    Case("markup is text", "t-skrip", "<script>alert(1)</script> <script>x</script>",
         terms=frozenset({"skrip", "alert"}), top=(("script", 4),)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_insights_on_sample_answers(case: Case) -> None:
    question = QUESTIONS_BY_ID[case.question]
    found = analyse(case.answer, question)
    if case.length is not None:
        assert found.length is case.length
    if case.words is not None:
        assert found.word_count == case.words
    assert case.terms <= set(found.terms), set(found.terms)
    assert not case.not_terms & set(found.terms)
    if question.star:
        assert found.star_expected
        if case.star is not None:
            assert found.star_found == case.star
    else:
        assert not found.star_expected
    if case.fillers is not None:
        assert dict(found.fillers) == case.fillers
    if case.top is not None:
        assert found.top_words == case.top
    if case.missing_points is not None:
        assert found.missing_points == case.missing_points
    if case.missing_terms is not None:
        assert set(found.missing_terms) == case.missing_terms
    # Whatever the answer, the message is HTML Telegram accepts, in both languages.
    for locale in ("id", "en"):
        with use_locale(locale):
            message = describe(question, found)
        assert not html_problems(message), message
    assert len(message) < 4096


def test_the_message_names_what_is_missing() -> None:
    question = QUESTIONS_BY_ID["p-tim"]
    found = analyse(
        "Waktu itu saat magang, tugas saya memantau alert. Saya memeriksa log lalu melapor. "
        "Eh, gitu.",
        question,
    )
    message = describe(question, found)
    assert "✅ Situasi · ✅ Tugas · ✅ Aksi · ⬜ Hasil" in message
    assert "Hasil: tutup dengan hasilnya" in message
    assert "eh (1×), gitu (1×)" in message
    assert "Hasil yang dicapai tim" in message  # a talking point not covered
    summary = found.summary()
    assert summary["star"] == ["situasi", "tugas", "aksi"]
    assert summary["fillers"] == 2
