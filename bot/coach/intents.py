"""What a free-text chat message means to the coach: an intent, how sure, and whether to act.

Three layers, each doing what it does best (bench/RESULTS.md has the measurements):

1. **Small talk by rule.** A message made only of greeting, thanks and "ok" words ("makasih ya
   kak", "oke siap", "halo min") is that, whatever a model would say.
2. **A nearest-centroid model** over TF-IDF features learnt from the labelled corpus in
   `corpus/intents.tsv` (its `train` split, once, at first use: a fraction of a second): the
   words in their canonical chat spelling, word pairs, character n-grams (which survive typos),
   and *concepts* — small hand-written word lists such as salary words or fear words, matched
   by spelling, by root (bot/coach/insights.py's stemmer) and with one typo. Concepts carry
   what 24 examples per intent cannot teach: that "negoisasi" and "counter offer" are about
   salary, that "gemeteran" is fear.
3. **Condolence only on evidence.** The model never decides alone that the writer was rejected:
   `rejected` and `sad_after_rejection` are answered only when `reports_own_rejection()` finds a
   rejection of the writer that has happened ("ga lolos", "dapet email penolakan"), and not a
   fear of one ("takut ga lolos besok"), someone else's ("temen gw ditolak"), a question
   ("ditolak ga sih?") or a rejection that is not about a job ("kartu kredit aku ditolak"). A
   rejection missed costs the user one tap on /tangguh; condolences for one that did not happen
   cost the coach the user's trust. Which of the two it is then follows the words: feelings
   ("sedih", "down", "capek") make it `sad_after_rejection`.

Below CONFIDENT_AT the caller should ask or show the menu rather than act.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Final

from bot.coach.chattext import edit_distance, fold, words
from bot.coach.dates import mentions_when
from bot.coach.insights import roots
from bot.coach.resilience import mentions_rejection

__all__ = [
    "CONDOLENCE",
    "CONFIDENT_AT",
    "CORPUS_PATH",
    "HELD_OUT_SPLITS",
    "LEARN_SPLITS",
    "SPLITS",
    "Example",
    "Intent",
    "IntentClassifier",
    "IntentResult",
    "Source",
    "classify",
    "default_classifier",
    "load_corpus",
    "reports_own_rejection",
]

CORPUS_PATH: Final = Path(__file__).resolve().parent / "corpus" / "intents.tsv"


class Intent(StrEnum):
    """What a message is about. Values are the corpus labels: never rename one."""

    GREETING = "greeting"
    THANKS = "thanks"
    ACKNOWLEDGEMENT = "acknowledgement"
    PASSED_STAGE = "passed_stage"
    INTERVIEW_SCHEDULED = "interview_scheduled"
    OFFER_RECEIVED = "offer_received"
    REJECTED = "rejected"
    ASK_NEGOTIATE_SALARY = "ask_negotiate_salary"
    ASK_THANK_YOU_EMAIL = "ask_thank_you_email"
    ASK_REPLY_RECRUITER = "ask_reply_recruiter"
    ASK_PREPARE_INTERVIEW = "ask_prepare_interview"
    ASK_QUESTIONS_FOR_INTERVIEWER = "ask_questions_for_interviewer"
    ASK_HOW_LONG_TO_WAIT = "ask_how_long_to_wait"
    NERVOUS_BEFORE_INTERVIEW = "nervous_before_interview"
    SAD_AFTER_REJECTION = "sad_after_rejection"
    PRACTICE_REQUEST = "practice_request"
    SCAM_CHECK = "scam_check"
    OTHER = "other"


# The intents whose answer assumes the writer was just turned down.
CONDOLENCE: Final = frozenset({Intent.REJECTED, Intent.SAD_AFTER_REJECTION})


class Source(StrEnum):
    """Which layer decided; for logs and the benchmark, not for the user."""

    EMPTY = "empty"  # no words at all
    SMALL_TALK = "small_talk"  # every word a greeting, thanks or "ok" word
    MODEL = "model"
    REJECTION = "rejection"  # reports_own_rejection() found the writer's rejection
    NO_REJECTION = "no_rejection"  # the model said rejected/sad; the evidence was not there
    NOT_THE_WRITER = "not_the_writer"  # someone else's rejection, or not about a job
    SCAM_WORD = "scam_word"  # "penipuan", "scam", "modus": the user asks whether it is one
    OUT_OF_SCOPE = "out_of_scope"  # no word the coach's subjects are made of
    DECLINED = "declined"  # the writer reports turning an offer down ("aku nolak offernya")


@dataclass(frozen=True)
class IntentResult:
    """The intent of one message."""

    intent: Intent
    confidence: float  # 0..1: the model's probability, or a rule's fixed certainty
    confident: bool  # act on it; otherwise ask which one, or show the menu
    source: Source
    runner_up: Intent | None = None  # the next likeliest intent, for a "did you mean" choice


# Below this the caller asks instead of acting. Chosen on the dev split (cross-validation):
# bench/RESULTS.md has the accuracy of confident answers and how many are confident.
CONFIDENT_AT: Final = 0.6
# Certainty reported for a rule's decision: rules are written for precision.
_RULE_CONFIDENCE: Final = 0.95


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- small talk ---------------------------------------------------------------------------

_GREETINGS: Final = _words(
    "halo hallo helo hello hai hi hey hay hei pagi siang sore malam malem selamat met "
    "assalamualaikum assalamualaikum permisi misi yo woi salam kenal morning afternoon evening "
    "there p"
)
_THANKS: Final = _words(
    "makasih makasi terima kasih terimakasih trimakasih thanks thank thx tq ty trims tengkyu "
    "suwun matur nuwun nuhun tks 🙏"
)
_ACKNOWLEDGEMENTS: Final = _words(
    "ok oke okay okey sip siap noted baik baiklah yaudah mantap mantul alright cool fine "
    "iya ya yup yap paham ngerti gitu oh sounds good got it 👍 👌 🆗 understood sure "
    "okedeh okelah okeh dimengerti"
)
# Words that may sit around small talk without making it something else.
_SMALL_TALK_FILLERS: Final = _words(
    "kak kakak min admin bot pelatih coach bro sis gan mas mbak ya yah deh dong sih nih lah "
    "banget banyak so much a lot lagi juga semua all you atas bantuannya bantuan infonya "
    "sarannya udah dibantu ngebantu berguna jadi lebih tenang hehe wkwk wkwkwk haha the "
    "bagus keren membantu helpful good great nice bnyk nggih anyone here "
    # praise for what the coach just wrote: "thx kak drafnya bagus" thanks, it asks for nothing
    "drafnya draftnya contohnya jawabannya penjelasannya"
)


# Phrases that are small talk although their words, alone, are not: "apa kabar" is a greeting,
# not a question about news from a recruiter; "nanti aku kabarin" promises news, it asks for none.
_SMALL_TALK_PHRASES: Final[Mapping[tuple[str, ...], Intent]] = {
    ("apa", "kabar"): Intent.GREETING,
    ("apa", "kabarnya"): Intent.GREETING,
    ("gimana", "kabar"): Intent.GREETING,
    ("gimana", "kabarnya"): Intent.GREETING,
    ("how", "are", "you"): Intent.GREETING,
    ("how", "r", "u"): Intent.GREETING,
    ("how", "are", "u"): Intent.GREETING,
    ("nanti", "aku", "kabari"): Intent.ACKNOWLEDGEMENT,
    ("nanti", "aku", "kabarin"): Intent.ACKNOWLEDGEMENT,
    ("nanti", "aku", "update"): Intent.ACKNOWLEDGEMENT,
    ("aku", "kabari"): Intent.ACKNOWLEDGEMENT,
    ("aku", "kabarin"): Intent.ACKNOWLEDGEMENT,
    ("let", "you", "know"): Intent.ACKNOWLEDGEMENT,
    ("i", "see"): Intent.ACKNOWLEDGEMENT,
    # "min mau tanya": the question is still to come; "test": trying the bot out.
    ("mau", "tanya"): Intent.GREETING,
    ("mau", "nanya"): Intent.GREETING,
    ("boleh", "tanya"): Intent.GREETING,
    ("boleh", "nanya"): Intent.GREETING,
    ("izin", "tanya"): Intent.GREETING,
    ("izin", "bertanya"): Intent.GREETING,
    ("numpang", "tanya"): Intent.GREETING,
    ("test",): Intent.GREETING,
    ("tes",): Intent.GREETING,
    ("testing",): Intent.GREETING,
}


def _without_small_talk_phrases(tokens: Sequence[str]) -> tuple[list[str], set[Intent]]:
    """The tokens with the small-talk phrases taken out, and what those phrases were."""
    rest: list[str] = []
    found: set[Intent] = set()
    index = 0
    while index < len(tokens):
        for phrase, intent in _SMALL_TALK_PHRASES.items():
            if tuple(tokens[index : index + len(phrase)]) == phrase:
                found.add(intent)
                index += len(phrase)
                break
        else:
            rest.append(tokens[index])
            index += 1
    return rest, found


def _squeezed(word: str) -> str:
    """The word with stretched letters cut to one: "okk", "siapp", "makasiii" -> "ok"... Chat
    stretches small-talk words; the lexicon cannot list every length."""
    return re.sub(r"(.)\1+", r"\1", word)


_SQUEEZED: Final[Mapping[str, str]] = {
    _squeezed(word): word
    for word in _GREETINGS | _THANKS | _ACKNOWLEDGEMENTS | _SMALL_TALK_FILLERS
}


def _small_talk(tokens: Sequence[str]) -> Intent | None:
    """Greeting, thanks or acknowledgement, when that is all the message is."""
    known = _GREETINGS | _THANKS | _ACKNOWLEDGEMENTS | _SMALL_TALK_FILLERS
    tokens = [t if t in known else _SQUEEZED.get(_squeezed(t), t) for t in tokens]
    tokens, phrases = _without_small_talk_phrases(tokens)
    if not (tokens or phrases) or any(token not in known for token in tokens):
        return None
    if any(token in _THANKS for token in tokens):
        return Intent.THANKS  # "oke makasih": the thanks is what needs an answer
    if Intent.GREETING in phrases or any(token in _GREETINGS for token in tokens):
        return Intent.GREETING
    if Intent.ACKNOWLEDGEMENT in phrases or any(token in _ACKNOWLEDGEMENTS for token in tokens):
        return Intent.ACKNOWLEDGEMENT
    return None


# --- concepts -----------------------------------------------------------------------------

# Hand-written word lists, in the canonical spellings of chattext.words(). A message's concepts
# are features of the model; a few also drive the rejection rules below.
CONCEPTS: Final[Mapping[str, frozenset[str]]] = {
    name: _words(forms)
    for name, forms in {
        "greet": "halo hai hello hey pagi siang sore malam assalamualaikum permisi",
        "thank": "makasih thanks thank thx trims tengkyu",
        "ack": "ok oke okay sip siap noted baik mantap paham ngerti",
        "passed": "lolos lulus lanjut passed pass shortlist kepilih terpilih berhasil moved round",
        # Graduating from school is not passing a selection: "aku lulusan informatika".
        "graduate": "lulusan wisuda graduate graduated graduation alumni jurusan",
        "stage": "tahap round screening psikotes tes test user hr final teknis teknikal "
        "technical administrasi berkas seleksi tertulis fgd assessment",
        "schedule": "jadwal dijadwalin dijadwalkan undangan undang diundang dipanggil panggil "
        "panggilan scheduled invite invited invitation ngajak ajak",
        "offer": "offer offering ol tawaran penawaran kontrak hired offered",
        "got": "dapet dikasih got received receive dateng datang masuk kirim",
        "accepted": "diterima keterima",
        "job": "kerja job pekerjaan posisi position",
        "reject": "ditolak tolak penolakan rejected rejection reject dirijek direject gagal "
        "regret fail failed",
        "sad": "sedih down nyesek kecewa nangis capek lelah patah hancur galau stress stres "
        "minder malu bete hampa nyerah menyerah worthless devastated hopeless hope sakit sia "
        "semangat bangkit sad upset depresi frustasi kesel kesal ngerasa merasa rasanya feel "
        "pantes becus bodoh useless",
        "fear": "takut gugup grogi degdegan deg cemas khawatir kuatir nervous anxious anxiety "
        "panik panic worried worry afraid scared gemeteran gemetar blank insecure pede tegang "
        "overthinking kepikiran",
        # Getting rid of something ("cara ngilangin gugup"): listed so that the root does not
        # make it "ngilang", a recruiter vanishing (wait).
        "cope": "ngilangin ilangin hilangin menghilangkan ngatasin atasi mengatasi",
        "future": "besok lusa nanti depan bakal akan tomorrow kalau seandainya misal if will",
        "salary": "gaji salary nego negosiasi negoisasi negotiate negotiation counter "
        "tunjangan thr benefit juta jt rp expected ekspektasi range naik kecil",
        "email": "email mail note letter surat subject template draft drafnya",
        "thankword": "makasih terima thank ucapan",
        "reply": "bales balas balesan balasan reply respond respon ngomong konfirmasi nolak",
        "answer": "jawab menjawab answer",
        # what interviewers ask about: the answer to prepare
        "topic": "kelebihan kekurangan ceritakan diri yourself strengths weaknesses star metode "
        "gap motivasi",
        "recruiter": "recruiter rekruter hr hrd headhunter",
        "prepare": "persiapan siap siapin disiapin siapkan prepare tips belajar pelajari "
        "dipelajari review riset baju dibawa bawa wear outfit attire pakaian",
        "ask": "nanya tanya ask tanyain ditanyakan pertanyaan questions question",
        "back": "balik end akhir penutup reverse",
        "interviewer": "interviewer pewawancara",
        "wait": "kabar nunggu tunggu nungguin follow ghosting ghost hear response update status "
        "lama ngabarin dikabarin kabarin dihubungin ngilang news progres hasil sejak since "
        "pengumuman wait waiting",
        "practice": "latihan practice mock simulasi roleplay quiz coba",
        # Words that name a job scam outright; paying and proving identity are their own concept.
        "scam": "penipuan penipu tipu nipu scam fake modus hoax curiga",
        "pay": "bayar transfer tf deposit biaya otp ktp rekening jaminan money pay pelatihan "
        "training seragam",
        "real": "asli beneran legit valid aman resmi",
        "vacancy": "loker lowongan",
        "other_person": "temen teman pacar adik kakak sepupu abang friend suami istri",
        "question": "gimana apa kapan berapa how what should when apakah kok kenapa why",
        "interview": "interview wawancara",
    }.items()
}
# Two- and three-word forms whose words mean something else apart.
_PHRASES: Final[Mapping[tuple[str, ...], str]] = {
    ("thank", "you"): "thank",
    ("terima", "kasih"): "thankword",
    ("follow", "up"): "wait",
    ("hear", "back"): "wait",
    ("call", "back"): "wait",
    ("me", "back"): "wait",  # "call me back", "get me back"
    ("move", "on"): "sad",
    ("patah", "hati"): "sad",
    ("sakit", "hati"): "sad",
    ("putus", "asa"): "sad",
    ("bisa", "tidur"): "fear",  # "ga bisa tidur mikirin interview besok"
    ("susah", "tidur"): "fear",
    ("what", "if"): "future",
    ("any", "questions"): "ask",
    ("ada", "pertanyaan"): "back",  # the interviewer's "ada pertanyaan?": the writer asks back
    ("part", "time"): "vacancy",
    ("like", "video"): "scam",  # "part time like video YouTube": a known lure
    ("kartu", "kredit"): "pay",
    ("medical", "check"): "pay",
    ("counter", "offer"): "salary",
    ("nanya", "balik"): "back",
    ("tanya", "balik"): "back",
    ("mock", "interview"): "practice",
    ("offering", "letter"): "offer",
    ("offer", "letter"): "offer",
    ("dapet", "kerja"): "offer",
    ("got", "the", "job"): "offer",
    ("landed", "the", "job"): "offer",
    # "tanyain aku", "tes aku", "interview me": the bot is asked to play the interviewer
    ("tanyain", "aku"): "practice",
    ("tes", "aku"): "practice",
    ("test", "me"): "practice",
    ("quiz", "me"): "practice",
    ("interview", "aku"): "practice",
    ("interview", "me"): "practice",
}
_CONCEPTS_OF: Final[Mapping[str, frozenset[str]]] = {
    word: frozenset(name for name, forms in CONCEPTS.items() if word in forms)
    for word in frozenset().union(*CONCEPTS.values())
}
_BY_INITIAL: Final[Mapping[str, tuple[str, ...]]] = {
    initial: tuple(sorted(w for w in _CONCEPTS_OF if w[0] == initial and len(w) >= 5))
    for initial in {w[0] for w in _CONCEPTS_OF}
}


@lru_cache(maxsize=8192)
def _word_concepts(word: str) -> frozenset[str]:
    """Concepts of one word: by spelling, by any root it may have, or with one typo."""
    if word in _CONCEPTS_OF:
        return _CONCEPTS_OF[word]
    found: set[str] = set()
    if word.isalpha():
        for root in roots(word):  # "dijadwalin" -> jadwal, "temenku" -> temen
            found |= _CONCEPTS_OF.get(root, frozenset())
    if not found and len(word) >= 5:
        # One slip of the finger ("negoisasi", "penipuaan"), same first letter, long words only:
        # short words are too close to each other ("gaji", "gagal").
        for close in _BY_INITIAL.get(word[0], ()):
            if edit_distance(word, close, 2) <= 1:
                found |= _CONCEPTS_OF[close]
    return frozenset(found)


# "lulus" before one of these is graduating, not passing: "baru lulus kuliah", "lulus SMK".
_SCHOOLING: Final = _words("kuliah kampus sekolah sma smk smp s1 s2 d3 d4 universitas univ")


def concepts(tokens: Sequence[str]) -> frozenset[str]:
    """The concepts a message's words carry, pairs such as "terima kasih" included."""
    found: set[str] = set()
    for index, word in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if word == "lulus" and following in _SCHOOLING:
            found.add("graduate")
            continue
        found |= _word_concepts(word)
    for size in (2, 3):
        for start in range(len(tokens) - size + 1):
            phrase = tuple(tokens[start : start + size])
            if phrase in _PHRASES:
                found.add(_PHRASES[phrase])
    return frozenset(found)


