"""Warning signs in a recruiter's message, found by explainable rules, offline; and whether the
user is asking for such a check.

Each sign has a stable id (for tests, logs and the benchmark) and a one-line explanation, and
each finding quotes the words that showed it, so the user can see why. The check reads only the
text: it says what it cannot know, and never calls a message safe. The rules were tuned on the
dev half of bench/corpus/recruiter_messages.jsonl only (bench/scam.py reports both halves).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from bot.i18n import N_, _, ngettext

# A forwarded message longer than this is cut before checking: no recruiter writes more, and the
# rules stay fast whatever is pasted.
MAX_TEXT = 8_000
MAX_EVIDENCE = 100
QUOTE_BEFORE = 30
QUOTE_AFTER = 45
# A question about a message is short; a long text is the message itself (asks_for_check).
MAX_QUESTION = 280


@dataclass(frozen=True)
class Sign:
    id: str  # stable: tests, logs and the benchmark use it
    title: str  # message id
    explanation: str  # message id: one line, why this matters


SIGNS = (
    Sign(
        "fee",
        N_("Meminta bayaran"),
        N_(
            "Perusahaan yang sungguh merekrut tidak meminta pelamar membayar pelatihan, seragam, "
            "tes kesehatan, administrasi, atau perlengkapan."
        ),
    ),
    Sign(
        "travel_agent",
        N_("Tiket lewat agen perjalanan yang ditunjuk"),
        N_(
            "Menyuruh pelamar memesan dan membayar tiket atau hotel lewat travel pilihan mereka, "
            "dengan janji diganti nanti, adalah modus penipuan lowongan yang paling sering."
        ),
    ),
    Sign(
        "secret_codes",
        N_("Meminta kode OTP, PIN, atau data bank rahasia"),
        N_(
            "Tidak ada rekrutmen yang butuh kode OTP, PIN, kata sandi, nama ibu kandung, atau "
            "nomor kartu Anda: dengan itu orang bisa menguras rekening atau mengambil alih akun."
        ),
    ),
    Sign(
        "early_documents",
        N_("Meminta foto KTP atau data rekening sebelum wawancara"),
        N_(
            "Foto KTP, swafoto dengan KTP, atau nomor rekening baru wajar diminta setelah Anda "
            "diterima; sebelum wawancara, data itu bisa dipakai untuk pinjol atau penipuan atas "
            "nama Anda."
        ),
    ),
    Sign(
        "task_scheme",
        N_("Tugas like, subscribe, rating, atau order berbayar"),
        N_(
            "Dibayar per like, subscribe, ulasan, atau order, lalu diminta isi saldo untuk tugas "
            "berikutnya, adalah penipuan kerja paruh waktu, bukan lowongan."
        ),
    ),
    Sign(
        "chat_only",
        N_("Hanya lewat WhatsApp atau Telegram"),
        N_(
            "Rekruter asli bisa dihubungi lewat email dan telepon kantor; yang hanya mau chat, "
            "memindahkan Anda ke Telegram, atau mewawancarai lewat chat sedang menghindari jejak."
        ),
    ),
    Sign(
        "free_mail",
        N_("Email gratisan atas nama perusahaan besar"),
        N_(
            "Perusahaan besar mengirim email rekrutmen dari domainnya sendiri (misalnya "
            "@pertamina.com), bukan dari Gmail, Yahoo, atau Outlook."
        ),
    ),
    Sign(
        "too_good",
        N_("Gaji terlalu tinggi atau tanpa seleksi"),
        N_(
            "Gaji jauh di atas pasaran, bayaran per hari untuk pekerjaan ringan, keuntungan "
            "harian yang dijanjikan atas uang Anda, atau diterima tanpa tes dan wawancara adalah "
            "umpan, bukan tawaran kerja."
        ),
    ),
    Sign(
        "pressure",
        N_("Mendesak dan menakut-nakuti"),
        N_(
            '"Kuota terbatas", "hari ini juga", atau "posisi diberikan ke orang lain" dipakai '
            "agar Anda tidak sempat memeriksa; proses yang wajar memberi waktu."
        ),
    ),
    Sign(
        "risky_link",
        N_("Tautan pendek atau berkas aplikasi (APK)"),
        N_(
            "Tautan pendek menyembunyikan tujuannya, dan berkas .apk di luar Play Store bisa "
            "mencuri SMS, OTP, dan isi ponsel Anda."
        ),
    ),
)
SIGN_BY_ID = {sign.id: sign for sign in SIGNS}


@dataclass(frozen=True)
class Finding:
    sign: Sign
    evidence: str  # the words of the message that showed the sign, as written


@dataclass(frozen=True)
class ScamCheck:
    findings: tuple[Finding, ...]

    @property
    def sign_ids(self) -> tuple[str, ...]:
        return tuple(finding.sign.id for finding in self.findings)


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


# --- the words the rules look for -------------------------------------------------------------

# "Pendaftaran gratis, hanya perlu membeli ...": what is free and what is not sit in one sentence,
# so a contrast or a restriction after a comma starts a new clause.
_CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+(?:\s|$)|,\s*(?:namun|tetapi|tapi|but|however|hanya|cukup|tinggal|only|just)\b"
    r"|\s(?:but|namun|tetapi)\s",
    re.IGNORECASE,
)

_PAY = _rx(
    r"\b(?:biaya\w*|bayar\w*|membayar|dibayarkan|transfer\w*|ditransfer|trf|tf|uang|deposit|"
    r"fee|fees|pay|paid|payment|dp)\b"
)
_PAY_PURPOSE = _rx(
    r"\b(?:pelatihan|training|seragam|uniform|medical|mcu|medis|kesehatan|check ?up|"
    r"administrasi|admin|pendaftaran|registrasi|registration|asrama|id ?card|visa|dokumen|"
    r"sertifikat|certificate|diklat|starter kit|paket|proses|processing|assessment|psikotes|"
    r"bahan|equipment|peralatan|perlengkapan|akomodasi|tiket|ticket)\b"
)
# "menyetor uang jaminan Rp 500.000", "membeli software Rp 150.000": paying, with an amount.
# "Deposit awal minimal 100 USDT" too: a deposit the candidate makes is money going out.
_PAY_VERB = _rx(
    r"\b(?:transfer|ditransfer|setor|menyetor|setoran|membayar|bayar|dibayarkan|melunasi|"
    r"membeli|beli|purchase|buy|pay|kirim uang|send money|western union|moneygram|deposit)\b"
)
_CURRENCY = r"(?<![a-z])(?:rp\.?|idr|usd|us\$|\$|€|eur|rm|myr|sgd|s\$|£)"
_AMOUNT = _rx(
    _CURRENCY + r"\s*\d[\d.,]*",
    r"\b\d[\d.,]*\s*(?:rb|ribu|k|jt|juta|usd|usdt|idr|euro)\b",
)
# "Perusahaan membayar gaji Rp 7.500.000": money flowing to the candidate is not a fee.
_WAGES = _rx(r"\b(?:gaji|salary|salaries|upah|tunjangan|allowance|reimburs\w*|thr)\b")
_PAY_SCHEMES = _rx(
    r"\bgift ?cards?\b",
    r"\bremaining balance\b",
    r"\b(?:buy|purchase)\b.{0,40}\bfrom our (?:approved )?vendor\b",
    r"\bke (?:no\.? )?rek(?:ening)?\b.{0,40}\b(?:a/?n|an\.|atas nama)\b",
)
# Said by real recruiters: "tidak dipungut biaya", "biaya ditanggung perusahaan", "free of charge".
_NO_COST = _rx(
    r"\b(?:tidak|tdk|tanpa|bebas)\s+(?:ada\s+)?(?:dipungut\s+|memungut\s+)?(?:biaya|bayar)",
    r"\btidak\s+(?:dipungut|memungut)\b",
    r"\bgratis\b",
    r"\bfree of charge\b",
    r"\bno (?:fee|charge|cost|payment)s?\b",
    r"\b(?:never|tidak akan pernah|tidak pernah)\b.{0,40}\b(?:ask|asks|minta|meminta|memungut|charge|payment|pembayaran|biaya)",
    # ... but not "biaya ditanggung peserta terlebih dahulu": borne by the candidate is a fee.
    r"\b(?:biaya\w*|cost|costs|fee)\b.{0,40}\b(?:ditanggung|covered|paid (?:directly )?by)\b"
    r"(?!\s+(?:oleh\s+)?(?:peserta|pelamar|kandidat|calon|anda|sendiri|the candidate|you\b))",
    r"\bditanggung (?:oleh )?(?:perusahaan|kantor|kami)\b",
)

_TRAVEL = _rx(
    r"\btravel agent\b",
    r"\bagen (?:perjalanan|travel)\b",
    r"\bbiro perjalanan\b",
    r"\btour\s*(?:&|and|dan)\s*travel\b",
    r"\b(?:melalui|lewat|via|oleh)\s+(?:pt\s+|cv\s+)?(?:[\w-]+\s+){0,3}(?:travel\w*|tour)\b",
    r"\btravel\s+(?:rekanan|yang ditunjuk|resmi|kami|panitia)\b",
)
_TRAVEL_BOOKING = _rx(
    r"\b(?:pesan|memesan|dipesan|pemesanan|booking|book|reservasi|reserve|transfer\w*|biaya|"
    r"bayar|diganti|dikembalikan|reimburse\w*|di-reimburse|diurus|dana)\b"
)
_NOT_WORKING_WITH = _rx(r"\btidak (?:bekerja sama|bekerjasama)\b", r"\bdo(?:es)? not work with\b")

# Nobody mentions these to a candidate except to ask for them.
_SECRETS = _rx(
    r"\bpin\b",
    r"\bpassword\b",
    r"\bkata sandi\b",
    r"\buser ?id\b",
    r"\busername\b",
    r"\bm-?banking\b",
    r"\b(?:internet|online) banking\b",
    r"\bibu kandung\b",
    r"\bmother'?s maiden\b",
    r"\b(?:nomor|no\.?)\s+kartu\s+(?:atm|debit|kredit)\b",
    r"\bkartu atm\b",
    r"\b(?:debit|credit) card\b",
    r"\bcvv\b",
)
# A one-time code is sent by test platforms too ("kode OTP akan dikirim ke email Anda"); the
# sign is being asked to pass it on. Not any code: "kode posisi", "dress code" are ordinary.
_CODE = _rx(
    r"\botp\b",
    r"\bkode verifikasi\b",
    r"\bverification code\b",
    r"\b(?:\d|enam|empat)[- ]?(?:digit|angka)\b",
    r"\b(?:kode|code)\b.{0,40}\b(?:masuk|dikirim|terkirim|barusan|sent|received|kami kirim)\b",
    r"\b(?:sms|whatsapp|wa)\b.{0,15}\b(?:kode|code)\b",
)
_PASS_ON = _rx(
    r"\b(?:kirim|kirimkan|teruskan|sebutkan|berikan|kasih|balas|bacakan|reply|send|forward|"
    r"tell|give|share)\b"
)
_NEVER_ASKS = _rx(
    r"\b(?:tidak|tdk|never|jangan|do not|don'?t|tidak akan pernah|tidak pernah)\b.{0,30}"
    r"\b(?:meminta|minta|ask|asks|request|share|bagikan|berikan|kirim\w*|beri\w*)\b"
)

_DOCUMENTS = _rx(
    r"\b(?:e-?ktp|ktp|kk|kartu keluarga|npwp|nik|paspor|passport|id card|identity card|"
    r"selfie|swafoto|rekening|no\.? rek|bank account|account number|buku tabungan|"
    r"bank statement|rekening koran|bank details)\b"
)
_SEND = _rx(
    r"\b(?:kirim\w*|foto|scan\w*|upload|unggah|lampirkan|isi|mengisi|siapkan|sebutkan|send|"
    r"photo|copy of|prepare|kyc|provide)\b"
)
# After an offer, asking for the KTP and a bank account is how payroll starts: not a sign.
_HIRED = _rx(
    r"\boffer(?:ing)? letter\b",
    r"\bsurat penawaran\b",
    r"\bonboarding\b",
    r"\bhari pertama\b",
    r"\bfirst day\b",
    r"\bstart date\b",
    r"\bmulai kerja\b",
    r"\b(?:penandatanganan|tanda ?tangan) kontrak\b",
    r"\bselamat bergabung\b",
    r"\bwelcome aboard\b",
    r"\bonce you sign\b",
)

_TASKS = _rx(
    r"\blike\s*(?:&|dan|and|\+)\s*subscribe\b",
    r"\b(?:like|subscribe|follow)\s+(?:\d+\s+)?(?:video|postingan|post|akun|channel|youtube|tiktok|instagram|ig)\b",
    r"\bper like\b",
    # "just like and save products in our app to help merchants": nobody is paid to like goods.
    r"\b(?:like|save|simpan|klik|click)\s+(?:(?:and|&|dan)\s+\w+\s+)?(?:the\s+)?(?:products?|produk)\b",
    r"\b(?:rating|ulasan|review)\b.{0,30}\b(?:produk|product|toko|hotel|google maps|bintang|stars?)\b",
    r"\brate hotels?\b",
    r"\bboost\w*\s+(?:rating|product|produk|sales)\b",
    r"\b(?:nonton|menonton|tonton|watch)\w*\s+video",
    r"\b(?:complete|selesaikan)\s+(?:\d+\s+)?orders?\b",
    r"\bklik\s*(?:&|dan)\s*order\b",
    r"\btugas prabayar\b",
    r"\bmisi lanjutan\b",
    r"\b(?:vip|merchant) task\b",
)
_DEPOSIT = _rx(
    r"\btop ?up\b",
    r"\bisi saldo\b",
    r"\brecharge\b",
    r"\bsaldo sendiri\b",
    r"\bdana sendiri\b",
    r"\bown fund",
)
_EARNINGS = _rx(r"\b(?:komisi|commission|profit|balik modal|capital|keuntungan)\b")

_CHAT_ONLY = _rx(
    r"\b(?:hanya|cuma|only)\s+(?:melayani\s+)?(?:via|melalui|lewat|through|on|di)\s+(?:wa|whatsapp|telegram|chat)\b",
    r"\b(?:whatsapp|wa|telegram)\s+only\b",
    r"\b(?:via|melalui|lewat)\s+(?:wa|whatsapp|telegram)\s+saja\b",
    r"\b(?:tidak|tdk)\s+melayani\s+(?:telepon|telp|telpon|call)",
    r"\bno (?:telp|telpon|call|calls)\b",
    r"\binterview\w*\b.{0,30}\b(?:via|lewat|melalui)\s+(?:chat\s+)?telegram\b",
    r"\btidak ada (?:interview|wawancara) tatap muka\b",
    r"\b(?:interview|wawancara)\w*\b.{0,50}\b(?:chat|text only|teks saja|lewat pesan)\b",
    r"\btext only\b",
    r"\bt\.me/",
    r"\b(?:telegram|tele)\s*:?\s*@\w+",
    r"\bgrup telegram\b",
    r"\b(?:join|add) (?:our )?telegram\b",
    r"\b(?:chat|hubungi|contact)\s+(?:\w+\s+)?(?:admin|mentor|supervisor)\b",
    r"\b(?:let'?s )?(?:continue|chat)\b.{0,15}\bon (?:whatsapp|telegram)\b",
    r"\blanjutkan\s+(?:via|lewat|melalui|di)\s+(?:wa|whatsapp|telegram)\b",
    r"\b(?:mentor|supervisor)\b.{0,20}\b(?:on|via|di) (?:telegram|wa|whatsapp)\b",
)

_EMAIL = re.compile(r"\b([a-z0-9._%+-]+)@((?:[a-z0-9-]+\.)+[a-z]{2,})\b", re.IGNORECASE)
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.id",
        "ymail.com",
        "rocketmail.com",
        "hotmail.com",
        "outlook.com",
        "outlook.co.id",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "mail.com",
        "gmx.com",
        "protonmail.com",
        "proton.me",
        "zohomail.com",
        "yandex.com",
    }
)
# Employers whose name scammers borrow most in Indonesia: state companies, banks, big
# manufacturers and platforms. Short names are matched as whole parts of the address only.
BRANDS = frozenset(
    {
        "adaro", "ahm", "alfamart", "angkasapura", "antam", "astra", "bca", "bni", "bri",
        "btn", "bukalapak", "bulog", "bumn", "chevron", "danone", "djarum", "freeport",
        "garuda", "gojek", "grab", "gudanggaram", "honda", "indofood", "indomaret", "indosat",
        "kai", "kalbe", "lazada", "mandiri", "nestle", "pelindo", "pertamina", "pln", "pupuk",
        "sampoerna", "samsung", "semenindonesia", "shopee", "sinarmas", "telkom", "telkomsel",
        "tokopedia", "toyota", "traveloka", "unilever", "wings", "xl",
    }
)  # fmt: skip
_BRAND_WORD = re.compile(r"\b(?:" + "|".join(sorted(BRANDS)) + r")\b", re.IGNORECASE)
_RECRUITING_WORD = _rx(r"hrd|\bhr\b|recruit|rekrut|karir|career|talent|official|panitia|loker")

_TOO_GOOD = _rx(
    r"\b(?:tanpa|no|without)\s+(?:melalui\s+)?(?:tes|test|interview|wawancara|seleksi)\b",
    r"\b(?:no|without an?)\s+interview\b",
    r"\bhasil jutaan\b",
    r"\bpenghasilan jutaan\b",
    r"\bdaily income\b",
    r"\bpays daily\b",
    # An employer pays wages, not a return on the candidate's money: "bagi hasil 5% per hari",
    # "profit harian", "modal dijamin kembali" are an investment scheme dressed as a job.
    r"\b\d+(?:[.,]\d+)?\s*%\s*(?:per|/|tiap|setiap|a|each)\s*(?:hari|day|minggu|week)\b",
    r"\b(?:profit|keuntungan|bagi hasil|imbal hasil|returns?)\s+(?:harian|daily|mingguan|weekly)\b",
    r"\bmodal\b.{0,20}\bdijamin\b",
    r"\bguaranteed (?:returns?|profits?)\b",
)
_MONEY = r"(?:rp\.?\s*|\$\s*|usd\s*|idr\s*)?\d[\d.,]*\s*(?:rb|ribu|k|jt|juta|jutaan|million|usd|usdt|\$)?"
_SCALED = r"\d[\d.,]*\s*(?:rb|ribu|k|jt|juta|million)?"
_RANGE = r"\s*" + _SCALED + r"(?:\s*-\s*" + _CURRENCY + r"?\s*" + _SCALED + r")?"
# Pay quoted per day, hour or week. Day rates are ordinary for event crews, SPGs and warehouse
# shifts ("honor Rp 250.000/hari", "daily wage IDR 180,000 per day"), so a rate is a sign only
# when it is well above a day's wage (_RATE_LIMIT) or is for light work from home (_LIGHT_WORK).
_RATE = _rx(
    r"\b(?:earn\w*|income|gaji|bayaran|dibayar|dapet|dapat|dpt)\b.{0,25}\d.{0,20}(?:/|\bper\s+|\ba\s+|\beach\s+)(?:hari|day|minggu|week|jam|hour)\b",
    r"\b(?:sehari|per hari|/day|per day|a day)\b.{0,10}\b(?:bisa|up to|sampai)\b.{0,15}\d",
    r"\bgaji harian\b.{0,10}\d",
    r"\bweekly pay\b.{0,10}\d",
    r"\b" + _MONEY + r"\s*/\s*(?:hari|day|minggu|week|jam|hour)\b",
    # "Rp 150rb per jam", "RM200-RM500 a day"; "earn IDR 300,000 - 800,000 daily"
    _CURRENCY + _RANGE + r"\s*(?:a|per)\s+(?:day|hari|hour|jam)\b",
    _CURRENCY + _RANGE + r"\s*(?:daily|sehari)\b",
    r"\b\d[\d.,]*\s*(?:rb|ribu|k|jt|juta)\s*(?:daily|sehari)\b",
)
_RATE_UNIT = _rx(
    r"(?P<hour>\bjam\b|\bhour\b|/\s*h\b)|(?P<week>\bminggu\b|\bweek|\bpekan\b)|(?P<day>hari|\bday|daily)"
)
# Twice the highest provincial minimum wage (Jakarta, about Rp 5.4 million a month in 2025: some
# Rp 250,000 a working day, Rp 31,000 an hour, Rp 1.25 million a week), in rupiah.
_RATE_LIMIT = {"hour": 65_000, "day": 500_000, "week": 2_500_000}
_LIGHT_WORK = _rx(
    r"\b(?:dari|from) (?:rumah|home|hp)\b",
    r"\b(?:wfh|work from home|remote|online|part[- ]?time|paruh waktu|sampingan|freelance)\b",
    r"\b(?:modal|pakai|cuma|hanya) hp\b",
    r"\b(?:santai|no skill|tanpa keahlian)\b",
)
# A money amount: "Rp 800.000", "IDR 300,000", "500rb", "2jt", "1-3 million", "RM500", "$300".
_MONEY_AMOUNT = re.compile(
    r"(?P<cur>rp\.?|idr|usd|us\$|\$|€|eur|rm|myr|sgd|s\$|£)?\s*"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>rb|ribu|k|jt|juta|million|usdt|usd|idr|rm|ringgit)?(?![\w])",
    re.IGNORECASE,
)
_TO_RUPIAH = {
    "usd": 16_000, "us$": 16_000, "$": 16_000, "usdt": 16_000, "€": 17_000, "eur": 17_000,
    "rm": 3_500, "myr": 3_500, "ringgit": 3_500, "sgd": 12_000, "s$": 12_000, "£": 20_000,
}  # fmt: skip
_SCALE = {"rb": 1e3, "ribu": 1e3, "k": 1e3, "jt": 1e6, "juta": 1e6, "million": 1e6}
_NO_EXPERIENCE = _rx(
    r"\b(?:tanpa|no|without|tidak perlu|gak perlu|ga perlu|nggak perlu)\s+(?:pengalaman|experience|ijazah)\b",
    r"\bfresh graduate\b",
    r"\blulusan sma\b",
)
_HIGH_PAY = _rx(
    r"\b(?:gaji|salary|income|penghasilan)\b[^.\n]{0,20}\d",
    r"\d\s*(?:jt|juta|million)\b",
)

_PRESSURE = _rx(
    r"\b(?:kuota|slot|slots|kursi|tempat|positions?|seats?)\s+(?:sangat\s+)?(?:terbatas|limited|tinggal|hampir penuh)",
    r"\b(?:terbatas|limited)\s+(?:slots?|kuota|seats?)\b",
    r"\b(?:sebelum|sblm)\s+kuota\s+penuh\b",
    r"\bfilling fast\b",
    r"\b(?:slot|kuota)\s+tinggal\b",
    r"\btinggal\s+\d+\s+(?:orang|slot|kursi)\b",
    r"\bburuan\b",
    r"\bjangan sampai (?:kehabisan|ketinggalan)\b",
    r"\bdon'?t miss\b",
    r"\bhari ini juga\b",
    r"\bbatas\s+(?:konfirmasi|pendaftaran|waktu)?\s*(?:hanya\s+)?hari ini\b",
    r"\bditutup\s+(?:malam ini|hari ini)\b",
    r"\bbesok tutup\b",
    r"\btoday to avoid\b",
    r"\b(?:akan\s+)?diberikan\s+(?:ke|kepada)\s+(?:kandidat|orang|pelamar)\s+lain\b",
    r"\bgiven to (?:another|other) candidates?\b",
)

_SHORTENERS = frozenset(
    {
        "bit.ly",
        "s.id",
        "tinyurl.com",
        "cutt.ly",
        "shorturl.at",
        "rebrand.ly",
        "t.ly",
        "is.gd",
        "ow.ly",
        "goo.gl",
        "shorte.st",
        "rb.gy",
        "tiny.cc",
        "v.gd",
    }
)
_SECOND_LEVEL = frozenset({"co", "ac", "go", "or", "web", "my", "sch", "net", "com", "biz"})
# Endings that cost next to nothing and that employers do not recruit from.
_CHEAP_TLDS = frozenset(
    {
        "site",
        "online",
        "xyz",
        "top",
        "icu",
        "click",
        "buzz",
        "live",
        "info",
        "shop",
        "store",
        "vip",
        "link",
        "net",
    }
)
_HOST = re.compile(
    r"(?<![\w.@-])(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?=/|\b)", re.IGNORECASE
)
_APP = _rx(
    r"[\w-]+\.apk\b",
    r"\bdownload (?:our|the) (?:\w+ )?app\b",
    r"\b(?:unduh|instal|install)\s+aplikasi\b(?!.{0,30}play store)",
    r"\bjangan dari play store\b",
    r"\bnot from (?:the )?play store\b",
)


# --- the rules -------------------------------------------------------------------------------


def _clauses(text: str) -> list[str]:
    return [clause for clause in _CLAUSE_BREAK.split(text) if clause.strip()]


def _quote(match: re.Match[str]) -> str:
    """The words around a match, as written: enough of the sentence to recognise it."""
    text = match.string
    start = max(0, match.start() - QUOTE_BEFORE)
    end = min(len(text), match.end() + QUOTE_AFTER)
    # Whole words only: move the cut outwards to the nearest space, or to the text's edges.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    quote = " ".join(text[start:end].split()).strip(" ,;:")
    if len(quote) > MAX_EVIDENCE:
        quote = quote[: MAX_EVIDENCE - 1].rstrip() + "…"
    return quote


def _first(pattern: re.Pattern[str], texts: Iterable[str]) -> str | None:
    for text in texts:
        match = pattern.search(text)
        if match:
            return _quote(match)
    return None


def _fee(clauses: list[str]) -> str | None:
    for clause in clauses:
        if _NO_COST.search(clause):
            continue
        pay, purpose = _PAY.search(clause), _PAY_PURPOSE.search(clause)
        if pay and purpose:
            return _quote(pay if pay.start() < purpose.start() else purpose)
        scheme = _PAY_SCHEMES.search(clause)
        if scheme:
            return _quote(scheme)
        verb = _PAY_VERB.search(clause)
        if verb and _AMOUNT.search(clause) and not _WAGES.search(clause):
            return _quote(verb)
    return None


def _travel_agent(text: str, clauses: list[str]) -> str | None:
    if not _TRAVEL_BOOKING.search(text):
        return None
    return _first(_TRAVEL, (clause for clause in clauses if not _NOT_WORKING_WITH.search(clause)))


def _secret_codes(clauses: list[str]) -> str | None:
    for clause in clauses:
        if _NEVER_ASKS.search(clause):
            continue
        secret = _SECRETS.search(clause)
        if secret:
            return _quote(secret)
        code = _CODE.search(clause)
        if code and _PASS_ON.search(clause):
            return _quote(code)
    return None


def _early_documents(text: str, clauses: list[str]) -> str | None:
    if _HIRED.search(text):
        return None
    for clause in clauses:
        document = _DOCUMENTS.search(clause)
        if document and _SEND.search(clause):
            return _quote(document)
    return None


def _task_scheme(text: str) -> str | None:
    found = _first(_TASKS, (text,))
    if found:
        return found
    deposit = _DEPOSIT.search(text)
    if deposit and _EARNINGS.search(text):
        return _quote(deposit)
    return None


def _free_mail(text: str) -> str | None:
    mentions_brand = _BRAND_WORD.search(text) is not None
    for match in _EMAIL.finditer(text):
        local, domain = match.group(1).lower(), match.group(2).lower()
        if domain not in FREE_MAIL:
            continue
        parts = set(re.split(r"[^a-z]+", local))
        joined = re.sub(r"[^a-z]", "", local)
        named = any(brand in parts or (len(brand) >= 5 and brand in joined) for brand in BRANDS)
        if named or (mentions_brand and _RECRUITING_WORD.search(local)):
            return match.group(0)
    return None


def _rupiah(text: str) -> float:
    """The largest money amount in a few words, in rupiah; 0 when there is none. A bare number
    ("8-hour", "1-2 jam") is not money: it needs a currency, a "rb"/"jt" or thousands dots."""
    largest = 0.0
    for match in _MONEY_AMOUNT.finditer(text):
        currency = (match["cur"] or "").lower().rstrip(".")
        unit = (match["unit"] or "").lower()
        number = match["num"]
        grouped = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number) is not None
        if not (currency or unit or grouped):
            continue
        value = float(re.sub(r"[.,]", "", number) if grouped else number.replace(",", "."))
        value *= _SCALE.get(unit, 1)
        value *= _TO_RUPIAH.get(unit, _TO_RUPIAH.get(currency, 1))
        largest = max(largest, value)
    return largest


def _rate_too_good(text: str) -> str | None:
    light_work = _LIGHT_WORK.search(text) is not None
    for match in _RATE.finditer(text):
        if light_work:
            return _quote(match)
        # The amount can sit just before the words that matched ("Rp 500rb sehari bisa").
        window = text[max(0, match.start() - 20) : match.end() + 15]
        # The period is the one the amount is quoted in: the last one named ("8 jam, 500rb/hari").
        units = list(_RATE_UNIT.finditer(match.group(0)))
        period = (units[-1].lastgroup if units else None) or "day"
        if _rupiah(window) >= _RATE_LIMIT[period]:
            return _quote(match)
    return None


def _too_good(text: str) -> str | None:
    found = _first(_TOO_GOOD, (text,)) or _rate_too_good(text)
    if found:
        return found
    no_experience = _NO_EXPERIENCE.search(text)
    if no_experience and _HIGH_PAY.search(text):
        return _quote(no_experience)
    return None


def _registrable(host: str) -> str:
    """ "karir.bankmandiri.co.id" -> "bankmandiri.co.id" (enough for the names people register)."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _lookalike(host: str) -> bool:
    """A site wearing a big employer's name with recruiting words or a throwaway ending
    ("rekrutmen-bri.site", "bca-karir-online.net"), not the employer's own domain."""
    domain = _registrable(host)
    name = domain.split(".")[0]
    parts = set(re.split(r"[^a-z]+", name))
    branded = any(brand in parts or (len(brand) >= 5 and brand in name) for brand in BRANDS)
    dressed = "-" in name or _RECRUITING_WORD.search(name) or domain.split(".")[-1] in _CHEAP_TLDS
    return branded and bool(dressed)


