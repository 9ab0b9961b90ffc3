"""The coaching of each interview stage, as data: sections, checklist, questions, next step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from bot.coach.length import visible_len
from bot.coach.stages import STAGE_INFO, Stage
from bot.i18n import N_, _

# Telegram allows 4096 characters a message; the margin leaves room for a heading or a keyboard
# hint that a handler may add.
MESSAGE_LIMIT = 3500
# The brief on entering a stage, and each part of the full guidance, as Telegram counts them:
# a phone screen or two, not a wall.
BRIEF_LIMIT = 700
PART_LIMIT = 1500


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # stable short id (ASCII, <= 16 chars): stored in the database and in callback data
    text: str  # message id, translated where shown


@dataclass(frozen=True)
class Section:
    title: str  # message id
    points: tuple[str, ...]  # message ids; each one or two sentences, may hold <b>/<i>
    emoji: str = ""  # section marker, kept out of the message ids


@dataclass(frozen=True)
class StageGuidance:
    stage: Stage
    sections: tuple[Section, ...]
    checklist: tuple[ChecklistItem, ...]
    questions_to_ask: tuple[str, ...]  # message ids
    next_step: str  # message id
    # What matters now, for the short brief sent on entering the stage: three or four lines,
    # none a copy of a guidance point (the full guidance is one button away).
    brief: tuple[str, ...] = ()


class SeedPoint(NamedTuple):
    """One bullet of the seed document and the message that carries it to the user."""

    stage: Stage
    bullet: str  # the seed's own words, abbreviated (not shown to users)
    msgid: str


# The messages that carry a bullet of the seed, named so that SEED_POINTS can point at them.
_RECRUITER_CONTACT = N_(
    "Setelah Anda melamar, rekruter yang tertarik dengan lamaran Anda bisa menelepon, mengirim "
    "email, atau mengirim pesan untuk mengajak Anda menjadwalkan wawancara."
)
_RECRUITER_REPLY_FAST = N_(
    "Balaslah secepatnya, idealnya dalam beberapa jam dan paling lambat dalam satu hari kerja: "
    "balasan yang cepat menunjukkan bahwa Anda <b>responsif</b> dan sungguh <b>tertarik</b> "
    "dengan posisi itu."
)
_SCREENING_WHAT = N_(
    "Wawancara pendahuluan (penyaringan) adalah langkah pertama proses "
    "wawancara, biasanya melalui telepon, panggilan video, atau tatap muka."
)
_SCREENING_SHORT = N_(
    "Wawancara ini lebih singkat daripada wawancara biasa, sering hanya 15–30 "
    "menit, jadi setiap jawaban perlu ringkas dan jelas."
)
_SCREENING_CONTENT = N_(
    "Rekruter akan menjelaskan perusahaan dan posisi yang tersedia, lalu bertanya untuk mengenal "
    "Anda dan pengalaman kerja Anda lebih jauh."
)
_SCREENING_THANKS = N_(
    "Dalam <b>24 jam</b>, kirim email terima kasih kepada rekruter: hargai waktu yang mereka "
    "luangkan dan ingatkan secara singkat mengapa Anda cocok dengan posisi itu."
)
_FOLLOW_UP_INVITED = N_(
    "Jika lolos wawancara pendahuluan, Anda akan diundang ke wawancara berikutnya dengan "
    "<b>manajer perekrutan</b> (hiring manager) atau anggota tim lain."
)
_FOLLOW_UP_LONGER = N_(
    "Wawancara ini lebih panjang dan bisa mencakup <b>wawancara teknis</b> yang membahas "
    "keterampilan dan pengalaman teknis Anda."
)
_FOLLOW_UP_ASK = N_(
    "Anda juga akan diberi kesempatan bertanya tentang perusahaan dan posisinya. Siapkan 3–5 "
    "pertanyaan (contohnya ada di bawah): pertanyaan yang baik menunjukkan minat Anda dan "
    "membantu Anda menilai apakah tempat itu cocok."
)
_FOLLOW_UP_THANKS = N_(
    "Setelah <b>setiap</b> wawancara, kirim catatan terima kasih kepada setiap orang yang "
    "mewawancarai Anda, sebaiknya dalam 24 jam."
)
_OFFER_ARRIVES = N_(
    "Setelah beberapa wawancara, tawaran kerja bisa datang melalui telepon atau email."
)
_OFFER_ACCEPT_OR_NEGOTIATE = N_(
    "Anda bisa langsung menerima tawaran itu, atau menegosiasikan "
    "<b>gaji</b> atau <b>manfaat</b> lain, seperti tunjangan dan "
    "fasilitas."
)
_OFFER_ASK_TIME = N_(
    "Anda juga boleh meminta waktu satu atau dua hari untuk mempertimbangkan keputusan. "
    "Permintaan ini wajar dan biasa."
)
_PERSISTENCE_FEEL = N_(
    "Jika Anda tidak diterima, beri diri Anda waktu untuk meresapi perasaan "
    "Anda. Kecewa itu wajar."
)
_PERSISTENCE_THANK = N_(
    "Hubungi perusahaan untuk berterima kasih atas kesempatan yang diberikan "
    "dan nyatakan minat Anda pada posisi lain di kemudian hari. Kesan baik "
    "ini bisa membuka pintu berikutnya."
)
_PERSISTENCE_FEEDBACK = N_(
    "Mintalah <b>umpan balik</b> dengan sopan agar Anda lebih siap pada "
    "kesempatan berikutnya. Jika tidak dijawab, jangan dikejar: tidak "
    "semua perusahaan boleh memberikannya."
)
_KEY_LEARN = N_(
    "Wawancara adalah kesempatan bagus untuk mempelajari lebih dalam pekerjaan dan "
    "perusahaannya. Anda juga sedang menilai mereka, bukan hanya dinilai."
)
_KEY_CAREER = N_(
    "Dengan mempersiapkan setiap tahap proses wawancara dan terus berusaha dalam "
    "pencarian kerja, Anda akan lebih siap membangun karier di dunia <b>keamanan "
    "siber</b> (cybersecurity)."
)

SEED_POINTS: tuple[SeedPoint, ...] = (
    SeedPoint(
        Stage.RECRUITER,
        "Setelah melamar, rekruter bisa menelepon, email, atau mengirim pesan untuk menjadwalkan "
        "wawancara.",
        _RECRUITER_CONTACT,
    ),
    SeedPoint(
        Stage.RECRUITER,
        "Segera balas untuk menunjukkan Anda responsif dan tertarik dengan posisi.",
        _RECRUITER_REPLY_FAST,
    ),
    SeedPoint(
        Stage.SCREENING,
        "Wawancara pendahuluan: langkah pertama, lewat telepon, pertemuan langsung, atau video.",
        _SCREENING_WHAT,
    ),
    SeedPoint(Stage.SCREENING, "Lebih singkat dari wawancara reguler.", _SCREENING_SHORT),
    SeedPoint(
        Stage.SCREENING,
        "Rekruter menjelaskan perusahaan dan posisi, bertanya tentang Anda dan pengalaman Anda.",
        _SCREENING_CONTENT,
    ),
    SeedPoint(
        Stage.SCREENING,
        "Email terima kasih dalam 24 jam: hargai waktu mereka, ingatkan mengapa Anda cocok.",
        _SCREENING_THANKS,
    ),
    SeedPoint(
        Stage.FOLLOW_UP_INTERVIEWS,
        "Lolos pendahuluan: diundang wawancara dengan manajer perekrutan atau anggota tim.",
        _FOLLOW_UP_INVITED,
    ),
    SeedPoint(
        Stage.FOLLOW_UP_INTERVIEWS,
        "Lebih panjang, mungkin mencakup wawancara teknis tentang keterampilan dan pengalaman.",
        _FOLLOW_UP_LONGER,
    ),
    SeedPoint(
        Stage.FOLLOW_UP_INTERVIEWS,
        "Kesempatan untuk bertanya tentang perusahaan dan posisi.",
        _FOLLOW_UP_ASK,
    ),
    SeedPoint(
        Stage.FOLLOW_UP_INTERVIEWS,
        "Setelah setiap wawancara, kirim catatan terima kasih kepada pewawancara.",
        _FOLLOW_UP_THANKS,
    ),
    SeedPoint(
        Stage.OFFER,
        "Setelah beberapa wawancara, penawaran datang lewat telepon atau email.",
        _OFFER_ARRIVES,
    ),
    SeedPoint(
        Stage.OFFER,
        "Langsung menerima atau negosiasi gaji atau manfaat lainnya.",
        _OFFER_ACCEPT_OR_NEGOTIATE,
    ),
    SeedPoint(
        Stage.OFFER,
        "Boleh minta waktu satu atau dua hari untuk mempertimbangkan.",
        _OFFER_ASK_TIME,
    ),
    SeedPoint(
        Stage.PERSISTENCE,
        "Jika tidak diterima, beri waktu untuk meresapi perasaan.",
        _PERSISTENCE_FEEL,
    ),
    SeedPoint(
        Stage.PERSISTENCE,
        "Hubungi perusahaan: terima kasih atas kesempatan, minat pada peran lain di masa depan.",
        _PERSISTENCE_THANK,
    ),
    SeedPoint(
        Stage.PERSISTENCE,
        "Tanyakan umpan balik agar lebih baik di kesempatan berikutnya.",
        _PERSISTENCE_FEEDBACK,
    ),
    SeedPoint(
        Stage.KEY_POINTS,
        "Wawancara: kesempatan bagus mempelajari pekerjaan dan perusahaan.",
        _KEY_LEARN,
    ),
    SeedPoint(
        Stage.KEY_POINTS,
        "Mempersiapkan proses dan terus berusaha: lebih siap berkarier di cybersecurity.",
        _KEY_CAREER,
    ),
)

_RECRUITER = StageGuidance(
    stage=Stage.RECRUITER,
    brief=(
        N_("Balas rekruter hari ini, idealnya dalam beberapa jam."),
        N_("Pastikan pesannya asli: rekruter sungguhan tidak pernah meminta biaya atau kode OTP."),
        N_("Tawarkan dua atau tiga pilihan waktu, lengkap dengan zona waktunya."),
        N_("Catat nama rekruter: Anda akan memerlukannya untuk email berikutnya."),
    ),
    sections=(
        Section(
            N_("Mengapa perlu segera membalas"),
            (
                _RECRUITER_CONTACT,
                _RECRUITER_REPLY_FAST,
                N_(
                    "Rekruter biasanya menghubungi beberapa kandidat sekaligus. Slot wawancara "
                    "cepat terisi, dan yang lambat membalas bisa tertinggal."
                ),
            ),
            "⚡",
        ),
        Section(
            N_("Sebelum membalas, periksa dulu"),
            (
                N_(
                    "<b>Posisinya</b>: buka lagi lowongan yang Anda lamar dan pastikan Anda tahu "
                    "posisi mana yang dimaksud, apalagi jika Anda melamar ke banyak tempat."
                ),
                N_(
                    "<b>Perusahaannya</b>: luangkan 10–15 menit membaca situs web, halaman "
                    "LinkedIn, dan berita terbarunya, agar Anda bisa menyebut satu hal yang "
                    "membuat Anda tertarik."
                ),
                N_(
                    "<b>Ketersediaan Anda</b>: cek kalender dan pilih waktu yang benar-benar bisa "
                    "Anda sanggupi, termasuk waktu untuk bersiap dan tempat yang tenang."
                ),
                N_(
                    "<b>Keaslian pesannya</b>: pastikan pesan datang dari email atau akun resmi "
                    "perusahaan. Rekruter asli tidak pernah meminta biaya, data rekening, atau "
                    "kode OTP."
                ),
            ),
            "🔎",
        ),
        Section(
            N_("Cara membalas sesuai salurannya"),
            (
                N_(
                    "<b>Telepon</b>: jika panggilannya terlewat, telepon balik atau kirim pesan "
                    "pada hari yang sama. Jika sedang tidak bisa bicara dengan leluasa, minta "
                    "dengan sopan untuk ditelepon kembali pada jam tertentu."
                ),
                N_(
                    "<b>Email</b>: balas di utas email yang sama. Sertakan salam formal, ucapan "
                    "terima kasih, konfirmasi minat, dan pilihan waktu, lalu tutup dengan nama "
                    "lengkap dan nomor telepon Anda."
                ),
                N_(
                    "<b>Pesan/WhatsApp</b>: tetap sopan dan lengkap meski lewat chat. Tulis "
                    "salam, nama Anda, posisi yang dilamar, dan pilihan waktu dalam satu pesan, "
                    "tanpa singkatan atau stiker."
                ),
                N_(
                    "<b>LinkedIn</b>: balas lewat pesan LinkedIn dengan nada profesional, lalu "
                    "tawarkan untuk melanjutkan lewat email atau telepon jika rekruter lebih suka."
                ),
            ),
            "✍️",
        ),
        Section(
            N_("Usulkan waktu dan catat kontaknya"),
            (
                N_(
                    "Tawarkan 2–3 pilihan waktu yang spesifik: hari, tanggal, jam, dan zona waktu "
                    "(WIB, WITA, atau WIT)."
                ),
                N_(
                    "Catat nama rekruter, jabatannya, dan cara menghubunginya. Anda akan "
                    "memerlukannya untuk email terima kasih dan tindak lanjut."
                ),
                N_(
                    "Simpan salinan deskripsi pekerjaan sekarang: lowongan sering dihapus setelah "
                    "ditutup, padahal Anda membutuhkannya untuk bersiap."
                ),
            ),
            "📅",
        ),
    ),
    checklist=(
        ChecklistItem(
            "balas-cepat", N_("Balas dalam beberapa jam (paling lambat satu hari kerja)")
        ),
        ChecklistItem("nama-rekruter", N_("Catat nama dan kontak rekruter")),
        ChecklistItem("riset-singkat", N_("Riset singkat tentang perusahaan")),
        ChecklistItem("usul-waktu", N_("Usulkan 2–3 pilihan waktu")),
        ChecklistItem("simpan-jd", N_("Simpan deskripsi pekerjaan")),
    ),
    questions_to_ask=(
        N_("Bagaimana format wawancaranya: telepon, panggilan video, atau tatap muka?"),
        N_("Berapa lama wawancaranya, dan dengan siapa saya akan berbicara?"),
        N_("Apakah ada yang perlu saya siapkan sebelumnya?"),
    ),
    next_step=N_(
        "Setelah jadwal disepakati, kirim konfirmasi singkat, lalu bersiaplah untuk wawancara "
        "pendahuluan (tahap 2)."
    ),
)

_SCREENING = StageGuidance(
    stage=Stage.SCREENING,
    brief=(
        N_("Latih perkenalan diri 60 detik dan tentukan kisaran ekspektasi gaji Anda."),
        N_("Siapkan tempat yang tenang; untuk panggilan video, uji tautannya lebih dulu."),
        N_("Setelah wawancara, kirim email terima kasih kepada rekruter dalam 24 jam."),
    ),
    sections=(
        Section(
            N_("Apa itu wawancara pendahuluan"),
            (
                _SCREENING_WHAT,
                _SCREENING_SHORT,
                _SCREENING_CONTENT,
                N_(
                    "Tujuannya memastikan hal-hal dasar cocok: minat, pengalaman, ketersediaan, "
                    "dan ekspektasi gaji. Pertanyaan teknis yang mendalam biasanya datang pada "
                    "tahap berikutnya."
                ),
            ),
            "📋",
        ),
        Section(
            N_("Cara bersiap"),
            (
                N_(
                    "Baca ulang deskripsi pekerjaan dan tandai tiga kebutuhan utamanya. Siapkan "
                    "satu contoh dari pengalaman kerja, kuliah, atau proyek Anda untuk "
                    "masing-masing."
                ),
                N_(
                    "Riset perusahaannya: produk atau layanannya, kliennya, dan berita "
                    "terbarunya, supaya Anda bisa menjelaskan mengapa ingin bekerja di sana."
                ),
                N_(
                    "Latih jawaban 60 detik untuk “Ceritakan tentang diri Anda”: siapa Anda "
                    "sekarang, apa yang sudah Anda pelajari atau kerjakan di keamanan siber, dan "
                    "mengapa posisi ini langkah yang tepat."
                ),
                N_(
                    "Tentukan kisaran ekspektasi gaji dari riset (lowongan serupa, situs gaji, "
                    "kenalan di industri), dan sebutkan sebagai kisaran, bukan satu angka."
                ),
                N_(
                    "Siapkan tempat yang tenang dengan sinyal yang baik dan isi daya ponsel. "
                    "Untuk panggilan video, uji tautan, kamera, dan mikrofon 15 menit sebelumnya."
                ),
                N_(
                    "Letakkan CV yang Anda kirim, deskripsi pekerjaan, dan catatan singkat di "
                    "dekat Anda: rekruter akan bertanya berdasarkan CV itu."
                ),
            ),
            "🛠️",
        ),
        Section(
            N_("Selama wawancara"),
            (
                N_(
                    "Angkat telepon atau bergabung tepat waktu, sapa rekruter dengan namanya, dan "
                    "bicaralah dengan jelas tanpa terburu-buru."
                ),
                N_(
                    "Jawab dengan singkat dan konkret, lalu berhenti. Jika pertanyaannya kurang "
                    "jelas, Anda boleh memintanya diulang."
                ),
                N_(
                    "Jika ditanya soal gaji, sebutkan kisaran Anda dan tambahkan bahwa Anda "
                    "terbuka untuk mendiskusikan keseluruhan paketnya."
                ),
            ),
            "💬",
        ),
        Section(
            N_("Setelah wawancara"),
            (
                _SCREENING_THANKS,
                N_(
                    "Selagi masih segar, catat nama pewawancara, pertanyaan yang diajukan, dan "
                    "langkah berikutnya yang disebutkan."
                ),
            ),
            "📨",
        ),
    ),
    checklist=(
        ChecklistItem("riset-peran", N_("Pelajari perusahaan dan deskripsi pekerjaannya")),
        ChecklistItem("intro-60", N_("Latih perkenalan diri 60 detik")),
        ChecklistItem("kisaran-gaji", N_("Tentukan kisaran ekspektasi gaji")),
        ChecklistItem(
            "cek-alat", N_("Tempat tenang, ponsel terisi, tautan panggilan video diuji (jika ada)")
        ),
        ChecklistItem("cv-siap", N_("CV dan catatan ada di dekat Anda")),
        ChecklistItem("email-24jam", N_("Kirim email terima kasih dalam 24 jam")),
    ),
    questions_to_ask=(
        N_("Seperti apa tahapan seleksi berikutnya, dan kapan saya bisa mendapat kabar?"),
        N_("Seperti apa tim untuk posisi ini, dan kepada siapa saya akan melapor?"),
        N_("Apa yang membuat seseorang berhasil di posisi ini dalam 3–6 bulan pertama?"),
    ),
    next_step=N_(
        "Jika Anda lolos, Anda akan diundang ke wawancara tambahan (tahap 3) dengan manajer "
        "perekrutan atau anggota tim."
    ),
)

_FOLLOW_UP = StageGuidance(
    stage=Stage.FOLLOW_UP_INTERVIEWS,
    brief=(
        N_("Siapkan 4–5 cerita STAR dan pelajari ulang dasar teknis keamanan siber."),
        N_("Siapkan 3–5 pertanyaan untuk pewawancara."),
        N_(
            "Catat nama setiap pewawancara, lalu kirim catatan terima kasih kepada masing-masing dalam 24 jam."
        ),
    ),
    sections=(
        Section(
            N_("Apa yang terjadi pada tahap ini"),
            (
                _FOLLOW_UP_INVITED,
                _FOLLOW_UP_LONGER,
                N_(
                    "Bisa ada lebih dari satu tahap, misalnya satu dengan manajer, satu wawancara "
                    "teknis, dan kadang tes tertulis atau tugas praktik."
                ),
            ),
            "📋",
        ),
        Section(
            N_("Bersiap untuk manajer perekrutan"),
            (
                N_(
                    "Siapkan 4–5 cerita dengan metode <b>STAR</b>: Situasi, Tugas, Aksi, dan "
                    "Hasil (Situation, Task, Action, Result). Pilih cerita tentang memecahkan "
                    "masalah, bekerja dalam tim, belajar hal baru dengan cepat, dan memperbaiki "
                    "kesalahan."
                ),
                N_(
                    "Jelaskan motivasi Anda dengan jujur: mengapa keamanan siber, mengapa "
                    "perusahaan ini, dan ke mana Anda ingin berkembang."
                ),
                N_(
                    "Tunjukkan bahwa Anda cocok dengan tim: cara Anda berkomunikasi, menerima "
                    "masukan, dan tetap tenang saat ada insiden."
                ),
                N_(
                    "Belum punya pengalaman kerja di bidang ini? Tidak apa-apa. Ambil contoh dari "
                    "kuliah, magang, organisasi, pekerjaan sebelumnya, atau proyek pribadi."
                ),
            ),
            "🧑‍💼",
        ),
        Section(
            N_("Bersiap untuk wawancara teknis: dasar keamanan siber"),
            (
                N_(
                    "<b>CIA triad</b> (kerahasiaan, integritas, ketersediaan): jelaskan "
                    "masing-masing dengan contoh serangan dan kontrolnya."
                ),
                N_(
                    "<b>Dasar jaringan</b>: model OSI dan TCP/IP, beda TCP dan UDP, DNS, DHCP, "
                    "dan three-way handshake."
                ),
                N_(
                    "<b>Port umum</b>: 22 (SSH), 25 (SMTP), 53 (DNS), 80/443 (HTTP/HTTPS), dan "
                    "3389 (RDP), beserta risikonya jika terbuka ke internet."
                ),
                N_(
                    "<b>SIEM dan analisis log</b>: membaca log autentikasi, firewall, atau web, "
                    "mengenali pola mencurigakan seperti banyak login gagal, dan menulis query "
                    "pencarian sederhana."
                ),
                N_(
                    "<b>Respons insiden</b> (incident response): tahapan NIST, yaitu persiapan; "
                    "deteksi dan analisis; penahanan, pemberantasan, dan pemulihan; serta "
                    "kegiatan pascainsiden, beserta peran analis SOC di setiap tahap."
                ),
                N_(
                    "<b>NIST CSF</b>: enam fungsinya (Govern, Identify, Protect, Detect, Respond, "
                    "Recover) dan bagaimana organisasi memakainya untuk mengelola risiko."
                ),
            ),
            "🛡️",
        ),
        Section(
            N_("Bersiap untuk wawancara teknis: praktik dan cara menjawab"),
            (
                N_(
                    "<b>Analisis phishing</b>: periksa pengirim, header email, tautan, dan "
                    "lampiran, lalu jelaskan langkah Anda jika seorang karyawan sudah mengekliknya."
                ),
                N_(
                    "<b>Baris perintah Linux</b> (command line): navigasi berkas, izin berkas "
                    "(chmod, chown), grep untuk mencari di log, serta melihat proses dan koneksi "
                    "jaringan."
                ),
                N_(
                    "<b>Python dan SQL dasar</b>: membaca skrip sederhana yang mengotomatiskan "
                    "tugas, dan query SELECT dengan WHERE, AND/OR, serta JOIN untuk menyaring data."
                ),
                N_(
                    "<b>Home lab dan portofolio</b>: siapkan cerita dua menit tentang satu "
                    "proyek, yaitu tujuannya, alat yang dipakai, masalah yang Anda temui, dan apa "
                    "yang Anda pelajari."
                ),
                N_(
                    "Jika tidak tahu jawabannya, katakan dengan jujur lalu jelaskan bagaimana "
                    "Anda akan mencarinya. Cara Anda berpikir sering dinilai sama pentingnya "
                    "dengan jawabannya."
                ),
                N_(
                    "Perusahaan multinasional sering melakukan sebagian wawancara dalam bahasa "
                    "Inggris. Latih jawaban inti Anda dalam dua bahasa."
                ),
            ),
            "💻",
        ),
        Section(
            N_("Wawancara panel"),
            (
                N_(
                    "Catat nama dan peran setiap anggota panel di awal. Jawab orang yang "
                    "bertanya, tetapi libatkan juga anggota panel lainnya lewat kontak mata."
                ),
                N_(
                    "Setiap anggota panel menilai hal yang berbeda: manajer menilai kecocokan "
                    "dengan tim, tim teknis menilai kemampuan teknis, dan HR menilai motivasi "
                    "serta kecocokan dengan budaya kerja."
                ),
            ),
            "👥",
        ),
        Section(N_("Giliran Anda bertanya"), (_FOLLOW_UP_ASK,), "🙋"),
        Section(
            N_("Setelah setiap wawancara"),
            (
                _FOLLOW_UP_THANKS,
                N_(
                    "Buat setiap catatan sedikit berbeda dengan menyebut satu topik yang Anda "
                    "bahas dengan orang itu. Jika tidak punya emailnya, minta rekruter "
                    "meneruskannya."
                ),
                N_(
                    "Jika tenggat yang dijanjikan sudah lewat tanpa kabar, wajar untuk "
                    "menanyakan perkembangannya kepada rekruter dengan sopan."
                ),
            ),
            "📨",
        ),
    ),
    checklist=(
        ChecklistItem("cerita-star", N_("Siapkan 4–5 cerita STAR")),
        ChecklistItem(
            "motivasi", N_("Rumuskan motivasi: mengapa keamanan siber, mengapa di sini")
        ),
        ChecklistItem(
            "dasar-teknis",
            N_("Pelajari ulang dasar teknis: CIA triad, jaringan, port, log, respons insiden"),
        ),
        ChecklistItem("cerita-lab", N_("Siapkan cerita home lab atau portofolio")),
        ChecklistItem("pertanyaan", N_("Siapkan 3–5 pertanyaan untuk pewawancara")),
        ChecklistItem("catat-nama", N_("Catat nama setiap pewawancara")),
        ChecklistItem("terima-kasih", N_("Kirim catatan terima kasih kepada setiap pewawancara")),
    ),
    questions_to_ask=(
        N_(
            "Seperti apa hari biasa di posisi ini, dan alat apa yang dipakai tim (misalnya SIEM "
            "atau EDR)?"
        ),
        N_("Bagaimana tim menangani insiden, dan apakah ada jadwal shift atau on-call?"),
        N_("Apa tantangan terbesar tim keamanan saat ini?"),
        N_("Bagaimana perusahaan mendukung pelatihan dan sertifikasi untuk staf baru?"),
        N_("Bagaimana keberhasilan di posisi ini dinilai pada tahun pertama?"),
    ),
    next_step=N_(
        "Setelah semua tahap wawancara selesai, perusahaan akan memutuskan. Jika Anda "
        "terpilih, tahap berikutnya adalah tawaran kerja (tahap 4)."
    ),
)

_OFFER = StageGuidance(
    stage=Stage.OFFER,
    brief=(
        N_("Anda tidak harus memutuskan saat itu juga. Tanyakan kapan jawaban Anda ditunggu."),
        N_("Minta surat penawaran kerja dan periksa seluruh paketnya, bukan hanya gaji pokok."),
        N_(
            "Menerima, bernegosiasi, atau meminta waktu: ketiganya wajar bila disampaikan dengan sopan."
        ),
    ),
    sections=(
        Section(
            N_("Saat tawaran datang"),
            (
                _OFFER_ARRIVES,
                N_(
                    "Jika ditelepon, ucapkan terima kasih dengan antusias, tetapi Anda tidak "
                    "harus memutuskan saat itu juga. Tanyakan rincian paketnya dan kapan Anda "
                    "perlu menjawab."
                ),
                N_(
                    "Minta surat penawaran kerja (offering letter) yang memuat jabatan, gaji, "
                    "tunjangan, tanggal mulai, status kerja (kontrak atau tetap), dan masa "
                    "percobaan."
                ),
            ),
            "📩",
        ),
        Section(
            N_("Pilihan Anda"),
            (
                _OFFER_ACCEPT_OR_NEGOTIATE,
                _OFFER_ASK_TIME,
                N_(
                    "Apa pun pilihan Anda, jawablah sebelum tenggat yang disepakati dan tetap "
                    "sopan: hubungan baik dengan perusahaan itu berharga."
                ),
            ),
            "🧭",
        ),
        Section(
            N_("Bernegosiasi dengan sopan"),
            (
                N_(
                    "Riset kisaran gaji pasar untuk posisi dan kota yang sama: lowongan yang "
                    "mencantumkan gaji, situs gaji, dan kenalan di industri."
                ),
                N_(
                    "Awali dengan antusiasme, lalu dasarkan permintaan Anda pada nilai yang Anda "
                    "bawa (sertifikasi, proyek, keterampilan yang mereka butuhkan), bukan pada "
                    "kebutuhan pribadi."
                ),
                N_(
                    "Sebutkan angka atau kisaran yang spesifik, sedikit di atas target Anda, lalu "
                    "beri ruang untuk berdiskusi."
                ),
                N_(
                    "Lihat keseluruhan paketnya, bukan hanya gaji pokok: BPJS Kesehatan dan "
                    "Ketenagakerjaan, tunjangan, asuransi tambahan, cuti, kerja remote atau "
                    "hybrid, anggaran pelatihan dan sertifikasi, serta tanggal mulai."
                ),
                N_(
                    "Jika gaji pokok tidak bisa naik, tanyakan hal lain: biaya sertifikasi "
                    "(misalnya Security+), hari kerja remote, atau peninjauan gaji setelah masa "
                    "percobaan."
                ),
                N_(
                    "Sampaikan semua permintaan sekaligus, bukan satu per satu. Setelah sepakat, "
                    "jangan membuka kembali hal yang sudah disetujui."
                ),
                N_(
                    "Bagi lulusan baru, ruang negosiasi bisa sempit, dan itu wajar. Bertanya "
                    "dengan sopan jarang sekali membuat tawaran dibatalkan."
                ),
            ),
            "💰",
        ),
        Section(
            N_("Sebelum menandatangani"),
            (
                N_(
                    "Pastikan semua yang disepakati secara lisan tercantum dalam surat penawaran "
                    "kerja atau kontrak sebelum Anda menandatanganinya."
                ),
                N_(
                    "Baca klausul pentingnya: masa percobaan, ikatan dinas atau penalti, dan "
                    "perjanjian kerahasiaan. Tanyakan jika ada yang kurang jelas."
                ),
                N_(
                    "Jangan mengundurkan diri dari pekerjaan lama atau menolak tawaran lain "
                    "sebelum surat penawaran kerja ditandatangani."
                ),
            ),
            "✅",
        ),
    ),
    checklist=(
        ChecklistItem("tawaran-tulis", N_("Minta surat penawaran kerja")),
        ChecklistItem("riset-gaji", N_("Riset kisaran gaji pasar")),
        ChecklistItem(
            "cek-paket", N_("Periksa seluruh paket: BPJS, tunjangan, cuti, hybrid, pelatihan")
        ),
        ChecklistItem("tenggat", N_("Sepakati tenggat untuk menjawab")),
        ChecklistItem("jawab-resmi", N_("Jawab secara tertulis sebelum tenggat")),
        ChecklistItem("baca-kontrak", N_("Baca kontrak sebelum menandatanganinya")),
    ),
    questions_to_ask=(
        N_("Kapan tenggat saya untuk memberi jawaban?"),
        N_("Apa saja komponen paketnya selain gaji pokok?"),
        N_("Berapa lama masa percobaannya, dan apa yang dinilai selama itu?"),
        N_("Apakah ada anggaran pelatihan atau sertifikasi untuk posisi ini?"),
    ),
    next_step=N_(
        "Setelah menandatangani, konfirmasikan tanggal mulai dan dokumen yang perlu disiapkan, "
        "lalu kabari dengan sopan perusahaan lain yang masih memproses lamaran Anda."
    ),
)

_PERSISTENCE = StageGuidance(
    stage=Stage.PERSISTENCE,
    brief=(
        N_("Tidak perlu terburu-buru: beri ruang untuk perasaan Anda lebih dulu."),
        N_("Jika sudah siap, ucapkan terima kasih kepada perusahaan dan mintalah umpan balik."),
        N_("Satu penolakan bukan akhir. Jaga beberapa lamaran lain tetap berjalan."),
    ),
    sections=(
        Section(
            N_("Beri diri Anda waktu"),
            (
                _PERSISTENCE_FEEL,
                N_(
                    "Penolakan sangat umum, bahkan bagi kandidat yang kuat: satu lowongan bisa "
                    "dilamar ratusan orang."
                ),
                N_(
                    "Penolakan bukan vonis atas nilai diri Anda. Alasannya sering di luar kendali "
                    "Anda: anggaran, kandidat internal, atau kebutuhan pengalaman yang sedikit "
                    "berbeda."
                ),
            ),
            "🫂",
        ),
        Section(
            N_("Hubungi perusahaannya"),
            (
                _PERSISTENCE_THANK,
                _PERSISTENCE_FEEDBACK,
                N_(
                    "Terhubunglah di LinkedIn dengan rekruter atau pewawancara yang berkesan, "
                    "disertai catatan singkat yang sopan."
                ),
            ),
            "🤝",
        ),
        Section(
            N_("Bangkit dan lanjutkan"),
            (
                N_(
                    "Tinjau wawancara Anda: tulis apa yang sudah berjalan baik, pertanyaan yang "
                    "sulit, dan satu hal yang akan Anda latih untuk wawancara berikutnya."
                ),
                N_(
                    "Teruslah melamar. Jangan menunggu hasil satu proses sebelum melamar ke "
                    "tempat lain; jaga beberapa lamaran tetap berjalan."
                ),
                N_(
                    "Terus asah kemampuan selama mencari kerja: satu proyek home lab baru, satu "
                    "tantangan CTF, atau satu modul sertifikasi memberi Anda cerita baru untuk "
                    "wawancara berikutnya."
                ),
                N_(
                    "Setiap wawancara adalah latihan. Makin sering Anda diwawancarai, makin "
                    "tenang dan jelas jawaban Anda."
                ),
            ),
            "🔁",
        ),
    ),
    checklist=(
        ChecklistItem("beri-waktu", N_("Beri diri Anda waktu")),
        ChecklistItem(
            "email-tolak", N_("Kirim ucapan terima kasih dan nyatakan minat pada posisi lain")
        ),
        ChecklistItem("minta-masukan", N_("Minta umpan balik")),
        ChecklistItem("refleksi", N_("Catat pelajaran dari wawancara ini")),
        ChecklistItem("lamar-lagi", N_("Kirim lamaran berikutnya")),
    ),
    questions_to_ask=(
        N_("Bagian mana dari pengalaman atau jawaban saya yang paling perlu saya kembangkan?"),
        N_(
            "Keterampilan apa yang dapat membuat saya menjadi kandidat yang lebih kuat untuk "
            "posisi serupa?"
        ),
        N_("Bolehkah saya melamar lagi pada kesempatan lain, dan kapan waktu yang tepat?"),
    ),
    next_step=N_(
        "Jika sudah siap, pilih lowongan berikutnya dan kirim lamaran minggu ini. "
        "Pelajaran dari proses ini akan membuat wawancara berikutnya lebih baik."
    ),
)

_KEY_POINTS = StageGuidance(
    stage=Stage.KEY_POINTS,
    brief=(
        N_("Wawancara juga kesempatan Anda untuk menilai perusahaan."),
        N_(
            "Ingat aturan waktunya: balas rekruter dalam satu hari kerja dan kirim ucapan terima kasih dalam 24 jam."
        ),
        N_("Latih jawaban Anda secara rutin dengan /latihan."),
    ),
    sections=(
        Section(N_("Yang perlu diingat"), (_KEY_LEARN, _KEY_CAREER), "⭐"),
        Section(
            N_("Aturan waktu, ringkasnya"),
            (
                N_(
                    "<b>Dihubungi rekruter</b>: balas dalam beberapa jam, paling lambat satu hari "
                    "kerja."
                ),
                N_("<b>Setelah wawancara pendahuluan</b>: email terima kasih dalam 24 jam."),
                N_(
                    "<b>Setelah wawancara tambahan</b>: catatan terima kasih untuk setiap "
                    "pewawancara, dalam 24 jam."
                ),
                N_(
                    "<b>Saat mendapat tawaran</b>: boleh minta waktu satu atau dua hari untuk "
                    "memutuskan, lalu jawab sebelum tenggat."
                ),
                N_(
                    "<b>Setelah tidak diterima</b>: ucapkan terima kasih, nyatakan minat pada "
                    "posisi lain, dan minta umpan balik."
                ),
            ),
            "⏱️",
        ),
    ),
    checklist=(
        ChecklistItem("cv-linkedin", N_("Perbarui CV dan profil LinkedIn")),
        ChecklistItem("portofolio", N_("Dokumentasikan home lab atau proyek Anda")),
        ChecklistItem("catat-lamaran", N_("Catat setiap lamaran dan tahapnya")),
        ChecklistItem("latihan-rutin", N_("Latih jawaban wawancara setiap minggu")),
    ),
    questions_to_ask=(),
    next_step=N_("Ketik /wawancara kapan saja untuk kembali ke tahap yang sedang Anda jalani."),
)

GUIDANCE: dict[Stage, StageGuidance] = {
    guidance.stage: guidance
    for guidance in (_RECRUITER, _SCREENING, _FOLLOW_UP, _OFFER, _PERSISTENCE, _KEY_POINTS)
}


def _pack(
    blocks: Iterable[str], limit: int = MESSAGE_LIMIT, measure: Callable[[str], int] = len
) -> list[str]:
    """Joins blocks into as few messages as fit the limit, splitting a block only between lines.

    Every line is balanced HTML on its own, so no cut ever separates a tag from its end.
    `measure` is how a message is counted: `len`, or `visible_len` as Telegram counts it.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        pieces = [block] if measure(block) <= limit else block.split("\n")
        for index, piece in enumerate(pieces):
            separator = "\n" if index else "\n\n"
            if current and measure(f"{current}{separator}{piece}") > limit:
                messages.append(current)
                current = ""
            current = f"{current}{separator}{piece}" if current else piece
    if current:
        messages.append(current)
    return messages