# --- the writer's own rejection -------------------------------------------------------------

_NEGATIONS: Final = _words("ga belum bukan not never didnt")
_OUTCOMES: Final = _words(
    "lolos lulus diterima keterima lanjut terpilih selected accepted hired pass passed "
    "dilanjut dilanjutkan"
)
_REJECTION_WORDS: Final = _words(
    "ditolak tertolak ketolak penolakan rejected rejection rejects dirijek direject"
)
_FAILED: Final = _words("gagal fail failed")
_NOT_MEANT: Final = _words("rezeki jodoh")  # "belum rezeki": resilience.mentions_rejection
_REPEATED: Final = _words("trus mulu melulu lagi selalu always again keep")
# Ways of saying it that resilience.mentions_rejection does not know.
_EXPLICIT: Final = (
    "didnt get the job",
    "did not get the job",
    "not selected",
    "wasnt selected",
    "regret to inform",
    "we regret",
    "unsuccessful",
    "not moving forward",
    "other candidates",
    "kandidat lain",
)
_PREPOSITIONS: Final = _words("sama ke dengan buat untuk dari with to for about")
_NOT_A_JOB: Final = _words(
    "kredit kpr pinjaman pinjol visa beasiswa proposal skripsi jurnal paper cinta gebetan "
    "crush cewek cowok cewe cowo doi snbt ptn kampus sekolah ujian diet nikah menikah kawin "
    "pacaran nembak "  # "lamaran nikah aku ditolak": a proposal of marriage
    "paham login bayar transfer upload download loading"  # "gagal paham" is an idiom
)
_QUESTION_TAGS: Final = _words("ga bukan kah ya")
_CLAUSE: Final = re.compile(r"[.,;:!\n()]+|(?<=\?)")


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """Clauses of a message as (words, asked): asked when the clause ends in a question mark."""
    out: list[tuple[list[str], bool]] = []
    for clause in _CLAUSE.split(fold(text)):
        tokens = words(clause)
        if tokens:
            out.append((tokens, clause.rstrip().endswith("?")))
    return out


