"""Score the geoparser on the LGL and GeoWebNews corpora, with the literature's conventions.

* A predicted mention matches a gold one when the surface strings are equal
  (case-insensitive) and the span midpoints are less than 10 characters apart
  (one-to-one). Recognition: precision, recall, F1 over matched mentions.
* Resolution, over matched mentions with gold coordinates: great-circle error
  in km; Acc@161 (share under 161 km), AUC (area under the curve of
  ln(1+error) over sorted errors, divided by ln(20039)·(n−1); lower is better),
  mean and median km. A mention left unresolved counts as the largest
  possible error (20,039 km).
* Two views separate choosing the place from choosing its point: ``id_accuracy``
  (share of gold mentions with a GeoNames id resolved to that very record) and
  ``resolution_geonames_points`` (the same picks, with a country or division that
  has the gold's id scored at the gold point: an estimate of the figures with
  GeoNames' own points for countries and divisions, which the packaged gazetteer
  lacks and importing GeoNames' ``allCountries`` dump supplies).
* ``ceiling_acc161`` (gold spans): the share of mentions for which some reading of the
  name in the gazetteer is the gold place (its id, or within 161 km): the Acc@161 of a
  perfect resolver over this gazetteer. Below it the resolver errs; above it the
  gazetteer lacks the place (a street, a school, a venue: GeoNames' full dump has many).
* ``gold_spans=True`` resolves every gold span with coordinates (recognition is
  then perfect by construction and not reported).

GeoWebNews: the gold toponyms are its toponym types (Literal, Mixed, Coercion,
Literal_Modifier, Non_Literal_Modifier, Metonymic, Embedded_Literal,
Embedded_Non_Lit, Homonym, Demonym, Language). Both corpora count demonyms
("Syrian") as toponyms, so the geoparser's demonym mentions
(``ParseResult.adjectives``, kept apart from place mentions in the product) are
scored with its place mentions. For GeoWebNews, ``recognition_all`` also gives
place names only: gold without Demonym/Language, predictions without demonyms. Two offsets
in article 123 are negative and are
dropped, as the corpus notes say.
"""

from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..exc import InputError

__all__ = ["evaluate_geoparse", "format_report", "read_corpus", "GoldDoc", "GoldMention", "auc", "MAX_KM"]

MAX_KM = 20039.0
GWN_TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Metonymic",
        "Embedded_Literal",
        "Embedded_Non_Lit",
        "Homonym",
    }
)
GWN_WORD_TYPES = frozenset({"Demonym", "Language"})


@dataclass
class GoldMention:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    kind: str = "toponym"  # GeoWebNews type, or "toponym"
    geonameid: int | None = None  # the gold GeoNames id, where the corpus gives one


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    mentions: list[GoldMention]


def _int(x):
    try:
        return int(str(x).strip())
    except (TypeError, ValueError):
        return None


