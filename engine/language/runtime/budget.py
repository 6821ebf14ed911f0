"""How much work one rule may do on one document: every `for each` binding and every row an
aggregate visits counts against one budget (MAX_STEPS, the README's 200,000 combinations).

`for each` alone was capped, so `count(b for b in T[*] where …)` inside a `for each row` of a
100,000-row table (10^10 steps), or five nested `count`s, ran for minutes. The evaluator starts
each rule with `start()`; a loop calls `charge()` per step; past the budget `charge` raises
BudgetExceeded, which the evaluator turns into the rule's `error` finding. One process
evaluates one rule at a time, so the counter is a module value (the cheapest thing to bump).
"""

from __future__ import annotations

MAX_STEPS = 200_000


class BudgetExceeded(Exception):
    """The rule did more than MAX_STEPS steps on this document."""


_used = [0]


def start() -> None:
    _used[0] = 0


def charge(steps: int = 1) -> None:
    _used[0] += steps
    if _used[0] > MAX_STEPS:
        raise BudgetExceeded(f"more than {MAX_STEPS:,} combinations and rows to check")
