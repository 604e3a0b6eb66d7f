"""The real services of the agencies that sit in Indonesian MPPs, with their published
standards, as the demo profiles use them. `region` is the regency or city, e.g.
"Kabupaten Pandeglang"; each function returns `common.svc` records (codes are unique across
this module so that any combination of agencies fits in one site)."""

from __future__ import annotations

from .common import svc

ADMINDUK = ("UU No. 23 Tahun 2006 jo. UU No. 24 Tahun 2013 tentang Administrasi Kependudukan; "
            "Perpres No. 96 Tahun 2018; Permendagri No. 108 Tahun 2019")
KTP_REQ = ["KTP-el asli dan fotokopi", "Kartu Keluarga (KK) asli dan fotokopi"]
PERIZINAN = ("UU No. 6 Tahun 2023 tentang Cipta Kerja; PP No. 28 Tahun 2025 tentang "
             "Penyelenggaraan Perizinan Berusaha Berbasis Risiko")
KESEHATAN = "UU No. 17 Tahun 2023 tentang Kesehatan; PP No. 28 Tahun 2024"
SAMSAT = ("UU No. 22 Tahun 2009 tentang Lalu Lintas dan Angkutan Jalan; UU No. 1 Tahun 2022 "
          "tentang HKPD; Perpres No. 5 Tahun 2015 tentang Samsat; Perpol No. 7 Tahun 2021")
ATR = ("UU No. 5 Tahun 1960 (UUPA); PP No. 24 Tahun 1997 tentang Pendaftaran Tanah; PP No. 18 "
       "Tahun 2021; PP No. 128 Tahun 2015 tentang Tarif PNBP Kementerian ATR/BPN")
IMIGRASI = ("UU No. 6 Tahun 2011 tentang Keimigrasian; Permenkumham No. 18 Tahun 2022 tentang "
            "Dokumen Perjalanan RI; PP No. 28 Tahun 2019 tentang Tarif PNBP Kemenkumham")
POLRI_PNBP = "PP No. 76 Tahun 2020 tentang Jenis dan Tarif PNBP Polri"
SJSN = "UU No. 40 Tahun 2004 tentang SJSN; UU No. 24 Tahun 2011 tentang BPJS"
JKN = f"{SJSN}; Perpres No. 82 Tahun 2018 jo. Perpres No. 59 Tahun 2024 tentang Jaminan Kesehatan"
PERADILAN_AGAMA = "UU No. 7 Tahun 1989 jo. UU No. 50 Tahun 2009 tentang Peradilan Agama"
KEJAKSAAN = "UU No. 16 Tahun 2004 jo. UU No. 11 Tahun 2021 tentang Kejaksaan RI"
HKPD = "UU No. 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Daerah"
LISTRIK = ("UU No. 30 Tahun 2009 tentang Ketenagalistrikan; Permen ESDM No. 27 Tahun 2017 "
           "tentang Tingkat Mutu Pelayanan dan Biaya Penyaluran Tenaga Listrik")
PAJAK = ("UU No. 6 Tahun 1983 jo. UU No. 7 Tahun 2021 tentang Harmonisasi Peraturan "
         "Perpajakan; PMK No. 81 Tahun 2024")
TASPEN = ("UU No. 11 Tahun 1969 tentang Pensiun Pegawai; PP No. 25 Tahun 1981 tentang Asuransi "
          "Sosial PNS; PP No. 70 Tahun 2015 (JKK dan JKM ASN)")
SOSIAL = ("UU No. 13 Tahun 2011 tentang Penanganan Fakir Miskin; Permensos No. 3 Tahun 2021; "
          "Inpres No. 4 Tahun 2025 tentang Data Tunggal Sosial dan Ekonomi Nasional")
NAKER = "UU No. 13 Tahun 2003 jo. UU No. 6 Tahun 2023 tentang Ketenagakerjaan"
BANK = "UU No. 10 Tahun 1998 tentang Perbankan; UU No. 4 Tahun 2023 (P2SK); POJK No. 22 Tahun 2023"


def perda_pajak(region: str) -> str:
    return f"{HKPD}; Peraturan Daerah {region} tentang Pajak Daerah dan Retribusi Daerah"


def disdukcapil(region: str) -> list[dict]:
    return [
        svc("ktp-el-baru", "Perekaman dan Penerbitan KTP-el Baru",
            ["Kartu Keluarga asli", "Telah berusia 17 tahun, sudah kawin atau pernah kawin",
             "Hadir untuk perekaman sidik jari, iris dan foto"], 1, "KTP-el",
            ADMINDUK, walkin=80, online=40, minutes=12),
        svc("ktp-el-rusak-hilang", "Penggantian KTP-el Rusak atau Hilang",
            ["KTP-el yang rusak, atau surat keterangan kehilangan dari kepolisian",
             "Kartu Keluarga asli"], 0, "KTP-el pengganti", ADMINDUK, walkin=60, online=30),
        svc("ktp-el-perubahan", "Penerbitan KTP-el karena Perubahan Data",
            ["KTP-el lama", "Kartu Keluarga yang telah diperbarui",
             "Dokumen pendukung perubahan (akta, surat nikah, ijazah)"], 0,
            "KTP-el dengan data terbaru", ADMINDUK, walkin=40, online=20),
        svc("kk-baru", "Penerbitan Kartu Keluarga Baru",
            ["Buku nikah/kutipan akta perkawinan atau akta perceraian",
             "Surat keterangan pindah bagi penduduk pindahan", "Formulir F-1.01 biodata"],
            1, "Kartu Keluarga (KK) dengan TTE", ADMINDUK, walkin=60, online=30),
        svc("kk-perubahan", "Perubahan Data Kartu Keluarga",
            ["Kartu Keluarga lama", "Dokumen bukti perubahan (akta kelahiran, akta kematian, "
             "buku nikah, ijazah)", "Formulir F-1.06"], 1, "Kartu Keluarga perubahan", ADMINDUK,
            channels=("direct", "e_service"), walkin=60, online=40),
        svc("kia", "Penerbitan Kartu Identitas Anak (KIA)",
            ["Kutipan akta kelahiran anak", "Kartu Keluarga orang tua",
             "Pas foto anak berwarna 2x3 (usia 5-17 tahun)"], 1, "Kartu Identitas Anak",
            f"{ADMINDUK}; Permendagri No. 2 Tahun 2016 tentang KIA", walkin=30, online=20),
        svc("akta-kelahiran", "Penerbitan Akta Kelahiran",
            ["Surat keterangan lahir dari dokter/bidan/rumah sakit", "Kartu Keluarga",
             "Buku nikah orang tua, atau SPTJM kebenaran pasangan suami istri",
             "KTP-el dua orang saksi"], 1, "Kutipan Akta Kelahiran", ADMINDUK,
            channels=("direct", "e_service"), walkin=50, online=30),
        svc("akta-kematian", "Penerbitan Akta Kematian",
            ["Surat keterangan kematian dari desa/kelurahan atau rumah sakit",
             "KTP-el dan KK almarhum", "KTP-el pelapor"], 1, "Kutipan Akta Kematian",
            ADMINDUK, channels=("direct", "e_service"), walkin=30, online=20),
        svc("akta-perkawinan", "Penerbitan Akta Perkawinan (non-Muslim)",
            ["Surat keterangan perkawinan dari pemuka agama", "KTP-el dan KK kedua mempelai",
             "Pas foto berdampingan 4x6 sebanyak 2 lembar", "KTP-el dua orang saksi"], 3,
            "Kutipan Akta Perkawinan", ADMINDUK, walkin=10, online=5, minutes=20),
        svc("akta-perceraian", "Penerbitan Akta Perceraian (non-Muslim)",
            ["Salinan putusan pengadilan yang berkekuatan hukum tetap",
             "Kutipan akta perkawinan asli", "KTP-el dan KK"], 3, "Kutipan Akta Perceraian",
            ADMINDUK, walkin=10, online=5),
        svc("pindah-keluar", "Surat Keterangan Pindah (SKPWNI)",
            ["KTP-el dan Kartu Keluarga asli", "Formulir F-1.03 perpindahan penduduk"], 0,
            "Surat Keterangan Pindah WNI (SKPWNI)", ADMINDUK,
            channels=("direct", "e_service"), walkin=40, online=20),
        svc("pindah-datang", "Pelaporan Kedatangan Penduduk Pindahan",
            ["SKPWNI dari daerah asal", "KTP-el lama", "Formulir F-1.03"], 1,
            "KK dan KTP-el alamat baru", ADMINDUK, walkin=30, online=20),
        svc("legalisasi-dokumen-dukcapil", "Legalisasi Dokumen Kependudukan",
            ["Dokumen asli (KK, akta) yang akan dilegalisasi",
             "Fotokopi dokumen yang akan dilegalisasi"], 0,
            "Fotokopi dokumen yang dilegalisasi", ADMINDUK, walkin=50, online=0,
            bookable=False, minutes=5),
        svc("aktivasi-ikd", "Aktivasi Identitas Kependudukan Digital (IKD)",
            ["KTP-el", "Telepon pintar dengan aplikasi IKD dan alamat surel aktif"], 0,
            "Akun IKD aktif", f"{ADMINDUK}; Permendagri No. 72 Tahun 2022",
            walkin=60, online=0, bookable=False, minutes=8),
        svc("cetak-mandiri-dukcapil", "Cetak Dokumen Kependudukan Mandiri (ADM)",
            ["Dokumen telah terbit dalam bentuk elektronik (TTE)",
             "Kode/token cetak dari petugas atau aplikasi"], 0,
            "Cetakan KK/akta di kertas HVS", ADMINDUK, channels=("self_service",),
            walkin=None, online=None, bookable=False, minutes=3),
    ]


