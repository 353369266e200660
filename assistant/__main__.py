"""Entry point: ``python -m assistant``."""

from assistant.cli import cli

cli()
