"""Compiling rules: names resolved against the vocabulary, calls checked against the registry,
aggregates and where-prefilters, lint warnings."""