def _risky_link(text: str) -> str | None:
    for match in _HOST.finditer(text):
        host = match.group(1).lower()
        if host in _SHORTENERS or _lookalike(host):
            return _quote(match)
    return _first(_APP, (text,))


def check_message(text: str) -> ScamCheck:
    """The warning signs in a recruiter's message, in the order of SIGNS, each with its quote."""
    text = text[:MAX_TEXT]
    clauses = _clauses(text)
    evidence = {
        "fee": _fee(clauses),
        "travel_agent": _travel_agent(text, clauses),
        "secret_codes": _secret_codes(clauses),
        "early_documents": _early_documents(text, clauses),
        "task_scheme": _task_scheme(text),
        "chat_only": _first(_CHAT_ONLY, (text,)),
        "free_mail": _free_mail(text),
        "too_good": _too_good(text),
        "pressure": _first(_PRESSURE, (text,)),
        "risky_link": _risky_link(text),
    }
    return ScamCheck(
        tuple(Finding(sign, quote) for sign in SIGNS if (quote := evidence[sign.id]) is not None)
    )


# --- asking for a check ----------------------------------------------------------------------

_ABOUT_SCAM = _rx(
    r"\b(?:penipu\w*|tipu\w*|nipu\w*|scam\w*|hoax|hoaks|bodong|abal(?:[- ]?abal)?|fraud\w*|"
    r"fake|palsu|legit\w*|phishing)\b"
)
_ABOUT_REAL = _rx(
    r"\b(?:asli|beneran|bener|real|aman|safe|resmi|official|valid|wajar|normal|genuine|"
    r"trusted|terpercaya|bisa dipercaya)\b"
)
_ASKING = _rx(
    r"\?",
    r"\b(?:ga|gak|nggak|ngga|enggak|engga|gk|tidak|bukan|kah|apa|apakah|atau|is|are|does|"
    r"should|can|ya|sih|nih|kan|gimana|bagaimana)\b",
)
_CHECK = _rx(r"\b(?:cek|cekin|check|periksa|verify|verifikasi|tolong (?:lihat|liat))\b")
_ABOUT_MESSAGE = _rx(
    r"\b(?:ini|itu|this|that|pesan|message|chat|lowongan|loker|rekruter|recruiter|hrd|hr|"
    r"tawaran|offer|job|kerja|kerjaan|perusahaan|company|nomor|number|email|link|undangan|"
    r"minta|meminta|transfer|bayar|biaya|fee|pay|payment|ktp|otp)\b"
)
_REAL_QUESTION = _rx(
    r"\b(?:asli|beneran|bener|real|aman|resmi|legit|wajar|normal)\s*(?:ga|gak|nggak|ngga|enggak|gk|tidak|kah|atau|or not|\?)",
    r"\b(?:asli|beneran|bener|real|aman|resmi|legit|wajar|normal)\s*(?:ya|sih|nih)\s*\?",
    r"\b(?:apakah|apa|is|are)\b.{0,40}\b(?:asli|real|genuine|safe|resmi|legit|aman|wajar|normal|official)\b",
)