def _mentioned(tokens: Sequence[str]) -> bool:
    """Whether a clause says someone was turned down, whoever and whenever."""
    clause = " ".join(tokens)
    if mentions_rejection(clause) or any(phrase in clause for phrase in _EXPLICIT):
        return True
    # "aku ngerasa gagal terus": failing again and again is about the job hunt.
    return any(word in _FAILED for word in tokens) and any(w in _REPEATED for w in tokens)


def _rejection_at(tokens: Sequence[str]) -> int:
    """Where in a clause the rejection is said ("ditolak", "ga lolos"); its end if unclear."""
    for index, token in enumerate(tokens):
        before = tokens[max(0, index - 2) : index]
        negated = any(word in _NEGATIONS for word in before)
        if token in _REJECTION_WORDS or token in _FAILED or token in _NOT_MEANT:
            return index
        if token in _OUTCOMES and negated:
            return index
    return len(tokens)


class _Rejection(StrEnum):
    """What a message says about a rejection."""

    NONE = "none"  # nothing
    REPORTED = "reported"  # the writer was turned down for a job
    FEARED = "feared"  # feared or hypothetical: "takut ga lolos besok", "kalo ditolak"
    SOMEONE_ELSE = "someone_else"  # "temen gw ditolak", "kartu kredit aku ditolak"
    ASKED = "asked"  # "ditolak ga sih?"


