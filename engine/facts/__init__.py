"""Facts stage: a parsed Document -> FactSet, every figure with its meaning and provenance
(tables.py: cells; narrative.py: stated figures and changes)."""
