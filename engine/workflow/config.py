"""Project settings: `rulecheck.toml` or `[tool.rulecheck]` in `pyproject.toml` -> a Config.

Looked up in the working directory only (no walking up): a run's behaviour should be visible
from where it was started. `rulecheck.toml` wins over `pyproject.toml` when both exist, as in
ruff, so a dedicated file is never silently shadowed. Paths in the file are relative to the
file. A `profile` picks a named table under `profiles` whose keys replace the top-level ones,
so one project can keep, say, a lenient `draft` and a strict `publish` setting side by side.
Command-line flags win over everything here; `merge` in the CLI applies that order.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Optional

from engine.errors import ConfigError
from engine.model import SEVERITIES
from engine.record import evolve, frozen

FAIL_ON = ("error", "warning", "info", "never")
CONFIG_FILE = "rulecheck.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_WAIVERS_FILE = "rulecheck-waivers.toml"
_KEYS = {"rules", "vocabulary", "select", "ignore", "severity", "fail-on", "profile", "profiles", "waivers", "baseline"}


@frozen
class Config:
    path: Optional[str] = None
    rules: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (rule ID, severity), sorted
    fail_on: Optional[str] = None
    profile: Optional[str] = None
    waivers: Optional[str] = None
    baseline: Optional[str] = None

    @property
    def severity_overrides(self) -> dict[str, str]:
        return dict(self.severity)


def find_config(directory: Path) -> Optional[tuple[Path, dict]]:
    """The settings table of the first config file found in `directory`, or None."""
    dedicated = directory / CONFIG_FILE
    if dedicated.is_file():
        return dedicated, _read_toml(dedicated)
    pyproject = directory / PYPROJECT_FILE
    if pyproject.is_file():
        tool = _read_toml(pyproject).get("tool", {})
        table = tool.get("rulecheck") if isinstance(tool, dict) else None
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(f"{pyproject.as_posix()}: [tool.rulecheck] must be a table")
            return pyproject, table
    return None


def load_config(directory: Path, profile: Optional[str] = None) -> Config:
    found = find_config(directory)
    if found is None:
        if profile:
            raise ConfigError(f"profile '{profile}' asked for, but there is no {CONFIG_FILE} or [tool.rulecheck]")
        return Config()
    path, table = found
    return config_from_table(table, path, profile)


def config_from_table(table: dict, path: Path, profile: Optional[str] = None) -> Config:
    where = path.as_posix()
    _check_keys(table, where)
    profile = profile or table.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise ConfigError(f"{where}: profile must be a text, the name of a table under [profiles]")
    profiles = table.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(value, dict) for value in profiles.values()):
        raise ConfigError(f"{where}: profiles must be tables ([profiles.NAME])")
    if profile:
        if profile not in profiles:
            known = ", ".join(sorted(profiles)) or "none defined"
            raise ConfigError(f"{where}: unknown profile '{profile}' (profiles: {known})")
        _check_keys(profiles[profile], f"{where} [profiles.{profile}]")
        table = {**table, **profiles[profile]}
    base = path.parent
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, got '{fail_on}'")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity must be a table of rule ID = severity")
    for rule, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: severity of {rule} must be one of {', '.join(SEVERITIES)}, got '{level}'")
    return Config(
        path=where,
        rules=tuple(_relative(base, item) for item in _strings(table, "rules", where)),
        vocabulary=tuple(_relative(base, item) for item in _strings(table, "vocabulary", where)),
        select=_strings(table, "select", where),
        ignore=_strings(table, "ignore", where),
        severity=tuple(sorted(severity.items())),
        fail_on=fail_on,
        profile=profile,
        waivers=_relative(base, _text(table, "waivers", where)) if "waivers" in table else None,
        baseline=_relative(base, _text(table, "baseline", where)) if "baseline" in table else None,
    )


def with_overrides(config: Config, **flags) -> Config:
    """Command-line values replace configured ones; empty flags leave the configuration alone."""
    changes = {key: value for key, value in flags.items() if value not in (None, ())}
    return evolve(config, **changes)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM from a Windows editor is fine
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path.as_posix()}: cannot read settings: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path.as_posix()}: cannot read settings: arrays or tables nested too deeply") from None


def _check_keys(table: dict, where: str) -> None:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


def _text(table: dict, key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value:
        got = f"{type(value).__name__} {value!r}"
        raise ConfigError(f"{where}: {key} must be a path written as a text, got {got}"[:200])
    return value


def _relative(base: Path, item: str) -> str:
    """Paths in a settings file are relative to the file (always in the working directory)."""
    path = Path(item)
    return path.as_posix() if path.is_absolute() or base.resolve() == Path.cwd().resolve() else (base / path).as_posix()