def _someone_else(tokens: Sequence[str], before: int | None = None) -> bool:
    """Whether someone other than the writer is the subject: "temen gw ditolak", "adikku lolos".

    A person named after a preposition is not the subject: "malu sama ortu ga keterima".
    """
    for index in range(len(tokens) if before is None else before):
        someone = "other_person" in _word_concepts(tokens[index])
        if someone and (index == 0 or tokens[index - 1] not in _PREPOSITIONS):
            return True
    return False


def _asks_if_real(tokens: Sequence[str]) -> bool:
    """ "beneran ga?", "valid ga", "aman ga sih", "legit ya": is this offer a real one?"""
    for index, token in enumerate(tokens[:-1]):
        if "real" in _word_concepts(token) and tokens[index + 1] in _QUESTION_TAGS:
            return True
    return bool(tokens) and "real" in _word_concepts(tokens[-1])


def _why_not_reported(tokens: Sequence[str], asked: bool) -> _Rejection | None:
    """Why a rejection said in a clause is not the writer's, as a fact; None if it is."""
    found = concepts(tokens)
    if "fear" in found or "future" in found:
        return _Rejection.FEARED  # "takut ga lolos besok", "kalo ditolak gimana", "bakal"
    if any(roots(token) & _NOT_A_JOB for token in tokens):
        return _Rejection.SOMEONE_ELSE  # "pengajuan kartu kredit aku ditolak"
    at = _rejection_at(tokens)
    if _someone_else(tokens, before=at):
        return _Rejection.SOMEONE_ELSE  # "temen gw ditolak", "pacarku ditolak kerja"
    after = tokens[at + 1 : at + 3]
    # "ditolak ga sih", "berarti ditolak ya?", "apakah aku ditolak?"
    if "sih" in after and any(word in _QUESTION_TAGS for word in after):
        return _Rejection.ASKED
    if asked and (bool(set(after) & _QUESTION_TAGS) or "apakah" in tokens[:at]):
        return _Rejection.ASKED
    return None


