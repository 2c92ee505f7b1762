"""Compile the .po translations to .mo with polib, so no GNU gettext is needed to run Schakel."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

SRC_DIR = Path(__file__).resolve().parents[1] / "src" / "schakel"
# The project catalogue, and one per app (src/schakel/<app>/locale) for apps that keep their own.
CATALOGUES = ("locale/*/LC_MESSAGES/*.po", "*/locale/*/LC_MESSAGES/*.po")


def main() -> int:
    for po_path in sorted(path for pattern in CATALOGUES for path in SRC_DIR.glob(pattern)):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
