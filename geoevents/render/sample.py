"""Synthetic incident sets for map tests, demos and benchmarks.

The rows are made up (random but reproducible) and follow the incident
contract: every event type, imprecise dates and places, toward/between
relations, fatality ranges, claims, several sources. With ``hostile=True`` the
first row carries strings built to break HTML and scripts, so tests can check
that the map shows them as text.
"""

from __future__ import annotations

__all__ = ["synthetic_incidents", "HOSTILE"]

#: strings that must show as text and run nothing
HOSTILE = {
    "source": "<script>window.__pwned='source'</script>Evil \"News\" `wire` \\ agency",
    "notes": 'He said "<img src=x onerror="window.__pwned=\'notes\'">" and `rm -rf` '
    "\\n </script><!-- \u2028 end",
    "actor1": "<b onmouseover=\"window.__pwned='actor'\">Militia</b> ' \" ` \\",
    "location": "Town<svg onload=\"window.__pwned='place'\">",
    "attribution": "${window.__pwned='tpl'} {{7*7}} {% raw %}",
    "source_url": "javascript:window.__pwned='url'",
}

# (name, country, iso3, admin1, latitude, longitude): public gazetteer facts, used as hubs
_HUBS = [
    ("Aleppo", "Syria", "SYR", "Aleppo", 36.20124, 37.16117),
    ("Idlib", "Syria", "SYR", "Idlib", 35.93062, 36.63393),
    ("Hama", "Syria", "SYR", "Hama", 35.13179, 36.75783),
    ("Homs", "Syria", "SYR", "Homs", 34.72682, 36.72339),
    ("Damascus", "Syria", "SYR", "Damascus", 33.5102, 36.29128),
    ("Deir ez-Zor", "Syria", "SYR", "Deir ez-Zor", 35.33588, 40.14084),
    ("Kharkiv", "Ukraine", "UKR", "Kharkiv", 49.98081, 36.25272),
    ("Kherson", "Ukraine", "UKR", "Kherson", 46.65581, 32.6178),
    ("Donetsk", "Ukraine", "UKR", "Donetsk", 48.023, 37.80224),
    ("Zaporizhzhia", "Ukraine", "UKR", "Zaporizhzhia", 47.82289, 35.19031),
    ("El Fasher", "Sudan", "SDN", "North Darfur", 13.62793, 25.34936),
    ("Khartoum", "Sudan", "SDN", "Khartoum", 15.55177, 32.53241),
    ("Omdurman", "Sudan", "SDN", "Khartoum", 15.64453, 32.47773),
    ("Goma", "DR Congo", "COD", "North Kivu", -1.67409, 29.22845),
    ("Gao", "Mali", "MLI", "Gao", 16.27167, -0.04472),
    ("Maiduguri", "Nigeria", "NGA", "Borno", 11.84692, 13.15712),
    ("Gaza", "Palestine", "PSE", "Gaza Strip", 31.50161, 34.46672),
    ("Sanaa", "Yemen", "YEM", "Amanat al Asimah", 15.35472, 44.20667),
    ("Mogadishu", "Somalia", "SOM", "Banaadir", 2.03711, 45.34375),
    ("Port-au-Prince", "Haiti", "HTI", "Ouest", 18.54349, -72.33881),
]

_ACTORS = [
    "Military Forces of Syria",
    "Hayat Tahrir al-Sham",
    "Military Forces of Russia",
    "Syrian Democratic Forces",
    "Military Forces of Ukraine",
    "Rapid Support Forces",
    "Military Forces of Sudan",
    "M23",
    "JNIM",
    "ISWAP",
    "Unidentified Armed Group",
    "Protesters",
    "Rioters",
    "Police Forces",
]
_TARGETS = [
    "Civilians",
    "Military Forces of Syria",
    "Hayat Tahrir al-Sham",
    "Military Forces of Ukraine",
    None,
]
_SOURCES = [
    ("Example Wire", "https://news.example.org/world/{k}"),
    ("Daily Ledger", "https://ledger.example.com/articles/{k}"),
    ("Local Monitor", "https://monitor.example.net/reports/{k}"),
    ("Regional Radio", "https://radio.example.org/{k}"),
]
_VERBS = {
    "Battles": "fighters clashed with",
    "Explosions/Remote violence": "strikes hit positions of",
    "Violence against civilians": "gunmen attacked",
    "Protests": "demonstrators gathered against",
    "Riots": "a crowd attacked",
    "Strategic developments": "forces announced moves against",
}


