"""maps/vendor.py: the recipe that takes the map's JavaScript from the npm registry.

These tests build package tarballs locally (the registry's layout: files under
``package/``) and run the recipe's own checking and copying on them; fetching
itself is exercised whenever the vendor step runs (install, CI).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def vendor_mod():
    spec = importlib.util.spec_from_file_location("geoevents_maps_vendor", ROOT / "maps" / "vendor.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _integrity(blob: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()


def _pkg(version="1.0.0", licence_file="LICENSE", license_field="MIT"):
    files = {
        "package.json": json.dumps(
            {"name": "demo-lib", "version": version, "license": license_field}
        ).encode(),
        "dist/demo.js": b"console.log('demo');\n",
    }
    if licence_file:
        files[licence_file] = b"Permission is hereby granted, free of charge, to any person ... (MIT)\n" * 3
    return _tarball(files)


def test_render_vendor_copies_files_and_licence(vendor_mod, tmp_path, monkeypatch):
    blob = _pkg()
    monkeypatch.setattr(vendor_mod, "fetch_tarball", lambda name, version: blob)
    pins = [("demo-lib", "1.0.0", _integrity(blob), {"dist/demo.js": "demo-lib/demo.js"})]
    manifest = vendor_mod.vendor(tmp_path / "vendor", pins=pins)
    doc = json.loads(manifest.read_text())
    (pkg,) = doc["packages"]
    assert pkg["license"] == "MIT" and pkg["license_file"] == "demo-lib/LICENSE"
    js = tmp_path / "vendor" / "demo-lib" / "demo.js"
    assert js.read_bytes() == b"console.log('demo');\n"
    entry = next(f for f in pkg["files"] if f["path"] == "demo-lib/demo.js")
    assert entry["sha256"] == hashlib.sha256(js.read_bytes()).hexdigest()
    assert (tmp_path / "vendor" / "demo-lib" / "LICENSE").exists()
    # up to date: a second run fetches nothing
    monkeypatch.setattr(vendor_mod, "fetch_tarball", lambda *a: pytest.fail("fetched again"))
    vendor_mod.vendor(tmp_path / "vendor", pins=pins)


def test_render_vendor_refuses_a_tampered_tarball(vendor_mod, tmp_path, monkeypatch):
    good, bad = _pkg(), _pkg(version="1.0.0", license_field="ISC")
    monkeypatch.setattr(vendor_mod, "fetch_tarball", lambda name, version: bad)
    pins = [("demo-lib", "1.0.0", _integrity(good), {"dist/demo.js": "demo-lib/demo.js"})]
    with pytest.raises(vendor_mod.VendorError, match="integrity mismatch"):
        vendor_mod.vendor(tmp_path / "vendor", pins=pins)
    assert not (tmp_path / "vendor").exists()  # nothing half-written


@pytest.mark.parametrize(
    "kind, message",
    [
        ("no-licence", "no licence file"),
        ("wrong-version", "tarball says version"),
        ("missing-file", "is not in the package"),
    ],
)
def test_render_vendor_clear_errors(vendor_mod, tmp_path, monkeypatch, kind, message):
    blob = {
        "no-licence": _pkg(licence_file=None),
        "wrong-version": _pkg(version="2.0.0"),
        "missing-file": _pkg(),
    }[kind]
    monkeypatch.setattr(vendor_mod, "fetch_tarball", lambda name, version: blob)
    wanted = (
        {"dist/other.js": "demo-lib/other.js"}
        if kind == "missing-file"
        else {"dist/demo.js": "demo-lib/demo.js"}
    )
    with pytest.raises(vendor_mod.VendorError, match=message):
        vendor_mod.vendor(tmp_path / "v", pins=[("demo-lib", "1.0.0", _integrity(blob), wanted)])


def test_render_vendor_registry_from_config(vendor_mod, tmp_path, monkeypatch):
    for var in ("GEOEVENTS_NPM_REGISTRY", "NPM_CONFIG_REGISTRY", "npm_config_registry"):
        monkeypatch.delenv(var, raising=False)
    npmrc = tmp_path / ".npmrc"
    npmrc.write_text("; comment\nregistry = https://mirror.invalid/npm/\n")
    monkeypatch.setenv("NPM_CONFIG_USERCONFIG", str(npmrc))
    assert vendor_mod._registry_from_config() == "https://mirror.invalid/npm/"
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://other.invalid/")
    assert vendor_mod._registry_from_config() == "https://other.invalid/"


def test_render_vendor_pins_are_exact(vendor_mod):
    for name, version, integrity, files in vendor_mod.PINS + vendor_mod.BENCH_PINS:
        assert version.count(".") == 2 and version.replace(".", "").isdigit(), name
        assert integrity.startswith("sha512-")
        assert files