def dpmptsp(region: str, *, lkpm: bool = True) -> list[dict]:
    perda = f"Peraturan Daerah {region} tentang Pajak Daerah dan Retribusi Daerah"
    services = [
        svc("nib-oss", "Pendampingan Penerbitan NIB melalui OSS RBA",
            ["KTP-el pelaku usaha", "NPWP (NIK terintegrasi)", "Alamat surel dan nomor "
             "telepon aktif", "Data kegiatan usaha (KBLI, lokasi, modal)"], 0,
            "Nomor Induk Berusaha (NIB)", PERIZINAN, channels=("direct", "e_service"),
            walkin=40, online=30, tracked=False, minutes=20),
        svc("pbg", "Persetujuan Bangunan Gedung (PBG)",
            ["Data pemohon dan bukti kepemilikan tanah (sertifikat)",
             "Dokumen rencana teknis: arsitektur, struktur, MEP", "KKPR/informasi tata ruang",
             "Pengajuan melalui SIMBG"], 28, "Persetujuan Bangunan Gedung (PBG)",
            "PP No. 16 Tahun 2021 tentang Bangunan Gedung; " + perda, fee=0,
            fee_note="Retribusi PBG sesuai luas dan fungsi bangunan (Perda Pajak dan "
                     "Retribusi Daerah), dibayar setelah SKRD terbit.",
            channels=("direct", "e_service"), walkin=15, online=10, minutes=20),
        svc("slf", "Sertifikat Laik Fungsi (SLF)",
            ["PBG/IMB bangunan", "Surat pernyataan kelaikan fungsi dari pengkaji teknis",
             "Gambar terbangun (as built drawing)"], 14, "Sertifikat Laik Fungsi",
            "PP No. 16 Tahun 2021 tentang Bangunan Gedung", channels=("direct", "e_service"),
            walkin=10, online=5, minutes=15),
        svc("kkpr", "Konfirmasi Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)",
            ["NIB", "Koordinat lokasi dan luas tanah", "Rencana teknis kegiatan usaha"], 20,
            "KKPR", f"{PERIZINAN}; PP No. 21 Tahun 2021 tentang Penyelenggaraan Penataan Ruang",
            channels=("direct", "e_service"), walkin=10, online=10, minutes=15),
        svc("izin-reklame", "Izin Penyelenggaraan Reklame",
            ["KTP-el dan NPWP pemohon", "Desain dan ukuran reklame", "Foto lokasi dan titik "
             "koordinat", "Surat persetujuan pemilik lahan"], 5, "Izin Reklame",
            f"Peraturan Daerah {region} tentang Penyelenggaraan Reklame; {perda}",
            fee_note="Pajak reklame sesuai nilai sewa reklame (dibayar ke Bapenda).",
            walkin=15, online=10),
        svc("sip-dokter", "Surat Izin Praktik (SIP) Dokter dan Dokter Gigi",
            ["STR yang masih berlaku", "Surat keterangan dari fasilitas pelayanan kesehatan",
             "Pas foto 4x6", "Rekomendasi organisasi profesi"], 5, "SIP Dokter", KESEHATAN,
            channels=("direct", "e_service"), walkin=10, online=10),
        svc("sip-bidan", "Surat Izin Praktik Bidan (SIPB)",
            ["STR Bidan yang masih berlaku", "Surat keterangan tempat praktik", "Pas foto 4x6"],
            5, "SIP Bidan", KESEHATAN, channels=("direct", "e_service"), walkin=10, online=10),
        svc("sip-perawat", "Surat Izin Praktik Perawat (SIPP)",
            ["STR Perawat yang masih berlaku", "Surat keterangan tempat bekerja",
             "Pas foto 4x6"], 5, "SIP Perawat", KESEHATAN, channels=("direct", "e_service"),
            walkin=10, online=10),
        svc("sipa-apoteker", "Surat Izin Praktik Apoteker (SIPA)",
            ["STR Apoteker", "Surat pernyataan tempat praktik dari apotek/instalasi farmasi",
             "Pas foto 4x6"], 5, "SIPA", KESEHATAN, channels=("direct", "e_service"),
            walkin=10, online=5),
        svc("sipttk", "Surat Izin Praktik Tenaga Teknis Kefarmasian (SIPTTK)",
            ["STRTTK yang masih berlaku", "Surat keterangan tempat praktik", "Pas foto 4x6"],
            5, "SIPTTK", KESEHATAN, channels=("direct", "e_service"), walkin=5, online=5),
        svc("izin-apotek", "Izin Apotek (Surat Izin Apotek)",
            ["NIB dengan KBLI 47772", "Denah dan foto bangunan apotek", "SIPA apoteker "
             "penanggung jawab", "Daftar sarana dan prasarana"], 10, "Surat Izin Apotek",
            f"{KESEHATAN}; Permenkes No. 14 Tahun 2021", walkin=5, online=5, minutes=15),
        svc("izin-klinik", "Izin Operasional Klinik Pratama",
            ["NIB", "Profil klinik dan daftar tenaga kesehatan", "Bukti kepemilikan atau sewa "
             "bangunan", "Rekomendasi Dinas Kesehatan"], 14, "Izin Operasional Klinik",
            f"{KESEHATAN}; Permenkes No. 9 Tahun 2014 tentang Klinik", walkin=5, online=5,
            minutes=15),
        svc("izin-toko-obat", "Izin Toko Obat",
            ["NIB", "Surat izin praktik tenaga teknis kefarmasian penanggung jawab",
             "Denah lokasi"], 7, "Izin Toko Obat", KESEHATAN, walkin=5, online=5),
        svc("izin-paud", "Izin Pendirian Satuan PAUD dan Pendidikan Nonformal",
            ["Akta yayasan dan SK Kemenkumham", "Data peserta didik dan pendidik",
             "Bukti kepemilikan/sewa gedung", "Rekomendasi Dinas Pendidikan"], 14,
            "Izin Operasional Satuan Pendidikan",
            "UU No. 20 Tahun 2003 tentang Sisdiknas; Permendikbud No. 84 Tahun 2014",
            walkin=5, online=5),
        svc("izin-lpk", "Izin Lembaga Pelatihan Kerja (LPK)",
            ["NIB", "Akta pendirian lembaga", "Program pelatihan dan daftar instruktur",
             "Rekomendasi Disnaker"], 14, "Izin LPK",
            f"{NAKER}; Permenaker No. 17 Tahun 2016", walkin=5, online=5),
        svc("sppl-persetujuan-lingkungan", "Persetujuan Lingkungan (SPPL/UKL-UPL)",
            ["NIB", "Dokumen SPPL atau UKL-UPL", "Peta lokasi usaha"], 10,
            "Persetujuan Lingkungan",
            "UU No. 32 Tahun 2009 jo. UU No. 6 Tahun 2023; PP No. 22 Tahun 2021",
            channels=("direct", "e_service"), walkin=10, online=5),
        svc("tdup", "Tanda Daftar Usaha Pariwisata (TDUP)",
            ["NIB dengan KBLI pariwisata", "Sertifikat standar usaha (bila diwajibkan)",
             "Foto tempat usaha"], 5, "TDUP", "UU No. 10 Tahun 2009 tentang Kepariwisataan",
            walkin=5, online=5),
        svc("izin-usaha-angkutan", "Izin Penyelenggaraan Angkutan Orang",
            ["NIB", "STNK kendaraan yang dioperasikan", "Bukti uji berkala (KIR)",
             "Rekomendasi Dinas Perhubungan"], 10, "Izin Penyelenggaraan Angkutan",
            "UU No. 22 Tahun 2009; PM Perhubungan No. 15 Tahun 2019", walkin=5, online=5),
        svc("sertifikat-standar-umk", "Pendampingan Sertifikat Standar dan Izin UMK",
            ["NIB", "Dokumen pemenuhan standar usaha"], 0,
            "Sertifikat standar terverifikasi", PERIZINAN, channels=("direct", "e_service"),
            walkin=20, online=10, tracked=False, minutes=20),
        svc("izin-pengeboran-air", "Rekomendasi Teknis Pengusahaan Air Tanah",
            ["NIB", "Peta lokasi sumur dan desain konstruksi sumur", "Hasil uji kualitas air"],
            14, "Rekomendasi Pengusahaan Air Tanah",
            "UU No. 17 Tahun 2019 tentang Sumber Daya Air", walkin=5, online=5),
        svc("pengaduan-perizinan", "Konsultasi dan Pengaduan Perizinan",
            ["KTP-el", "Nomor permohonan atau NIB (bila ada)"], 0,
            "Jawaban/penjelasan tertulis", PERIZINAN, walkin=30, online=10, tracked=False,
            minutes=15),
    ]
    if lkpm:
        services.append(
            svc("klinik-lkpm", "Klinik Konsultasi Laporan Kegiatan Penanaman Modal (LKPM)",
                ["NIB dan akun OSS pelaku usaha", "Data realisasi investasi, tenaga kerja dan "
                 "produksi triwulan berjalan"], 0, "LKPM terkirim melalui OSS",
                f"{PERIZINAN}; Peraturan BKPM No. 5 Tahun 2021", channels=("direct", "e_service"),
                walkin=20, online=20, tracked=False, minutes=20))
    return services