def asks_for_check(text: str) -> bool:
    """Whether a message the user typed asks if a recruiter or job is real: "ini penipuan ga?",
    "is this recruiter legit?", "tolong cek lowongan ini". A forwarded recruiter message that
    merely warns about fraud ("waspada penipuan ...") is not a question: only a short text, or
    the first or last line of a longer one, is read."""
    text = text.strip()
    lines = [line for line in text.splitlines() if line.strip()]
    candidates = [text] if len(text) <= MAX_QUESTION else []
    if len(text) > MAX_QUESTION and lines:
        candidates += [line for line in (lines[0], lines[-1]) if len(line) <= MAX_QUESTION]
    return any(_is_check_question(candidate) for candidate in candidates)


def _is_check_question(text: str) -> bool:
    if _ABOUT_SCAM.search(text) and (_ASKING.search(text) or _CHECK.search(text)):
        return True
    if _ABOUT_REAL.search(text) and _ABOUT_MESSAGE.search(text) and _REAL_QUESTION.search(text):
        return True
    return bool(_CHECK.search(text) and _ABOUT_MESSAGE.search(text) and _ABOUT_REAL.search(text))


# --- the answer ------------------------------------------------------------------------------

_NORMAL = (
    N_("Rekruter menyebut posisi yang Anda lamar dan memakai email berdomain perusahaan."),
    N_(
        "Ada wawancara sebelum keputusan; dokumen seperti KTP dan rekening diminta setelah Anda diterima."
    ),
    N_(
        "Tes kesehatan, pelatihan, dan perjalanan untuk seleksi dibayar atau diatur langsung oleh perusahaan."
    ),
    N_("Anda diberi waktu yang wajar untuk menjawab, dan bisa menelepon kantornya."),
)
_VERIFY = (
    N_(
        "Cari lowongan ini di halaman karier resmi perusahaan, lalu hubungi nomor telepon kantor "
        "yang tercantum di situs resminya, bukan nomor di pesan ini."
    ),
    N_("Jangan membayar apa pun, dan jangan pernah memberikan kode OTP, PIN, atau kata sandi."),
    N_(
        "Periksa nomor rekening atau nomor telepon yang diberikan di cekrekening.id, layanan "
        "pemerintah untuk memeriksa dan melaporkan rekening penipuan."
    ),
)