def _rejection(text: str) -> _Rejection:
    """Clause by clause: one clause that reports the writer's rejection is enough."""
    verdict = _Rejection.NONE
    for tokens, asked in _clauses(text):
        if not _mentioned(tokens):
            continue
        reason = _why_not_reported(tokens, asked)
        if reason is None:
            return _Rejection.REPORTED
        if verdict is _Rejection.NONE:
            verdict = reason
    return verdict


def reports_own_rejection(text: str) -> bool:
    """Whether the writer says they were turned down for a job, as something that happened.

    "aku ga lolos", "ditolak PT Aman Siber", "dapet email penolakan", "udah ditolak 10x,
    capek" do; "takut ga lolos besok", "kalo ditolak gimana", "temen gw ditolak", "ditolak ga
    sih?" and "kartu kredit aku ditolak" do not. Clause by clause: "takut ditolak lagi, kemarin
    ga lolos" reports the second.
    """
    return _rejection(text) is _Rejection.REPORTED


_CONSTANTLY: Final = _words("mulu melulu trus selalu keep")


def _sounds_sad(tokens: Sequence[str]) -> bool:
    """Feelings, or the weariness of "ditolak mulu", rather than the news alone."""
    return "sad" in concepts(tokens) or any(token in _CONSTANTLY for token in tokens)