def samsat(region: str) -> list[dict]:
    return [
        svc("pkb-tahunan", "Pembayaran PKB dan Pengesahan STNK Tahunan",
            ["KTP-el asli sesuai STNK", "STNK asli"], 0, "STNK disahkan dan bukti bayar "
            "PKB/SWDKLLJ", SAMSAT, fee_note="Sesuai tagihan PKB dan SWDKLLJ kendaraan.",
            walkin=150, online=50, tracked=False, minutes=6),
        svc("stnk-lima-tahunan", "Perpanjangan STNK Lima Tahunan dan Ganti TNKB",
            ["KTP-el asli sesuai STNK", "STNK dan BPKB asli", "Hasil cek fisik kendaraan"], 0,
            "STNK dan TNKB baru", SAMSAT,
            fee_note="PKB, SWDKLLJ, PNBP STNK (Rp100.000 roda dua/Rp200.000 roda empat) dan "
                     "TNKB (Rp60.000/Rp100.000) sesuai PP No. 76 Tahun 2020.",
            walkin=80, online=30, tracked=False, minutes=15),
        svc("bbnkb", "Balik Nama Kendaraan Bermotor (BBNKB II)",
            ["KTP-el pemilik baru", "STNK dan BPKB asli", "Kuitansi jual beli bermeterai",
             "Hasil cek fisik kendaraan"], 3, "STNK dan BPKB atas nama pemilik baru", SAMSAT,
            fee_note="Sesuai tarif PKB, BBNKB dan PNBP yang berlaku.", walkin=30, online=10,
            minutes=15),
        svc("mutasi-keluar", "Mutasi Kendaraan Keluar Daerah",
            ["KTP-el pemilik", "STNK dan BPKB asli", "Hasil cek fisik kendaraan",
             "Surat permohonan mutasi"], 3, "Berkas mutasi kendaraan", SAMSAT,
            fee_note="PNBP mutasi sesuai PP No. 76 Tahun 2020.", walkin=20, online=5),
        svc("mutasi-masuk", "Mutasi Kendaraan Masuk (Pendaftaran dari Luar Daerah)",
            ["KTP-el domisili baru", "Berkas mutasi dari Samsat asal", "BPKB asli",
             "Hasil cek fisik kendaraan"], 3, "STNK dan TNKB daerah baru", SAMSAT,
            fee_note="BBNKB, PKB dan PNBP sesuai ketentuan.", walkin=20, online=5),
        svc("info-pajak-kendaraan", "Informasi Pajak dan Keringanan/Pemutihan PKB",
            ["Nomor polisi kendaraan", "KTP-el pemilik (untuk pengajuan keringanan)"], 0,
            "Informasi tagihan atau keputusan keringanan", SAMSAT, walkin=60, online=0,
            bookable=False, tracked=False, minutes=5),
        svc("samsat-digital", "Pendampingan Samsat Digital (SIGNAL/e-Samsat)",
            ["KTP-el", "STNK", "Telepon pintar dengan aplikasi SIGNAL"], 0,
            "e-TBPKP dan pengesahan STNK elektronik", SAMSAT,
            channels=("direct", "e_service"),
            walkin=30, online=0, bookable=False, minutes=8),
    ]


def pertanahan(region: str) -> list[dict]:
    return [
        svc("peralihan-jual-beli", "Peralihan Hak karena Jual Beli",
            ["Sertifikat asli", "Akta jual beli dari PPAT", "KTP-el dan KK para pihak",
             "Bukti pelunasan BPHTB dan PPh", "SPPT PBB tahun berjalan"], 5,
            "Sertifikat atas nama pembeli", ATR,
            fee_note="PNBP pendaftaran peralihan hak: (nilai tanah/1000) + Rp50.000.",
            walkin=20, online=10, minutes=15),
        svc("peralihan-waris", "Peralihan Hak karena Pewarisan",
            ["Sertifikat asli", "Surat keterangan waris", "Akta kematian pewaris",
             "KTP-el dan KK para ahli waris", "Bukti BPHTB waris"], 5,
            "Sertifikat atas nama ahli waris", ATR, fee_note="PNBP sesuai PP No. 128 Tahun "
            "2015.", walkin=15, online=10, minutes=15),
        svc("peralihan-hibah", "Peralihan Hak karena Hibah",
            ["Sertifikat asli", "Akta hibah dari PPAT", "KTP-el dan KK para pihak",
             "Bukti BPHTB dan PPh"], 5, "Sertifikat atas nama penerima hibah", ATR,
            fee_note="PNBP sesuai PP No. 128 Tahun 2015.", walkin=10, online=5, minutes=15),
        svc("hak-tanggungan-el", "Pendaftaran Hak Tanggungan Elektronik (HT-el)",
            ["Sertifikat hak atas tanah", "Akta Pemberian Hak Tanggungan dari PPAT",
             "Permohonan melalui kreditur terdaftar"], 7, "Sertifikat Hak Tanggungan elektronik",
            f"{ATR}; Permen ATR/BPN No. 5 Tahun 2020", fee_note="PNBP sesuai nilai hak "
            "tanggungan.", channels=("e_service",), walkin=None, online=None, bookable=False),
        svc("roya", "Roya (Penghapusan Hak Tanggungan)",
            ["Sertifikat hak atas tanah dan sertifikat hak tanggungan",
             "Surat roya/keterangan lunas dari bank", "KTP-el pemohon"], 5,
            "Sertifikat bersih dari hak tanggungan", ATR, fee=50000,
            fee_note="PNBP roya Rp50.000 per hak tanggungan.", walkin=20, online=10),
        svc("pengecekan-sertifikat", "Pengecekan Sertifikat",
            ["Sertifikat asli", "KTP-el pemohon atau kuasa"], 1, "Keterangan pengecekan",
            ATR, fee=50000, fee_note="PNBP pengecekan Rp50.000 per sertifikat.",
            walkin=40, online=10, minutes=8),
        svc("skpt", "Surat Keterangan Pendaftaran Tanah (SKPT)",
            ["Sertifikat atau data bidang tanah", "KTP-el pemohon"], 1, "SKPT", ATR,
            fee=50000, fee_note="PNBP Rp50.000 per bidang.", walkin=20, online=10),
        svc("pemecahan-bidang", "Pemecahan dan Pemisahan Bidang Tanah",
            ["Sertifikat asli", "Rencana pemecahan/site plan", "KTP-el pemilik",
             "SPPT PBB tahun berjalan"], 15, "Sertifikat hasil pemecahan", ATR,
            fee_note="PNBP pengukuran dan pendaftaran sesuai luas bidang.", walkin=10,
            online=5, minutes=15),
        svc("sertifikat-pengganti", "Penerbitan Sertifikat Pengganti karena Hilang atau Rusak",
            ["Surat keterangan hilang dari kepolisian dan sumpah di hadapan pejabat BPN",
             "Fotokopi sertifikat (bila ada)", "KTP-el pemilik"], 40,
            "Sertifikat pengganti", ATR, fee_note="PNBP sesuai PP No. 128 Tahun 2015 "
            "ditambah biaya pengumuman.", walkin=10, online=5),
        svc("perubahan-hgb-hm", "Perubahan Hak Guna Bangunan menjadi Hak Milik",
            ["Sertifikat HGB asli", "KTP-el dan KK pemilik", "SPPT PBB tahun berjalan",
             "PBG/IMB (untuk rumah tinggal)"], 5, "Sertifikat Hak Milik", ATR,
            fee=50000, fee_note="PNBP Rp50.000 ditambah BPHTB bila terutang.", walkin=10,
            online=5),
        svc("informasi-zonasi-tanah", "Informasi Zona Nilai Tanah dan Tata Ruang Pertanahan",
            ["KTP-el", "Lokasi bidang tanah atau nomor sertifikat"], 0,
            "Informasi pertanahan tertulis", ATR, fee=50000,
            fee_note="PNBP Rp50.000 per bidang.", walkin=20, online=10, tracked=False),
    ]


