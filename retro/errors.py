"""One exception family: code below the faces raises these; a face shows the one line and picks the exit code.

Nothing here knows Click: the CLI turns a RetroError into its one-line error and
exit 1 (exit 2 for a UsageError), the MCP server into an error result.
"""

from __future__ import annotations


class RetroError(Exception):
    """A user mistake or an outside failure: one line that names the fix, exit 1."""

    exit_code = 1

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])  # what was met before it failed (Problem records), shown first

    def format_message(self) -> str:
        return self.message


class UsageError(RetroError):
    """A wrong option value or call: exit 2."""

    exit_code = 2


class ConfigError(RetroError):
    """retro.toml or mkdocs.yml is missing or wrong."""


class SettingError(ConfigError):
    """A value a setting cannot take, raised below the faces with the setting's key, never a flag's name.

    `text` says where the setting's name goes as {setting}; each face names it its own way, as Click's
    param_hint does: the CLI `--tz`, MCP `tz`, retro.toml `timezone`. Exit 2 when a flag gave it.
    """

    exit_code = 2

    def __init__(self, key: str, text: str, exit_code: int = 2) -> None:
        super().__init__(text.replace("{setting}", key))
        self.key, self.text, self.exit_code = key, text, exit_code

    def named(self, name: str) -> str:
        return self.text.replace("{setting}", name)


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