def _heading(stage: Stage) -> str:
    info = STAGE_INFO[stage]
    return f"{info.emoji} <b>{info.number}. {_(info.title)}</b>"


def _blocks(stage: Stage) -> list[str]:
    """The full guidance as blocks a reader takes in one go: a section, the questions, the step."""
    guidance = GUIDANCE[stage]
    blocks = []
    for section in guidance.sections:
        title = f"{section.emoji} {_(section.title)}" if section.emoji else _(section.title)
        blocks.append(
            "\n".join([f"<b>{title}</b>", *(f"• {_(point)}" for point in section.points)])
        )
    if guidance.questions_to_ask:
        title = _("Pertanyaan yang bisa Anda ajukan")
        lines = [f"<b>❓ {title}</b>"]
        lines.extend(f"• {_(question)}" for question in guidance.questions_to_ask)
        blocks.append("\n".join(lines))
    next_title = _("Langkah berikutnya")
    blocks.append(f"<b>➡️ {next_title}</b>\n{_(guidance.next_step)}")
    return blocks


def render_guidance(stage: Stage) -> list[str]:
    """The guidance of a stage in the current locale, as HTML messages of at most 3500 chars.

    The whole guidance in as few messages as fit; for a stage entry prefer `brief` and, on
    request, `full_parts`.
    """
    return _pack([_heading(stage), *_blocks(stage)])