def imigrasi(region: str) -> list[dict]:
    return [
        svc("paspor-baru", "Penerbitan Paspor Biasa Baru (Elektronik/Non-elektronik)",
            ["KTP-el", "Kartu Keluarga", "Akta kelahiran, ijazah atau buku nikah",
             "Jadwal permohonan dari aplikasi M-Paspor"], 4, "Paspor RI", IMIGRASI,
            fee=350000, fee_note="Paspor biasa 48 halaman Rp350.000, paspor elektronik "
            "Rp650.000; layanan percepatan Rp1.000.000 (PP No. 28 Tahun 2019).",
            channels=("direct", "e_service"), walkin=20, online=40, minutes=15),
        svc("paspor-penggantian", "Penggantian Paspor Habis Masa Berlaku atau Penuh",
            ["Paspor lama", "KTP-el", "Jadwal permohonan dari aplikasi M-Paspor"], 4,
            "Paspor RI", IMIGRASI, fee=350000, fee_note="Sama dengan paspor baru, sesuai "
            "jenis paspor.", channels=("direct", "e_service"), walkin=20, online=40,
            minutes=12),
        svc("paspor-hilang-rusak", "Penggantian Paspor Hilang atau Rusak",
            ["Surat keterangan hilang dari kepolisian atau paspor yang rusak", "KTP-el",
             "Kartu Keluarga", "Berita acara pemeriksaan oleh petugas imigrasi"], 7,
            "Paspor RI pengganti", IMIGRASI, fee=350000, fee_note="Tarif paspor ditambah "
            "denda hilang Rp1.000.000 atau rusak Rp500.000.", walkin=5, online=5, minutes=20),
        svc("paspor-anak", "Penerbitan Paspor Anak",
            ["Akta kelahiran anak", "KK", "KTP-el dan paspor kedua orang tua",
             "Buku nikah orang tua", "Kehadiran anak dan orang tua"], 4, "Paspor RI anak",
            IMIGRASI, fee=350000, fee_note="Sesuai jenis paspor (PP No. 28 Tahun 2019).",
            channels=("direct", "e_service"), walkin=10, online=10, minutes=15),
        svc("konsultasi-keimigrasian", "Konsultasi dan Informasi Keimigrasian",
            ["KTP-el"], 0, "Informasi keimigrasian", IMIGRASI, walkin=30, online=0,
            bookable=False, tracked=False, minutes=8),
    ]


def polres(region: str, *, short: str = "Polres") -> list[dict]:
    sim = (f"UU No. 22 Tahun 2009; Perpol No. 5 Tahun 2021 tentang Penerbitan dan Penandaan "
           f"SIM; {POLRI_PNBP}")
    skck = f"Perkap No. 18 Tahun 2014 tentang Tata Cara Penerbitan SKCK; {POLRI_PNBP}"
    return [
        svc("sim-a-perpanjangan", "Perpanjangan SIM A",
            ["SIM A lama yang masih berlaku", "KTP-el", "Surat keterangan sehat jasmani dan "
             "rohani (tes psikologi)"], 0, "SIM A", sim, fee=80000,
            fee_note="PNBP Rp80.000; tes kesehatan dan psikologi dibayar terpisah.",
            walkin=40, online=20, tracked=False, minutes=12),
        svc("sim-c-perpanjangan", "Perpanjangan SIM C",
            ["SIM C lama yang masih berlaku", "KTP-el", "Surat keterangan sehat jasmani dan "
             "rohani (tes psikologi)"], 0, "SIM C", sim, fee=75000,
            fee_note="PNBP Rp75.000; tes kesehatan dan psikologi dibayar terpisah.",
            walkin=50, online=20, tracked=False, minutes=12),
        svc("sim-b-perpanjangan", "Perpanjangan SIM B I dan B II Umum",
            ["SIM B lama yang masih berlaku", "KTP-el", "Surat keterangan sehat dan tes "
             "psikologi"], 0, "SIM B", sim, fee=80000,
            fee_note="PNBP Rp80.000 (B I/B II), Rp80.000 umum.", walkin=15, online=5,
            tracked=False, minutes=12),
        svc("skck-baru", "Penerbitan SKCK Baru",
            ["KTP-el dan KK", "Akta kelahiran atau ijazah", "Pas foto 4x6 latar merah 6 lembar",
             "Formulir sidik jari"], 0, "SKCK", skck, fee=30000,
            fee_note="PNBP SKCK Rp30.000.", channels=("direct", "e_service"), walkin=60,
            online=40, tracked=False, minutes=12),
        svc("skck-perpanjangan", "Perpanjangan SKCK",
            ["SKCK lama (paling lama 1 tahun setelah habis berlaku)", "KTP-el",
             "Pas foto 4x6 latar merah 2 lembar"], 0, "SKCK", skck, fee=30000,
            fee_note="PNBP SKCK Rp30.000.", channels=("direct", "e_service"), walkin=60,
            online=40, tracked=False, minutes=8),
        svc("surat-kehilangan", "Surat Keterangan Tanda Lapor Kehilangan (SKTLK)",
            ["KTP-el pelapor", "Fotokopi dokumen yang hilang (bila ada)"], 0,
            "Surat Tanda Lapor Kehilangan", "UU No. 2 Tahun 2002 tentang Kepolisian RI",
            walkin=40, online=0, bookable=False, tracked=False, minutes=8),
        svc("pengaduan-polisi", f"Layanan Informasi dan Pengaduan {short}",
            ["KTP-el pelapor", "Kronologi kejadian dan bukti pendukung"], 0,
            "Tanda terima pengaduan", "UU No. 2 Tahun 2002 tentang Kepolisian RI",
            walkin=20, online=0, bookable=False, tracked=False, minutes=15),
    ]


def bpjs_kesehatan(region: str) -> list[dict]:
    return [
        svc("jkn-pendaftaran", "Pendaftaran Peserta JKN Mandiri (PBPU)",
            ["KTP-el dan Kartu Keluarga", "Nomor rekening bank untuk autodebet",
             "Alamat surel dan nomor telepon aktif"], 0, "Nomor dan kartu JKN-KIS digital",
            JKN, channels=("direct", "e_service"), walkin=40, online=20, tracked=False),
        svc("jkn-perubahan-data", "Perubahan Data Peserta JKN",
            ["Kartu JKN-KIS", "KTP-el dan Kartu Keluarga terbaru",
             "Dokumen pendukung perubahan"], 0, "Data peserta terbarui", JKN,
            channels=("direct", "e_service"), walkin=40, online=20, tracked=False),
        svc("jkn-pindah-faskes", "Perubahan Fasilitas Kesehatan Tingkat Pertama (FKTP)",
            ["Kartu JKN-KIS", "KTP-el (minimal 3 bulan di FKTP lama)"], 0,
            "FKTP baru", JKN, channels=("direct", "e_service"), walkin=30, online=10,
            tracked=False, minutes=6),
        svc("jkn-pindah-kelas", "Perubahan Kelas Rawat dan Mutasi Segmen Peserta",
            ["Kartu JKN-KIS", "KTP-el dan KK", "Surat keterangan dari pemberi kerja "
             "(mutasi segmen)"], 0, "Kelas atau segmen baru", JKN, walkin=20, online=10,
            tracked=False),
        svc("jkn-reaktivasi", "Reaktivasi Kepesertaan JKN",
            ["Kartu JKN-KIS", "KTP-el", "Bukti pelunasan tunggakan atau rekomendasi Dinas "
             "Sosial (PBI)"], 0, "Status kepesertaan aktif", JKN, walkin=30, online=10,
            tracked=False),
        svc("jkn-rehab", "Program Rencana Pembayaran Bertahap (REHAB)",
            ["Kartu JKN-KIS", "KTP-el", "Aplikasi Mobile JKN"], 0,
            "Jadwal cicilan tunggakan", f"{JKN}; Peraturan BPJS Kesehatan No. 2 Tahun 2020",
            walkin=15, online=5, tracked=False),
        svc("jkn-informasi", "Informasi dan Pengaduan Peserta JKN",
            ["Kartu JKN-KIS atau NIK"], 0, "Informasi/penyelesaian pengaduan", JKN,
            walkin=40, online=0, bookable=False, tracked=False, minutes=8),
    ]


