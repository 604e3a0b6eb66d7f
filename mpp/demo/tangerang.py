"""MPP Kota Tangerang (Banten), run by DPMPTSP: the 17 providers that signed the cooperation
agreement in July 2022 (11 ministries, agencies and companies, 5 OPD, 1 perumda), with the
services the article names (SIM renewal and SKCK, legal consultation, religious-court
consultation, PLN new connection, power upgrade and complaints, PDAM new connection and
capacity increase, the LKPM clinic). Citizens book a queue number in the city app
Tangerang LIVE before they come (Satelitnews, 2022)."""

from __future__ import annotations

from . import library as lib
from .common import agency, build

REGION = "Kota Tangerang"

SITE = {
    "slug": "tangerang",
    "name": "Mal Pelayanan Publik Kota Tangerang",
    "region": REGION,
    "address": "Gedung DPMPTSP, Pusat Pemerintahan Kota Tangerang, Jl. Satria-Sudirman No. 1, "
               "Sukaasih, Kecamatan Tangerang, Kota Tangerang, Banten",
    "timezone": "Asia/Jakarta",
    "open_days": [1, 2, 3, 4, 5],
    "opens_at": "08:00",
    "closes_at": "16:00",
    # Walk-in citizens a day (`loaddemo --history`); not a Site field.
    "visitors_per_day": 1500,
}

INTEGRATOR_NAME = "Aplikasi Tangerang LIVE"

# The 17 providers named in the article, by agency slug (the host DPMPTSP comes on top).
NAMED_PROVIDERS = [
    "polres", "kejari", "samsat", "bpn", "pengadilan-agama", "bpjs-kesehatan",
    "bpjs-ketenagakerjaan", "bnn", "bapenda", "disdukcapil", "disnaker", "bpkd", "dinsos",
    "pdam", "bank-bjb", "pln", "taspen",
]

AGENCIES = [
    agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Tangerang",
           "DPMPTSP", "opd", prefix="A", officers=4, services=lib.dpmptsp(REGION),
           description="Penyelenggara MPP; perizinan dan klinik konsultasi LKPM.",
           counters=[{"name": "Perizinan", "services": None},
                     {"name": "Klinik LKPM", "services": ["klinik-lkpm", "nib-oss"]}]),
    agency("polres", "Kepolisian Resor Metro Tangerang Kota", "Polres Metro Tangerang Kota",
           "vertical", prefix="B", officers=3,
           services=lib.pick(lib.polres(REGION, short="Polres Metro Tangerang Kota"),
                             "sim-a-perpanjangan", "sim-c-perpanjangan", "skck-baru",
                             "skck-perpanjangan"),
           description="Perpanjangan SIM (dengan lokasi ujian SIM di belakang gedung "
                       "DPMPTSP) dan SKCK.",
           counters=[{"name": "SIM", "services": ["sim-a-perpanjangan", "sim-c-perpanjangan"]},
                     {"name": "SKCK", "services": ["skck-baru", "skck-perpanjangan"]}]),
    agency("kejari", "Kejaksaan Negeri Kota Tangerang", "Kejari Kota Tangerang", "vertical",
           prefix="C", officers=2,
           services=lib.pick(lib.kejaksaan(REGION), "konsultasi-hukum-datun", "tilang",
                             "informasi-perkara-kejari")),
    agency("samsat", "Kantor Bersama Samsat Kota Tangerang", "Samsat", "vertical", prefix="D",
           officers=3, services=lib.samsat(REGION)),
    agency("bpn", "Kantor Pertanahan Kota Tangerang", "ATR/BPN", "vertical", prefix="E",
           officers=2, services=lib.pertanahan(REGION)),
    agency("pengadilan-agama", "Pengadilan Agama Tangerang", "PA Tangerang", "vertical",
           prefix="F", officers=2,
           services=lib.pick(lib.pengadilan_agama(REGION, "Pengadilan Agama Tangerang"),
                             "posbakum-pa", "gugatan-cerai", "itsbat-nikah",
                             "akta-cerai-salinan")),
    agency("bpjs-kesehatan", "BPJS Kesehatan Kantor Cabang Tangerang", "BPJS Kesehatan",
           "other", prefix="G", officers=2, services=lib.bpjs_kesehatan(REGION)),
    agency("bpjs-ketenagakerjaan", "BPJS Ketenagakerjaan Kantor Cabang Tangerang Cikokol",
           "BPJS Ketenagakerjaan", "other", prefix="H", officers=2,
           services=lib.bpjs_ketenagakerjaan(REGION)),
    agency("bnn", "Badan Narkotika Nasional Kota Tangerang", "BNN Kota Tangerang", "vertical",
           prefix="J", officers=2, services=lib.bnn(REGION)),
    agency("bapenda", "Badan Pendapatan Daerah Kota Tangerang", "Bapenda", "opd", prefix="K",
           officers=2, services=lib.bapenda(REGION)),
    agency("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Tangerang",
           "Disdukcapil", "opd", prefix="L", officers=4, services=lib.disdukcapil(REGION)),
    agency("disnaker", "Dinas Ketenagakerjaan Kota Tangerang", "Disnaker", "opd", prefix="M",
           officers=2, services=lib.disnaker(REGION)),
    agency("bpkd", "Badan Pengelolaan Keuangan Daerah Kota Tangerang", "BPKD", "opd",
           prefix="N", officers=1, services=lib.bpkd(REGION)),
    agency("dinsos", "Dinas Sosial Kota Tangerang", "Dinsos", "opd", prefix="P", officers=2,
           services=lib.dinsos(REGION)),
    agency("pdam", "Perumdam Tirta Benteng Kota Tangerang", "Tirta Benteng", "bumd",
           prefix="Q", officers=2,
           services=lib.pick(lib.pdam(REGION, "Perumdam Tirta Benteng"), "pdam-sambungan-baru",
                             "pdam-tambah-kapasitas", "pdam-balik-nama", "pdam-pengaduan")),
    agency("bank-bjb", "Bank BJB Kantor Cabang Tangerang", "Bank BJB", "bank", prefix="R",
           officers=2, services=lib.bank_bjb(REGION)),
    agency("pln", "PT PLN (Persero) UP3 Cikokol", "PLN", "bumn", prefix="S", officers=2,
           services=lib.pick(lib.pln(REGION), "pln-pasang-baru", "pln-tambah-daya",
                             "pln-pengaduan", "pln-balik-nama")),
    agency("taspen", "PT Taspen (Persero) Kantor Cabang Tangerang", "Taspen", "bumn",
           prefix="T", officers=2, services=lib.taspen(REGION)),
]

PROFILE = build(SITE, AGENCIES, phone="0812-1234-5522",
                floors={slug: "2" for slug in ("bpkd", "dinsos", "pdam", "bank-bjb", "pln",
                                               "taspen")})