def _float(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def read_corpus(path) -> tuple[str, list[GoldDoc]]:
    """Read an LGL or GeoWebNews XML file (auto-detected); return (format name, documents)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such corpus: {path}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise InputError(f"{path}: not an XML corpus: {err}") from err
    arts = root.findall("article")
    if not arts:
        raise InputError(f"{path}: no <article> elements (expected the LGL or GeoWebNews format)")
    gwn = arts[0].find("toponyms/toponym/extractedName") is not None or "file" in arts[0].attrib
    docs = []
    for i, a in enumerate(arts):
        text = a.findtext("text") or ""
        ms = []
        for t in a.findall("toponyms/toponym"):
            s, e = t.findtext("start"), t.findtext("end")
            try:
                s, e = int(s), int(e)
            except (TypeError, ValueError):
                continue
            if s < 0 or e <= s or e > len(text):
                continue
            if gwn:
                kind = (t.findtext("type") or "").strip()
                ms.append(
                    GoldMention(
                        s,
                        e,
                        text[s:e],
                        _float(t.findtext("latitude")),
                        _float(t.findtext("longitude")),
                        kind,
                        _int(t.findtext("geonamesID")),
                    )
                )
            else:
                g = t.find("gaztag")
                lat = _float(g.findtext("lat")) if g is not None else None
                lon = _float(g.findtext("lon")) if g is not None else None
                gid = _int(g.get("geonameid")) if g is not None else None
                ms.append(GoldMention(s, e, text[s:e], lat, lon, geonameid=gid))
        docs.append(GoldDoc(a.get("docid") or a.get("file") or str(i), text, ms))
    return ("geowebnews" if gwn else "lgl"), docs


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def auc(errors: list[float]) -> float:
    """Area under the curve of ln(1+error) over sorted errors, normalised (lower is better)."""
    if len(errors) < 2:
        return float("nan") if not errors else math.log1p(errors[0]) / math.log(MAX_KM)
    ys = [math.log1p(max(0.0, e)) for e in sorted(errors)]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (math.log(MAX_KM) * (len(ys) - 1))


def _match(gold: list[GoldMention], pred: list[tuple[int, int, str, object]]):
    """One-to-one matches: same string (case-insensitive), midpoints < 10 characters apart."""
    used = set()
    pairs = []
    for gi, g in enumerate(gold):
        gm = (g.start + g.end) / 2
        gt = g.text.lower()
        best, bd = None, None
        for pi, (s, e, t, _p) in enumerate(pred):
            if pi in used or t.lower() != gt:
                continue
            d = abs((s + e) / 2 - gm)
            if d < 10 and (bd is None or d < bd):
                best, bd = pi, d
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def _point(m) -> tuple[float, float]:
    """The point scored for a mention: the place's own, or the mention's when it is an
    estimate for the bare name (a county placed among the document's towns); region
    phrases ("northern Syria") are scored at the named place's own point."""
    if m.modifier is None and m.latitude is not None and m.longitude is not None:
        return m.latitude, m.longitude
    return m.place.latitude, m.place.longitude


#: Kinds whose packaged points are not GeoNames' own (see gazetteer/README.md).
_OWN_POINT_KINDS = frozenset({"country", "admin1", "admin2"})


class _Scores:
    """Errors of the scored mentions, plus two views that separate the choice of place from
    the choice of its point: the share resolved to the gold's own GeoNames id, and the
    errors had the packaged countries and divisions carried GeoNames' own points (a pick
    with the gold's id is then scored at the gold point, as importing GeoNames'
    ``allCountries`` dump would place it)."""

    def __init__(self):
        self.errors: list[float] = []
        self.errors_gn: list[float] = []
        self.with_id = 0
        self.same_id = 0
        self.reachable = 0

    def add(self, g: GoldMention, m) -> None:
        if m is None or m.place is None:
            self.errors.append(MAX_KM)
            self.errors_gn.append(MAX_KM)
            if g.geonameid:
                self.with_id += 1
            return
        err = _km(g.lat, g.lon, *_point(m))
        self.errors.append(err)
        same = bool(g.geonameid) and m.place.geonameid == g.geonameid
        if g.geonameid:
            self.with_id += 1
            self.same_id += same
        own = same and m.modifier is None and m.place.kind in _OWN_POINT_KINDS
        self.errors_gn.append(0.0 if own else err)

    def id_accuracy(self) -> dict:
        return {"n": self.with_id, "share": self.same_id / self.with_id if self.with_id else None}


def _reachable(gaz, g: GoldMention, m) -> bool:
    """Could any reading of the gold name in the gazetteer be right (within 161 km, or the
    gold's own GeoNames record)? The share of such mentions is the Acc@161 a perfect
    resolver would reach with this gazetteer: what is above it is the gazetteer's depth."""
    if m is not None and m.place is not None:
        if g.geonameid and m.place.geonameid == g.geonameid:
            return True
        if _km(g.lat, g.lon, *_point(m)) < 161:
            return True
    cands = list(gaz.lookup(g.text))
    adj = gaz.adjective_place(g.text)
    if adj is not None:
        cands.append(adj)
    return any(
        (g.geonameid and c.geonameid == g.geonameid) or _km(g.lat, g.lon, c.latitude, c.longitude) < 161
        for c in cands
    )


def _resolution(errors: list[float]) -> dict:
    if not errors:
        return {"n": 0, "acc161": None, "auc": None, "mean_km": None, "median_km": None}
    return {
        "n": len(errors),
        "acc161": sum(e < 161 for e in errors) / len(errors),
        "auc": auc(errors),
        "mean_km": statistics.fmean(errors),
        "median_km": statistics.median(errors),
    }


def _prf(tp, npred, ngold) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": npred, "gold": ngold}


def evaluate_geoparse(
    path, *, gold_spans: bool = False, limit: int | None = None, skip: int = 0, gazetteer=None
) -> dict:
    """Score the geoparser on an LGL or GeoWebNews XML corpus.

    Parameters
    ----------
    path : path-like
        ``lgl.xml`` or ``GWN.xml``.
    gold_spans : bool
        Resolve the gold spans instead of recognising names (resolution only).
    limit : int, optional
        Use only the first ``limit`` articles (after ``skip``).
    skip : int
        Leave out the first ``skip`` articles (``skip=int(0.7 * n)`` scores the last 30%, the
        split Mordecai 3's published figures use).

    Returns
    -------
    dict
        ``{"corpus", "mode", "documents", "recognition": {precision, recall, f1, ...},
        "recognition_all": {...} (GeoWebNews), "resolution": {n, acc161, auc, mean_km, median_km},
        "seconds", "mb_per_s"}``.
    """
    from ..geoparsing import Geoparser

    fmt, docs = read_corpus(path)
    docs = docs[max(0, int(skip)) :]
    if limit is not None:
        docs = docs[: max(0, int(limit))]
    from ..gazetteer import Gazetteer

    gaz = gazetteer or Gazetteer.default()
    parser = Geoparser(gaz)
    t0 = time.perf_counter()
    nbytes = 0
    score = _Scores()
    tp = npred = ngold = 0
    tp_all = ngold_all = npred_all = 0
    for d in docs:
        nbytes += len(d.text.encode("utf-8"))
        if fmt == "geowebnews":
            gold = [m for m in d.mentions if m.kind in GWN_TOPONYM_TYPES | GWN_WORD_TYPES]
            gold_all = [m for m in d.mentions if m.kind in GWN_TOPONYM_TYPES]
        else:
            gold = d.mentions
            gold_all = d.mentions
        if gold_spans:
            spans = [m for m in gold if m.lat is not None and m.lon is not None]
            got = parser.resolve_spans(d.text, [(m.start, m.end) for m in spans])
            for g, m in zip(spans, got, strict=True):
                score.add(g, m)
                score.reachable += _reachable(gaz, g, m)
            continue
        res = parser.parse(d.text)
        pred = [(s, e, d.text[s:e], m) for m, (s, e) in zip(res.mentions, res.cores, strict=True)]
        adj = [(m.start, m.end, m.text, m) for m in res.adjectives]
        places_only = pred
        pred = sorted(
            pred + adj, key=lambda t: (t[0], t[1])
        )  # both corpora count demonyms ("Syrian") as toponyms
        pairs = _match(gold, pred)
        tp += len(pairs)
        npred += len(pred)
        ngold += len(gold)
        if fmt == "geowebnews":
            tp_all += len(_match(gold_all, places_only))
            npred_all += len(places_only)
            ngold_all += len(gold_all)
        for gi, pi in pairs:
            g, m = gold[gi], pred[pi][3]
            if g.lat is None or g.lon is None:
                continue
            score.add(g, m)
    secs = time.perf_counter() - t0
    out = {
        "corpus": fmt,
        "path": str(path),
        "mode": "gold spans" if gold_spans else "end to end",
        "documents": len(docs),
        "resolution": _resolution(score.errors),
        "id_accuracy": score.id_accuracy(),
        "resolution_geonames_points": _resolution(score.errors_gn),
        "seconds": secs,
        "mb_per_s": (nbytes / 1e6) / secs if secs > 0 else None,
    }
    if gold_spans:
        n = len(score.errors)
        out["ceiling_acc161"] = score.reachable / n if n else None
    if not gold_spans:
        out["recognition"] = _prf(tp, npred, ngold)
        if fmt == "geowebnews":
            out["recognition_all"] = _prf(tp_all, npred_all, ngold_all)
    return out


def format_report(result: dict) -> str:
    """A short human-readable report of :func:`evaluate_geoparse`'s result."""
    lines = [f"{result['corpus']} ({result['documents']} documents), {result['mode']}"]
    rec = result.get("recognition")
    if rec:
        lines.append(
            f"  recognition  P {rec['precision']:.3f}  R {rec['recall']:.3f}  F1 {rec['f1']:.3f}  "
            f"(matched {rec['tp']} of {rec['gold']} gold, {rec['predicted']} predicted)"
        )
    ra = result.get("recognition_all")
    if ra:
        lines.append(
            f"  recognition of place names only (no demonyms/languages)  P {ra['precision']:.3f}  "
            f"R {ra['recall']:.3f}  F1 {ra['f1']:.3f}"
        )
    res = result["resolution"]
    if res["n"]:
        lines.append(
            f"  resolution   Acc@161 {res['acc161']:.3f}  AUC {res['auc']:.3f}  "
            f"mean {res['mean_km']:.0f} km  "
            f"median {res['median_km']:.1f} km  (n={res['n']})"
        )
        if result.get("ceiling_acc161") is not None:
            lines.append(
                f"  ceiling      Acc@161 {result['ceiling_acc161']:.3f} for a perfect choice among the "
                "gazetteer's readings of each name (the rest needs a deeper gazetteer)"
            )
        ida = result.get("id_accuracy") or {}
        if ida.get("n"):
            lines.append(f"  same GeoNames id as the gold  {ida['share']:.3f}  (n={ida['n']})")
        gn = result.get("resolution_geonames_points") or {}
        if gn.get("n"):
            lines.append(
                f"  with GeoNames' own points for the countries and divisions picked (estimate: "
                f"what importing allCountries.zip gives)  Acc@161 {gn['acc161']:.3f}  AUC {gn['auc']:.3f}"
            )
    else:
        lines.append("  resolution   no scored mentions")
    if result.get("mb_per_s"):
        lines.append(f"  time {result['seconds']:.1f} s ({result['mb_per_s']:.2f} MB/s)")
    return "\n".join(lines)
