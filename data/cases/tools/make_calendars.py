#!/usr/bin/env python3
"""Writes data/cases/calendars.json: the business calendars of the Silk Road countries (CN, KZ, KG, TJ,
TM, UZ) for the SLA clocks (libs/cases, sla.h).

Hours: Monday-Friday 09:00-18:00 everywhere, Caravan's assumed default (not sourced).
Holidays: only what the project already has, from data/silkroad/caravan_border_closures.txt (its README,
"Closures", says how far each is sourced):
  * CN: the rows whose reason starts "Chinese holiday" (the whole official spans 2025-2026, estimated;
    2027 DERIVED by a rule, not published). Make-up working days are not in the data: none.
  * KZ: the Kazakh holidays 1, 7 and 9 May the facts name for 2021, repeated for each year the file has.
    The file has rows "Kazakh public holiday" for 7 and 9 May only: 1 May is a Chinese Labour Day row
    there (the same closure), so it is added here for the same years from the rows' own source text.
  * KG, TJ, TM, UZ: the data has no holidays.
Run from anywhere: python3 data/cases/tools/make_calendars.py
"""
import csv
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
CLOSURES = ROOT / "data" / "silkroad" / "caravan_border_closures.txt"
OUT = ROOT / "data" / "cases" / "calendars.json"

HOURS = "Hours Monday-Friday 09:00-18:00: Caravan's assumed default, not sourced."
WEEK = [{"open": "09:00", "close": "18:00"}] * 5 + [None, None]


def iso(yyyymmdd):
    return f"{yyyymmdd[0:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}"


def main():
    cn, kz = {}, {}
    with open(CLOSURES, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            reason, date = row["reason"], iso(row["date"])
            if reason.startswith("Chinese holiday"):
                name = reason.split(":", 1)[1].strip() if ":" in reason else reason
                if cn.setdefault(date, name) != name:
                    raise SystemExit(f"{date}: two names for one Chinese holiday: {cn[date]!r}, {name!r}")
            elif reason.startswith("Kazakh public holiday"):
                kz[date] = "Kazakh public holiday"
    # 1 May: named by the same source as 7 and 9 May ("closed on 1, 7, 9 May 2021").
    for year in sorted({d[:4] for d in kz}):
        kz.setdefault(f"{year}-05-01", "Kazakh public holiday")

    def holidays(days):
        return [{"date": d, "name": days[d]} for d in sorted(days)]

    cn_years = sorted({d[:4] for d in cn})
    kz_years = sorted({d[:4] for d in kz})
    calendars = [
        {
            "id": "CN", "timeZone": "Asia/Shanghai", "week": WEEK, "holidays": holidays(cn), "workingDays": [],
            "source": (
                f"Holidays {cn_years[0]}-{cn_years[-1]}: the Chinese public holiday spans of "
                "data/silkroad/caravan_border_closures.txt, estimated: 2025-2026 from the State Council notices "
                "(general knowledge, not in the facts; verify), 2027 DERIVED by a rule, not published (verify "
                "against the 2027 notice). Make-up working days (weekend days worked) are not in the data: "
                "workingDays is empty, so those weekends count as closed. " + HOURS),
        },
        {
            "id": "KZ", "timeZone": "Asia/Almaty", "week": WEEK, "holidays": holidays(kz), "workingDays": [],
            "source": (
                f"Holidays {kz_years[0]}-{kz_years[-1]}: only 1, 7 and 9 May, the Kazakh holidays "
                "data/silkroad/caravan_border_closures.txt has (checkpoints closed on those days in 2021, "
                "repeated for each year by us; estimated). Every other Kazakh public holiday and the transfer "
                "days are missing. " + HOURS),
        },
    ]
    for cid, zone, country in [("KG", "Asia/Bishkek", "Kyrgyzstan"), ("TJ", "Asia/Dushanbe", "Tajikistan"),
                               ("TM", "Asia/Ashgabat", "Turkmenistan"), ("UZ", "Asia/Tashkent", "Uzbekistan")]:
        calendars.append({
            "id": cid, "timeZone": zone, "week": WEEK, "holidays": [], "workingDays": [],
            "source": f"No holidays: Caravan's data has none for {country}. " + HOURS,
        })
    OUT.write_text(json.dumps(calendars, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
