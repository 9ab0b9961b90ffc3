"""The practice question bank for entry-level cybersecurity interviews, and its glossary.

Every question has a stable id (stored with the user's answers: never rename one), a category,
the talking points a strong answer usually covers and the glossary terms it expects. A talking
point is recognised by cues, in Indonesian and in English: word roots, base forms or phrases
(matched after Indonesian stemming and English suffix stripping, see `bot.coach.insights`) or
glossary ids, which stand for all of that term's forms in both languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.i18n import N_


class Category(StrEnum):
    """Stable values: stored in the database and in callback data."""

    GENERAL = "umum"
    BEHAVIOURAL = "perilaku"
    TECHNICAL = "teknis"


CATEGORY_LABELS: dict[Category, str] = {
    Category.GENERAL: N_("Umum"),
    Category.BEHAVIOURAL: N_("Perilaku"),
    Category.TECHNICAL: N_("Teknis"),
}

# A sensible length for a typed answer, in words: about what one to two minutes of speaking
# holds (some 130 words a minute), a little less for a definition, a little more for a story
# told with STAR, which still fits in two minutes.
WORDS: dict[Category, tuple[int, int]] = {
    Category.GENERAL: (50, 200),
    Category.BEHAVIOURAL: (80, 250),
    Category.TECHNICAL: (35, 200),
}


@dataclass(frozen=True)
class Term:
    """A job-related term; `label` is shown (a message id when it is a translatable word)."""

    id: str
    label: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class TalkingPoint:
    """What a strong answer usually covers, and the cues that show an answer covers it.

    The cues are word roots, phrases or glossary ids, in Indonesian and in English: an answer
    covers the point when any cue of either language is found, so an answer in English, in
    Indonesian or in the mix of both that many people speak is read fairly whatever the
    language the user chose.
    """

    text: str  # message id
    cues_id: tuple[str, ...]  # Indonesian roots and phrases (stemmed: "lindung", "ajar")
    cues_en: tuple[str, ...]  # English base forms ("protect", "learn"): plurals and -ed match

    @property
    def cues(self) -> tuple[str, ...]:
        return self.cues_id + self.cues_en


@dataclass(frozen=True)
class Question:
    id: str
    category: Category
    text: str  # message id
    points: tuple[TalkingPoint, ...]
    terms: tuple[str, ...]  # glossary ids a strong answer usually uses
    star: bool  # whether a STAR story is what the question asks for
    words: tuple[int, int]


def _term(id: str, label: str, forms: str) -> Term:
    return Term(id, label, tuple(form.strip() for form in forms.split("|")))


# fmt: off
GLOSSARY_TERMS: tuple[Term, ...] = (
    _term("analisis", N_("analisis"), "analisis|analisa|analysis|analyze|analyse"),
    _term("log", "log", "log|logging"),
    _term("siem", "SIEM", "siem|splunk|qradar|wazuh|sentinel|chronicle"),
    _term("insiden", N_("insiden"), "insiden|incident"),
    _term("respons_insiden", N_("respons insiden"),
          "respons insiden|respon insiden|penanganan insiden|incident response|incident handling"),
    _term("kerentanan", N_("kerentanan"), "rentan|kerentanan|vulnerability|vulnerable|cve"),
    _term("ancaman", N_("ancaman"), "ancaman|ancam|threat"),
    _term("risiko", N_("risiko"), "risiko|resiko|risk"),
    _term("phishing", "phishing", "phishing|phising|spear phishing"),
    _term("malware", "malware", "malware|ransomware|trojan|spyware"),
    _term("firewall", "firewall", "firewall|waf|ngfw"),
    _term("ids", "IDS", "ids|snort|suricata|zeek"),
    _term("ips", "IPS", "ips"),
    _term("enkripsi", N_("enkripsi"), "enkripsi|encryption|encrypt|kriptografi|cryptography"),
    _term("simetris", N_("enkripsi simetris"), "simetris|symmetric|aes"),
    _term("asimetris", N_("enkripsi asimetris"),
          "asimetris|asymmetric|rsa|kunci publik|public key|kunci privat|private key"),
    _term("hash", "hash", "hash|hashing|sha|sha256|md5|checksum"),
    _term("autentikasi", N_("autentikasi"),
          "autentikasi|otentikasi|authentication|authenticate"),
    _term("otorisasi", N_("otorisasi"), "otorisasi|authorization|authorize"),
    _term("mfa", "MFA", "mfa|2fa|multifaktor|multi faktor|multi factor|dua faktor|two factor"),
    _term("password", N_("kata sandi"), "kata sandi|password|passphrase"),
    _term("least_privilege", "least privilege",
          "least privilege|hak akses minimum|hak akses minimal|akses minimum|akses minimal|"
          "hak akses terkecil|need to know"),
    _term("kontrol_akses", N_("kontrol akses"), "kontrol akses|access control|rbac|iam"),
    _term("cia", "CIA triad", "cia|cia triad|triad cia"),
    _term("kerahasiaan", N_("kerahasiaan"), "kerahasiaan|rahasia|confidentiality|confidential"),
    _term("integritas", N_("integritas"), "integritas|integrity"),
    _term("ketersediaan", N_("ketersediaan"), "ketersediaan|availability"),
    _term("osi", N_("model OSI"), "osi"),
    _term("tcp_ip", "TCP/IP", "tcp|tcp ip|udp"),
    _term("protokol", N_("protokol"), "protokol|protocol|http|https|ssh|smtp|ftp|tls"),
    _term("dns", "DNS", "dns"),
    _term("paket", N_("paket data"), "paket|packet"),
    _term("port", "port", "port"),
    _term("jaringan", N_("jaringan"), "jaringan|jaring|network|networking"),
    _term("keamanan_siber", N_("keamanan siber"),
          "keamanan siber|cybersecurity|infosec|information security|keamanan informasi"),
    _term("nist_csf", "NIST CSF", "nist|csf|nist csf|cybersecurity framework"),
    _term("soc", "SOC", "soc|security operations center"),
    _term("playbook", "playbook", "playbook|runbook|sop"),
    _term("eskalasi", N_("eskalasi"), "eskalasi|escalate|escalation"),
    _term("mitigasi", N_("mitigasi"), "mitigasi|mitigate|mitigation"),
    _term("deteksi", N_("deteksi"), "deteksi|detect|detection"),
    _term("isolasi", N_("penahanan (containment)"),
          "isolasi|isolate|containment|penahanan|karantina|quarantine"),
    _term("pemulihan", N_("pemulihan"), "pulih|pemulihan|recovery|recover|restore"),
    _term("false_positive", "false positive", "false positive|positif palsu"),
    _term("false_negative", "false negative", "false negative|negatif palsu"),
    _term("alert", "alert", "alert|alarm"),
    _term("triase", N_("triase"), "triase|triage"),
    _term("prioritas", N_("prioritas"), "prioritas|priority|prioritize|prioritise"),
    _term("patch", "patch", "patch|tambal"),
    _term("linux", "Linux", "linux|ubuntu|debian|bash"),
    _term("python", "Python", "python"),
    _term("skrip", N_("skrip"), "skrip|script|scripting"),
    _term("sql", "SQL", "sql|mysql|postgresql"),
    _term("injeksi", N_("injeksi"), "injeksi|injection|inject|sqli|xss"),
    _term("owasp", "OWASP", "owasp"),
    _term("wireshark", "Wireshark", "wireshark|tcpdump"),
    _term("home_lab", "home lab", "home lab|homelab|lab rumah|virtualbox|vmware|mesin virtual|"
                                  "virtual machine"),
    _term("ctf", "CTF", "ctf|tryhackme|hackthebox|hack the box|picoctf"),
    _term("sertifikasi", N_("sertifikasi"),
          "sertifikat|sertifikasi|certificate|certification|certify|comptia|cisco"),
    _term("dokumentasi", N_("dokumentasi"), "dokumentasi|documentation|document"),
    _term("laporan", N_("laporan"), "lapor|laporan|report"),
    _term("komunikasi", N_("komunikasi"), "komunikasi|communication|communicate"),
    _term("kerja_tim", N_("kerja tim"),
          "tim|team|kolaborasi|collaboration|collaborate|kerja sama|kerjasama|teamwork"),
    _term("vpn", "VPN", "vpn"),
    _term("kebijakan", N_("kebijakan keamanan"), "kebijakan|policy|policies"),
    _term("kepatuhan", N_("kepatuhan"),
          "kepatuhan|patuh|compliance|regulasi|regulation|gdpr|pdp|iso 27001"),
    _term("pemantauan", N_("pemantauan"), "pantau|pemantauan|monitor|monitoring"),
    _term("social_engineering", "social engineering",
          "social engineering|rekayasa sosial|pretexting|vishing|tailgating"),
    _term("backup", N_("cadangan (backup)"), "backup|back up|cadangan|cadang"),
    _term("otomasi", N_("otomasi"), "otomasi|otomatisasi|automation|automate"),
    _term("defense_in_depth", "defense in depth",
          "defense in depth|defence in depth|pertahanan berlapis|keamanan berlapis"),
    _term("zero_trust", "zero trust", "zero trust"),
    _term("brute_force", "brute force", "brute force|bruteforce|password spraying"),
    _term("aset", N_("aset"), "aset|asset|inventaris|inventory"),
    _term("edr", "EDR", "edr|endpoint|antivirus|xdr"),
)
# fmt: on

GLOSSARY: dict[str, Term] = {term.id: term for term in GLOSSARY_TERMS}


def _cues(cues: str) -> tuple[str, ...]:
    return tuple(cue.strip() for cue in cues.split("|"))


def _points(*points: tuple[str, str, str]) -> tuple[TalkingPoint, ...]:
    """Talking points as (message id, Indonesian cues, English cues), cues separated by "|"."""
    return tuple(
        TalkingPoint(text, _cues(id_cues), _cues(en_cues)) for text, id_cues, en_cues in points
    )


def _question(
    id: str,
    category: Category,
    text: str,
    points: tuple[TalkingPoint, ...],
    terms: str = "",
    *,
    star: bool | None = None,
) -> Question:
    return Question(
        id=id,
        category=category,
        text=text,
        points=points,
        terms=tuple(terms.split()),
        star=category is Category.BEHAVIOURAL if star is None else star,
        words=WORDS[category],
    )


GENERAL, BEHAVIOURAL, TECHNICAL = Category.GENERAL, Category.BEHAVIOURAL, Category.TECHNICAL

# fmt: off
QUESTIONS: tuple[Question, ...] = (
    # --- umum: background and motivation -----------------------------------------------------
    _question("u-diri", GENERAL, N_("Ceritakan tentang diri Anda."), _points(
        (N_("Latar belakang singkat: pendidikan atau pekerjaan sebelumnya"),
         "kuliah|jurusan|lulus|lulusan|pendidikan|sekolah|kampus|bekerja|pengalaman|bootcamp|"
         "universitas|studi|graduated|degree|fresh grad|fresh graduate|sarjana|s1|d3|d4|smk|"
         "informatika|sistem informasi|ilmu komputer|teknik komputer|mahasiswa|magang|alumni",
         "study|degree|graduate|university|college|school|major|bootcamp|course|work|"
         "experience|background|job|bachelor|diploma|fresh grad|computer science|informatics|"
         "information systems|engineering|student|intern|internship"),
        (N_("Mengapa Anda tertarik pada keamanan siber"),
         "tertarik|minat|passion|suka|penasaran|alasan",
         "interest|passion|passionate|curious|curiosity|fascinate|love|enjoy|reason|inspire|"
         "motivate"),
        (N_("Keterampilan atau pencapaian yang relevan: sertifikat, proyek, home lab"),
         "sertifikasi|proyek|project|home_lab|ctf|terampil|keterampilan|skill|portofolio",
         "sertifikasi|home_lab|ctf|project|skill|portfolio|achievement|build"),
        (N_("Hubungan dengan posisi yang Anda lamar"),
         "posisi|peran|role|lamar|kontribusi|perusahaan ini|tim ini|bergabung|gabung",
         "position|role|apply|contribute|join|this company|your company|this team|your team"),
    ), "sertifikasi home_lab soc"),
    _question("u-mengapa", GENERAL, N_("Mengapa Anda memilih bidang keamanan siber?"), _points(
        (N_("Alasan pribadi yang konkret: momen yang membuat Anda tertarik"),
         "pernah|ketika|pengalaman|cerita|awal|awalnya|mulai|pertama kali",
         "when i|once|experience|story|start|begin|first time|moment|remember|ago|back in"),
        (N_("Dampak pekerjaan ini: melindungi orang, data, dan layanan"),
         "lindung|melindungi|data|pengguna|masyarakat|dampak|protect|korban",
         "protect|data|user|people|society|impact|victim|safe|privacy|customer|harm"),
        (N_("Bukti minat: belajar mandiri, sertifikat, komunitas, atau lab"),
         "ajar|belajar|sertifikasi|komunitas|kursus|course|home_lab|ctf|latih",
         "learn|study|sertifikasi|community|course|home_lab|ctf|practice|self taught|tutorial|"
         "train"),
        (N_("Tujuan Anda ke depan di bidang ini"),
         "ingin|tujuan|karier|karir|kembang|masa depan|goal|cita",
         "want|goal|career|grow|future|aspire|plan|hope|become|aim|dream"),
    ), "sertifikasi ctf home_lab"),
    _question("u-perusahaan", GENERAL, N_("Apa yang Anda ketahui tentang perusahaan kami?"), _points(
        (N_("Produk atau layanan perusahaan dan siapa pelanggannya"),
         "produk|layan|layanan|klien|pelanggan|nasabah|customer|bisnis|aplikasi",
         "product|service|client|customer|business|app|application|platform|market"),
        (N_("Tantangan keamanan di industrinya (misalnya regulasi atau ancaman yang umum)"),
         "ancaman|risiko|industri|sektor|kepatuhan|regulasi|ojk|bssn|serangan",
         "ancaman|risiko|kepatuhan|industry|sector|regulator|attack|ojk|bssn|fraud|breach"),
        (N_("Mengapa Anda ingin bergabung, dan mengapa Anda cocok dengan budaya kerjanya"),
         "gabung|bergabung|cocok|nilai|budaya|visi|misi|kultur",
         "join|fit|value|culture|vision|mission|align|admire"),
    ), "risiko kepatuhan"),
    _question("u-lima-tahun", GENERAL, N_("Apa rencana karier Anda untuk lima tahun ke depan?"), _points(
        (N_("Tujuan realistis di jalur keamanan siber"),
         "analis|senior|spesialis|engineer|soc|karier|karir|peran|posisi|lead",
         "analyst|senior|specialist|engineer|soc|career|role|position|lead|expert|manager|"
         "responder|hunter"),
        (N_("Rencana belajar dan sertifikasi untuk mencapainya"),
         "ajar|belajar|sertifikasi|kursus|latih|pelatihan|kuasai",
         "learn|study|sertifikasi|course|train|master|skill|degree|cissp|oscp|cysa"),
        (N_("Kaitannya dengan perusahaan dan tim ini"),
         "perusahaan|tim|kontribusi|kembang|tumbuh|bersama",
         "company|team|contribute|grow|together|mentor"),
    ), "sertifikasi soc"),
    _question("u-kekuatan", GENERAL, N_("Apa kelebihan terbesar Anda?"), _points(
        (N_(
             "Satu kelebihan yang relevan untuk pekerjaan di bidang keamanan (misalnya teliti "
             "atau analitis)"
         ),
         "teliti|detail|analitis|analisis|komunikasi|cepat belajar|tekun|sabar|tenang|"
         "problem solving",
         "detail|meticulous|careful|thorough|analytical|analisis|komunikasi|fast learner|"
         "quick learner|learn quickly|persistent|patient|calm|problem solving|organize"),
        (N_("Contoh nyata yang membuktikannya"),
         "contoh|misalnya|misal|pernah|ketika|saat itu|proyek|waktu itu",
         "example|for instance|once|when i|project|during"),
        (N_("Manfaatnya bagi tim dan posisi ini"),
         "tim|posisi|peran|bantu|manfaat|berguna|kontribusi",
         "team|position|role|help|benefit|useful|contribute"),
    ), "analisis"),
    _question("u-kelemahan", GENERAL, N_("Apa kelemahan Anda, dan bagaimana Anda memperbaikinya?"),
              _points(
        (N_("Kelemahan yang jujur dan tidak fatal untuk posisi ini"),
         "lemah|kelemahan|kurang|sulit|tantangan|weakness",
         "weakness|weak|struggle|difficult|challenge|not good at|tend to|lack|nervous|"
         "perfectionist"),
        (N_("Langkah nyata yang sedang Anda ambil untuk memperbaikinya"),
         "ajar|belajar|latih|mulai|cara|usaha|perbaik|atasi|sekarang saya",
         "learn|practice|start|work on|improve|overcome|now i|strategy|step|habit|course|"
         "feedback"),
        (N_("Kemajuan yang sudah terlihat"),
         "hasil|kembang|lebih baik|progres|kemajuan|meningkat|tingkat|membaik|sejak itu|"
         "lebih nyaman|lebih percaya diri|lebih pede|jauh lebih|sudah bisa|sekarang sudah",
         "progress|better|result|grow|now i can|since then|comfortable|confident|much more|"
         "improved"),
    ), ""),
    _question("u-terkini", GENERAL,
              N_("Bagaimana Anda mengikuti perkembangan terbaru di keamanan siber?"), _points(
        (N_("Sumber yang spesifik: berita, blog, podcast, atau buletin keamanan"),
         "berita|blog|podcast|newsletter|buletin|twitter|reddit|youtube|cisa|bssn|krebs|"
         "bleepingcomputer|hacker news|feed",
         "news|blog|podcast|newsletter|twitter|reddit|youtube|cisa|krebs|bleepingcomputer|"
         "hacker news|feed|article|rss"),
        (N_("Praktik langsung: lab, CTF, atau mencoba alat baru"),
         "home_lab|ctf|praktik|praktek|coba|lab",
         "home_lab|ctf|practice|try|lab|hands on|experiment"),
        (N_("Komunitas dan acara: meetup, webinar, konferensi"),
         "komunitas|meetup|webinar|seminar|konferensi|discord|telegram|forum|acara",
         "community|meetup|webinar|seminar|conference|discord|telegram|forum|event|workshop"),
        (N_("Contoh topik terbaru yang Anda pelajari"),
         "terbaru|baru-baru|cve|ransomware|kerentanan|kemarin|minggu lalu|bulan lalu",
         "recent|recently|latest|cve|ransomware|kerentanan|last week|last month|yesterday|"
         "this week"),
    ), "ctf home_lab kerentanan"),
    _question("u-homelab", GENERAL,
              N_("Ceritakan tentang home lab atau proyek keamanan yang pernah Anda buat."), _points(
        (N_("Apa yang Anda bangun dan alat apa yang dipakai"),
         "home_lab|linux|siem|wireshark|pasang|install|instal|setup|bangun|konfigurasi|vm",
         "home_lab|linux|siem|wireshark|install|setup|set up|build|configure|vm|deploy|docker|"
         "kali linux"),
        (N_("Tujuannya: apa yang ingin Anda uji atau pelajari"),
         "tujuan|uji|tes|simulasi|serang|serangan|ingin|supaya|agar",
         "goal|test|simulate|attack|want|so that|in order to|purpose|practice"),
        (N_("Apa yang Anda pelajari atau temukan"),
         "ajar|belajar|pelajaran|paham|temukan|temu|sadar|ternyata",
         "learn|lesson|understand|find|discover|realize|turn out"),
        (N_("Bagaimana Anda mendokumentasikannya (misalnya GitHub atau blog)"),
         "dokumentasi|github|blog|catat|tulis|laporan|portofolio",
         "dokumentasi|github|blog|note|write|report|portfolio|writeup|write up"),
    ), "home_lab linux siem log"),
    _question("u-gaji", GENERAL, N_("Berapa gaji yang Anda harapkan?"), _points(
        (N_("Riset kisaran gaji pasar untuk posisi ini"),
         "riset|pasar|survei|survey|glassdoor|jobstreet|linkedin|rata|standar|umr|ump",
         "research|market|survey|glassdoor|jobstreet|linkedin|average|standard|benchmark|umr|"
         "ump"),
        (N_("Menyebut kisaran, bukan satu angka mati"),
         "kisaran|antara|range|sampai|hingga|rentang",
         "range|between|around|ballpark|somewhere"),
        (N_("Terbuka pada paket keseluruhan: tunjangan, pelatihan, fleksibilitas"),
         "tunjangan|benefit|paket|bpjs|fleksibel|nego|negosiasi|diskusi|terbuka|pelatihan",
         "benefit|package|bpjs|flexible|flexibility|negotiable|negotiate|discuss|open|"
         "training|allowance|insurance"),
    ), ""),
    _question("u-rekrut", GENERAL, N_("Mengapa kami harus memilih Anda?"), _points(
        (N_("Keterampilan Anda yang cocok dengan kebutuhan posisi"),
         "cocok|butuh|kebutuhan|syarat|kualifikasi|posisi|terampil|keterampilan|skill",
         "fit|need|requirement|qualification|position|skill|match|require"),
        (N_("Bukti: proyek, sertifikat, atau pengalaman"),
         "proyek|sertifikasi|pengalaman|home_lab|ctf|hasil|magang",
         "project|sertifikasi|experience|home_lab|ctf|result|internship|intern|proof|"
         "track record"),
        (N_("Sikap kerja: cepat belajar, tekun, bisa bekerja dalam tim"),
         "ajar|belajar|tekun|semangat|motivasi|kerja_tim|disiplin|tanggung jawab",
         "learn|persistent|dedicate|motivate|motivation|kerja_tim|discipline|responsibility|"
         "responsible|hard work|eager|reliable|work ethic"),
    ), "sertifikasi kerja_tim"),
    _question("u-tanya", GENERAL, N_("Apakah ada yang ingin Anda tanyakan kepada kami?"), _points(
        (N_("Pertanyaan tentang pekerjaan sehari-hari dan timnya"),
         "sehari|harian|rutinitas|tim|shift|tugas|alat|tools",
         "day to day|daily|routine|team|shift|task|tool|typical day"),
        (N_("Pertanyaan tentang pelatihan dan pengembangan"),
         "pelatihan|latih|mentor|sertifikasi|kembang|pengembangan|belajar",
         "training|train|mentor|mentorship|sertifikasi|grow|growth|develop|development|"
         "career path"),
        (N_("Pertanyaan tentang harapan dan ukuran keberhasilan"),
         "sukses|berhasil|keberhasilan|harap|harapan|ukur|target|90 hari|tiga bulan|"
         "langkah berikutnya",
         "success|expect|expectation|measure|target|90 day|first three month|next step|kpi|"
         "evaluate"),
    ), ""),
    # --- perilaku: STAR stories ----------------------------------------------------------------
    _question("p-tantangan", BEHAVIOURAL,
              N_("Ceritakan tentang tantangan besar yang pernah Anda hadapi dan bagaimana Anda "
                 "mengatasinya."), _points(
        (N_("Situasi dan apa yang dipertaruhkan"),
         "saat itu|ketika|situasi|proyek|kondisi|waktu itu|tenggat|deadline",
         "when|situation|project|condition|at the time|deadline|back then|during"),
        (N_("Langkah spesifik yang Anda ambil sendiri"),
         "langkah|pertama|kemudian|lalu|setelah itu|putus|laku|coba|atasi|analisis|periksa|"
         "buat|hubung|terap|susun",
         "step|first|then|next|after that|decide|try|overcome|analisis|check|create|contact|"
         "implement|organize|build|make|reach out"),
        (N_("Hasil yang terukur"),
         "hasil|akhirnya|berhasil|persen|turun|naik|tingkat|selesai|tepat waktu",
         "result|finally|success|succeed|percent|reduce|increase|drop|finish|on time|"
         "in the end|manage to|improve|cut down"),
        (N_("Pelajaran yang Anda bawa sampai sekarang"),
         "pelajaran|ajar|belajar|sejak|sekarang saya|menyadari|sadar",
         "lesson|learn|since then|now i|realize|teach me|takeaway|from then on"),
    ), "kerja_tim"),
    _question("p-kesalahan", BEHAVIOURAL,
              N_("Ceritakan tentang kesalahan yang pernah Anda buat dalam pekerjaan atau proyek, "
                 "dan apa yang Anda lakukan setelahnya."), _points(
        (N_("Mengakui kesalahan dengan jujur, tanpa menyalahkan orang lain"),
         "akui|mengakui|salah|kesalahan|tanggung jawab|jujur|lalai",
         "admit|mistake|error|responsibility|own up|honest|my fault|accountable"),
        (N_("Memperbaikinya dengan cepat"),
         "perbaik|memperbaiki|benahi|koreksi|atasi|segera|cepat",
         "fix|correct|resolve|immediately|quickly|right away|repair|undo|revert|roll back"),
        (N_("Mengomunikasikannya kepada atasan atau tim"),
         "lapor|laporan|komunikasi|atasan|manajer|tim|kabari|beri tahu|memberi tahu",
         "report|tell|inform|komunikasi|manager|supervisor|team|notify|eskalasi|boss"),
        (N_("Mencegahnya terulang: proses, daftar periksa, dokumentasi"),
         "cegah|mencegah|agar tidak|supaya tidak|prosedur|checklist|daftar periksa|dokumentasi|"
         "sejak",
         "prevent|avoid|never again|process|procedure|checklist|dokumentasi|since then|"
         "double check|review"),
    ), "komunikasi dokumentasi"),
    _question("p-konflik", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika berbeda pendapat dengan rekan kerja atau "
                  "anggota tim. Bagaimana Anda menyelesaikannya?"
              ), _points(
        (N_("Mendengarkan dan memahami sudut pandang mereka"),
         "dengar|mendengarkan|paham|pahami|memahami|sudut pandang|perspektif|alasan",
         "listen|understand|perspective|point of view|viewpoint|reason|empathy|hear"),
        (N_("Berpegang pada data dan tujuan bersama"),
         "data|fakta|tujuan|bukti|objektif|tujuan bersama",
         "data|fact|goal|evidence|objective|shared goal|common goal|metric"),
        (N_("Solusi yang disepakati dan hubungan kerja yang tetap baik"),
         "solusi|sepakat|kesepakatan|kompromi|hubungan|jalan tengah|hasil",
         "solution|agree|agreement|compromise|relationship|middle ground|consensus|settle|"
         "resolve|outcome"),
    ), "komunikasi kerja_tim"),
    _question("p-tekanan", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika harus bekerja di bawah tekanan atau dengan "
                  "tenggat yang ketat."
              ),
              _points(
        (N_("Cara Anda menentukan prioritas"),
         "prioritas|penting|urgen|urgent|dulu|utama|urutan",
         "prioritas|important|urgent|critical|order|most pressing|first"),
        (N_("Komunikasi dengan atasan atau pihak terkait"),
         "komunikasi|kabari|atasan|lapor|tim|koordinasi|update",
         "komunikasi|update|manager|supervisor|report|team|coordinate|inform|stakeholder"),
        (N_("Tetap tenang dan fokus"), "tenang|fokus|napas|stres|stress|panik|kepala dingin",
         "calm|focus|breathe|breath|stress|panic|composed|cool head|overwhelm|"
         "one thing at a time"),
        (N_("Hasilnya"), "hasil|tepat waktu|selesai|berhasil|deadline|akhirnya",
         "result|on time|finish|success|deadline|finally|deliver|complete|in the end"),
    ), "prioritas komunikasi"),
    _question("p-belajar-cepat", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika harus mempelajari alat atau teknologi baru "
                  "dalam waktu singkat."
              ),
              _points(
        (N_("Alat apa dan mengapa harus dipelajari cepat"),
         "alat|tool|tools|teknologi|aplikasi|platform|butuh",
         "tool|technology|app|application|platform|software|framework|language|need|require"),
        (N_("Cara Anda belajar: dokumentasi, tutorial, praktik, bertanya"),
         "dokumentasi|tutorial|praktik|praktek|home_lab|tanya|bertanya|mentor|video|coba|"
         "kursus",
         "dokumentasi|tutorial|practice|home_lab|ask|mentor|video|try|course|read|hands on|"
         "lab|experiment"),
        (N_("Hasilnya: apa yang bisa Anda lakukan dengan alat itu"),
         "hasil|berhasil|pakai|menggunakan|guna|mampu",
         "result|success|use|able|manage|now i can|deliver"),
        (N_("Membagikan ilmunya kepada tim"),
         "bagi|berbagi|ajarkan|ajari|tim|catatan|panduan",
         "share|teach|team|note|guide|write up|wiki|present|colleague"),
    ), "dokumentasi"),
    _question("p-tim", BEHAVIOURAL,
              N_("Ceritakan pengalaman Anda bekerja dalam tim untuk mencapai tujuan bersama."),
              _points(
        (N_("Peran Anda di tim"), "peran|tugas|tanggung jawab|bagian|role|bertugas",
         "role|task|responsibility|responsible|part|in charge|my job|assign"),
        (N_("Cara tim berkolaborasi dan berkomunikasi"),
         "komunikasi|koordinasi|rapat|diskusi|bagi|kolaborasi|kerja sama",
         "komunikasi|coordinate|meeting|discuss|share|collaborate|cooperate|work together|"
         "sync|standup|stand up"),
        (N_("Hasil yang dicapai tim"), "hasil|capai|mencapai|berhasil|target|selesai|menang",
         "result|achieve|success|target|finish|complete|win|deliver|on time"),
    ), "kerja_tim komunikasi"),
    _question("p-teliti", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman ketika ketelitian Anda berhasil mencegah masalah atau "
                  "menemukan kesalahan."
              ),
              _points(
        (N_("Apa yang Anda perhatikan"),
         "teliti|detail|perhati|perhatikan|memperhatikan|janggal|aneh|anomali|tidak biasa",
         "detail|notice|careful|odd|strange|anomaly|unusual|suspicious|spot|catch|weird|"
         "inconsistent|mismatch"),
        (N_("Cara Anda memeriksa atau memverifikasinya"),
         "periksa|cek|verifikasi|validasi|bandingkan|log|analisis|telusuri",
         "check|verify|validate|compare|log|analisis|trace|investigate|cross check|review|"
         "double check|confirm"),
        (N_("Dampaknya: apa yang tercegah"),
         "cegah|mencegah|hindari|terhindar|dampak|hasil|selamat",
         "prevent|avoid|impact|result|save|stop|in time|before it"),
    ), "analisis log"),
    _question("p-etika", BEHAVIOURAL,
              N_("Apa yang akan Anda lakukan jika melihat rekan kerja melanggar kebijakan "
                 "keamanan?"), _points(
        (N_("Memahami situasinya dulu tanpa menuduh"),
         "tanya|paham|pahami|memahami|fakta|tuduh|menuduh|konteks|klarifikasi",
         "ask|understand|fact|accuse|context|clarify|talk to|assume|judge|listen"),
        (N_("Mengikuti prosedur dan melapor lewat jalur yang benar"),
         "lapor|prosedur|kebijakan|atasan|eskalasi|jalur|tim keamanan",
         "report|procedure|kebijakan|manager|eskalasi|channel|security team|supervisor|hr|"
         "proper"),
        (N_("Menimbang risiko bagi data dan organisasi"),
         "risiko|data|dampak|lindung|bahaya|organisasi",
         "risiko|data|impact|protect|harm|danger|organization|organisation|company|breach"),
        (N_("Tetap profesional dan menjaga kerahasiaan"),
         "profesional|etika|kerahasiaan|rahasia|hormat|sopan",
         "professional|ethic|ethical|confidential|kerahasiaan|respect|polite|discreet|"
         "privately|fair"),
    ), "kebijakan eskalasi risiko", star=False),
    _question("p-non-teknis", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika harus menjelaskan hal teknis kepada orang "
                  "yang tidak berlatar belakang teknis."
              ), _points(
        (N_("Mengenali siapa pendengarnya"),
         "audiens|pengguna|awam|latar belakang|non-teknis|orang tua|klien|manajemen|staf|"
         "karyawan|tidak teknis|bukan orang teknis",
         "audience|user|non technical|layman|layperson|parent|client|management|executive|"
         "customer|background|manager|staff|employee|not technical|colleague"),
        (N_("Bahasa sederhana dan analogi"),
         "analogi|sederhana|contoh|istilah|mudah|perumpamaan|ibarat|bayangkan",
         "analogy|simple|example|jargon|easy|plain|imagine|compare|metaphor|everyday|like a|"
         "as if|think of|explain"),
        (N_("Memastikan mereka paham"),
         "tanya|pastikan|memastikan|paham|mengerti|umpan balik|ulang",
         "ask|make sure|ensure|understand|feedback|repeat|check|question|confirm"),
        (N_("Hasilnya"), "hasil|berhasil|akhirnya|sekarang mereka|jadi paham",
         "result|success|finally|now they|in the end|able to|adopt|dropped|fewer|reduce|"
         "since then"),
    ), "komunikasi"),
    _question("p-inisiatif", BEHAVIOURAL, N_(
                                              "Ceritakan pengalaman Anda ketika mengambil "
                                              "inisiatif tanpa diminta."
                                          ),
              _points(
        (N_("Masalah atau peluang yang Anda lihat"),
         "lihat|liat|sadar|menyadari|masalah|peluang|perbaik|kurang efisien|manual|nemu|temu",
         "see|notice|realize|problem|issue|opportunity|improve|inefficient|manual|slow|waste|"
         "tedious|repetitive"),
        (N_("Langkah yang Anda ambil"),
         "langkah|buat|membuat|usul|usulkan|mulai|inisiatif|skrip|otomasi",
         "step|build|create|make|propose|suggest|start|initiative|skrip|otomasi|write|"
         "volunteer"),
        (N_("Hasil dan dampaknya"),
         "hasil|dampak|hemat|waktu|efisien|berkurang|kurangi|lebih cepat|persen|akhirnya|"
         "sejak itu|jadi standar|diterapkan",
         "result|impact|save|time|efficient|reduce|faster|percent|cut down|hour|minute"),
    ), "otomasi"),
    _question("p-gagal", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika gagal mencapai target. Apa yang Anda pelajari "
                  "dari situ?"
              ), _points(
        (N_("Targetnya dan situasinya"), "target|tujuan|rencana|sasaran|situasi",
         "target|goal|plan|objective|situation|aim|deadline|quota"),
        (N_("Penyebabnya, dilihat dengan jujur"),
         "sebab|penyebab|karena|alasan|akar masalah|analisis|evaluasi",
         "cause|because|reason|root cause|analisis|evaluate|evaluation|mistake|underestimate"),
        (N_("Pelajaran dan apa yang Anda ubah"),
         "pelajaran|ajar|belajar|ubah|mengubah|sejak|sekarang saya",
         "lesson|learn|change|since then|now i|adjust|differently|takeaway|improve"),
        (N_("Hasil pada kesempatan berikutnya"),
         "hasil|berhasil|berikutnya|selanjutnya|kemudian|akhirnya|kedua|lulus|lolos",
         "result|success|next time|next|later|following|afterwards|eventually|finally|"
         "second time|second attempt|pass"),
    ), "analisis"),
    _question("p-prioritas", BEHAVIOURAL,
              N_(
                  "Ceritakan pengalaman Anda ketika harus menangani beberapa tugas sekaligus. "
                  "Bagaimana Anda menentukan prioritasnya?"
              ), _points(
        (N_("Cara memilah: dampak, risiko, dan tenggat"),
         "prioritas|urgen|urgent|penting|dampak|risiko|matriks|eisenhower|tenggat|deadline",
         "prioritas|urgent|important|impact|risiko|matrix|eisenhower|deadline|critical|"
         "severity|due"),
        (N_("Alat bantu: daftar tugas, kalender, tiket"),
         "jadwal|kalender|daftar|to-do list|todo|trello|jira|tiket|catat|notion",
         "schedule|calendar|list|to do list|todo|trello|jira|ticket|note|notion|planner|board|"
         "kanban"),
        (N_("Komunikasi soal tenggat dengan pihak terkait"),
         "komunikasi|kabari|atasan|negosiasi|koordinasi|minta waktu",
         "komunikasi|inform|manager|negotiate|coordinate|more time|extension|stakeholder|"
         "expectation"),
        (N_("Hasilnya"), "hasil|selesai|tepat waktu|berhasil|akhirnya",
         "result|finish|on time|success|finally|complete|deliver|meet"),
    ), "prioritas komunikasi"),
    # --- teknis --------------------------------------------------------------------------------
    _question("t-cia", TECHNICAL, N_("Apa itu CIA triad? Berikan contoh untuk masing-masing unsurnya."),
              _points(
        (N_("Kerahasiaan: hanya pihak berwenang yang bisa melihat data"), "kerahasiaan",
         "kerahasiaan|confidential|secret|authorized|authorised"),
        (N_("Integritas: data tidak berubah tanpa izin"), "integritas",
         "integritas|unaltered|tamper|unchanged"),
        (N_("Ketersediaan: sistem dan data bisa diakses saat dibutuhkan"), "ketersediaan",
         "ketersediaan|available|accessible|uptime"),
        (N_("Contoh kontrol untuk tiap unsur (enkripsi, hash, cadangan)"),
         "contoh|misalnya|enkripsi|hash|backup|mfa|redundansi",
         "example|for instance|such as|enkripsi|hash|backup|mfa|redundancy|raid"),
    ), "cia kerahasiaan integritas ketersediaan enkripsi hash"),
    _question("t-osi", TECHNICAL, N_("Apa perbedaan model TCP/IP dan model OSI?"), _points(
        (N_("OSI: tujuh lapisan, model konseptual atau rujukan"),
         "tujuh|7|konseptual|referensi|rujukan|teoretis|teori",
         "seven|7|conceptual|reference|theoretical|theory"),
        (N_("TCP/IP: empat lapisan yang benar-benar dipakai di internet"),
         "empat|4|implementasi|internet|praktis|praktik|nyata",
         "four|4|implementation|internet|practical|practice|real|actual|real world"),
        (N_("Pemetaan lapisan OSI ke lapisan TCP/IP"),
         "petakan|pemetaan|gabung|digabung|application|transport|network|internet layer|"
         "lapisan aplikasi|lapisan transport|physical|fisik|data link",
         "map|correspond|combine|merge|application layer|transport|network layer|"
         "internet layer|physical|data link|session layer|presentation layer"),
        (N_("Gunanya bagi analis: menentukan di lapisan mana masalah atau serangan terjadi"),
         "analisis|troubleshoot|troubleshooting|serangan|masalah|paket|wireshark",
         "analisis|troubleshoot|attack|problem|issue|paket|wireshark|diagnose|pinpoint"),
    ), "osi tcp_ip protokol paket jaringan"),
    _question("t-siem", TECHNICAL, N_("Apa itu SIEM dan bagaimana analis SOC memakainya?"), _points(
        (N_("Mengumpulkan dan menormalkan log dari banyak sumber"),
         "kumpul|mengumpulkan|log|sumber|normalisasi|agregasi|terpusat|sentral|centralized",
         "collect|log|source|normalize|aggregate|centralize|central|ingest|one place"),
        (N_("Korelasi dan aturan yang menghasilkan alert"),
         "korelasi|aturan|rule|alert|correlation|use case",
         "correlation|correlate|rule|alert|use case|detection rule"),
        (N_("Investigasi dan triase alert"),
         "investigasi|triase|selidik|query|cari|prioritas|dashboard",
         "investigate|investigation|triase|query|search|prioritas|dashboard|hunt|look into|"
         "dig"),
        (N_("Contoh alatnya"), "splunk|qradar|chronicle|elastic|sentinel|wazuh|arcsight",
         "splunk|qradar|chronicle|elastic|sentinel|wazuh|arcsight"),
    ), "siem log alert soc triase"),
    _question("t-nist", TECHNICAL, N_("Jelaskan NIST Cybersecurity Framework (CSF)."), _points(
        (N_("Fungsi intinya: Govern, Identify, Protect, Detect, Respond, Recover"),
         "identify|protect|detect|respond|recover|govern|identifikasi|lindungi|lindung|"
         "deteksi|respons|pulih|tata kelola",
         "identify|protect|detect|respond|recover|govern|deteksi|pemulihan|response|"
         "governance"),
        (N_("Kerangka sukarela untuk mengelola risiko keamanan siber"),
         "risiko|sukarela|kelola|mengelola|voluntary|panduan|kerangka",
         "risiko|voluntary|manage|guideline|guidance|best practice"),
        (N_("Cara memakainya: membandingkan kondisi sekarang dengan target"),
         "profil|profile|tier|tingkat|gap|celah|target|kondisi sekarang|current",
         "profile|tier|gap|target|current state|current|maturity|compare|assessment"),
    ), "nist_csf risiko deteksi pemulihan"),
    _question("t-ir", TECHNICAL, N_("Apa saja tahapan respons insiden?"), _points(
        (N_("Persiapan: rencana, playbook, alat, dan latihan"),
         "persiapan|siap|preparation|playbook|rencana|latihan",
         "preparation|prepare|playbook|plan|training|drill|exercise|tabletop|ready"),
        (N_("Deteksi dan analisis"), "deteksi|analisis|identifikasi",
         "deteksi|analisis|identify|identification|triase"),
        (N_("Penahanan, pemberantasan, dan pemulihan"),
         "isolasi|contain|eradikasi|eradication|hapus|bersihkan|pemulihan|pulihkan",
         "isolasi|contain|eradicate|eradication|remove|clean|pemulihan|restore"),
        (N_("Kegiatan pascainsiden: pelajaran dan perbaikan"),
         "pelajaran|lessons learned|evaluasi|pasca|post|review|tinjau|perbaik",
         "lesson|lessons learned|evaluate|post incident|review|retrospective|improve|"
         "postmortem|post mortem|root cause"),
    ), "respons_insiden deteksi analisis isolasi pemulihan playbook dokumentasi"),
    _question("t-phishing", TECHNICAL,
              N_("Bagaimana Anda mengenali dan menangani email phishing?"), _points(
        (N_("Tanda-tandanya: pengirim, domain, tautan, lampiran, nada mendesak"),
         "pengirim|domain|tautan|link|lampiran|attachment|mendesak|urgent|ejaan|header|"
         "sender|alamat email",
         "sender|domain|link|attachment|urgent|urgency|spelling|typo|header|email address|"
         "grammar|suspicious"),
        (N_("Menganalisisnya dengan aman: header, sandbox, reputasi URL"),
         "header|sandbox|url|virustotal|hash|analisis|jangan klik|reputasi",
         "header|sandbox|url|virustotal|hash|analisis|don't click|not click|reputation|hover|"
         "inspect"),
        (N_("Merespons: blokir, hapus dari kotak masuk, reset kata sandi, eskalasi"),
         "blokir|blok|block|hapus|reset|password|eskalasi|isolasi|karantina|lapor",
         "block|delete|remove|reset|password|eskalasi|isolasi|quarantine|report|purge"),
        (N_("Edukasi pengguna"), "edukasi|latih|pelatihan|awareness|sadar|simulasi|sosialisasi",
         "educate|education|training|train|awareness|aware|simulation|simulate"),
    ), "phishing social_engineering analisis eskalasi"),
    _question("t-fpfn", TECHNICAL,
              N_("Apa bedanya false positive dan false negative? Mana yang lebih berbahaya?"),
              _points(
        (N_("False positive: alert untuk aktivitas yang sebenarnya aman"),
         "false_positive|alarm palsu|sebenarnya aman|tidak berbahaya|benign",
         "false_positive|benign|harmless|legitimate|not malicious|actually safe|false alarm"),
        (N_("False negative: serangan nyata yang tidak terdeteksi"),
         "false_negative|tidak terdeteksi|lolos|terlewat|miss",
         "false_negative|undetected|not detected|miss|slip through|go unnoticed|unnoticed"),
        (N_("Mana yang lebih berbahaya, serta risiko alert fatigue (terlalu banyak alert)"),
         "bahaya|berbahaya|serangan|fatigue|lelah|kelelahan|kewalahan|terlalu banyak",
         "danger|dangerous|attack|fatigue|tired|overwhelm|too many|noise|worse"),
        (N_("Menyetel aturan deteksi untuk menyeimbangkannya"),
         "tuning|setel|aturan|rule|sesuaikan|threshold|ambang|whitelist|pengecualian",
         "tune|tuning|rule|adjust|threshold|whitelist|allowlist|exception|exclusion|baseline"),
    ), "false_positive false_negative alert siem deteksi"),
    _question("t-least", TECHNICAL, N_("Apa itu prinsip least privilege dan mengapa penting?"),
              _points(
        (N_("Definisi: hak akses seperlunya untuk menjalankan tugas"),
         "least_privilege|seperlunya|minimal|minimum|hanya yang dibutuhkan|butuh|perlu",
         "least_privilege|only what|need|minimum|minimal|necessary|required|just enough"),
        (N_("Mengurangi dampak akun yang dibobol atau ancaman orang dalam"),
         "dampak|risiko|bobol|dibobol|kompromi|compromise|insider|orang dalam|serangan",
         "impact|risiko|compromise|breach|insider|attack|damage|blast radius|lateral movement|"
         "limit"),
        (N_("Penerapan: akses berbasis peran, tinjauan akses berkala, dan pencabutan akses"),
         "rbac|kontrol_akses|peran|review|tinjau|tinjauan|berkala|cabut|revoke|offboarding",
         "rbac|kontrol_akses|role|review|periodic|regular|revoke|remove access|offboarding|"
         "audit"),
    ), "least_privilege kontrol_akses otorisasi risiko"),
    _question("t-idsips", TECHNICAL, N_("Apa perbedaan IDS dan IPS?"), _points(
        (N_("IDS mendeteksi dan memberi alert"), "ids|deteksi|alert|pasif|pantau",
         "ids|deteksi|alert|passive|pemantauan"),
        (N_("IPS memblokir lalu lintas secara inline"),
         "ips|cegah|mencegah|blok|blokir|block|inline|aktif",
         "ips|prevent|block|inline|active|stop|drop"),
        (N_("Risiko IPS: false positive bisa memblokir lalu lintas yang sah"),
         "false_positive|sah|ganggu|mengganggu|legitimate|salah blokir",
         "false_positive|legitimate|disrupt|interrupt|wrongly block|downtime|outage"),
        (N_("Contoh alatnya"), "snort|suricata|zeek",
         "snort|suricata|zeek"),
    ), "ids ips deteksi alert false_positive jaringan"),
    _question("t-mfa", TECHNICAL, N_("Apa itu MFA dan mengapa lebih aman daripada kata sandi saja?"),
              _points(
        (N_(
             "Faktor yang berbeda jenis: sesuatu yang Anda ketahui, sesuatu yang Anda miliki, dan "
             "ciri tubuh Anda (biometrik)"
         ),
         "ketahui|tahu|miliki|milik|punya|biometrik|sidik jari|wajah|otp|token|"
         "authenticator",
         "something you know|something you have|something you are|biometric|fingerprint|face|"
         "otp|token|authenticator|possession|knowledge factor"),
        (N_("Kata sandi bisa bocor, ditebak, atau dicuri"),
         "bocor|curi|dicuri|phishing|brute_force|tebak|lemah|reuse|dipakai ulang",
         "leak|steal|phishing|brute_force|guess|weak|reuse|breach|credential stuffing"),
        (N_("Keterbatasannya: MFA fatigue, SIM swap; kunci fisik lebih kuat"),
         "fatigue|sim swap|swap|push|fido|yubikey|kunci fisik|passkey",
         "fatigue|sim swap|swap|push|fido|yubikey|hardware key|security key|passkey|bypass"),
    ), "mfa autentikasi password phishing"),
    _question("t-enkripsi", TECHNICAL,
              N_("Jelaskan perbedaan enkripsi simetris dan asimetris, beserta contohnya."),
              _points(
        (N_("Simetris: satu kunci yang sama, cepat"),
         "simetris|aes|satu kunci|kunci yang sama|cepat",
         "simetris|aes|one key|single key|same key|shared key|fast|faster"),
        (N_("Asimetris: pasangan kunci publik dan privat"),
         "asimetris|rsa|publik|privat|pasangan|ecc",
         "asimetris|rsa|public|private|key pair|pair|ecc"),
        (N_("Keduanya dipakai bersama, misalnya di TLS/HTTPS"),
         "tls|https|ssl|pertukaran kunci|key exchange|hybrid|hibrida|bersama",
         "tls|https|ssl|key exchange|hybrid|together|combine"),
        (N_("Bedanya dengan hashing"), "hash|satu arah|one way",
         "hash|one way|irreversible"),
    ), "enkripsi simetris asimetris hash"),
    _question("t-hash", TECHNICAL, N_("Apa itu hashing, dan apa bedanya dengan enkripsi?"),
              _points(
        (N_("Satu arah, dan panjang hasilnya selalu tetap"),
         "satu arah|one way|tidak bisa dikembalikan|tidak bisa dibalik|panjang tetap|fixed",
         "one way|irreversible|cannot be reversed|can't be reversed|fixed length|fixed size|"
         "same length|fixed"),
        (N_("Kegunaannya: memeriksa integritas berkas dan menyimpan kata sandi"),
         "integritas|password|verifikasi|checksum|cocokkan|bandingkan",
         "integritas|password|verify|checksum|compare|match|tamper"),
        (N_("Salt dan algoritma yang sudah lemah"),
         "salt|md5|sha1|bcrypt|argon|lemah|collision|tabrakan",
         "salt|md5|sha1|bcrypt|argon|weak|collision|rainbow table|pepper"),
    ), "hash enkripsi integritas password"),
    _question("t-firewall", TECHNICAL,
              N_("Apa fungsi firewall, dan apa bedanya dengan antivirus?"), _points(
        (N_("Menyaring lalu lintas jaringan berdasarkan aturan"),
         "saring|menyaring|filter|lalu lintas|traffic|aturan|rule|port|allow|deny|ip",
         "filter|traffic|rule|port|allow|deny|ip|block|inbound|outbound"),
        (N_("Jenisnya: stateful, next-generation, WAF, firewall host"),
         "stateful|stateless|ngfw|next generation|waf|host",
         "stateful|stateless|ngfw|next generation|waf|host|packet filter|proxy"),
        (N_("Antivirus atau EDR melindungi perangkat dari malware"),
         "antivirus|endpoint|edr|malware|file|berkas|perangkat",
         "antivirus|endpoint|edr|malware|file|device|computer|laptop"),
        (N_("Keduanya lapisan pertahanan yang saling melengkapi"),
         "defense_in_depth|lapis|lapisan|berlapis|melengkapi",
         "defense_in_depth|layer|layered|complement|together"),
    ), "firewall jaringan port malware edr defense_in_depth"),
    _question("t-log-login", TECHNICAL,
              N_("Log apa saja yang akan Anda periksa untuk menyelidiki login yang "
                 "mencurigakan?"), _points(
        (N_("Log autentikasi (misalnya Windows Event ID 4624/4625, auth.log)"),
         "autentikasi|event|4624|4625|auth|active directory|login|logon|sign-in",
         "autentikasi|event|4624|4625|auth|active directory|login|logon|sign in|windows event"),
        (N_("Konteksnya: alamat IP, lokasi, waktu, perangkat"),
         "ip|lokasi|geo|waktu|jam|perangkat|device|user agent|negara",
         "ip|location|geo|geolocation|time|hour|device|user agent|country|impossible travel"),
        (N_("Korelasi dengan sumber lain di SIEM (VPN, firewall, EDR)"),
         "korelasi|siem|vpn|firewall|proxy|edr|sumber lain",
         "correlation|correlate|siem|vpn|firewall|proxy|edr|other source"),
        (N_("Langkah berikutnya: konfirmasi kepada pengguna, reset, eskalasi"),
         "eskalasi|reset|blokir|nonaktifkan|hubungi|konfirmasi|tiket",
         "eskalasi|reset|block|disable|contact|confirm|ticket|lock"),
    ), "log siem autentikasi eskalasi"),
    _question("t-malware", TECHNICAL,
              N_("Apa perbedaan virus, worm, trojan, dan ransomware?"), _points(
        (N_("Virus menempel pada berkas dan perlu dijalankan"),
         "virus|menempel|tempel|file|eksekusi|jalankan|dijalankan|host",
         "virus|attach|file|execute|run|host|infect"),
        (N_("Worm menyebar sendiri lewat jaringan"), "worm|sebar|menyebar|sendiri|replikasi",
         "worm|spread|self replicate|replicate|on its own|by itself|propagate"),
        (N_("Trojan menyamar sebagai program yang sah"),
         "trojan|samar|menyamar|sah|palsu|legitimate",
         "trojan|disguise|legitimate|fake|pretend|masquerade|look like"),
        (N_("Ransomware mengenkripsi data dan meminta tebusan; cadangan adalah pertahanannya"),
         "ransomware|tebusan|tebus|enkripsi|backup",
         "ransomware|ransom|enkripsi|backup|pay"),
    ), "malware enkripsi backup"),
    _question("t-port", TECHNICAL, N_("Sebutkan beberapa port umum beserta layanannya."), _points(
        (N_("Web: 80 (HTTP) dan 443 (HTTPS)"), "80|443|http|https",
         "80|443|http|https"),
        (N_("Akses jarak jauh: 22 (SSH) dan 3389 (RDP)"), "22|ssh|3389|rdp",
         "22|ssh|3389|rdp"),
        (N_("Lainnya: 53 (DNS), 25 (SMTP)"), "53|dns|25|smtp|21|ftp|445|smb",
         "53|dns|25|smtp|21|ftp|445|smb"),
        (N_("Risiko port yang terbuka tanpa perlu"),
         "terbuka|buka|tutup|scan|nmap|risiko|permukaan serangan|attack surface",
         "open|close|scan|nmap|risiko|attack surface|unnecessary|expose|exposure"),
    ), "port protokol dns jaringan"),
    _question("t-risiko", TECHNICAL, N_("Apa beda ancaman, kerentanan, dan risiko?"), _points(
        (N_("Ancaman: apa atau siapa yang bisa merugikan"), "ancaman",
         "ancaman|harm|attacker|actor|danger"),
        (N_("Kerentanan: kelemahan yang bisa dimanfaatkan"), "kerentanan",
         "kerentanan|weakness|flaw|exploit|gap"),
        (N_("Risiko: kemungkinan dikalikan dampak"),
         "risiko|kemungkinan|dampak|likelihood|impact|peluang",
         "risiko|likelihood|probability|impact|chance|multiply|times"),
        (N_("Contoh yang menghubungkan ketiganya"), "contoh|misalnya|misal",
         "example|for instance|such as"),
    ), "ancaman kerentanan risiko aset"),
    _question("t-social", TECHNICAL, N_("Apa itu social engineering? Berikan contohnya."), _points(
        (N_("Memanipulasi manusia, bukan sistem"),
         "manipulasi|memanipulasi|manusia|psikologi|percaya|kepercayaan|tipu|menipu",
         "manipulate|manipulation|human|people|psychology|psychological|trust|trick|deceive|"
         "persuade"),
        (N_("Contoh: phishing, vishing, pretexting, tailgating"),
         "phishing|vishing|pretexting|tailgating|baiting|telepon|whatsapp|sms",
         "phishing|vishing|pretexting|tailgating|baiting|phone|call|whatsapp|sms|smishing"),
        (N_("Pencegahan: edukasi dan prosedur verifikasi"),
         "edukasi|latih|pelatihan|verifikasi|prosedur|awareness|sadar",
         "educate|education|training|train|verify|verification|procedure|awareness|aware"),
    ), "social_engineering phishing"),
    _question("t-dns", TECHNICAL,
              N_("Apa itu DNS, dan bagaimana DNS bisa disalahgunakan penyerang?"), _points(
        (N_("Menerjemahkan nama domain menjadi alamat IP"),
         "domain|ip|terjemah|menerjemahkan|alamat|resolve|resolusi",
         "domain|ip|translate|address|resolve|resolution|lookup|look up|name"),
        (N_("Penyalahgunaan: spoofing, tunneling, domain yang mirip"),
         "spoofing|poisoning|tunneling|tunnel|typosquatting|mirip|exfiltrasi|eksfiltrasi",
         "spoofing|poisoning|tunneling|tunnelling|tunnel|typosquatting|lookalike|look alike|"
         "similar|exfiltration|hijack"),
        (N_("Memantau log DNS"), "log|pantau|query|siem",
         "log|monitor|query|siem|pemantauan"),
    ), "dns protokol jaringan log"),
    _question("t-vuln", TECHNICAL,
              N_("Bagaimana Anda memprioritaskan kerentanan yang ditemukan dari hasil pemindaian?"),
              _points(
        (N_("Skor CVSS dan apakah sudah dieksploitasi secara aktif"),
         "cvss|skor|kev|eksploit|exploit|dieksploitasi|aktif",
         "cvss|score|kev|exploit|active|in the wild"),
        (N_("Nilai aset dan paparannya ke internet"),
         "aset|kritis|kritikal|internet|publik|terpapar|exposure",
         "aset|critical|internet|public|expose|exposure|internet facing"),
        (N_("Tindakan: patch atau mitigasi sementara"), "patch|mitigasi|perbarui|update",
         "patch|mitigasi|update|upgrade|workaround"),
        (N_("Verifikasi dan pelaporan"),
         "verifikasi|scan ulang|rescan|laporan|tiket|pantau",
         "verify|verification|rescan|scan again|re scan|report|ticket|monitor|track"),
    ), "kerentanan prioritas patch mitigasi risiko aset"),
    _question("t-bruteforce", TECHNICAL,
              N_("Di SIEM, Anda melihat ratusan login gagal ke satu akun dalam lima menit. Apa "
                 "yang Anda lakukan?"), _points(
        (N_("Memastikan polanya: alamat IP sumber, akun, waktu"),
         "ip|sumber|akun|pola|spraying|waktu|lokasi",
         "ip|source|account|pattern|spraying|time|location|username"),
        (N_("Memeriksa apakah ada login yang berhasil setelahnya"),
         "berhasil|sukses|success|4624|masuk",
         "success|successful|succeed|4624|log in|logged in|get in|manage to"),
        (N_("Penahanan: blokir IP, kunci akun, reset kata sandi, MFA"),
         "blokir|blok|block|kunci|lock|reset|mfa|nonaktifkan",
         "block|lock|reset|mfa|disable|ban|rate limit"),
        (N_("Dokumentasi dan eskalasi sesuai playbook"),
         "dokumentasi|eskalasi|tiket|lapor|playbook|catat",
         "dokumentasi|eskalasi|ticket|report|playbook|note|record"),
    ), "brute_force siem log eskalasi mfa alert"),
    _question("t-defense", TECHNICAL, N_("Apa itu defense in depth?"), _points(
        (N_("Beberapa lapisan kontrol keamanan"), "lapis|lapisan|berlapis|layer|defense_in_depth",
         "layer|layered|multiple|defense_in_depth|several"),
        (N_("Contoh kontrol fisik, teknis, dan administratif"),
         "fisik|teknis|administratif|firewall|mfa|kebijakan|pelatihan|edr",
         "physical|technical|administrative|firewall|mfa|kebijakan|training|edr"),
        (N_("Jika satu lapisan gagal, lapisan lain masih menahan"),
         "gagal|jebol|tembus|ditembus|lapisan lain|cadangan",
         "fail|breach|bypass|get through|another layer|still|backup|compromise|if one"),
    ), "defense_in_depth firewall mfa kebijakan"),
    _question("t-skrip", TECHNICAL,
              N_("Bagaimana Python atau skrip bisa membantu pekerjaan analis keamanan?"), _points(
        (N_("Mengotomatiskan tugas yang berulang"),
         "otomasi|ulang|berulang|repetitif|hemat waktu|manual",
         "otomasi|repeat|repetitive|save time|manual|tedious|routine"),
        (N_("Mengolah log dan data (parsing, regex, CSV, JSON)"),
         "parse|parsing|log|csv|json|regex|data|olah",
         "parse|parsing|log|csv|json|regex|data|process|extract"),
        (N_("Contoh nyata yang pernah Anda buat"),
         "pernah|buat|membuat|contoh|proyek|github|skrip",
         "once|build|create|make|example|project|github|skrip|write"),
    ), "python skrip otomasi log"),
    _question("t-sqli", TECHNICAL, N_("Apa itu SQL injection, dan bagaimana mencegahnya?"), _points(
        (N_("Input pengguna yang disisipkan ke query"),
         "input|masukan|query|sisip|disisipkan|kueri",
         "input|query|insert|inject|injeksi|user input|concatenate|unsanitized"),
        (N_("Dampaknya: data dibaca, diubah, atau dihapus"),
         "baca|ubah|hapus|data|bocor|database|basis data|curi",
         "read|modify|change|delete|data|leak|database|steal|dump|exfiltrate"),
        (N_("Pencegahan: parameterized query, validasi input, hak akses minimum"),
         "parameterized|prepared statement|parameter|validasi|sanitasi|orm|least_privilege|waf",
         "parameterized|prepared statement|parameter|validate|validation|sanitize|orm|"
         "least_privilege|waf|escape"),
    ), "injeksi sql owasp least_privilege"),
    _question("t-linux", TECHNICAL,
              N_("Perintah Linux apa yang sering Anda pakai untuk investigasi?"), _points(
        (N_("Melihat isi berkas: cat, less, head, tail"), "cat|less|head|tail|more",
         "cat|less|head|tail|more"),
        (N_("Mencari dan menyaring: grep, find, awk, sort, uniq"),
         "grep|find|awk|sort|uniq|cut|sed",
         "grep|find|awk|sort|uniq|cut|sed"),
        (N_("Proses, jaringan, dan izin: ps, ss/netstat, chmod, sudo"),
         "ps|top|netstat|ss|chmod|chown|sudo|lsof",
         "ps|top|netstat|ss|chmod|chown|sudo|lsof"),
        (N_("Lokasi log: /var/log, auth.log, journalctl"), "var|auth|syslog|journalctl|log",
         "var|auth|syslog|journalctl|log"),
    ), "linux log"),
)
# fmt: on

QUESTIONS_BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}

# Good questions to ask the interviewer: the seed says the follow-up interviews leave room for
# the candidate's own questions about the company and the role.
INTERVIEWER_QUESTIONS: tuple[str, ...] = (
    N_("Seperti apa hari kerja biasa untuk posisi ini?"),
    N_("Alat apa saja yang dipakai tim ini, misalnya SIEM atau EDR?"),
    N_("Bagaimana tim keamanan bekerja sama dengan tim IT dan tim lain?"),
    N_("Seperti apa keberhasilan dalam 90 hari pertama di posisi ini?"),
    N_("Apa tantangan keamanan terbesar yang sedang dihadapi tim saat ini?"),
    N_("Bagaimana perusahaan mendukung pelatihan dan sertifikasi?"),
    N_("Apakah ada sistem shift atau on-call untuk posisi ini?"),
    N_("Seperti apa proses orientasi untuk analis baru?"),
    N_("Apa langkah berikutnya dalam proses seleksi ini?"),
)

SET_SIZE = 5
# The mixed set: one general question, two behavioural, two technical.
MIXED: tuple[tuple[Category, int], ...] = (
    (Category.GENERAL, 1),
    (Category.BEHAVIOURAL, 2),
    (Category.TECHNICAL, 2),
)


def in_category(category: Category) -> tuple[Question, ...]:
    return tuple(question for question in QUESTIONS if question.category is category)


def _freshest_first(
    questions: Iterable[Question], last_answered: Mapping[str, datetime]
) -> list[Question]:
    """Untried questions first (in bank order), then the ones answered longest ago."""
    ordered = list(questions)
    untried = [q for q in ordered if q.id not in last_answered]
    tried = sorted(
        (q for q in ordered if q.id in last_answered), key=lambda q: last_answered[q.id]
    )
    return untried + tried


def pick_set(category: Category | None, last_answered: Mapping[str, datetime]) -> list[Question]:
    """The questions of a practice set: five of a category, or the mixed five (None)."""
    if category is not None:
        return _freshest_first(in_category(category), last_answered)[:SET_SIZE]
    chosen: list[Question] = []
    for part, count in MIXED:
        chosen.extend(_freshest_first(in_category(part), last_answered)[:count])
    return chosen


def untried(answered: Iterable[str]) -> list[Question]:
    done = set(answered)
    return [question for question in QUESTIONS if question.id not in done]
