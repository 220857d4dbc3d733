"""retro.toml + environment -> one validated Config.

Every setting is defined once, in SETTINGS, with its type, default and the text
that documents it; the README's configuration table is checked against it.
"""

from __future__ import annotations

import os
import re
import tomllib
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE = "retro.toml"
LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class Setting:
    name: str
    kind: type  # str, int, bool, list (of str) or dict (of str to str)
    doc: str
    example: str
    minimum: int = 1  # for int settings


SETTINGS: tuple[Setting, ...] = (
    Setting("lang", str, "Language of drafted posts: `en` or `ko`. Default `en`.", '"ko"'),
    Setting("ko_style", str, "Korean sentence endings: `plain` (-다, as most Korean dev blogs write) or `polite` "
            "(-습니다). Default `plain`.", '"plain"'),
    Setting("timezone", str, "IANA time zone that cuts the month (local midnight to local midnight). "
            "Default: the machine's zone.", '"Asia/Seoul"'),
    Setting("authors", list, "Your commit emails (several when you commit under more than one). "
            "Default: git's `user.email`.", '["me@example.com", "me@work.example"]'),
    Setting("repos", list, "Repositories to read; `~` and globs allowed. Default: the blog's own repository.",
            '["~/code/api", "~/code/web"]'),
    Setting("notes", str, "Where a month's notes live, relative to the blog root; `{month}` is YYYY-MM. "
            "Default `notes/{month}.md`.", '"notes/{month}.md"'),
    Setting("model", str, "LiteLLM model name that drafts the post (`openai/gpt-4o-mini`, `ollama/llama3.1`, ...). "
            "`RETRO_MODEL` overrides it. Default: the offline drafter.", '"openai/gpt-4o-mini"'),
    Setting("api_base", str, "Base URL of a self-hosted LiteLLM proxy or OpenAI-compatible server. "
            "`RETRO_API_BASE` overrides it.", '"http://127.0.0.1:4000/v1"'),
    Setting("timeout", int, "Seconds to wait for the model before giving up. Default 120.", "120"),
    Setting("fallbacks", list, "Models to try in turn when `model` is out: a time-out, rate limits after the "
            "retries, a server error, a refused connection, an input too long. `offline` is the embedded drafter; "
            "without it at the end, a draft fails when every model does. A rejected or missing key and an unknown "
            "model are not outages: the draft stops and writes nothing. Default `[\"offline\"]`.",
            '["ollama/llama3.1", "offline"]'),
    Setting("style_examples", int, "How many of your previous posts (same category, newest first) the model "
            "sees as examples of your voice. Default 2.", "2", minimum=0),
    Setting("context_window", int, "The model's context window in tokens, when LiteLLM does not know it. "
            "Default 8192.", "32768"),
    Setting("answer_tokens", int, "Tokens kept free in the window for the model's answer. Default 2000.", "2000"),
    Setting("redact", bool, "Redact secrets and private names before any model sees the text. Default `true`, "
            "for every model and every endpoint, localhost included: a LiteLLM proxy on your machine forwards to "
            "a cloud provider. Set `false` only when every model you use runs on hardware you control.", "true"),
    Setting("local_models", list, "Models that truly run on your machine, as glob patterns (`ollama/*`): "
            "their prompts are not redacted. Default: none.", '["ollama/*", "ollama_chat/*"]'),
    Setting("local_endpoints", list, "API bases that truly run on your machine and forward nowhere, as glob "
            "patterns: prompts sent there are not redacted. Default: none.", '["http://127.0.0.1:11434/*"]'),
    Setting("redact_patterns", list, "Regular expressions removed from anything sent to a remote model, "
            "on top of the built-in secret detectors.", '["ticket-\\\\d+"]'),
    Setting("redact_names", dict, "Names replaced in anything sent to a remote model: an internal host, a "
            "private repository, a customer (matched in any case).", '{ "acme-corp" = "a client" }'),
    Setting("github", str, "Your GitHub login: the month's pull requests, reviews, issues, comments and releases "
            "join the draft. Token from `GITHUB_TOKEN` or `GH_TOKEN`, else `gh auth token`. `--github` overrides it.",
            '"octocat"'),
    Setting("github_api", str, "GitHub's API base; GitHub Enterprise: `https://HOST/api` (its token from "
            "`GH_ENTERPRISE_TOKEN`). Default `https://api.github.com`.", '"https://github.example.com/api"'),
    Setting("gitlab", str, "Your GitLab username: the month's pushes, merge requests, approvals, issues and "
            "comments. Token from `GITLAB_TOKEN`. `--gitlab` overrides it.", '"me"'),
    Setting("gitlab_url", str, "The GitLab instance. Default `https://gitlab.com`.", '"https://gitlab.example.com"'),
    Setting("calendars", list, "Calendars to read: `.ics` files (relative to the blog) or secret iCal addresses "
            "(http or https). `--calendar` adds to them.", '["calendars/work.ics"]'),
    Setting("calendar_include", list, "Only events whose title matches one of these patterns (`*` wildcards, any "
            "case). Default: every event.", '["*call*", "*study*"]'),
    Setting("calendar_exclude", list, "Events whose title matches one of these patterns are left out.",
            '["Lunch*", "Focus time"]'),
    Setting("title", str, "Title template for a drafted post; `{month}` is YYYY-MM, `{year}` and `{month_name}` too. "
            "Default `{month} Dev Retrospective` (`{month} 개발 회고` in ko).", '"{month} 회고"'),
    Setting("categories", list, "Categories of a drafted post. Default `[\"Retrospective\"]` (`[\"회고록\"]` in ko).",
            '["회고록"]'),
    Setting("tags", list, "Tags of a drafted post. Default `[\"diary\"]`.", '["diary"]'),
)

