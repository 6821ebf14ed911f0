"""Rule tests (`example` blocks, `rulecheck test`) and the document generator synth/ used by property
tests and benchmarks."""
