"""MPP Kabupaten Serang (Banten), at the Puspemkab Serang in Ciruas: 24 tenants, vertical
agencies and the regency's own units (OPD). OPD serve every working day; vertical agencies
on set weekdays; a complaint and suggestion desk (Republika, soft launching)."""

from __future__ import annotations

from . import library as lib
from .common import agency, build, svc

REGION = "Kabupaten Serang"

SITE = {
    "slug": "serang",
    "name": "Mal Pelayanan Publik Kabupaten Serang",
    "region": REGION,
    "address": "Kawasan Pusat Pemerintahan Kabupaten Serang, Desa Kaserangan, Kecamatan "
               "Ciruas, Kabupaten Serang, Banten",
    "timezone": "Asia/Jakarta",
    "open_days": [1, 2, 3, 4, 5],
    "opens_at": "08:00",
    "closes_at": "16:00",
    # Walk-in citizens a day (`loaddemo --history`); not a Site field.
    "visitors_per_day": 900,
}

TATA_RUANG = "UU No. 26 Tahun 2007 tentang Penataan Ruang; PP No. 21 Tahun 2021"
LINGKUNGAN = ("UU No. 32 Tahun 2009 tentang Perlindungan dan Pengelolaan Lingkungan Hidup; "
              "PP No. 22 Tahun 2021")
LLAJ = "UU No. 22 Tahun 2009 tentang Lalu Lintas dan Angkutan Jalan"

DPUPR = [
    svc("informasi-tata-ruang", "Informasi Tata Ruang (Keterangan Rencana Kabupaten)",
        ["KTP-el pemohon", "Fotokopi sertifikat atau bukti penguasaan tanah",
         "Titik koordinat lokasi"], 3, "Keterangan Rencana Kabupaten (KRK)", TATA_RUANG,
        walkin=20, online=10),
    svc("rekomendasi-teknis-pbg", "Konsultasi Teknis PBG oleh Tim Profesi Ahli (TPA)",
        ["Nomor registrasi SIMBG", "Gambar rencana teknis bangunan"], 0,
        "Berita acara konsultasi", "PP No. 16 Tahun 2021 tentang Bangunan Gedung",
        walkin=10, online=10, tracked=False, minutes=30, slot=60),
    svc("izin-rumija", "Rekomendasi Pemanfaatan Ruang Milik Jalan Kabupaten",
        ["Surat permohonan", "Gambar teknis utilitas/akses jalan", "KTP-el/NIB"], 10,
        "Rekomendasi teknis pemanfaatan rumija", "UU No. 38 Tahun 2004 tentang Jalan; "
        "Permen PUPR No. 20 Tahun 2010", walkin=5, online=5),
    svc("skk-konstruksi", "Informasi Sertifikat Kompetensi Kerja dan Badan Usaha Jasa "
        "Konstruksi", ["KTP-el", "NIB (badan usaha)"], 0, "Informasi dan pendampingan",
        "UU No. 2 Tahun 2017 tentang Jasa Konstruksi", walkin=15, online=5, tracked=False),
]

DLH = [
    svc("dlh-ukl-upl", "Pemeriksaan Formulir UKL-UPL",
        ["NIB", "Formulir UKL-UPL", "KKPR"], 14, "Persetujuan Lingkungan (PKPLH)",
        LINGKUNGAN, walkin=5, online=5, minutes=20),
    svc("dlh-pertek-air-limbah", "Persetujuan Teknis Pembuangan Air Limbah",
        ["NIB", "Kajian teknis pembuangan air limbah", "Hasil uji laboratorium"], 14,
        "Persetujuan Teknis", f"{LINGKUNGAN}; Permen LHK No. 5 Tahun 2021", walkin=5,
        online=5),
    svc("dlh-rintek-b3", "Rincian Teknis Penyimpanan Limbah B3",
        ["NIB", "Dokumen lingkungan", "Denah dan foto TPS limbah B3"], 10,
        "Rincian Teknis Penyimpanan Limbah B3", f"{LINGKUNGAN}; Permen LHK No. 6 Tahun 2021",
        walkin=5, online=5),
    svc("dlh-pengaduan-pencemaran", "Pengaduan Pencemaran dan Kerusakan Lingkungan",
        ["KTP-el pelapor", "Uraian dan lokasi kejadian", "Foto/video bukti"], 10,
        "Hasil verifikasi lapangan", f"{LINGKUNGAN}; Permen LHK No. 22 Tahun 2017",
        walkin=10, online=0, bookable=False),
]