def bpjs_ketenagakerjaan(region: str) -> list[dict]:
    return [
        svc("bpjstk-pendaftaran-bpu", "Pendaftaran Peserta Bukan Penerima Upah (BPU)",
            ["KTP-el", "Nomor telepon aktif"], 0, "Kartu peserta BPJS Ketenagakerjaan",
            f"{SJSN}; Permenaker No. 5 Tahun 2021", channels=("direct", "e_service"),
            walkin=30, online=10, tracked=False, minutes=8),
        svc("klaim-jht", "Klaim Jaminan Hari Tua (JHT)",
            ["Kartu peserta BPJS Ketenagakerjaan", "KTP-el", "Surat keterangan berhenti "
             "bekerja/paklaring", "Buku tabungan atas nama peserta", "Kartu Keluarga"], 5,
            "Dana JHT ditransfer ke rekening peserta",
            f"{SJSN}; PP No. 46 Tahun 2015 jo. Permenaker No. 4 Tahun 2022",
            channels=("direct", "e_service"), walkin=30, online=30, minutes=15),
        svc("klaim-jkm", "Klaim Jaminan Kematian (JKM)",
            ["Kartu peserta almarhum", "Akta kematian", "KTP-el dan KK ahli waris",
             "Surat keterangan ahli waris", "Buku tabungan ahli waris"], 3,
            "Santunan JKM ditransfer", f"{SJSN}; PP No. 44 Tahun 2015", walkin=10, online=5,
            minutes=20),
        svc("klaim-jkk", "Klaim Jaminan Kecelakaan Kerja (JKK)",
            ["Laporan kecelakaan kerja tahap I dan II dari perusahaan", "Kartu peserta",
             "KTP-el", "Resume medis"], 7, "Penggantian biaya dan santunan JKK",
            f"{SJSN}; PP No. 44 Tahun 2015", walkin=10, online=5, minutes=20),
        svc("klaim-jp", "Klaim Jaminan Pensiun (JP)",
            ["Kartu peserta", "KTP-el dan KK", "Surat keterangan berhenti bekerja",
             "Buku tabungan"], 5, "Manfaat JP berkala atau lumpsum",
            f"{SJSN}; PP No. 45 Tahun 2015", walkin=10, online=5, minutes=20),
        svc("bpjstk-koreksi-data", "Koreksi Data dan Informasi Kepesertaan",
            ["Kartu peserta", "KTP-el", "Dokumen pendukung perbaikan"], 1,
            "Data kepesertaan terkoreksi", SJSN, walkin=20, online=5),
    ]


def kemenag(region: str) -> list[dict]:
    nikah = ("UU No. 1 Tahun 1974 jo. UU No. 16 Tahun 2019 tentang Perkawinan; PMA No. 20 "
             "Tahun 2019 tentang Pencatatan Pernikahan; PP No. 59 Tahun 2018")
    haji = "UU No. 8 Tahun 2019 tentang Penyelenggaraan Ibadah Haji dan Umrah"
    return [
        svc("pendaftaran-haji", "Pendaftaran Haji Reguler",
            ["KTP-el dan KK", "Akta kelahiran/ijazah/buku nikah", "Bukti setoran awal BPIH "
             "Rp25.000.000 dari BPS-BPIH", "Pas foto 3x4 dan 4x6 latar putih (80% wajah)"],
            0, "Bukti pendaftaran haji dan nomor porsi", haji,
            fee_note="Tanpa biaya pendaftaran; setoran awal BPIH disetor ke bank penerima.",
            walkin=20, online=20, tracked=False, minutes=20),
        svc("pembatalan-haji", "Pembatalan Pendaftaran Haji",
            ["Surat permohonan pembatalan", "Bukti setoran awal BPIH asli", "KTP-el dan KK",
             "Akta kematian (bila jemaah wafat)"], 14, "Surat pembatalan dan pengembalian "
            "setoran", haji, walkin=5, online=5),
        svc("duplikat-buku-nikah", "Penerbitan Duplikat Buku Nikah",
            ["Surat keterangan hilang dari kepolisian atau buku nikah yang rusak",
             "KTP-el suami dan istri", "Pas foto 2x3 berdampingan"], 3,
            "Duplikat Kutipan Akta Nikah", nikah, walkin=10, online=5),
        svc("legalisasi-buku-nikah", "Legalisasi Buku Nikah dan Surat Keterangan Nikah",
            ["Buku nikah asli", "Fotokopi buku nikah"], 0, "Fotokopi buku nikah terlegalisasi",
            nikah, walkin=30, online=0, bookable=False, tracked=False, minutes=5),
        svc("rekomendasi-umrah", "Rekomendasi Paspor Umrah dan Haji Khusus",
            ["KTP-el dan KK", "Surat keterangan dari PPIU/PIHK terdaftar"], 1,
            "Surat rekomendasi paspor", haji, walkin=10, online=5),
        svc("sertifikasi-halal", "Pendampingan Sertifikasi Halal (Self Declare) UMK",
            ["NIB", "KTP-el pelaku usaha", "Daftar bahan dan proses produksi"], 0,
            "Permohonan sertifikat halal terkirim melalui SIHALAL",
            "UU No. 33 Tahun 2014 jo. PP No. 39 Tahun 2021 tentang Jaminan Produk Halal",
            channels=("direct", "e_service"), walkin=15, online=10, tracked=False, minutes=20),
        svc("ikrar-wakaf", "Informasi dan Pendaftaran Ikrar Wakaf",
            ["KTP-el wakif dan nazir", "Bukti kepemilikan harta benda wakaf",
             "Dua orang saksi"], 3, "Akta Ikrar Wakaf (AIW)",
            "UU No. 41 Tahun 2004 tentang Wakaf", walkin=5, online=5),
    ]


def pengadilan_agama(region: str, court: str) -> list[dict]:
    return [
        svc("gugatan-cerai", "Pendaftaran Gugatan/Permohonan Cerai",
            ["Surat gugatan atau permohonan", "KTP-el penggugat", "Kutipan akta nikah asli",
             "Fotokopi KK"], 0, "Nomor perkara dan jadwal sidang",
            f"{PERADILAN_AGAMA}; PERMA No. 7 Tahun 2022 tentang Administrasi Perkara Elektronik",
            fee_note=f"Panjar biaya perkara sesuai SK Ketua {court} (menurut radius), "
                     "dibayar ke rekening pengadilan; gratis bagi yang tidak mampu (prodeo).",
            channels=("direct", "e_service"), walkin=15, online=10, tracked=False, minutes=20),
        svc("dispensasi-kawin", "Permohonan Dispensasi Kawin",
            ["Surat permohonan orang tua", "KTP-el orang tua dan akta kelahiran anak",
             "Surat penolakan dari KUA", "Rekomendasi dari DP3A/puskesmas"], 0,
            "Nomor perkara dan jadwal sidang",
            f"{PERADILAN_AGAMA}; PERMA No. 5 Tahun 2019 tentang Dispensasi Kawin",
            fee_note=f"Panjar biaya perkara sesuai SK Ketua {court}.", walkin=10, online=5,
            tracked=False, minutes=20),
        svc("itsbat-nikah", "Permohonan Itsbat (Pengesahan) Nikah",
            ["Surat permohonan", "KTP-el para pemohon", "Surat keterangan dari KUA bahwa "
             "pernikahan tidak tercatat", "Dua orang saksi"], 0, "Nomor perkara",
            PERADILAN_AGAMA, fee_note=f"Panjar biaya perkara sesuai SK Ketua {court}; "
            "sidang keliling bebas biaya bagi yang tidak mampu.", walkin=10, online=5,
            tracked=False, minutes=20),
        svc("penetapan-ahli-waris", "Permohonan Penetapan Ahli Waris (P3HP)",
            ["Surat permohonan", "Akta kematian pewaris", "KTP-el dan KK para ahli waris",
             "Daftar harta peninggalan"], 0, "Nomor perkara", PERADILAN_AGAMA,
            fee_note=f"Panjar biaya perkara sesuai SK Ketua {court}.", walkin=10, online=5,
            tracked=False, minutes=20),
        svc("posbakum-pa", "Konsultasi Hukum Pos Bantuan Hukum (Posbakum)",
            ["KTP-el", "Surat keterangan tidak mampu (bila meminta pembuatan surat gugatan "
             "gratis)"], 0, "Nasihat hukum dan draf surat gugatan",
            f"{PERADILAN_AGAMA}; PERMA No. 1 Tahun 2014 tentang Pedoman Pemberian Layanan "
            "Hukum bagi Masyarakat Tidak Mampu", walkin=20, online=10, tracked=False,
            minutes=20),
        svc("akta-cerai-salinan", "Pengambilan Akta Cerai dan Salinan Putusan",
            ["KTP-el pihak berperkara", "Nomor perkara"], 0, "Akta Cerai/salinan putusan",
            PERADILAN_AGAMA, fee=10000, fee_note="PNBP akta cerai Rp10.000; salinan putusan "
            "Rp500 per halaman.", walkin=30, online=10, tracked=False, minutes=6),
    ]


