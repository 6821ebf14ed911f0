"""Text from documents and file names made safe to print on a terminal.

A document or a file name can carry escape sequences (`ESC ] 0 ; title BEL` sets the window
title, others move the cursor, rewrite lines or, on some terminals, answer back into the input).
Whatever reaches a terminal from outside the engine goes through `for_terminal`: escape
sequences are removed whole and every other control character (C0, DEL, C1) is dropped, except
newline and tab, which the reports use for layout.
"""

from __future__ import annotations

import re

# ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (strings),
# ESC and one character (the rest); the 8-bit forms (U+009B CSI, U+009D OSC) likewise.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str) -> str:
    """`text` without escape sequences and control characters other than newline and tab."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))
