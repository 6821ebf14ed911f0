"""Rule text -> typed AST (nodes.py) with positioned diagnostics; the lark grammar lives in grammar/."""