def kejaksaan(region: str) -> list[dict]:
    return [
        svc("tilang", "Pembayaran Denda Tilang dan Pengambilan Barang Bukti",
            ["Surat tilang atau nomor register tilang", "KTP-el pelanggar", "Bukti bayar "
             "denda (BRIVA/e-tilang)"], 0, "Barang bukti (SIM/STNK) dikembalikan",
            "UU No. 22 Tahun 2009; PERMA No. 12 Tahun 2016 tentang Tata Cara Penyelesaian "
            "Perkara Pelanggaran Lalu Lintas", fee_note="Denda sesuai putusan hakim, dibayar "
            "ke kas negara.", walkin=80, online=20, tracked=False, minutes=5),
        svc("konsultasi-hukum-datun", "Konsultasi Hukum Perdata dan Tata Usaha Negara",
            ["KTP-el", "Dokumen terkait permasalahan hukum"], 0, "Pendapat/nasihat hukum",
            f"{KEJAKSAAN}; Perja No. 7 Tahun 2021 tentang Pelayanan Hukum Bidang Datun",
            walkin=10, online=10, tracked=False, minutes=30, slot=60),
        svc("pengaduan-kejaksaan", "Penerimaan Laporan dan Pengaduan Masyarakat",
            ["KTP-el pelapor", "Laporan tertulis dan bukti pendukung"], 0,
            "Tanda terima laporan", KEJAKSAAN, walkin=10, online=0, bookable=False,
            tracked=False, minutes=20),
        svc("barang-bukti-perkara", "Pengembalian Barang Bukti Perkara Pidana",
            ["Salinan putusan berkekuatan hukum tetap", "KTP-el pemilik barang bukti",
             "Bukti kepemilikan barang"], 3, "Barang bukti dan berita acara pengembalian",
            KEJAKSAAN, walkin=10, online=5),
        svc("informasi-perkara-kejari", "Informasi Perkara dan Jadwal Sidang",
            ["KTP-el", "Nama terdakwa atau nomor perkara"], 0, "Informasi perkara",
            f"{KEJAKSAAN}; UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
            walkin=30, online=0, bookable=False, tracked=False, minutes=5),
    ]


def dinkes(region: str) -> list[dict]:
    return [
        svc("spp-irt", "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)",
            ["NIB", "Sertifikat penyuluhan keamanan pangan", "Label produk",
             "Hasil pemeriksaan sarana produksi"], 14, "SPP-IRT",
            "Peraturan BPOM No. 22 Tahun 2018 tentang Pedoman Pemberian SPP-IRT",
            channels=("direct", "e_service"), walkin=10, online=10),
        svc("penyuluhan-keamanan-pangan", "Pendaftaran Penyuluhan Keamanan Pangan (PKP)",
            ["KTP-el pemilik/penanggung jawab IRTP", "NIB"], 0,
            "Jadwal penyuluhan dan sertifikat PKP", "Peraturan BPOM No. 22 Tahun 2018",
            walkin=20, online=10, tracked=False),
        svc("slhs", "Sertifikat Laik Higiene Sanitasi (SLHS)",
            ["NIB", "Hasil uji laboratorium sampel makanan/minuman dan air",
             "Sertifikat kursus penjamah pangan"], 14, "SLHS",
            f"{KESEHATAN}; PP No. 66 Tahun 2014 tentang Kesehatan Lingkungan",
            walkin=10, online=5),
        svc("rekomendasi-izin-faskes", "Rekomendasi Teknis Izin Fasilitas Kesehatan",
            ["Permohonan izin dari OSS/DPMPTSP", "Profil fasilitas kesehatan",
             "Daftar tenaga kesehatan dan sarana"], 7, "Rekomendasi teknis", KESEHATAN,
            walkin=5, online=5),
        svc("surat-keterangan-sehat", "Legalisir dan Informasi Surat Keterangan Sehat",
            ["Surat keterangan sehat dari puskesmas/RSUD", "KTP-el"], 0,
            "Surat keterangan terlegalisir", KESEHATAN, walkin=30, online=0, bookable=False,
            tracked=False, minutes=5),
        svc("layanan-informasi-kesehatan", "Informasi Imunisasi, Gizi dan Jaminan Kesehatan "
            "Daerah", ["KTP-el atau KIA"], 0, "Informasi dan rujukan layanan", KESEHATAN,
            walkin=30, online=0, bookable=False, tracked=False, minutes=8),
    ]


def disnaker(region: str) -> list[dict]:
    return [
        svc("kartu-kuning-ak1", "Kartu Tanda Pencari Kerja (Kartu Kuning AK/1)",
            ["KTP-el", "Ijazah terakhir asli dan fotokopi", "Pas foto 3x4 dua lembar",
             "Akun SIAPkerja (bila daftar daring)"], 0, "Kartu AK/1",
            f"{NAKER}; Permenaker No. 39 Tahun 2016 tentang Penempatan Tenaga Kerja",
            channels=("direct", "e_service"), walkin=80, online=40, tracked=False, minutes=8),
        svc("wlkp", "Wajib Lapor Ketenagakerjaan di Perusahaan (WLKP)",
            ["NIB perusahaan", "Data tenaga kerja", "Akun WLKP online"], 0,
            "Bukti pelaporan WLKP",
            "UU No. 7 Tahun 1981 tentang Wajib Lapor Ketenagakerjaan di Perusahaan",
            channels=("direct", "e_service"), walkin=20, online=10, tracked=False),
        svc("pengesahan-peraturan-perusahaan", "Pengesahan Peraturan Perusahaan",
            ["Draf peraturan perusahaan", "Bukti WLKP", "Tanggapan wakil pekerja"], 7,
            "SK pengesahan Peraturan Perusahaan",
            f"{NAKER}; Permenaker No. 28 Tahun 2014", walkin=5, online=5),
        svc("pencatatan-pkwt", "Pencatatan Perjanjian Kerja Waktu Tertentu (PKWT)",
            ["Perjanjian kerja yang ditandatangani", "NIB perusahaan"], 3,
            "Bukti pencatatan PKWT", f"{NAKER}; PP No. 35 Tahun 2021", walkin=10, online=5),
        svc("mediasi-hubungan-industrial", "Pencatatan Perselisihan dan Mediasi Hubungan "
            "Industrial", ["Surat pencatatan perselisihan", "Risalah perundingan bipartit",
                           "KTP-el pelapor"], 30, "Anjuran/perjanjian bersama",
            "UU No. 2 Tahun 2004 tentang Penyelesaian Perselisihan Hubungan Industrial",
            walkin=5, online=5, minutes=30, slot=60),
        svc("rekomendasi-pmi", "Rekomendasi Calon Pekerja Migran Indonesia (PMI)",
            ["KTP-el dan KK", "Surat izin orang tua/suami/istri diketahui kepala desa",
             "Perjanjian penempatan", "Sertifikat kompetensi"], 1,
            "Rekomendasi/ID PMI",
            "UU No. 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia",
            walkin=10, online=5),
    ]


def bapenda(region: str) -> list[dict]:
    pajak = perda_pajak(region)
    return [
        svc("pbb-pembayaran", "Pembayaran PBB-P2",
            ["SPPT PBB tahun berjalan atau NOP"], 0, "Bukti pembayaran PBB-P2 (STTS)",
            pajak, fee_note="Sesuai ketetapan PBB-P2 dalam SPPT.", walkin=100, online=0,
            bookable=False, tracked=False, minutes=4),
        svc("pbb-mutasi", "Mutasi/Balik Nama SPPT PBB-P2",
            ["SPPT PBB tahun berjalan", "Bukti peralihan (AJB, sertifikat, akta waris)",
             "KTP-el wajib pajak baru", "Bukti lunas PBB 5 tahun terakhir"], 7,
            "SPPT atas nama wajib pajak baru", pajak, walkin=30, online=10),
        svc("pbb-objek-baru", "Pendaftaran Objek PBB-P2 Baru",
            ["SPOP dan LSPOP yang diisi", "KTP-el", "Bukti kepemilikan tanah",
             "Foto dan denah lokasi objek"], 14, "SPPT PBB-P2 baru", pajak, walkin=20,
            online=10),
        svc("pbb-keberatan", "Pengurangan, Keberatan dan Pembetulan PBB-P2",
            ["Surat permohonan", "SPPT yang diajukan", "KTP-el", "Dokumen pendukung"], 30,
            "Surat keputusan pengurangan/keberatan", pajak, walkin=10, online=5),
        svc("bphtb-validasi", "Validasi BPHTB",
            ["SSPD BPHTB", "Fotokopi sertifikat dan SPPT PBB", "KTP-el para pihak",
             "Draf akta dari PPAT/notaris"], 2, "SSPD BPHTB tervalidasi", pajak,
            fee_note="BPHTB 5% x (NPOP - NPOPTKP) sesuai Perda.",
            channels=("direct", "e_service"), walkin=30, online=20),
        svc("npwpd", "Pendaftaran NPWPD Pajak Restoran, Hotel, Hiburan dan Parkir",
            ["NIB", "KTP-el pemilik", "Formulir pendaftaran wajib pajak daerah"], 1,
            "Nomor Pokok Wajib Pajak Daerah (NPWPD)", pajak, walkin=15, online=10),
        svc("sknjop", "Surat Keterangan NJOP dan Cetak Ulang SPPT",
            ["NOP atau SPPT", "KTP-el wajib pajak"], 0, "Surat Keterangan NJOP/SPPT",
            pajak, walkin=40, online=10, tracked=False, minutes=6),
    ]