# Concepts that alone do not make a message about the job hunt: "cuaca hari ini gimana" names a
# day and asks, "rekomendasi laptop buat kerja" says work.
_NO_EVIDENCE: Final = frozenset(
    {"future", "question", "when", "other_person", "back", "got", "job", "graduate"}
)
_PROGRESS: Final = frozenset(
    {Intent.PASSED_STAGE, Intent.INTERVIEW_SCHEDULED, Intent.OFFER_RECEIVED}
)
# Concepts that make a message with a date a question or a feeling, not news of a schedule.
_NOT_A_REPORT: Final = frozenset(
    {"prepare", "question", "fear", "sad", "thankword", "practice", "answer", "topic"}
)

# People in the hiring process a message can be addressed to.
_HIRERS: Final = _words(
    "interviewer pewawancara hr hrd recruiter rekruter recruiternya hrnya user usernya manager "
    "hiring panel perusahaan company bu pak ibu bapak"
)
_TO: Final = _words("ke kepada buat untuk sama to")


def _thanks_someone_in_hiring(tokens: Sequence[str], found: set[str]) -> bool:
    """Thanking the interviewer or HR, or a thank-you written as a message: "ucapan makasih ke
    interviewer", "bilang makasih ke HR", "email terima kasih". Thanks said to the coach ("oke
    makasih") is small talk and never gets here; thanks addressed to someone in the hiring
    process is what ask_thank_you_email is about."""
    thanking = any(token in _THANKS and token not in ("terima", "kasih") for token in tokens)
    if not thanking and ("terima", "kasih") not in pairwise(tokens):
        return False  # "surat penawaran udah aku terima": received, not thanks
    if "email" in found:
        return True
    return any(
        token in _TO and index + 1 < len(tokens) and tokens[index + 1] in _HIRERS
        for index, token in enumerate(tokens)
    )


# Being asked, or answering: the questions the interviewer asks (ask_prepare_interview), not
# those the writer asks back (ask_questions_for_interviewer).
_BEING_ASKED: Final = _words("ditanya ditanyain ditanyai ditanyakan muncul keluar")
_WRITER_ASKS: Final = _words("nanya tanya nanyain ask asking bertanya")


def _about_answering(tokens: Sequence[str], found: set[str]) -> bool:
    """ "interview di bank biasanya ditanya apa aja", "gimana jawab pertanyaan pake metode
    STAR": questions to be answered, unless the writer asks one back ("pas ditanya 'ada
    pertanyaan?' aku harus nanya apa") or names an interviewer to ask ("ditanyakan ke HR")."""
    if "back" in found or any(token in _WRITER_ASKS for token in tokens):
        return False
    if any(
        token in _TO and index + 1 < len(tokens) and tokens[index + 1] in _HIRERS
        for index, token in enumerate(tokens)
    ):
        return False
    return "answer" in found or any(token in _BEING_ASKED for token in tokens)


# The writer turning an offer down: other, unless they ask how (ask_reply_recruiter).
_DECLINE: Final = _words("nolak menolak tolak decline declined declining")


def _reports_declining(tokens: Sequence[str], found: set[str]) -> bool:
    return (
        "question" not in found
        and "offer" in found
        and any(
            token in _DECLINE and not set(tokens[max(0, index - 2) : index]) & _NEGATIONS
            for index, token in enumerate(tokens)
        )  # "saya tidak menolak tawaran" declines nothing
        and not any(token in ("cara", "gimana", "how", "sopan", "halus") for token in tokens)
    )


# Being made to pay before a job: "harus beli paket pelatihan", "disuruh transfer". Money only:
# an employer asking for a KTP or a training day is not by itself a sign.
_MADE_TO: Final = _words("harus disuruh suruh wajib diwajibkan diminta minta")
_PAYING: Final = _words("bayar transfer tf deposit biaya beli jaminan pay")


def _made_to_pay(tokens: Sequence[str]) -> bool:
    return any(token in _MADE_TO for token in tokens) and any(
        token in _PAYING or roots(token) & _PAYING for token in tokens
    )


# --- the model ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One labelled message of the corpus."""

    split: str  # one of SPLITS: "train", "heldout" (batch 1), "dev2", "heldout2" (batch 2)
    intent: Intent
    text: str