def synthetic_incidents(
    n: int, *, seed: int = 0, hostile: bool = False, start: str = "2024-09-01", days: int = 90
):
    """Return ``n`` made-up incidents as a contract GeoDataFrame.

    Parameters
    ----------
    n : int
        Number of rows.
    seed : int
        Random seed: the same seed gives the same rows.
    hostile : bool
        Put :data:`HOSTILE` strings into the first row.
    """
    import numpy as np
    import pandas as pd

    from ..contract import TAXONOMY, conform, disorder_type_for

    rng = np.random.default_rng(seed)
    types = list(TAXONOMY)
    weights = np.array([0.22, 0.36, 0.16, 0.14, 0.05, 0.07])
    t_idx = rng.choice(len(types), size=n, p=weights / weights.sum())
    hub = rng.integers(0, len(_HUBS), size=n)
    jitter = rng.normal(0, 0.25, size=(n, 2))
    day0 = pd.Timestamp(start)
    day = rng.integers(0, days, size=n)
    tp = rng.choice([1, 2, 3], size=n, p=[0.85, 0.1, 0.05])
    gp = rng.choice([1, 2, 3], size=n, p=[0.7, 0.22, 0.08])
    rel = rng.choice(["in", "near", "toward", "between"], size=n, p=[0.7, 0.2, 0.06, 0.04])
    fat = np.where(rng.random(n) < 0.55, rng.geometric(0.15, size=n) - 1, 0)
    spread = rng.integers(0, 6, size=n)
    src = rng.integers(0, len(_SOURCES), size=n)
    actors = rng.integers(0, len(_ACTORS), size=n)
    targets = rng.integers(0, len(_TARGETS), size=n)
    conf = np.round(rng.uniform(0.35, 0.98, size=n), 2)
    claim = rng.random(n) < 0.08
    dest_hub = (hub + rng.integers(1, len(_HUBS), size=n)) % len(_HUBS)
    rows = []
    for i in range(n):
        t = types[t_idx[i]]
        subs = TAXONOMY[t][1]
        sub = subs[int(rng.integers(0, len(subs)))]
        name, country, iso3, admin1, la, lo = _HUBS[hub[i]]
        d = day0 + pd.Timedelta(days=int(day[i]))
        p = int(tp[i])
        if p == 1:
            ds = de = d
        elif p == 2:
            ds, de = (
                d - pd.Timedelta(days=int(d.day_of_week)),
                d - pd.Timedelta(days=int(d.day_of_week)) + pd.Timedelta(days=6),
            )
        else:
            ds, de = d.replace(day=1), d + pd.offsets.MonthEnd(0)
        r = str(rel[i])
        dest = dla = dlo = None
        if r in ("toward", "between"):
            dn, _, _, _, dla, dlo = _HUBS[dest_hub[i]]
            # keep the destination near: a place between the hubs, named after the far one
            dla, dlo = la + (dla - la) * 0.15, lo + (dlo - lo) * 0.15
            dest = dn
        f = int(fat[i])
        s_name, s_url = _SOURCES[src[i]]
        actor = _ACTORS[actors[i]]
        target = _TARGETS[targets[i]]
        pub = de + pd.Timedelta(days=int(rng.integers(0, 3)))
        sentence = (
            f"On {d.day} {d.strftime('%B')}, {_VERBS[t]} {target or 'targets'} "
            f"{'near' if r == 'near' else 'in'} {name}, {admin1}, killing {f} people, "
            f"according to {s_name} (report {i})."
        )
        rows.append(
            {
                "event_id": f"{iso3}-S{seed}-{i:07d}",
                "event_date": d,
                "time_precision": p,
                "date_start": ds,
                "date_end": de,
                "disorder_type": disorder_type_for(t, sub),
                "event_type": t,
                "sub_event_type": sub,
                "actor1": actor,
                "actor2": target,
                "country": country,
                "iso3": iso3,
                "admin1": admin1,
                "location": name,
                "latitude": round(float(la + jitter[i, 0]), 5),
                "longitude": round(float(lo + jitter[i, 1]), 5),
                "geo_precision": int(gp[i]),
                "location_relation": r,
                "fatalities": f,
                "fatalities_low": f,
                "fatalities_high": f + int(spread[i]) if spread[i] else f,
                "source": s_name,
                "source_url": s_url.format(k=i),
                "published": pub,
                "attribution": s_name if i % 3 else "local activists",
                "notes": sentence,
                "confidence": float(conf[i]),
                "claim": bool(claim[i]),
                "dest_location": dest,
                "dest_latitude": dla,
                "dest_longitude": dlo,
                "radius_km": {1: 0.0, 2: 8.0, 3: 40.0}[int(gp[i])],
                "origin": "user",
                "assoc_actor_1": None,
                "assoc_actor_2": None,
                "inter1": None,
                "inter2": None,
                "civilian_targeting": target == "Civilians",
                "admin2": None,
                "evidence": None,
            }
        )
    if hostile and rows:
        rows[0].update(HOSTILE)
    return conform(pd.DataFrame.from_records(rows), validate_values=False)