def pdam(region: str, company: str) -> list[dict]:
    air = ("PP No. 122 Tahun 2015 tentang Sistem Penyediaan Air Minum; Permendagri No. 21 "
           f"Tahun 2020; Peraturan Kepala Daerah {region} tentang Tarif Air Minum")
    return [
        svc("pdam-sambungan-baru", "Pemasangan Sambungan Baru Air Minum",
            ["KTP-el dan KK", "Rekening listrik tetangga terdekat/denah lokasi",
             "SPPT PBB atau bukti kepemilikan/sewa rumah"], 14, "Sambungan air dan meter air",
            air, fee_note=f"Biaya sambungan baru sesuai ketetapan {company} (pipa 1/2 inci).",
            channels=("direct", "e_service"), walkin=20, online=10),
        svc("pdam-tambah-kapasitas", "Penambahan Kapasitas dan Pindah Meter Air",
            ["KTP-el pelanggan", "Rekening air bulan terakhir"], 7,
            "Meter/sambungan yang disesuaikan", air, fee_note="Sesuai rincian biaya dari "
            "petugas teknik.", walkin=10, online=5),
        svc("pdam-balik-nama", "Balik Nama Pelanggan Air Minum",
            ["KTP-el pemilik baru", "Rekening air terakhir (lunas)",
             "Bukti kepemilikan rumah"], 1, "Data pelanggan atas nama baru", air, walkin=20,
            online=5),
        svc("pdam-pengaduan", "Pengaduan Gangguan, Kebocoran dan Tagihan Air",
            ["Nomor sambungan pelanggan", "Foto gangguan (bila ada)"], 1,
            "Tindak lanjut pengaduan", air, walkin=40, online=0, bookable=False, minutes=6),
        svc("pdam-buka-tutup", "Penutupan Sementara dan Penyambungan Kembali",
            ["KTP-el pelanggan", "Bukti pelunasan tunggakan"], 2,
            "Sambungan ditutup/dibuka kembali", air, fee_note="Biaya penyambungan kembali "
            "sesuai tarif perusahaan.", walkin=20, online=5),
        svc("pdam-pembayaran", "Pembayaran Rekening Air",
            ["Nomor sambungan pelanggan"], 0, "Bukti bayar rekening air", air,
            fee_note="Sesuai tagihan pemakaian air.", walkin=None, online=None,
            bookable=False, tracked=False, minutes=3),
    ]


def pln(region: str) -> list[dict]:
    return [
        svc("pln-pasang-baru", "Pasang Baru Listrik",
            ["KTP-el pemohon", "Denah lokasi dan titik koordinat", "Nomor telepon aktif",
             "Sertifikat Laik Operasi (SLO) instalasi dari LIT-TR"], 5,
            "Sambungan listrik dan meter prabayar/pascabayar", LISTRIK,
            fee_note="Biaya penyambungan sesuai daya yang dimohon (Permen ESDM No. 27 Tahun "
                     "2017) dan biaya SLO.", channels=("direct", "e_service"), walkin=30,
            online=20, minutes=12),
        svc("pln-tambah-daya", "Perubahan/Penambahan Daya Listrik",
            ["KTP-el pelanggan", "ID pelanggan", "SLO bila instalasi berubah"], 5,
            "Daya baru tersambung", LISTRIK, fee_note="Biaya penyambungan sebesar selisih "
            "daya sesuai Permen ESDM No. 27 Tahun 2017.", channels=("direct", "e_service"),
            walkin=30, online=20),
        svc("pln-balik-nama", "Balik Nama Pelanggan Listrik",
            ["KTP-el pemilik baru", "ID pelanggan", "Bukti kepemilikan bangunan"], 3,
            "Data pelanggan atas nama baru", LISTRIK, channels=("direct", "e_service"),
            walkin=20, online=10),
        svc("pln-pengaduan", "Pengaduan dan Penanganan Keluhan Pelanggan",
            ["ID pelanggan atau nomor meter", "Uraian keluhan"], 1,
            "Tindak lanjut keluhan", LISTRIK, walkin=40, online=0, bookable=False, minutes=8),
        svc("pln-penyambungan-sementara", "Penyambungan Sementara (Listrik untuk Acara)",
            ["KTP-el pemohon", "Lokasi dan lama pemakaian", "Besar daya yang dibutuhkan"], 3,
            "Sambungan sementara", LISTRIK, fee_note="Sesuai daya dan lama pemakaian.",
            walkin=10, online=5),
    ]


def bank_bjb(region: str) -> list[dict]:
    return [
        svc("bjb-tabungan", "Pembukaan Rekening Tabungan (bjb Tandamata/TabunganKu)",
            ["KTP-el", "NPWP (bila ada)", "Setoran awal sesuai jenis tabungan"], 0,
            "Buku tabungan dan kartu ATM", BANK,
            fee_note="Tanpa biaya pembukaan; setoran awal mulai Rp20.000 (TabunganKu).",
            walkin=30, online=10, tracked=False, minutes=15),
        svc("bjb-pajak-daerah", "Pembayaran Pajak Daerah dan Retribusi",
            ["SPPT/SKPD/kode bayar"], 0, "Bukti setor pajak daerah", BANK,
            fee_note="Sesuai tagihan pajak; tanpa biaya administrasi di loket.", walkin=100,
            online=0, bookable=False, tracked=False, minutes=4),
        svc("bjb-tabungan-haji", "Tabungan dan Setoran Awal BPIH (bjb iB Maslahah Haji)",
            ["KTP-el", "KK", "Setoran awal BPIH Rp25.000.000"], 0,
            "Bukti setoran awal BPIH dan nomor validasi",
            f"{BANK}; UU No. 34 Tahun 2014 tentang Pengelolaan Keuangan Haji", walkin=20,
            online=10, tracked=False, minutes=15),
        svc("bjb-kur", "Konsultasi dan Pengajuan Kredit Usaha Rakyat (KUR)",
            ["KTP-el dan KK", "NIB atau surat keterangan usaha", "NPWP untuk plafon di atas "
             "Rp50 juta"], 5, "Keputusan kredit",
            f"{BANK}; Permenko Perekonomian No. 1 Tahun 2023 tentang Pedoman KUR", walkin=15,
            online=10, minutes=20),
        svc("bjb-kartu-atm", "Penggantian Kartu ATM dan Buku Tabungan",
            ["KTP-el", "Buku tabungan", "Surat kehilangan (kartu hilang)"], 0,
            "Kartu ATM/buku tabungan baru", BANK, fee=15000,
            fee_note="Biaya penggantian kartu Rp15.000.", walkin=30, online=0,
            bookable=False, tracked=False, minutes=10),
    ]


def taspen(region: str) -> list[dict]:
    return [
        svc("taspen-klaim-tht", "Klaim Tabungan Hari Tua (THT) dan Pensiun Pertama",
            ["SK pensiun", "KTP-el dan KK", "Buku tabungan", "Pas foto 3x4",
             "Formulir permohonan (SP4)"], 1, "Pembayaran THT dan pensiun pertama", TASPEN,
            walkin=20, online=10, minutes=15),
        svc("taspen-janda-duda", "Klaim Pensiun Janda/Duda dan Uang Duka Wafat",
            ["Akta kematian", "SK pensiun/SK terakhir almarhum", "Surat keterangan janda/duda",
             "KTP-el dan KK"], 1, "SK dan pembayaran pensiun janda/duda", TASPEN, walkin=10,
            online=5, minutes=15),
        svc("taspen-otentikasi", "Otentikasi Peserta Pensiun (TASPEN Otentikasi)",
            ["KTP-el", "Kartu identitas pensiunan (Karip)"], 0, "Status otentikasi aktif",
            TASPEN, walkin=40, online=0, bookable=False, tracked=False, minutes=5),
        svc("taspen-mutasi", "Mutasi Kantor Bayar dan Perubahan Data Pensiunan",
            ["KTP-el", "Karip", "Surat permohonan mutasi", "Buku tabungan bank tujuan"], 3,
            "Data pensiunan terbarui", TASPEN, walkin=15, online=5),
        svc("taspen-informasi", "Informasi Hak dan Layanan Peserta TASPEN",
            ["NIP/Nomor pensiun"], 0, "Informasi hak peserta", TASPEN, walkin=30, online=0,
            bookable=False, tracked=False, minutes=5),
    ]


