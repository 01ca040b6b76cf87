"""A synthetic corpus of wire-style articles for throughput benchmarks.

Articles are assembled from sentence templates, real place names drawn from
the compiled gazetteer, and random dates and counts, so each is different
and about 5 KB long. They measure speed, not accuracy.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

TEMPLATES = [
    "{nat} forces carried out airstrikes on {place} on {weekday}, killing at least {n} people, local officials said.",
    "Heavy fighting broke out between government troops and rebels near {place} on {day} {month}.",
    "Artillery shelled the outskirts of {place} overnight, wounding {n} civilians, according to a monitoring group.",
    "A roadside bomb exploded on a road {km} km north of {place}, killing {n} soldiers.",
    "Hundreds of protesters marched through {place} on {weekday} to demand the release of detained activists.",
    "Officials in {place} said talks on a ceasefire could resume next month.",
    "The ministry said that reconstruction in {place} would take years and cost billions.",
    "Residents of {place} described long queues for bread and fuel as prices rose again.",
    "Gunmen abducted {n} villagers from a market in {place} last week, witnesses said.",
    "The president vowed to retake {place} and promised more support for the army.",
    "Aid agencies said access to {place} remained limited and that food stocks were running low.",
    "The foreign minister met his counterpart in {place} to discuss trade and energy.",
    "Analysts said the talks in {place} were unlikely to change the balance on the ground.",
    "Schools in {place} reopened on {weekday} after weeks of closures, parents said.",
    "The central bank raised interest rates again, citing inflation and a weaker currency.",
    "A delegation from {place} is expected to travel to the capital next week for consultations.",
    "The United Nations said it was alarmed by reports of displacement around {place}.",
    "Local elections in {place} were postponed until next year, the electoral commission said.",
    "Witnesses described the road to {place} as quiet, with few vehicles and several checkpoints.",
    "Officials did not say how many people had returned to {place} since the summer.",
    "Prices of fuel and bread in {place} have doubled since {month}, traders said.",
    "The ministry of health in {place} appealed for blood donations and medical supplies.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
NATS = ["Russian", "Syrian", "Israeli", "Ukrainian", "Sudanese", "Nigerian", "Iraqi", "Turkish"]


def place_names(n: int = 2000, seed: int = 7) -> list[str]:
    """Names of populated places from the compiled gazetteer (most populous first)."""
    import sqlite3

    from geoevents.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    path = getattr(gaz, "path", None)
    names: list[str] = []
    if path is not None:
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
            table = "places" if "places" in tables else tables[0]
            cols = [r[1] for r in con.execute(f"pragma table_info({table})")]
            if "population" in cols and "name" in cols:
                names = [r[0] for r in con.execute(f"select name from {table} where population > 20000 order by population desc limit ?", (n,))]
        except sqlite3.Error:
            names = []
    if not names:
        names = ["Aleppo", "Idlib", "Homs", "Kharkiv", "Odesa", "Khartoum", "Maiduguri", "Mosul", "Gaza", "Tyre"]
    random.Random(seed).shuffle(names)
    return names


def synthetic_articles(n: int, *, size: int = 5000, seed: int = 1) -> list[tuple[str, date]]:
    """``n`` articles of about ``size`` characters with their publication dates."""
    rng = random.Random(seed)
    places = place_names()
    out = []
    for _ in range(n):
        pub = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        parts: list[str] = []
        length = 0
        while length < size:
            t = rng.choice(TEMPLATES)
            s = t.format(nat=rng.choice(NATS), place=rng.choice(places), weekday=rng.choice(WEEKDAYS),
                         n=rng.randrange(1, 60), day=rng.randrange(1, 28), month=rng.choice(MONTHS), km=rng.randrange(2, 40))
            parts.append(s)
            length += len(s) + 1
            if rng.random() < 0.25:
                parts.append("\n")
        out.append((" ".join(parts).replace(" \n ", "\n"), pub))
    return out
