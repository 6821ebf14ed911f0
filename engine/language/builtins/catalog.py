"""The shipped built-ins, in one registry: what the compiler resolves calls against by default."""

from __future__ import annotations

from engine.language.builtins.definitions import DEFINITION_BUILTINS
from engine.language.builtins.document import DOCUMENT_BUILTINS
from engine.language.builtins.figures import FIGURE_BUILTINS
from engine.language.builtins.parts import PART_BUILTINS
from engine.language.builtins.registry import registry_of
from engine.language.builtins.tables import TABLE_BUILTINS
from engine.language.builtins.text import TEXT_BUILTINS

BUILTINS = registry_of(FIGURE_BUILTINS, TABLE_BUILTINS, TEXT_BUILTINS, DOCUMENT_BUILTINS, PART_BUILTINS,
                      DEFINITION_BUILTINS)