def pos(region: str) -> list[dict]:
    law = "UU No. 38 Tahun 2009 tentang Pos"
    return [
        svc("pos-kiriman", "Pengiriman Surat dan Paket (Pos Ekspres/Kilat Khusus)",
            ["Barang kiriman terbungkus", "Alamat lengkap pengirim dan penerima"], 0,
            "Resi pengiriman", law, fee_note="Sesuai berat dan tujuan kiriman.",
            walkin=None, online=None, bookable=False, tracked=False, minutes=5),
        svc("pos-bansos", "Penyaluran Bantuan Sosial Tunai melalui Pos",
            ["Surat undangan/barcode penerima", "KTP-el dan KK penerima"], 0,
            "Bantuan tunai diterima", f"{law}; {SOSIAL}", walkin=100, online=0,
            bookable=False, tracked=False, minutes=5),
        svc("pos-pembayaran", "Pembayaran Tagihan, Pajak dan Wesel",
            ["Kode bayar atau nomor pelanggan"], 0, "Bukti pembayaran", law,
            fee_note="Sesuai tagihan ditambah biaya admin loket.", walkin=None, online=None,
            bookable=False, tracked=False, minutes=4),
        svc("pos-meterai", "Penjualan Meterai dan Benda Pos",
            ["Tidak ada"], 0, "Meterai Rp10.000/benda pos",
            "UU No. 10 Tahun 2020 tentang Bea Meterai", fee=10000,
            fee_note="Meterai Rp10.000 per lembar.", walkin=None, online=None,
            bookable=False, tracked=False, minutes=2),
    ]


def kpp(region: str) -> list[dict]:
    return [
        svc("npwp-pendaftaran", "Pendaftaran NPWP dan Aktivasi NIK sebagai NPWP",
            ["KTP-el (orang pribadi)", "Akta pendirian dan NIB (badan)",
             "Alamat surel aktif"], 0, "NPWP/NIK terdaftar di Coretax DJP", PAJAK,
            channels=("direct", "e_service"), walkin=40, online=20, tracked=False),
        svc("coretax-akun", "Aktivasi Akun Coretax, EFIN dan Kode Otorisasi",
            ["KTP-el", "NPWP", "Alamat surel dan nomor telepon aktif"], 0,
            "Akun Coretax aktif", PAJAK, walkin=60, online=20, tracked=False, minutes=8),
        svc("spt-asistensi", "Asistensi Pelaporan SPT Tahunan",
            ["Akun Coretax", "Bukti potong 1721-A1/A2", "Daftar harta dan utang"], 0,
            "Bukti penerimaan elektronik SPT", PAJAK, walkin=60, online=30, tracked=False,
            minutes=15),
        svc("konsultasi-pajak", "Konsultasi Perpajakan",
            ["NPWP atau KTP-el"], 0, "Penjelasan perpajakan", PAJAK, walkin=40, online=20,
            tracked=False, minutes=15),
        svc("skf", "Penerbitan Surat Keterangan Fiskal",
            ["Permohonan melalui Coretax", "SPT Tahunan 2 tahun terakhir telah dilaporkan"],
            1, "Surat Keterangan Fiskal", f"{PAJAK}; PER-08/PJ/2022", walkin=10, online=5),
        svc("validasi-pph-tanah", "Penelitian PPh Final Pengalihan Hak atas Tanah/Bangunan",
            ["Bukti setor PPh final 2,5%", "Draf akta jual beli", "Fotokopi sertifikat dan "
             "SPPT PBB", "KTP-el penjual"], 3, "Surat Keterangan Penelitian Formal",
            f"{PAJAK}; PP No. 34 Tahun 2016", walkin=20, online=10),
    ]


def pick(services: list[dict], *codes: str) -> list[dict]:
    """Only the services with these codes, in the order given."""
    by_code = {s["code"]: s for s in services}
    return [by_code[code] for code in codes]


def dinsos(region: str) -> list[dict]:
    return [
        svc("dtks-usulan", "Usulan Masuk dan Pemutakhiran Data DTSEN/DTKS",
            ["KTP-el dan KK", "Surat pengantar desa/kelurahan", "Foto kondisi rumah"], 14,
            "Status usulan data terpadu", SOSIAL, walkin=40, online=20),
        svc("rekomendasi-pbi-jk", "Rekomendasi Peserta PBI Jaminan Kesehatan Daerah",
            ["KTP-el dan KK", "Surat keterangan tidak mampu dari desa", "Surat rujukan "
             "rumah sakit (bila dirawat)"], 1, "Surat rekomendasi PBI-JK",
            f"{SOSIAL}; Permensos No. 21 Tahun 2019", walkin=30, online=10),
        svc("pengaduan-bansos", "Pengaduan Program Bantuan Sosial (PKH, BPNT)",
            ["KTP-el dan KK", "Kartu KKS (bila ada)"], 5, "Tindak lanjut pengaduan",
            SOSIAL, walkin=30, online=0, bookable=False),
        svc("kartu-disabilitas", "Pendataan dan Kartu Penyandang Disabilitas",
            ["KTP-el/KIA dan KK", "Surat keterangan disabilitas dari dokter",
             "Pas foto 3x4"], 7, "Kartu Penyandang Disabilitas",
            "UU No. 8 Tahun 2016 tentang Penyandang Disabilitas", walkin=10, online=5),
        svc("rekomendasi-pengumpulan-uang", "Rekomendasi Izin Pengumpulan Uang atau Barang",
            ["Akta yayasan/organisasi", "Rencana kegiatan dan penggunaan dana",
             "KTP-el pengurus"], 7, "Surat rekomendasi PUB",
            "UU No. 9 Tahun 1961 tentang Pengumpulan Uang atau Barang", walkin=5, online=5),
    ]


def bnn(region: str) -> list[dict]:
    law = "UU No. 35 Tahun 2009 tentang Narkotika"
    return [
        svc("skhpn", "Surat Keterangan Hasil Pemeriksaan Narkotika (SKHPN)",
            ["KTP-el", "Pas foto 4x6", "Surat pengantar instansi (bila ada)",
             "Hadir untuk tes urine"], 0, "SKHPN", law,
            fee_note="Sesuai tarif PNBP BNN yang berlaku (termasuk tes urine).",
            channels=("direct", "e_service"), walkin=30, online=20, tracked=False, minutes=20),
        svc("rehabilitasi-asesmen", "Konsultasi dan Asesmen Rehabilitasi Narkoba",
            ["KTP-el", "Didampingi keluarga (bila memungkinkan)"], 0,
            "Hasil asesmen dan rencana rehabilitasi", f"{law}; PP No. 25 Tahun 2011 tentang "
            "Wajib Lapor Pecandu Narkotika", walkin=10, online=10, tracked=False, minutes=30,
            slot=60),
        svc("p4gn-sosialisasi", "Permohonan Penyuluhan P4GN dan Tes Urine Instansi",
            ["Surat permohonan instansi/sekolah", "Jadwal dan jumlah peserta"], 5,
            "Jadwal kegiatan", law, walkin=5, online=5),
    ]


def bpkd(region: str) -> list[dict]:
    law = ("PP No. 27 Tahun 2014 jo. PP No. 28 Tahun 2020 tentang Pengelolaan Barang Milik "
           "Negara/Daerah; Permendagri No. 19 Tahun 2016")
    return [
        svc("sewa-bmd", "Permohonan Pemanfaatan (Sewa) Barang Milik Daerah",
            ["Surat permohonan", "KTP-el atau akta badan usaha", "Rencana pemanfaatan"], 14,
            "Perjanjian sewa BMD", law, fee_note="Retribusi/sewa sesuai penilaian dan Perda.",
            walkin=10, online=5),
        svc("informasi-hibah-bansos", "Informasi Pencairan Hibah dan Bantuan Keuangan",
            ["Surat keputusan penerima hibah", "KTP-el pengurus"], 0,
            "Informasi status pencairan",
            "Permendagri No. 77 Tahun 2020 tentang Pengelolaan Keuangan Daerah", walkin=20,
            online=5, tracked=False),
        svc("legalisasi-aset", "Surat Keterangan Status Aset Daerah",
            ["Surat permohonan", "Data lokasi/objek aset"], 5, "Surat keterangan status aset",
            law, walkin=10, online=5),
    ]
