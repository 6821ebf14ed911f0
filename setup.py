"""Build step: ship the parsed rule files with the package (engine/language/parse_cache.py).

Everything else is declared in pyproject.toml. Parsing the shipped rules is most of the start-up
of a first run on a fresh machine (a CI job); the installed package carries the parses, keyed
exactly as the engine looks them up, under engine/data/parsed/. If the parses cannot be written
the package is still built and the engine parses the rules at first use, as in a checkout.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class build_py_with_parsed_rules(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "engine" / "data" / "parsed"
        try:
            sys.path.insert(0, str(ROOT))
            from engine.language.syntax.parse_cache import write_shipped_parses

            count = write_shipped_parses(ROOT / "rules", target)
            print(f"rulecheck: shipped the parses of {count} rule files in {target}")
        except Exception as error:  # noqa: BLE001 - the package works without them, only slower to start
            print(f"rulecheck: warning: rule parses not shipped ({type(error).__name__}: {error})", file=sys.stderr)
        finally:
            sys.path.remove(str(ROOT))


setup(cmdclass={"build_py": build_py_with_parsed_rules})
