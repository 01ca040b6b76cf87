"""Build hook: compile the data that ships inside the wheel.

Runs the gazetteer recipe (``gazetteer/build.py``) and the map's JavaScript
vendoring step (``maps/vendor.py``) when their outputs are missing, so a
wheel or an editable install always carries them. Both recipes can be run by
hand too; see gazetteer/README.md and maps/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).parent

# recipe script -> a file whose presence says the recipe has run
RECIPES = {
    "gazetteer/build.py": "geoevents/data/gazetteer.sqlite",
    "maps/vendor.py": "geoevents/render/vendor/MANIFEST.json",
}


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        for script, marker in RECIPES.items():
            if (ROOT / script).exists() and not (ROOT / marker).exists():
                self.app.display_info(f"geoevents: running {script}")
                subprocess.run([sys.executable, str(ROOT / script)], cwd=ROOT, check=True)
