"""One exception family: core code raises these, Click prints one line and exits."""

from __future__ import annotations

import click


class RetroError(click.ClickException):
    """A user mistake or an outside failure: one line that names the fix, exit 1."""

    exit_code = 1


class UsageError(click.UsageError):
    """A wrong option value or call: exit 2."""


class ConfigError(RetroError):
    """retro.toml or mkdocs.yml is missing or wrong."""


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