DISHUB = [
    svc("uji-kir", "Pendaftaran Pengujian Berkala Kendaraan Bermotor (Uji KIR)",
        ["STNK asli", "Buku/kartu uji lama (BLUe)", "KTP-el pemilik"], 1,
        "Kartu uji elektronik (BLUe)", f"{LLAJ}; PM Perhubungan No. 19 Tahun 2021",
        fee_note="Retribusi pengujian sesuai Perda Pajak dan Retribusi Daerah.", walkin=40,
        online=10),
    svc("andalalin", "Persetujuan Analisis Dampak Lalu Lintas (Andalalin)",
        ["NIB", "Dokumen hasil analisis dampak lalu lintas", "Site plan"], 14,
        "Persetujuan Andalalin", f"{LLAJ}; PM Perhubungan No. 17 Tahun 2021", walkin=5,
        online=5),
    svc("izin-trayek", "Izin Trayek Angkutan Perdesaan dan Perkotaan",
        ["NIB perusahaan angkutan", "STNK kendaraan", "Bukti lulus uji berkala"], 10,
        "Kartu pengawasan dan izin trayek", f"{LLAJ}; PM Perhubungan No. 15 Tahun 2019",
        walkin=5, online=5),
]

BANK_BANTEN = [
    svc("bank-banten-tabungan", "Pembukaan Rekening Tabungan Bank Banten",
        ["KTP-el", "NPWP (bila ada)", "Setoran awal"], 0, "Buku tabungan dan kartu ATM",
        lib.BANK, fee_note="Tanpa biaya pembukaan rekening.", walkin=20, online=10,
        tracked=False, minutes=15),
    svc("bank-banten-pajak", "Penerimaan Setoran Pajak Daerah Provinsi dan Kabupaten",
        ["Kode bayar/SSPD"], 0, "Bukti setor", lib.BANK, fee_note="Sesuai tagihan.",
        walkin=80, online=0, bookable=False, tracked=False, minutes=4),
    svc("bank-banten-kredit", "Konsultasi Kredit Pegawai dan Kredit UMKM",
        ["KTP-el dan KK", "SK pegawai atau surat keterangan usaha"], 5, "Keputusan kredit",
        lib.BANK, walkin=10, online=10, minutes=20),
]

