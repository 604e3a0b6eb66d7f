"""Helpers that turn the compact demo data into complete catalog records.

Each profile module lists its agencies and their real services with the parts that differ
from service to service (requirements, completion time, fee, product, legal basis). The parts
of the 14-component service standard that an MPP writes once per agency (complaint channel,
facilities, officer competence, supervision, guarantees, evaluation) are filled here, in
Indonesian, because demo data is content.
"""

from __future__ import annotations

import math
from typing import Any

# The hours every demo agency keeps unless its data says otherwise.
AGENCY_OPENS = "08:00"
AGENCY_CLOSES = "15:00"
WEEKDAYS_ONLY = [1, 2, 3, 4, 5]


def svc(
    code: str,
    name: str,
    requirements: list[str],
    days: int,
    product: str,
    legal: str,
    *,
    fee: int = 0,
    fee_note: str = "",
    procedure: str = "",
    completion_note: str = "",
    channels: tuple[str, ...] = ("direct",),
    walkin: int | None = 40,
    online: int | None = 20,
    bookable: bool = True,
    tracked: bool | None = None,
    minutes: int = 10,
    slot: int = 30,
) -> dict[str, Any]:
    """One service as the profile writes it; `agency_services` completes the standard."""
    return {
        "code": code,
        "name": name,
        "requirements": list(requirements),
        "completion_days": days,
        "product": product,
        "legal_basis": legal,
        "fee": fee,
        "fee_note": fee_note,
        "procedure": procedure,
        "completion_note": completion_note,
        "channels": list(channels),
        "walkin_quota": walkin,
        "online_quota": online,
        "bookable": bookable,
        "tracked": (days > 0) if tracked is None else tracked,
        "expected_minutes": minutes,
        "slot_minutes": slot,
    }


def _procedure(agency_short: str, service: dict[str, Any]) -> str:
    if "direct" not in service["channels"]:
        if "e_service" in service["channels"]:
            steps = [
                "Ajukan permohonan melalui aplikasi/laman resmi layanan (e-service).",
                "Unggah dokumen persyaratan dan lakukan pembayaran bila ada tarif.",
                f"Petugas {agency_short} memverifikasi dan memproses permohonan.",
                f"{service['product']} diterbitkan secara elektronik; bantuan tersedia di "
                f"loket {agency_short}.",
            ]
        else:
            steps = [
                "Gunakan anjungan layanan mandiri di ruang layanan MPP.",
                "Ikuti petunjuk di layar dan masukkan data atau kode yang diminta.",
                f"{service['product']} tercetak/terbit seketika; petugas {agency_short} siap "
                "membantu bila ada kendala.",
            ]
        return "\n".join(f"{number}. {text}" for number, text in enumerate(steps, start=1))
    steps = [
        "Ambil nomor antrean di anjungan atau meja informasi MPP, atau pesan nomor antrean "
        "secara daring sebelum datang.",
        f"Tunggu panggilan nomor antrean ke loket {agency_short}.",
        "Serahkan berkas persyaratan; petugas memeriksa kelengkapan dan keabsahannya.",
    ]
    if service["fee"] or service["fee_note"] and "Gratis" not in service["fee_note"]:
        steps.append("Lakukan pembayaran sesuai tarif resmi dan simpan bukti bayarnya.")
    if service["completion_days"]:
        steps.append(
            "Petugas memproses permohonan; pantau statusnya dengan kode pelacakan pada tanda "
            "terima."
        )
        steps.append(f"Ambil {service['product']} di loket {agency_short} saat status selesai.")
    else:
        steps.append(f"Petugas memproses permohonan dan menyerahkan {service['product']} "
                     "pada hari yang sama.")
    if "e_service" in service["channels"]:
        steps.insert(0, "Permohonan juga dapat diajukan secara daring; berkas asli dibawa saat "
                        "verifikasi di loket.")
    return "\n".join(f"{number}. {text}" for number, text in enumerate(steps, start=1))


def complaint_text(site_name: str, phone: str) -> str:
    return (
        f"Pengaduan, saran dan masukan disampaikan melalui Meja Pengaduan {site_name} "
        f"(lantai 1), kotak saran, telepon/WhatsApp {phone}, formulir pengaduan di laman "
        "MPP, atau SP4N-LAPOR! (www.lapor.go.id, SMS 1708). Pengaduan diverifikasi paling "
        "lama 3 hari kerja dan dijawab paling lama 5 hari kerja; identitas pelapor "
        "dirahasiakan bila diminta."
    )


def facilities_text(site_name: str) -> str:
    return (
        f"Ruang tunggu ber-AC {site_name}, anjungan antrean dan layar panggil, loket "
        "pelayanan dengan komputer dan jaringan internet, ruang laktasi, ruang bermain anak, "
        "toilet dan jalur kursi roda untuk penyandang disabilitas, area parkir, pojok "
        "baca, dan layanan prioritas bagi lansia, penyandang disabilitas, ibu hamil dan anak."
    )


