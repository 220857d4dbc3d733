"""One exception family: code below the faces raises these; a face shows the one line and picks the exit code.

Nothing here knows Click: the CLI turns a RetroError into its one-line error and
exit 1 (exit 2 for a UsageError), the MCP server into an error result.

A message below the faces never names a flag: it names the setting (`setting("timezone")`), and each face
says it its own way, as Click's param_hint does: the CLI `--tz`, MCP `tz`, and where neither has one,
`timezone in retro.toml` (see `named`).
"""

from __future__ import annotations

import re
from typing import Callable

MARK = re.compile(r"⟨(\w+(?:\.\w+)?)(?:=([^⟩]*))?⟩")  # a key, or a source table's `github.login`


def setting(key: str, value: str = "") -> str:
    """A setting named in a message, with the value it should take when the fix is to give one."""
    return f"⟨{key}={value}⟩" if value else f"⟨{key}⟩"


def named(text: str, name: Callable[[str, str], str] | None = None) -> str:
    """`text` with each setting it names said by `name(key, value)`; by default as retro.toml says it."""
    return MARK.sub(lambda m: (name or in_file)(m.group(1), m.group(2) or ""), text)


def in_file(key: str, value: str) -> str:
    table, _, key = key.rpartition(".")
    key = f"[{table}] {key}" if table else key
    return f"{key} = {value!r} in retro.toml" if value else f"{key} in retro.toml"


class RetroError(Exception):
    """A user mistake or an outside failure: one line that names the fix, exit 1."""

    exit_code = 1

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(named(message))
        self.text = message  # with the settings it names marked, for a face to say them its way
        self.message = named(message)  # as retro.toml says them
        self.problems = list(problems or [])  # what was met before it failed (Problem records), shown first

    def format_message(self) -> str:
        return self.message


class UsageError(RetroError):
    """A wrong option value or call: exit 2."""

    exit_code = 2


class ConfigError(RetroError):
    """retro.toml or mkdocs.yml is missing or wrong."""


class SettingError(ConfigError):
    """A value a setting cannot take, raised below the faces with the setting's key, never a flag's name:
    `text` says where the setting's name goes as {setting}. Exit 2 when a flag gave it (a usage error)."""

    exit_code = 2

    def __init__(self, key: str, text: str, exit_code: int = 2) -> None:
        super().__init__(text.replace("{setting}", setting(key)))
        self.key, self.exit_code = key, exit_code


class NoRepositoryError(ConfigError):
    """No repository named, configured, or holding the blog: nothing to read figures from."""


class GitError(RetroError):
    """A repository cannot be read."""


class NotesError(RetroError):
    """A notes file cannot be read."""


class DraftError(RetroError):
    """A post cannot be drafted or written."""


class ModelError(RetroError):
    """The model could not be reached or refused the request: an outage, which fallbacks are for."""


class ModelConfigError(ModelError):
    """The model is set up wrong (a rejected or missing key, an unknown model): the author's to fix.

    Never papered over by a fallback: the draft stops and nothing is written.
    """


class SiteError(RetroError):
    """mkdocs could not build, serve or publish the site."""


class SourceError(RetroError):
    """A source beside git (GitHub, GitLab, a calendar) could not be read: a warning while drafting."""
