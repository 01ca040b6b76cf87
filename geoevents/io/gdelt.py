"""GDELT 2.0 event files: tab-separated, no header, 61 columns.

The column list follows the GDELT 2.0 Event Database codebook (the GDELT
Project). Each row is one machine-coded event; geoevents keeps its
``ActionGeo_*`` place (where the action happened) and maps the CAMEO event
code to the closest ACLED event and sub-event type. CAMEO (Conflict and
Mediation Event Observations, Schrodt 2012) roots 18 (assault), 19 (fight)
and 20 (unconventional mass violence) are political violence; their codes map
to ACLED types as below. Where CAMEO's category is broader than any one ACLED
sub-type the row is flagged ``cameo_approx`` so that a reader knows the type
is a guess; other roots (protests, threats, statements...) are dropped unless
``keep_other=True``, which maps protests (14) to ACLED's protests and riots
and everything else to "Strategic developments / Other", flagged.

GDELT gives no fatality counts and no precision beyond its geocoder's place
type: ``geo_precision`` is 1 for a city (GDELT types 3 and 4), 3 for a state
or country (types 1, 2, 5; country centroids are also flagged
``country_centroid``). ``confidence`` stays missing: GDELT rows are not
verified reports.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["GDELT_COLUMNS", "CAMEO_TO_ACLED", "cameo_to_acled", "read_gdelt_table"]

#: The 61 columns of a GDELT 2.0 event export, in order (GDELT 2.0 Event codebook).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)

_VAC, _EXP, _BAT, _STR, _PRO, _RIO = (
    "Violence against civilians",
    "Explosions/Remote violence",
    "Battles",
    "Strategic developments",
    "Protests",
    "Riots",
)

#: CAMEO code -> (event_type, sub_event_type, exact). The longest matching
#: prefix wins; ``exact`` False means the ACLED type is the nearest, not a
#: true equivalent (the row is flagged ``cameo_approx``).
CAMEO_TO_ACLED: dict[str, tuple[str, str, bool]] = {
    # 18 assault
    "18": (_VAC, "Attack", False),
    "180": (_VAC, "Attack", False),  # use unconventional violence, not specified
    "181": (_VAC, "Abduction/forced disappearance", True),  # abduct, hijack, take hostage
    "182": (_VAC, "Attack", True),  # physically assault
    "1821": (_VAC, "Sexual violence", True),
    "1822": (_VAC, "Attack", True),  # torture
    "1823": (_VAC, "Attack", True),  # kill by physical assault
    "183": (_EXP, "Remote explosive/landmine/IED", False),  # non-military bombing, not specified
    "1831": (_EXP, "Suicide bomb", True),
    "1832": (_EXP, "Remote explosive/landmine/IED", True),  # vehicular bombing
    "1833": (_EXP, "Remote explosive/landmine/IED", True),  # roadside bombing
    "1834": (_EXP, "Remote explosive/landmine/IED", False),  # location bombing
    "184": (_VAC, "Attack", False),  # use as human shield
    "185": (_VAC, "Attack", False),  # attempt to assassinate
    "186": (_VAC, "Attack", True),  # assassinate
    # 19 fight
    "19": (_BAT, "Armed clash", False),
    "190": (_BAT, "Armed clash", False),  # conventional military force, not specified
    "191": (_STR, "Other", False),  # impose blockade, restrict movement
    "192": (_BAT, "Non-state actor overtakes territory", False),  # occupy territory: who is unknown
    "193": (_BAT, "Armed clash", True),  # fight with small arms and light weapons
    "194": (_EXP, "Shelling/artillery/missile attack", True),  # artillery and tanks
    "195": (_EXP, "Air/drone strike", True),  # aerial weapons
    "1951": (_EXP, "Air/drone strike", True),  # precision-guided aerial munitions
    "1952": (_EXP, "Air/drone strike", True),  # remotely piloted aerial munitions
    "196": (_BAT, "Armed clash", False),  # violate ceasefire
    # 20 unconventional mass violence
    "20": (_VAC, "Attack", False),
    "200": (_VAC, "Attack", False),
    "201": (_STR, "Other", False),  # mass expulsion
    "202": (_VAC, "Attack", True),  # mass killings
    "203": (_VAC, "Attack", False),  # ethnic cleansing
    "204": (_EXP, "Chemical weapon", False),  # weapons of mass destruction, not specified
    "2041": (_EXP, "Chemical weapon", True),  # chemical, biological or radiological
    "2042": (_EXP, "Shelling/artillery/missile attack", False),  # detonate nuclear weapons
}
#: Used only with ``keep_other=True``.
_OTHER: dict[str, tuple[str, str, bool]] = {
    "14": (_PRO, "Peaceful protest", False),
    "145": (_RIO, "Violent demonstration", False),  # protest violently, riot
}
#: CAMEO actor type codes -> ACLED interaction codes (nearest).
_ACTOR_TYPE_TO_INTER = {
    "GOV": 1,
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "JUD": 1,
    "REB": 2,
    "INS": 2,
    "SEP": 2,
    "UAF": 3,
    "CVL": 7,
    "REF": 7,
    "EDU": 7,
    "MED": 7,
    "HLH": 7,
    "JRN": 7,
    "LAB": 7,
    "BUS": 7,
    "AGR": 7,
    "REL": 7,
}


def cameo_to_acled(code: str, *, keep_other: bool = False) -> tuple[str, str, bool] | None:
    """Map a CAMEO event code to ``(event_type, sub_event_type, exact)``, or ``None``.

    >>> cameo_to_acled("195")
    ('Explosions/Remote violence', 'Air/drone strike', True)
    >>> cameo_to_acled("042") is None
    True
    """
    code = str(code).strip()
    table = CAMEO_TO_ACLED if not keep_other else {**CAMEO_TO_ACLED, **_OTHER}
    for n in range(len(code), 1, -1):
        hit = table.get(code[:n])
        if hit is not None:
            return hit
    if keep_other and code[:2].isdigit():
        return (_STR, "Other", False)
    return None


def read_gdelt_table(path: Path, *, keep_other: bool = False, where: str | None = None):
    """Read a GDELT 2.0 event file (``.CSV``, ``.csv.zip``...) into contract-named columns.

    Returns a plain DataFrame ready for :func:`geoevents.io.checks.prepare`.
    """
    import warnings

    import numpy as np
    import pandas as pd

    from ..contract import disorder_type_for
    from ..exc import InputError, SchemaError
    from .checks import DataWarning, add_flag
    from .countries import by_fips

    where = where or str(path)
    try:
        raw = pd.read_csv(
            path,
            sep="\t",
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            quoting=3,
            encoding="utf-8",
            encoding_errors="replace",
        )
    except pd.errors.EmptyDataError:
        raise InputError(f"{where}: the file is empty") from None
    except pd.errors.ParserError as err:
        raise InputError(f"{where}: not a GDELT event file ({str(err).splitlines()[0]})") from None
    if raw.shape[1] != len(GDELT_COLUMNS):
        raise SchemaError(
            f"{where}: a GDELT 2.0 event file has {len(GDELT_COLUMNS)} tab-separated columns; this one has "
            f"{raw.shape[1]}"
            + (" (GDELT 1.0 files have 57 or 58 and are not supported)" if raw.shape[1] in (57, 58) else ""),
        )
    raw.columns = list(GDELT_COLUMNS)
    raw = raw.replace("", None)
    codes = raw["EventCode"].fillna("").astype(str)
    mapped = [cameo_to_acled(c, keep_other=keep_other) for c in codes]
    keep = np.array([m is not None for m in mapped])
    dropped = int((~keep).sum())
    if dropped and not keep_other:
        warnings.warn(
            f"{where}: {dropped} of {len(raw)} GDELT events are outside CAMEO roots 18-20 and were left out "
            "(keep_other=True keeps them)",
            DataWarning,
            stacklevel=3,
        )
    raw = raw.loc[keep].reset_index(drop=True)
    mapped = [m for m in mapped if m is not None]
    n = len(raw)
    out = pd.DataFrame(index=range(n))
    iso = [by_fips(c) for c in raw["ActionGeo_CountryCode"].tolist()]
    out["iso3"] = [c.iso3 if c else None for c in iso]
    out["event_id"] = [
        f"{(c.iso3 if c else 'UNK')}-gdelt{gid}"
        for c, gid in zip(iso, raw["GLOBALEVENTID"].tolist(), strict=False)
    ]
    dates = pd.to_datetime(raw["SQLDATE"], format="%Y%m%d", errors="coerce")
    out["event_date"] = dates.where(dates.notna(), raw["SQLDATE"]).astype("object")
    out["time_precision"] = 1
    out["date_start"] = out["event_date"]
    out["date_end"] = out["event_date"]
    etypes = [m[0] for m in mapped]
    subs = [m[1] for m in mapped]
    out["event_type"] = etypes
    out["sub_event_type"] = subs
    out["disorder_type"] = [disorder_type_for(t, s) for t, s in zip(etypes, subs, strict=False)]
    out["actor1"] = raw["Actor1Name"]
    out["actor2"] = raw["Actor2Name"]
    for k in ("1", "2"):
        t = raw[f"Actor{k}Type1Code"].map(
            lambda v: _ACTOR_TYPE_TO_INTER.get(v) if isinstance(v, str) else None
        )
        has_actor = raw[f"Actor{k}Code"].notna()
        out[f"inter{k}"] = t.where(t.notna() | has_actor, 0).astype("object")
    # civilians as the target: ACLED's flag, from the CAMEO type of actor 2
    out["civilian_targeting"] = (out["inter2"] == 7).astype("object")
    out["country"] = [c.name if c else None for c in iso]
    out["location"] = raw["ActionGeo_FullName"]
    out["latitude"] = pd.to_numeric(raw["ActionGeo_Lat"], errors="coerce")
    out["longitude"] = pd.to_numeric(raw["ActionGeo_Long"], errors="coerce")
    gtype = pd.to_numeric(raw["ActionGeo_Type"], errors="coerce")
    out["geo_precision"] = np.select([gtype.isin([3, 4]), gtype.isin([1, 2, 5])], [1, 3], default=None)
    out["geo_precision"] = out["geo_precision"].astype("object")
    out["location_relation"] = np.where(gtype.isin([1, 2, 5]), "region", "in")
    urls = raw["SOURCEURL"]
    out["source"] = urls.map(_host)
    out["source_url"] = urls
    added = pd.to_datetime(raw["DATEADDED"], format="%Y%m%d%H%M%S", errors="coerce")
    out["published"] = added.dt.normalize()
    out["attribution"] = None
    out["notes"] = [
        f"GDELT event {gid}: CAMEO {code}, {ms or '?'} mentions in {ns or '?'} sources"
        for gid, code, ms, ns in zip(
            raw["GLOBALEVENTID"], raw["EventCode"], raw["NumMentions"], raw["NumSources"], strict=False
        )
    ]
    out["origin"] = "gdelt"
    flags = pd.Series([None] * n, dtype=object)
    flags = add_flag(flags, pd.Series([not m[2] for m in mapped]), "cameo_approx")
    flags = add_flag(flags, pd.Series((gtype == 1).to_numpy()), "country_centroid")
    out["flags"] = flags
    out["gdelt_event_code"] = raw["EventCode"]
    out["gdelt_goldstein"] = pd.to_numeric(raw["GoldsteinScale"], errors="coerce")
    out["gdelt_num_sources"] = pd.to_numeric(raw["NumSources"], errors="coerce")
    out["gdelt_feature_id"] = raw["ActionGeo_FeatureID"]
    for name in (
        "assoc_actor_1",
        "assoc_actor_2",
        "admin1",
        "admin2",
        "fatalities",
        "fatalities_low",
        "fatalities_high",
        "evidence",
        "confidence",
    ):
        out[name] = None
    return out


def _host(url) -> str | None:
    if not isinstance(url, str) or "://" not in url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None
