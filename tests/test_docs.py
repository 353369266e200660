"""The README tells the truth: two commands for a newcomer, and every CLI command with help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"python -m assistant {command}" in README