def render_check(check: ScamCheck) -> str:
    """The check as a Telegram HTML message: the signs with their quotes, what a real process
    looks like, how to verify, and what the check cannot know."""
    lines = [_("🔎 <b>Pemeriksaan pesan rekruter</b>")]
    count = len(check.findings)
    if count:
        lines.append(
            ngettext(
                "Saya menemukan {count} tanda bahaya:",
                "Saya menemukan {count} tanda bahaya:",
                count,
            ).format(count=count)
        )
        for finding in check.findings:
            lines.append(
                _("⚠️ <b>{title}</b>: {explanation}").format(
                    title=_(finding.sign.title), explanation=_(finding.sign.explanation)
                )
                + "\n    "
                + _("Di pesan: «{quote}»").format(quote=escape(finding.evidence, quote=False))
            )
        lines.append(
            _(
                "Jangan lanjutkan, jangan membayar, dan jangan kirim data apa pun sebelum Anda memastikannya."
            )
        )
    else:
        lines.append(
            _(
                "Saya tidak menemukan tanda bahaya yang umum di pesan ini. Itu belum berarti "
                "pasti aman: tetap pastikan dengan langkah di bawah."
            )
        )
    lines += ["", _("<b>Yang wajar dalam proses rekrutmen asli</b>")]
    lines += [f"• {_(point)}" for point in _NORMAL]
    lines += ["", _("<b>Cara memastikan</b>")]
    lines += [f"• {_(point)}" for point in _VERIFY]
    lines += [
        "",
        _(
            "<i>Ini pemeriksaan otomatis atas teksnya saja, bukan vonis. Saya tidak bisa "
            "memeriksa siapa pengirimnya, ke mana tautannya mengarah, atau isi lampirannya, dan "
            "penipu bisa menulis pesan yang tampak rapi.</i>"
        ),
    ]
    return "\n".join(lines)
