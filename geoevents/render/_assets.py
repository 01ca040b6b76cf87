"""Third-party files of the map (``vendor/``, made by ``maps/vendor.py``) and our own client code."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from pathlib import Path

from ..exc import MissingDependencyError

__all__ = [
    "VENDOR_DIR",
    "manifest",
    "vendor_file",
    "has_vendor",
    "ensure_vendor",
    "script_tags",
    "css_tags",
    "own_js",
    "own_css",
    "outlines_json",
]

HERE = Path(__file__).resolve().parent
VENDOR_DIR = HERE / "vendor"
#: where non-offline maps load the same pinned files from
CDN = "https://cdn.jsdelivr.net/npm/{name}@{version}/{path}"

# (package, file in vendor/) the HTML map loads, in order
JS = [
    ("leaflet", "leaflet/leaflet.js"),
    ("supercluster", "supercluster/supercluster.min.js"),
    ("leaflet.heat", "leaflet.heat/leaflet-heat.js"),
]
JS_OUTLINES = [("topojson-client", "topojson-client/topojson-client.min.js")]
CSS = [("leaflet", "leaflet/leaflet.css")]

# version pins, used for CDN links when vendor/ has not been built
_FALLBACK = {
    "leaflet": (
        "1.9.4",
        {"leaflet/leaflet.js": "dist/leaflet.js", "leaflet/leaflet.css": "dist/leaflet.css"},
    ),
    "supercluster": ("8.0.1", {"supercluster/supercluster.min.js": "dist/supercluster.min.js"}),
    "leaflet.heat": ("0.2.0", {"leaflet.heat/leaflet-heat.js": "dist/leaflet-heat.js"}),
    "topojson-client": ("3.1.0", {"topojson-client/topojson-client.min.js": "dist/topojson-client.min.js"}),
}


def has_vendor() -> bool:
    return (VENDOR_DIR / "MANIFEST.json").is_file()


@functools.lru_cache(maxsize=1)
def manifest() -> dict:
    """The vendor manifest, or raise :class:`MissingDependencyError` naming the recipe."""
    path = VENDOR_DIR / "MANIFEST.json"
    if not path.is_file():
        raise MissingDependencyError(
            "the map's JavaScript and outline data are not built: run `python maps/vendor.py` "
            "in the source tree (pip install runs it too)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def vendor_file(rel: str) -> bytes:
    """Bytes of one vendored file, checked against the manifest's SHA-256."""
    doc = manifest()
    for pkg in doc["packages"]:
        for f in pkg["files"]:
            if f["path"] == rel:
                data = (VENDOR_DIR / rel).read_bytes()
                if hashlib.sha256(data).hexdigest() != f["sha256"]:
                    raise MissingDependencyError(
                        f"vendor/{rel} does not match MANIFEST.json; run `python maps/vendor.py --force`"
                    )
                return data
    raise MissingDependencyError(f"vendor/{rel} is not in MANIFEST.json; run `python maps/vendor.py --force`")


def _pkg_of(rel: str) -> tuple[str, str, str]:
    """(name, version, path inside the package) of a vendored file."""
    name = rel.split("/", 1)[0]
    if has_vendor():
        for pkg in manifest()["packages"]:
            if pkg["name"] == name:
                for f in pkg["files"]:
                    if f["path"] == rel:
                        return name, pkg["version"], f["from"]
    version, files = _FALLBACK[name]
    return name, version, files[rel]


def _sri(rel: str) -> str:
    if not has_vendor():
        return ""
    digest = base64.b64encode(hashlib.sha384(vendor_file(rel)).digest()).decode()
    return f' integrity="sha384-{digest}" crossorigin="anonymous"'


def _inline_js(code: str) -> str:
    # a vendored script must not end our <script> element early
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.I) + "</script>"


def _data_uri(rel: str) -> str:
    return "data:image/png;base64," + base64.b64encode(vendor_file(rel)).decode()


def script_tags(*, offline: bool, outlines: bool) -> str:
    files = JS + (JS_OUTLINES if outlines else [])
    out = []
    for _, rel in files:
        if offline:
            out.append(_inline_js(vendor_file(rel).decode("utf-8")))
        else:
            name, version, path = _pkg_of(rel)
            out.append(
                f'<script src="{CDN.format(name=name, version=version, path=path)}"{_sri(rel)}></script>'
            )
    return "\n".join(out)


def css_tags(*, offline: bool) -> str:
    out = []
    for _, rel in CSS:
        if offline:
            css = vendor_file(rel).decode("utf-8")
            base = rel.rsplit("/", 1)[0]
            css = re.sub(
                r"url\((images/[\w.-]+\.png)\)",
                lambda m, base=base: f"url({_data_uri(base + '/' + m.group(1))})",
                css,
            )
            out.append("<style>" + css.replace("</", "<\\/") + "</style>")
        else:
            name, version, path = _pkg_of(rel)
            out.append(
                f'<link rel="stylesheet" href="{CDN.format(name=name, version=version, path=path)}"'
                f"{_sri(rel)}/>"
            )
    return "\n".join(out)


@functools.lru_cache(maxsize=1)
def own_js() -> str:
    return _inline_js((HERE / "geoevents.js").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def own_css() -> str:
    return "<style>" + (HERE / "geoevents.css").read_text(encoding="utf-8") + "</style>"


def outlines_json() -> str:
    """Country outlines (Natural Earth 1:50m, TopoJSON from the world-atlas package)."""
    return vendor_file("world-atlas/countries-50m.json").decode("utf-8")


def ensure_vendor() -> Path:
    """Run ``maps/vendor.py`` (source checkouts only) when ``vendor/`` is missing; return the manifest path.

    For tests and developers: an installed geoevents carries ``vendor/`` from
    its build, and the map never fetches anything at run time.
    """
    import subprocess
    import sys

    path = VENDOR_DIR / "MANIFEST.json"
    if path.is_file():
        return path
    recipe = HERE.parents[1] / "maps" / "vendor.py"
    if not recipe.is_file():
        raise MissingDependencyError(
            "geoevents/render/vendor is missing and maps/vendor.py is not here to build it"
        )
    proc = subprocess.run([sys.executable, str(recipe)], capture_output=True, text=True)
    if proc.returncode != 0 or not path.is_file():
        raise MissingDependencyError(f"maps/vendor.py failed: {proc.stderr.strip()[-300:]}")
    manifest.cache_clear()
    return path
