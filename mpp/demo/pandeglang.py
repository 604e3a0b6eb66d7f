"""MPP Kabupaten Pandeglang (Banten): 21 agencies at 21 counters offering 153 service types,
about 50 officers and about 600 visitors a day (ANTARA Banten, 2019)."""

from __future__ import annotations

from . import library as lib
from .common import agency, build

REGION = "Kabupaten Pandeglang"

SITE = {
    "slug": "pandeglang",
    "name": "Mal Pelayanan Publik Kabupaten Pandeglang",
    "region": REGION,
    "address": "Jl. Mayor Widagdo, Kecamatan Pandeglang, Kabupaten Pandeglang, Banten",
    "timezone": "Asia/Jakarta",
    "open_days": [1, 2, 3, 4, 5],
    "opens_at": "08:00",
    "closes_at": "16:00",
    # Walk-in citizens a day (`loaddemo --history`); not a Site field.
    "visitors_per_day": 600,
}

VISITORS_PER_DAY = 600

AGENCIES = [
    agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten "
           "Pandeglang", "DPMPTSP", "opd", prefix="A", officers=3,
           services=lib.dpmptsp(REGION),
           description="Pengelola MPP; perizinan berusaha dan nonberusaha."),
    agency("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pandeglang",
           "Disdukcapil", "opd", prefix="B", officers=4, services=lib.disdukcapil(REGION)),
    agency("samsat", "Kantor Bersama Samsat Pandeglang", "Samsat", "vertical", prefix="C",
           officers=3, services=lib.samsat(REGION),
           description="Bapenda Provinsi Banten, Ditlantas Polda Banten dan Jasa Raharja."),
    agency("bpn", "Kantor Pertanahan Kabupaten Pandeglang", "ATR/BPN", "vertical", prefix="D",
           officers=3, services=lib.pertanahan(REGION)),
    agency("imigrasi", "Kantor Imigrasi Kelas I TPI Serang (Unit Layanan Paspor)", "Imigrasi",
           "vertical", prefix="E", officers=2, services=lib.imigrasi(REGION)),
    agency("polres", "Kepolisian Resor Pandeglang", "Polres Pandeglang", "vertical", prefix="F",
           officers=3, services=lib.polres(REGION, short="Polres Pandeglang")),
    agency("bpjs-kesehatan", "BPJS Kesehatan Kantor Kabupaten Pandeglang", "BPJS Kesehatan",
           "other", prefix="G", officers=3, services=lib.bpjs_kesehatan(REGION)),
    agency("bpjs-ketenagakerjaan", "BPJS Ketenagakerjaan Kantor Cabang Pandeglang",
           "BPJS Ketenagakerjaan", "other", prefix="H", officers=2,
           services=lib.bpjs_ketenagakerjaan(REGION)),
    agency("kemenag", "Kantor Kementerian Agama Kabupaten Pandeglang", "Kemenag", "vertical",
           prefix="J", officers=2, services=lib.kemenag(REGION)),
    agency("pengadilan-agama", "Pengadilan Agama Pandeglang", "PA Pandeglang", "vertical",
           prefix="K", officers=2,
           services=lib.pengadilan_agama(REGION, "Pengadilan Agama Pandeglang")),
    agency("kejari", "Kejaksaan Negeri Pandeglang", "Kejari Pandeglang", "vertical",
           prefix="L", officers=2, services=lib.kejaksaan(REGION)),
    agency("dinkes", "Dinas Kesehatan Kabupaten Pandeglang", "Dinkes", "opd", prefix="M",
           officers=2, services=lib.dinkes(REGION)),
    agency("disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Pandeglang",
           "Disnakertrans", "opd", prefix="N", officers=2, services=lib.disnaker(REGION)),
    agency("bapenda", "Badan Pendapatan Daerah Kabupaten Pandeglang", "Bapenda", "opd",
           prefix="P", officers=3, services=lib.bapenda(REGION)),
    agency("pdam", "Perumda Air Minum Tirta Berkah Pandeglang", "PDAM Tirta Berkah", "bumd",
           prefix="Q", officers=2,
           services=lib.pdam(REGION, "Perumda Air Minum Tirta Berkah Pandeglang")),
    agency("pln", "PT PLN (Persero) ULP Pandeglang", "PLN", "bumn", prefix="R", officers=2,
           services=lib.pln(REGION)),
    agency("bank-bjb", "Bank BJB Kantor Cabang Pandeglang", "Bank BJB", "bank", prefix="S",
           officers=2, services=lib.bank_bjb(REGION)),
    agency("taspen", "PT Taspen (Persero) Kantor Cabang Serang", "Taspen", "bumn", prefix="T",
           officers=2, services=lib.taspen(REGION)),
    agency("pos", "PT Pos Indonesia (Persero) Kantor Pos Pandeglang", "Pos Indonesia", "bumn",
           prefix="U", officers=2, services=lib.pos(REGION)),
    agency("kpp-pratama", "Kantor Pelayanan Pajak Pratama Pandeglang", "KPP Pratama",
           "vertical", prefix="V", officers=2, services=lib.kpp(REGION)),
    agency("dinsos", "Dinas Sosial Kabupaten Pandeglang", "Dinsos", "opd", prefix="W",
           officers=2, services=lib.dinsos(REGION)),
]

PROFILE = build(SITE, AGENCIES, phone="0811-1234-0253",
                floors={slug: "2" for slug in ("dinkes", "disnakertrans", "bapenda", "pdam",
                                               "pln", "bank-bjb", "taspen", "pos",
                                               "kpp-pratama", "dinsos")})
