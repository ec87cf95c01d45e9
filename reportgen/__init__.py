"""reportgen: a month of conflict-monitoring YAML in, a right-to-left Arabic briefing out."""

__version__ = "0.1.0"
