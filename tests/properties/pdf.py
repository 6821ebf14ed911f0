"""Shared helpers of the PDF properties: why a PDF test cannot run here, and rendering to a file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Optional

from engine.testing.synth.pdf import cjk_font_path


def missing_renderer() -> Optional[str]:
    """Why generated documents cannot be drawn as PDF on this host, or None when they can."""
    if importlib.util.find_spec("reportlab") is None:
        return "reportlab is not installed (it is in the test extra: pip install '.[test]')"
    if cjk_font_path() is None:
        return ("no CJK TrueType font found (apt-get install fonts-wqy-zenhei, which .ci/run does, "
                "or point $RULECHECK_CJK_FONT at a .ttf/.ttc)")
    return None


def write_pdf(data: bytes, folder: str, name: str = "generated.pdf") -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path
