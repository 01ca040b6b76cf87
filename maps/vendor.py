"""Take the map's third-party JavaScript, CSS and outline data from the npm registry.

This is the recipe behind ``geoevents/render/vendor/``: it fetches each pinned
package below as the registry's own tarball, checks the tarball against the
pinned SHA-512 integrity, copies out only the files the map uses plus the
package's licence, and writes ``MANIFEST.json`` (name, version, licence,
files with their SHA-256). Nothing third-party is kept in the repository; the
build hook (``hatch_build.py``) runs this script when the manifest is missing,
so wheels and editable installs always carry the files.

Standard library only: it runs inside the isolated build environment.

How the tarball is found, in order:

1. ``npm pack NAME@VERSION`` when an ``npm`` executable is on PATH (npm uses
   its own configured registry);
2. otherwise the registry named by ``GEOEVENTS_NPM_REGISTRY``,
   ``NPM_CONFIG_REGISTRY`` / ``npm_config_registry`` or a ``registry=`` line of
   ``~/.npmrc``: its package document gives the tarball address, fetched over
   HTTPS with urllib.

Usage::

    python maps/vendor.py                  # -> geoevents/render/vendor/
    python maps/vendor.py --force          # fetch again even if present
    python maps/vendor.py --bench DIR      # also the folium baseline's extras (bench only)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "geoevents" / "render" / "vendor"

# name, version, SHA-512 integrity of the registry tarball, {path in package: path in vendor/}
PINS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "leaflet",
        "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        {
            "dist/leaflet.js": "leaflet/leaflet.js",
            "dist/leaflet.css": "leaflet/leaflet.css",
            "dist/images/layers.png": "leaflet/images/layers.png",
            "dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        },
    ),
    (
        "supercluster",
        "8.0.1",
        "sha512-IiOea5kJ9iqzD2t7QJq/cREyLHTtSmUT6gQsweojg9WH2sYJqZK9SswTu6jrscO6D1G5v5vYZ9ru/eq85lXeZQ==",
        {"dist/supercluster.min.js": "supercluster/supercluster.min.js"},
    ),
    (
        "leaflet.heat",
        "0.2.0",
        "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ==",
        {"dist/leaflet-heat.js": "leaflet.heat/leaflet-heat.js"},
    ),
    (
        "topojson-client",
        "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        {"dist/topojson-client.min.js": "topojson-client/topojson-client.min.js"},
    ),
    (
        # TopoJSON country outlines built from Natural Earth (public domain).
        "world-atlas",
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"countries-50m.json": "world-atlas/countries-50m.json"},
    ),
]

# Only for bench/bench_map.py: what folium's own CDN links point at, so the
# baseline maps can be opened without the network. Never shipped.
BENCH_PINS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "leaflet.markercluster",
        "1.5.3",
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
            "dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "leaflet.markercluster/MarkerCluster.Default.css",
        },
    ),
    (
        "jquery",
        "3.7.1",
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        {"dist/jquery.min.js": "jquery/jquery.min.js"},
    ),
]

LICENCE_NAMES = (
    "LICENSE",
    "LICENSE.txt",
    "LICENSE.md",
    "LICENCE",
    "license",
    "LICENSE-MIT",
    "MIT-LICENCE.txt",
)


class VendorError(RuntimeError):
    """The recipe cannot fetch or check a package."""


def _log(msg: str) -> None:
    print(f"maps/vendor.py: {msg}", file=sys.stderr, flush=True)


def _check_integrity(blob: bytes, integrity: str, what: str) -> None:
    algo, _, expected = integrity.partition("-")
    if algo != "sha512":
        raise VendorError(f"{what}: unsupported integrity {algo!r}")
    got = base64.b64encode(hashlib.sha512(blob).digest()).decode()
    if got != expected:
        raise VendorError(f"{what}: tarball integrity mismatch (expected {integrity}, got sha512-{got})")


def _registry_from_config() -> str | None:
    for var in ("GEOEVENTS_NPM_REGISTRY", "NPM_CONFIG_REGISTRY", "npm_config_registry"):
        if os.environ.get(var):
            return os.environ[var]
    npmrc = Path(os.environ.get("NPM_CONFIG_USERCONFIG", Path.home() / ".npmrc"))
    if npmrc.is_file():
        for line in npmrc.read_text(encoding="utf-8", errors="replace").splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() == "registry" and value.strip():
                return value.strip()
    return None


def _fetch_with_npm(npm: str, spec: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [npm, "pack", spec, "--silent", "--pack-destination", tmp],
            check=False,
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if out.returncode != 0:
            raise VendorError(f"npm pack {spec} failed: {out.stderr.strip()[-400:]}")
        tgzs = list(Path(tmp).glob("*.tgz"))
        if len(tgzs) != 1:
            raise VendorError(f"npm pack {spec} produced {len(tgzs)} tarballs")
        return tgzs[0].read_bytes()


def _fetch_over_https(registry: str, name: str, version: str) -> bytes:
    base = registry.rstrip("/")
    doc_url = f"{base}/{name.replace('/', '%2F')}/{version}"
    with urllib.request.urlopen(doc_url, timeout=60) as resp:  # noqa: S310 - configured registry
        doc = json.load(resp)
    tarball = doc.get("dist", {}).get("tarball")
    if not tarball:
        raise VendorError(f"{name}@{version}: the registry's document has no dist.tarball")
    with urllib.request.urlopen(tarball, timeout=120) as resp:  # noqa: S310
        return resp.read()


def fetch_tarball(name: str, version: str) -> bytes:
    """Return the registry tarball of ``name@version``."""
    npm = shutil.which("npm")
    if npm:
        return _fetch_with_npm(npm, f"{name}@{version}")
    registry = _registry_from_config()
    if not registry:
        raise VendorError(
            "no npm executable on PATH and no registry configured: install npm "
            "(apt-get install npm) or set NPM_CONFIG_REGISTRY to your npm registry's URL"
        )
    return _fetch_over_https(registry, name, version)


def _licence_of(members: dict[str, bytes], pkg_json: dict) -> tuple[str, str | None]:
    for cand in LICENCE_NAMES:
        if cand in members:
            text = members[cand].decode("utf-8", "replace")
            lic = pkg_json.get("license")
            if isinstance(lic, dict):
                lic = lic.get("type")
            if not lic:  # e.g. leaflet.heat 0.2.0 declares none in package.json
                head = text.lower()
                lic = (
                    "BSD-2-Clause"
                    if "redistribution and use" in head
                    else ("MIT" if "permission is hereby granted" in head else "see LICENSE")
                )
            return str(lic), cand
    lic = pkg_json.get("license")
    return (str(lic) if lic else "unknown"), None


def vendor_package(name: str, version: str, integrity: str, files: dict[str, str], dest: Path) -> dict:
    """Fetch one package and copy its files and licence into ``dest``."""
    _log(f"fetching {name}@{version}")
    blob = fetch_tarball(name, version)
    _check_integrity(blob, integrity, f"{name}@{version}")
    members: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for m in tar.getmembers():
            if not m.isfile():
                continue
            path = m.name.split("/", 1)[1] if "/" in m.name else m.name
            if path in files or path in LICENCE_NAMES or path == "package.json":
                fh = tar.extractfile(m)
                if fh is not None:
                    members[path] = fh.read()
    pkg_json = json.loads(members.get("package.json", b"{}"))
    if pkg_json.get("version") not in (None, version):
        raise VendorError(f"{name}: tarball says version {pkg_json.get('version')}, pinned {version}")
    licence, licence_file = _licence_of(members, pkg_json)
    if licence_file is None:
        raise VendorError(f"{name}@{version}: no licence file in the package")
    out_files = []
    wanted = dict(files)
    wanted[licence_file] = f"{name}/LICENSE"
    for src, rel in wanted.items():
        if src not in members:
            raise VendorError(f"{name}@{version}: {src} is not in the package")
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(members[src])
        out_files.append(
            {
                "path": rel,
                "from": src,
                "bytes": len(members[src]),
                "sha256": hashlib.sha256(members[src]).hexdigest(),
            }
        )
    return {
        "name": name,
        "version": version,
        "license": licence,
        "license_file": f"{name}/LICENSE",
        "integrity": integrity,
        "homepage": pkg_json.get("homepage"),
        "files": out_files,
    }


def vendor(dest: Path = DEST, *, pins=PINS, force: bool = False) -> Path:
    """Write every pinned package into ``dest`` and ``dest/MANIFEST.json``; return the manifest path."""
    manifest = dest / "MANIFEST.json"
    if manifest.exists() and not force:
        have = json.loads(manifest.read_text(encoding="utf-8"))
        if [(p["name"], p["version"]) for p in have.get("packages", [])] == [(n, v) for n, v, _, _ in pins]:
            _log(f"{manifest} is up to date")
            return manifest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".vendor-", dir=dest.parent))
    try:
        packages = [vendor_package(n, v, i, f, tmp) for n, v, i, f in pins]
        doc = {
            "generated_by": "maps/vendor.py",
            "note": "Third-party files from the npm registry at pinned versions; each keeps its licence.",
            "packages": packages,
        }
        (tmp / "MANIFEST.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        if dest.exists():
            shutil.rmtree(dest, ignore_errors=True)
        try:
            tmp.rename(dest)
        except OSError:
            # another process (a parallel test worker) finished first
            if not (dest / "MANIFEST.json").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _log(f"wrote {manifest}")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dest", type=Path, default=DEST, help="output folder (default geoevents/render/vendor)"
    )
    parser.add_argument("--force", action="store_true", help="fetch again even when MANIFEST.json is current")
    parser.add_argument(
        "--bench", type=Path, metavar="DIR", help="also write the folium baseline's files to DIR"
    )
    args = parser.parse_args(argv)
    try:
        vendor(args.dest, force=args.force)
        if args.bench:
            vendor(args.bench, pins=BENCH_PINS + PINS[:1], force=args.force)
    except (VendorError, OSError) as err:
        _log(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