def agency_services(
    *,
    site_name: str,
    phone: str,
    agency_name: str,
    agency_short: str,
    prefix: str,
    officers: int,
    services: list[dict[str, Any]],
    competence: str = "",
) -> list[dict[str, Any]]:
    """Complete every service of one agency with the standard's per-agency components."""
    complete = []
    for position, service in enumerate(services):
        data = dict(service)
        data["prefix"] = prefix
        data["position"] = position
        if not data["procedure"]:
            data["procedure"] = _procedure(agency_short, data)
        if not data["fee_note"]:
            data["fee_note"] = "Gratis (tidak dipungut biaya)." if not data["fee"] else (
                "Sesuai tarif resmi yang berlaku; dibayar melalui bank/kanal pembayaran resmi."
            )
        if not data["completion_note"]:
            data["completion_note"] = (
                "Selesai pada hari yang sama bila berkas lengkap."
                if not data["completion_days"]
                else f"Paling lama {data['completion_days']} hari kerja sejak berkas lengkap "
                     "dan benar."
            )
        data["complaint_handling"] = complaint_text(site_name, phone)
        data["facilities"] = facilities_text(site_name)
        data["officer_competence"] = competence or (
            f"Pegawai {agency_name} yang memahami peraturan layanan ini, terlatih menggunakan "
            "aplikasi layanan, serta bersikap sopan, ramah dan komunikatif."
        )
        data["internal_supervision"] = (
            f"Pengawasan berjenjang oleh atasan langsung di {agency_short}, koordinator MPP "
            "dan aparat pengawas internal; pemantauan antrean dan waktu layanan melalui dasbor "
            "MPP."
        )
        data["officer_count"] = max(1, officers)
        data["service_guarantee"] = (
            f"{agency_name} menjamin layanan diberikan sesuai standar pelayanan ini, tanpa "
            "pungutan di luar tarif resmi, dan tepat waktu sesuai jangka waktu yang "
            "dipublikasikan (maklumat pelayanan)."
        )
        data["security_guarantee"] = (
            "Data pribadi pemohon (termasuk NIK dan nomor telepon) hanya diproses untuk "
            "layanan ini sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi; "
            "berkas disimpan aman; gedung dilengkapi CCTV, APAR dan jalur evakuasi."
        )
        data["performance_evaluation"] = (
            "Evaluasi kinerja petugas setiap bulan berdasarkan capaian waktu layanan, hasil "
            "Survei Kepuasan Masyarakat (SKM) sesuai PermenPANRB No. 14 Tahun 2017, dan "
            "tindak lanjut pengaduan."
        )
        online = data.get("online_quota")
        if data["bookable"] and online:
            opens, closes = data.pop("_hours", (AGENCY_OPENS, AGENCY_CLOSES))
            minutes = _minutes(closes) - _minutes(opens)
            slots = max(1, minutes // data["slot_minutes"])
            data["slot_capacity"] = max(1, math.ceil(online / slots))
        else:
            data.pop("_hours", None)
            data["slot_capacity"] = 2
        complete.append(data)
    return complete


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def agency(
    slug: str,
    name: str,
    short_name: str,
    kind: str,
    *,
    prefix: str,
    services: list[dict[str, Any]],
    officers: int = 2,
    open_days: list[int] | None = None,
    opens_at: str = AGENCY_OPENS,
    closes_at: str = AGENCY_CLOSES,
    description: str = "",
    counters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One tenant. `counters` (each {"name", "services": [codes] or None for all}) defaults
    to one counter serving every service of the agency."""
    return {
        "slug": slug,
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "prefix": prefix,
        "open_days": list(open_days or WEEKDAYS_ONLY),
        "opens_at": opens_at,
        "closes_at": closes_at,
        "description": description,
        "officers": officers,
        "services": services,
        "counters": counters or [{"name": "", "services": None}],
    }


def build(site: dict[str, Any], agencies: list[dict[str, Any]], *, phone: str,
          floors: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole profile as plain data: {"site", "agencies", "services", "counters"}.

    Counters are numbered L01, L02, ... in agency order."""
    floors = floors or {}
    out_agencies, out_services, out_counters = [], [], []
    number = 0
    for position, spec in enumerate(agencies):
        services = agency_services(
            site_name=site["name"], phone=phone, agency_name=spec["name"],
            agency_short=spec["short_name"] or spec["name"], prefix=spec["prefix"],
            officers=spec["officers"],
            services=[{**s, "_hours": (spec["opens_at"], spec["closes_at"])}
                      for s in spec["services"]],
        )
        out_agencies.append({
            key: spec[key] for key in ("slug", "name", "short_name", "kind", "open_days",
                                       "opens_at", "closes_at", "description", "officers")
        } | {"position": position})
        out_services.extend({"agency": spec["slug"], **s} for s in services)
        for counter in spec["counters"]:
            number += 1
            # A counter calls tickets of services served in person, not online-only ones.
            codes = counter["services"] or [s["code"] for s in services
                                            if "direct" in s["channels"]]
            label = counter["name"] or spec["short_name"]
            out_counters.append({
                "code": f"L{number:02d}",
                "name": f"Loket {number} {label}",
                "floor": counter.get("floor") or floors.get(spec["slug"], "1"),
                "agency": spec["slug"],
                "services": codes,
            })
    return {"site": site, "agencies": out_agencies, "services": out_services,
            "counters": out_counters}
