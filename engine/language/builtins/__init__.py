"""Built-in functions, declared in one registry (registry.py, catalog.py), and the operator tables (operators.py)."""