def brief(stage: Stage) -> str:
    """What matters now in this stage: its heading and three or four lines (<= BRIEF_LIMIT).

    The message to send on entering a stage, with a "📖 Panduan lengkap" button for
    `full_parts`. It repeats neither the stage summary nor any point of the full guidance.
    """
    lines = [_heading(stage), _("<b>Yang penting sekarang</b>")]
    lines.extend(f"• {_(point)}" for point in GUIDANCE[stage].brief)
    return "\n".join(lines)


def full_parts(stage: Stage) -> list[str]:
    """The full guidance split where a reader would pause: between sections, a few at a time.

    Each part is at most PART_LIMIT units as Telegram counts them (a section longer than
    that is split between its points); the first part starts with the stage's heading.
    """
    return _pack([_heading(stage), *_blocks(stage)], limit=PART_LIMIT, measure=visible_len)


def render_checklist(stage: Stage, done: set[str]) -> str:
    """The stage's checklist in the current locale, one "☑️ item" or "⬜ item" line each."""
    return "\n".join(
        f"{'☑️' if item.key in done else '⬜'} {_(item.text)}" for item in GUIDANCE[stage].checklist
    )


def checklist_item(stage: Stage, key: str) -> ChecklistItem | None:
    """The stage's checklist item with this key, or None (old or tampered callback data)."""
    return next((item for item in GUIDANCE[stage].checklist if item.key == key), None)
