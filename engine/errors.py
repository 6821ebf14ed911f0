"""Every error the engine raises to its caller, in one place.

Each is raised by one stage and caught by the command line, which turns it into one line for the
user (and exit code 2) — so no stage needs to import another to name an error, and the CLI imports
them from here. Errors inside a rule's evaluation are values (`EvalError`), not exceptions.
"""

from __future__ import annotations

from engine.model import Diagnostic
from engine.record import frozen


@frozen
class ReadError(Exception):
    """A file that cannot be read as a text document; `reason` is one line for the user."""

    path: str
    reason: str
    unsupported: bool = False  # a format rulecheck does not read (Office, image, archive), not a broken file

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class CompileError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class PatternError(ValueError):
    """A rule pattern the linear-time matcher cannot run; the compiler turns it into a diagnostic."""


class ConfigError(Exception):
    """A settings file that cannot be used; the CLI reports it as a usage error (exit 2)."""


class WaiverError(Exception):
    """A waivers file that cannot be used; reported as a usage error (exit 2)."""


class BaselineError(Exception):
    """A baseline file that cannot be used; reported as a usage error (exit 2)."""


class KeywordError(ValueError):
    """A `-k` expression that does not parse; reported as a usage error."""


class WorkerError(RuntimeError):
    """A task raised in a worker, or a worker stopped without answering."""