# The corpus's splits, by batch (its header says how each was drawn): batch 1 "train" and
# "heldout", batch 2 "dev2" and "heldout2". Held-out splits are never learnt from or tuned on.
SPLITS: Final = ("train", "heldout", "dev2", "heldout2")
HELD_OUT_SPLITS: Final = frozenset({"heldout", "heldout2"})
# What the shipped classifier learns from: every split that is not held out.
LEARN_SPLITS: Final = ("train", "dev2")


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    """The labelled messages; lines starting with # are comments."""
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in SPLITS:
            raise ValueError(f"{path.name}:{number}: expected split<TAB>intent<TAB>text")
        examples.append(Example(parts[0], Intent(parts[1]), parts[2]))
    return examples


# Each concept is worth this many plain features: a concept is evidence a whole lexicon agrees
# on, a character trigram is not.
_CONCEPT_WEIGHT: Final = 6
_CHAR_NGRAMS: Final = (2, 3, 4)


def features(text: str) -> Counter[str]:
    """The model's view of a message: weighted words, pairs, character n-grams and concepts."""
    tokens = words(text)
    bag: Counter[str] = Counter()
    for token in tokens:
        bag["w:" + ("#" if token.isdigit() else token)] = 1
    for first, second in pairwise(tokens):
        bag[f"b:{first}_{second}"] = 1
    padded = " " + " ".join(tokens) + " "
    for size in _CHAR_NGRAMS:
        for start in range(len(padded) - size + 1):
            bag["c:" + padded[start : start + size]] = 1
    found = set(concepts(tokens))
    if mentions_when(text):
        found.add("when")
    if "?" in text:
        found.add("question")
    for name in found:
        bag["k:" + name] = _CONCEPT_WEIGHT
    for first in found:
        for second in found:
            if first < second:
                bag[f"kk:{first}+{second}"] = 1
    if not tokens:
        bag["empty"] = 1
    return bag


