"""Regenerate the sample files: ``python tests/data/formats/make_samples.py``."""

import csv
from pathlib import Path

HERE = Path(__file__).parent

ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]

PV = "Political violence"
ACLED_ROWS = [
    ["SYR900001", "03 December 2024", "2024", "1", PV, "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Russia (2000-)", "", "8", "Civilians (Syria)", "", "7", "78", "Civilian targeting",
     "760", "Middle East", "Syria", "Idleb", "Idleb", "Idleb", "Idleb", "35.9306", "36.6339", "1",
     "Wire service", "International", "Warplanes struck a market in Idleb city; two people were killed.",
     "2", "", "1733270400"],
    ["SYR900002", "2024-12-02", "2024", "1", PV, "Battles", "Non-state actor overtakes territory",
     "Hayat Tahrir al-Sham", "", "Rebel group", "Military Forces of Syria (2000-2024)", "", "State forces", "12", "",
     "760", "Middle East", "Syria", "Aleppo", "Jebel Saman", "Aleppo", "Aleppo", "36.2021", "37.1343", "1",
     "Wire service; Local outlet", "Mixed", "Armed groups took control of districts of Aleppo city.",
     "12", "", "1733270400"],
    ["UKR900003", "28 November 2024", "2024", "2", PV, "Explosions/Remote violence",
     "Shelling/artillery/missile attack", "Military Forces of Russia (2000-)", "", "8", "", "", "0", "80", "",
     "804", "Europe", "Ukraine", "Kharkivska", "Kharkivskyi", "Kharkivska", "Kharkiv", "49.9935", "36.2304",
     "1", "Regional outlet", "National", "Shelling reported in Kharkiv during the week; no casualties.", "0",
     "", "1733270400"],
    ["SDN900004", "15 November 2024", "2024", "3", PV, "Violence against civilians", "Attack",
     "Rapid Support Forces", "", "2", "Civilians (Sudan)", "", "7", "27", "Civilian targeting",
     "729", "Northern Africa", "Sudan", "North Darfur", "Al Fasher", "", "El Fasher", "13.6279", "25.3494", "2",
     "NGO report", "International", "Attacks on villages near El Fasher during the month.", "5", "", "1733270400"],
    ["MLI900005", "01 December 2024", "2024", "1", "Demonstrations", "Protests", "Peaceful protest",
     "Protesters (Mali)", "", "6", "", "", "0", "60", "", "466", "Western Africa", "Mali", "Bamako",
     "Bamako", "Commune III", "Bamako", "12.6392", "-8.0029", "1", "Local outlet", "Subnational",
     'Traders protested against power cuts, "peacefully".', "0", "crowd size=hundreds", "1733270400"],
    ["IRQ900006", "2024-11-30", "2024", "1", "Strategic developments", "Strategic developments", "Arrests",
     "Police Forces of Iraq (2022-)", "", "1", "Civilians (Iraq)", "", "7", "17", "",
     "368", "Middle East", "Iraq", "Ninewa", "Mosul", "", "Mosul", "36.335", "43.1189", "1",
     "Local outlet", "Subnational", "Police detained three people in Mosul.", "0", "", "1733270400"],
]


def bad_rows():
    rows = [list(r) for r in ACLED_ROWS]
    rows[0][22] = "95"  # latitude out of range
    rows[1][23] = "200"  # longitude out of range
    # Kharkiv with latitude and longitude swapped
    rows[2][22], rows[2][23] = rows[2][23], rows[2][22]
    rows[3][1] = "32 Smarch 2024"  # unreadable date
    rows[5][0] = rows[4][0]  # duplicated id, different incident
    # Damascus, swapped
    extra = ["SYR900007", "2024-12-01", "2024", "1", PV, "Explosions/Remote violence", "Air/drone strike",
             "Military Forces of Israel (2022-)", "", "8", "", "", "0", "80", "", "760", "Middle East", "Syria",
             "Damascus", "Damascus", "Damascus", "Damascus", "36.2913", "33.5102", "1", "Wire service",
             "International", "Strike reported on the outskirts of Damascus.", "0", "", "1733270400"]
    return rows + [extra]


GDELT_N = 61


def gdelt_row(gid, date, a1code, a1name, a1type, a2code, a2name, a2type, code, geo_type, fullname, cc,
              lat, lon, feature, url, mentions="4", sources="2"):
    r = [""] * GDELT_N
    r[0], r[1], r[2], r[3] = str(gid), date, date[:6], date[:4]
    r[4] = f"{int(date[:4]) + (int(date[4:6]) - 1) / 12:.4f}"
    r[5], r[6], r[12] = a1code, a1name, a1type
    r[15], r[16], r[22] = a2code, a2name, a2type
    r[25] = "1"
    r[26], r[27], r[28] = code, code[:3], code[:2]
    r[29] = "4" if code[:2] in ("18", "19", "20") else "1"
    r[30] = "-10.0" if code[:2] in ("18", "19", "20") else "0.0"
    r[31], r[32], r[33], r[34] = mentions, sources, mentions, "-6.5"
    for base in (35, 43, 51):
        r[base], r[base + 1], r[base + 2] = str(geo_type), fullname, cc
        r[base + 3] = cc + "00"
        r[base + 5], r[base + 6], r[base + 7] = lat, lon, feature
    r[59] = date + "120000"
    r[60] = url
    return r


GDELT_ROWS = [
    gdelt_row(1200000001, "20241203", "RUSMIL", "RUSSIA", "MIL", "SYRCVL", "SYRIA", "CVL", "195", 4,
              "Idlib, Idlib, Syria", "SY", "35.9306", "36.6339", "-2324233", "https://news.example.org/a1"),
    gdelt_row(1200000002, "20241202", "SYRREB", "SYRIA", "REB", "SYRMIL", "SYRIA", "MIL", "190", 4,
              "Aleppo, Halab, Syria", "SY", "36.2021", "37.1343", "-2323982", "https://www.example.com/b2"),
    gdelt_row(1200000003, "20241128", "RUSMIL", "RUSSIA", "MIL", "UKR", "UKRAINE", "", "194", 4,
              "Kharkiv, Kharkivs'ka Oblast', Ukraine", "UP", "49.9935", "36.2304", "-1020219",
              "https://example.net/c3"),
    gdelt_row(1200000004, "20241115", "SDNREB", "SUDAN", "REB", "SDNCVL", "SUDAN", "CVL", "1823", 4,
              "El Fasher, Northern Darfur, Sudan", "SU", "13.6279", "25.3494", "-1379373",
              "https://example.org/d4"),
    gdelt_row(1200000005, "20241130", "IRQ", "IRAQ", "", "", "", "", "183", 1,
              "Iraq", "IZ", "33", "44", "IZ", "https://example.org/e5"),
    gdelt_row(1200000006, "20241201", "MLIGOV", "MALI", "GOV", "", "", "", "042", 4,
              "Bamako, Bamako, Mali", "ML", "12.6392", "-8.0029", "-2460596", "https://example.org/f6"),
    gdelt_row(1200000007, "20241201", "MLI", "MALI", "", "MLICOP", "MALI", "COP", "145", 4,
              "Bamako, Bamako, Mali", "ML", "12.6392", "-8.0029", "-2460596", "https://example.org/g7"),
]


def main():
    for name, rows in (("acled_sample.csv", ACLED_ROWS), ("acled_bad.csv", bad_rows())):
        with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(ACLED_HEADER)
            w.writerows(rows)
    with open(HERE / "gdelt_sample.export.CSV", "w", newline="", encoding="utf-8") as fh:
        for r in GDELT_ROWS:
            assert len(r) == GDELT_N
            fh.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