AGENCIES = [
    # OPD: every working day.
    agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten "
           "Serang", "DPMPTSP", "opd", prefix="A", officers=4,
           services=lib.dpmptsp(REGION),
           description="Penyelenggara MPP; semua perizinan dipindahkan ke MPP."),
    agency("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Serang",
           "Disdukcapil", "opd", prefix="B", officers=4, services=lib.disdukcapil(REGION)),
    agency("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Serang", "DPUPR",
           "opd", prefix="C", officers=2, services=DPUPR),
    agency("dlh", "Dinas Lingkungan Hidup Kabupaten Serang", "DLH", "opd", prefix="D",
           officers=2, services=DLH),
    agency("bapenda", "Badan Pendapatan Daerah Kabupaten Serang", "Bapenda", "opd",
           prefix="E", officers=2, services=lib.bapenda(REGION)),
    agency("disnaker", "Dinas Tenaga Kerja Kabupaten Serang", "Disnaker", "opd", prefix="F",
           officers=2, services=lib.disnaker(REGION)),
    agency("dinkes", "Dinas Kesehatan Kabupaten Serang", "Dinkes", "opd", prefix="G",
           officers=1, services=lib.dinkes(REGION)),
    agency("dinsos", "Dinas Sosial Kabupaten Serang", "Dinsos", "opd", prefix="H",
           officers=1, services=lib.dinsos(REGION)),
    agency("dishub", "Dinas Perhubungan Kabupaten Serang", "Dishub", "opd", prefix="J",
           officers=1, services=DISHUB),
    # Vertical agencies: on set weekdays.
    agency("polres", "Kepolisian Resor Serang", "Polres Serang", "vertical", prefix="K",
           officers=2, open_days=[1, 3, 5],
           services=lib.pick(lib.polres(REGION, short="Polres Serang"), "sim-a-perpanjangan",
                             "sim-c-perpanjangan", "skck-baru", "skck-perpanjangan",
                             "surat-kehilangan")),
    agency("bpn", "Kantor Pertanahan Kabupaten Serang", "ATR/BPN", "vertical", prefix="L",
           officers=2, open_days=[2, 4], services=lib.pertanahan(REGION)),
    agency("kemenag", "Kantor Kementerian Agama Kabupaten Serang", "Kemenag", "vertical",
           prefix="M", officers=2, open_days=[1, 2, 3], services=lib.kemenag(REGION)),
    agency("pengadilan-agama", "Pengadilan Agama Serang", "PA Serang", "vertical",
           prefix="N", officers=1, open_days=[2, 4],
           services=lib.pick(lib.pengadilan_agama(REGION, "Pengadilan Agama Serang"),
                             "posbakum-pa", "gugatan-cerai", "itsbat-nikah",
                             "akta-cerai-salinan")),
    agency("kejari", "Kejaksaan Negeri Serang", "Kejari Serang", "vertical", prefix="P",
           officers=1, open_days=[3], services=lib.kejaksaan(REGION)),
    agency("imigrasi", "Kantor Imigrasi Kelas I TPI Serang", "Imigrasi", "vertical",
           prefix="Q", officers=2, open_days=[1, 3], services=lib.imigrasi(REGION)),
    agency("kpp-pratama", "Kantor Pelayanan Pajak Pratama Serang Timur", "KPP Pratama",
           "vertical", prefix="R", officers=1, open_days=[2, 4], services=lib.kpp(REGION)),
    agency("samsat", "Kantor Bersama Samsat Ciruas", "Samsat", "vertical", prefix="S",
           officers=2, services=lib.samsat(REGION)),
    # Companies, social security and banks.
    agency("bpjs-kesehatan", "BPJS Kesehatan Kantor Cabang Serang", "BPJS Kesehatan", "other",
           prefix="T", officers=2, open_days=[1, 2, 3, 4],
           services=lib.bpjs_kesehatan(REGION)),
    agency("bpjs-ketenagakerjaan", "BPJS Ketenagakerjaan Kantor Cabang Serang",
           "BPJS Ketenagakerjaan", "other", prefix="U", officers=1, open_days=[1, 3, 5],
           services=lib.bpjs_ketenagakerjaan(REGION)),
    agency("pln", "PT PLN (Persero) ULP Serang Kota", "PLN", "bumn", prefix="V", officers=1,
           open_days=[1, 3, 5], services=lib.pln(REGION)),
    agency("bank-bjb", "Bank BJB Kantor Cabang Serang", "Bank BJB", "bank", prefix="W",
           officers=1, services=lib.bank_bjb(REGION)),
    agency("bank-banten", "Bank Banten Kantor Cabang Ciruas", "Bank Banten", "bank",
           prefix="X", officers=1, services=BANK_BANTEN),
    agency("taspen", "PT Taspen (Persero) Kantor Cabang Serang", "Taspen", "bumn", prefix="Y",
           officers=1, open_days=[2, 4], services=lib.taspen(REGION)),
    agency("pos", "PT Pos Indonesia (Persero) Kantor Pos Ciruas", "Pos Indonesia", "bumn",
           prefix="Z", officers=1, services=lib.pos(REGION)),
]

PROFILE = build(SITE, AGENCIES, phone="0813-1234-2424")