DEFAULTS: dict[str, Any] = {
    "lang": "en", "notes": "notes/{month}.md", "timeout": 120, "tags": ["diary"], "fallbacks": ["offline"],
    "style_examples": 2, "context_window": 8192, "answer_tokens": 2000, "redact_patterns": [], "redact_names": {},
    "redact": True, "local_models": [], "local_endpoints": [], "ko_style": "plain",
    "github_api": "https://api.github.com", "gitlab_url": "https://gitlab.com", "calendars": [],
    "calendar_include": [], "calendar_exclude": [],
}
TITLES = {"en": "{month} Dev Retrospective", "ko": "{month} 개발 회고"}
CATEGORIES = {"en": ["Retrospective"], "ko": ["회고록"]}


ENVIRONMENT = {"model": "RETRO_MODEL", "api_base": "RETRO_API_BASE"}


@dataclass
class Config:
    root: Path
    values: dict[str, Any] = field(default_factory=dict)  # from retro.toml
    path: Path | None = None
    flags: dict[str, Any] = field(default_factory=dict)  # given on the command line: they win

    def get(self, name: str) -> Any:
        """A flag, else the environment (model, api_base), else retro.toml, else the default."""
        if self.flags.get(name) is not None:
            return self.flags[name]
        variable = ENVIRONMENT.get(name)
        if variable and os.environ.get(variable):
            return os.environ[variable]
        if name in self.values:
            return self.values[name]
        if name == "title":
            return TITLES.get(self.lang, TITLES["en"])
        if name == "categories":
            return list(CATEGORIES.get(self.lang, CATEGORIES["en"]))
        return DEFAULTS.get(name)

    def override(self, **flags: Any) -> "Config":
        """A copy where the flags that were given (not None) replace their keys."""
        given = {k: v for k, v in flags.items() if v is not None}
        return dataclasses.replace(self, flags={**self.flags, **given})

    @property
    def lang(self) -> str:
        return self.get("lang")

    @property
    def model(self) -> str | None:
        return self.get("model")

    @property
    def api_base(self) -> str | None:
        return self.get("api_base")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upward from `start` that holds mkdocs.yml: the blog root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise ConfigError(
        f"No mkdocs.yml in {here} or any folder above it: run retro inside your blog "
        "(the folder holding mkdocs.yml and posts/)."
    )


def find_root_or_here(start: Path | None = None) -> Path:
    """The blog root when there is one, else the working directory (for commands that need no blog)."""
    try:
        return find_root(start)
    except ConfigError:
        return (start or Path.cwd()).resolve()


def load(root: Path) -> Config:
    """Read root/retro.toml (optional) and report every problem in it at once."""
    path = root / CONFIG_FILE
    if not path.exists():
        return Config(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}; fix the TOML syntax there.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error}).") from None
    return Config(root=root, values=validate(data, path), path=path)


def validate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    known = {s.name: s for s in SETTINGS}
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        setting = known.get(key)
        if setting is None:
            problems.append(f"unknown key {key!r} (known: {', '.join(known)})")
            continue
        if setting.kind is list:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{key} must be a list of strings, like {key} = {setting.example}")
                continue
        elif setting.kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or value < setting.minimum:
                least = "a positive whole number" if setting.minimum == 1 else f"a whole number of at least {setting.minimum}"
                problems.append(f"{key} must be {least}, like {key} = {setting.example}")
                continue
        elif setting.kind is bool:
            if not isinstance(value, bool):
                problems.append(f"{key} must be true or false, like {key} = {setting.example}")
                continue
        elif setting.kind is dict:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                problems.append(f"{key} must be a table of names to replacements, like {key} = {setting.example}")
                continue
        elif not isinstance(value, str):
            problems.append(f"{key} must be a string, like {key} = {setting.example}")
            continue
        values[key] = value
    for pattern in values.get("redact_patterns", []):
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append(f"redact_patterns: {pattern!r} is not a regular expression ({error})")
    if "ko_style" in values and values["ko_style"] not in ("plain", "polite"):
        problems.append(f"ko_style must be plain or polite, not {values['ko_style']!r}")
    if "lang" in values and values["lang"] not in LANGUAGES:
        problems.append(f"lang must be one of {', '.join(LANGUAGES)}, not {values['lang']!r}")
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems) + ".")
    return values


def markdown_table() -> str:
    """The README's configuration table, generated from SETTINGS (a test keeps them equal)."""
    rows = ["| key | meaning | example |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.doc} | `{s.name} = {s.example}` |" for s in SETTINGS]
    return "\n".join(rows)