def _normalised(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {key: value / norm for key, value in vector.items()}


class IntentClassifier:
    """A nearest-centroid classifier over TF-IDF weighted features, with the rules on top.

    Chosen over naive Bayes and a linear SVM by cross-validation on the dev split (bench/
    RESULTS.md): as accurate as the SVM here, trained in one pass over the corpus, in pure
    Python, without scikit-learn's 270 MB.
    """

    def __init__(self, examples: Iterable[Example], *, temperature: float = 0.05) -> None:
        examples = list(examples)
        if not examples:
            raise ValueError("no examples to learn from")
        self.temperature = temperature
        bags = [features(example.text) for example in examples]
        document_frequency: Counter[str] = Counter()
        for bag in bags:
            document_frequency.update(bag.keys())
        count = len(bags)
        self._idf = {
            key: math.log((1 + count) / (1 + frequency)) + 1
            for key, frequency in document_frequency.items()
        }
        sums: dict[Intent, defaultdict[str, float]] = {}
        for example, bag in zip(examples, bags, strict=True):
            total = sums.setdefault(example.intent, defaultdict(float))
            for key, value in self._vector(bag).items():
                total[key] += value
        self._centroids = {intent: _normalised(total) for intent, total in sums.items()}
        self.intents = tuple(sorted(self._centroids))

    def _vector(self, bag: Mapping[str, int]) -> dict[str, float]:
        return _normalised(
            {key: value * self._idf[key] for key, value in bag.items() if key in self._idf}
        )

    def probabilities(self, text: str) -> dict[Intent, float]:
        """The model alone: a softmax over the cosine similarity to each intent's centroid."""
        vector = self._vector(features(text))
        similarity = {
            intent: sum(value * centroid.get(key, 0.0) for key, value in vector.items())
            for intent, centroid in self._centroids.items()
        }
        top = max(similarity.values())
        weights = {
            intent: math.exp((value - top) / self.temperature)
            for intent, value in similarity.items()
        }
        total = sum(weights.values())
        return {intent: weight / total for intent, weight in weights.items()}

    def classify(self, text: str) -> IntentResult:
        """The intent of `text`, the rules applied over the model (see the module docstring)."""
        tokens = words(text)
        if not tokens:
            return IntentResult(Intent.OTHER, _RULE_CONFIDENCE, True, Source.EMPTY)
        small_talk = _small_talk(tokens)
        if small_talk is not None:
            return IntentResult(small_talk, _RULE_CONFIDENCE, True, Source.SMALL_TALK)
        found = set(concepts(tokens)) | ({"question"} if "?" in text else set())
        probabilities = self.probabilities(text)
        ranked = sorted(probabilities, key=probabilities.__getitem__, reverse=True)
        rejection = _rejection(text)
        if rejection is _Rejection.REPORTED:
            return self._condolence(tokens, found, probabilities, ranked)
        if rejection is _Rejection.SOMEONE_ELSE:
            return self._rule(Intent.OTHER, Source.NOT_THE_WRITER, ranked)
        if "scam" in found or _asks_if_real(tokens):
            return self._rule(Intent.SCAM_CHECK, Source.SCAM_WORD, ranked)
        if _made_to_pay(tokens):
            # Paying to get a job is the commonest job scam: the coach checks it whatever else
            # the message says.
            return self._rule(Intent.SCAM_CHECK, Source.SCAM_WORD, ranked)
        if _reports_declining(tokens, found):
            # "aku nolak offernya": the writer's own choice, news the coach has no step for.
            return self._rule(Intent.OTHER, Source.DECLINED, ranked)
        if not found - _NO_EVIDENCE:
            return self._rule(Intent.OTHER, Source.OUT_OF_SCOPE, ranked)
        allowed = [intent for intent in ranked if intent not in CONDOLENCE]
        source = Source.MODEL
        if ranked[0] in CONDOLENCE:
            # The model heard a rejection the rules could not confirm: never condolences.
            source = Source.NO_REJECTION
            if rejection is _Rejection.FEARED or found & {"fear", "future"}:
                allowed.remove(Intent.NERVOUS_BEFORE_INTERVIEW)
                allowed.insert(0, Intent.NERVOUS_BEFORE_INTERVIEW)
        if allowed[0] in _PROGRESS and _someone_else(tokens):
            return self._rule(Intent.OTHER, Source.NOT_THE_WRITER, ranked)  # "adikku lolos"
        if rejection is _Rejection.FEARED and allowed[0] in _PROGRESS | {Intent.OTHER}:
            # "cemas bgt takut ga lolos tahap akhir" names a stage but reports no progress:
            # a feared rejection is nervousness unless the message asks something specific.
            _promote(allowed, Intent.NERVOUS_BEFORE_INTERVIEW)
        if allowed[0] is not Intent.ASK_THANK_YOU_EMAIL and _thanks_someone_in_hiring(
            tokens, found
        ):
            # Thanks to the interviewer or in an email is the subject, not thanks to the coach.
            _promote(allowed, Intent.ASK_THANK_YOU_EMAIL)
        if allowed[0] is Intent.ASK_QUESTIONS_FOR_INTERVIEWER and _about_answering(tokens, found):
            _promote(allowed, Intent.ASK_PREPARE_INTERVIEW)
        if allowed[0] is Intent.INTERVIEW_SCHEDULED and found & _NOT_A_REPORT:
            # "interview besok jam 10 gimana persiapannya": the date is context, the question
            # is the message.
            allowed.remove(Intent.INTERVIEW_SCHEDULED)
            allowed.insert(1, Intent.INTERVIEW_SCHEDULED)
        return self._result(allowed[0], probabilities, allowed, source)

    def _condolence(
        self,
        tokens: Sequence[str],
        found: set[str],
        probabilities: Mapping[Intent, float],
        ranked: Sequence[Intent],
    ) -> IntentResult:
        """The writer was turned down: the news, or the feelings after it."""
        best = ranked[0]
        if best not in CONDOLENCE and "question" in found and best.value.startswith("ask_"):
            # "udah ditolak, gimana bales email HR-nya?": the question is what to answer.
            return self._result(best, probabilities, ranked, Source.MODEL)
        intent = Intent.SAD_AFTER_REJECTION if _sounds_sad(tokens) else Intent.REJECTED
        other = Intent.REJECTED if intent is Intent.SAD_AFTER_REJECTION else intent
        runner_up = next((i for i in ranked if i is not intent), other)
        return IntentResult(intent, _RULE_CONFIDENCE, True, Source.REJECTION, runner_up)

    @staticmethod
    def _rule(intent: Intent, source: Source, ranked: Sequence[Intent]) -> IntentResult:
        runner_up = next((i for i in ranked if i is not intent and i not in CONDOLENCE), None)
        return IntentResult(intent, _RULE_CONFIDENCE, True, source, runner_up)

    @staticmethod
    def _result(
        intent: Intent,
        probabilities: Mapping[Intent, float],
        ranked: Sequence[Intent],
        source: Source,
    ) -> IntentResult:
        confidence = probabilities[intent]
        runner_up = next((other for other in ranked if other is not intent), None)
        return IntentResult(intent, confidence, confidence >= CONFIDENT_AT, source, runner_up)


def _promote(ranked: list[Intent], intent: Intent) -> None:
    """Put a rule's intent first; the model's order stays for the rest (the runner-up)."""
    ranked.remove(intent)
    ranked.insert(0, intent)


@cache
def default_classifier() -> IntentClassifier:
    """The classifier trained on the corpus's dev data (LEARN_SPLITS), built once per process.

    No held-out split: the held-out numbers in bench/RESULTS.md then describe exactly the
    classifier that runs.
    """
    return IntentClassifier(e for e in load_corpus() if e.split in LEARN_SPLITS)


def classify(text: str) -> IntentResult:
    """The intent of a chat message, by the default classifier."""
    return default_classifier().classify(text)
