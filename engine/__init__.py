"""rulecheck: documents -> facts -> compiled rules -> findings with citations -> reports."""

__version__ = "0.1.0"
