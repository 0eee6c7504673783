"""The README tells the truth: its test command is CI's, its settings table matches the code,
and every command documents itself with an example."""
from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

import crawler.settings
from newsmon.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(commands) >= 2, "the README starts with two commands in ```sh blocks"
    test_command = commands[1].strip()
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "newsmon demo" in commands[0]


def test_every_newsmon_setting_is_in_the_readme_table():
    own = [name for name in dir(crawler.settings) if name.startswith("NEWSMON_")]
    assert own
    for name in own:
        assert re.search(rf"^\| `{name}` \|", README, re.M), f"{name} missing from the README"


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def test_every_command_has_an_example_and_is_in_the_readme():
    runner = CliRunner()
    for path, _command in _commands(cli):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output, f"newsmon {' '.join(path)} --help has no Example"
        assert f"newsmon {' '.join(path)}" in README, f"newsmon {' '.join(path)} not in README"
