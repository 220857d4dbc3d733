"""retro.toml + environment + flags -> one typed Config.

Every setting is one field of Config, declared once with its type, default, the
text that documents it and an example (see `setting`); it is read as an
attribute (`config.answer_tokens`). The README's configuration table and the
commented retro.toml that `retro init` writes are generated from the fields.
Precedence: a command-line flag, then the environment (RETRO_MODEL,
RETRO_API_BASE), then retro.toml, then the default.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retro.errors import ConfigError, SettingError

CONFIG_FILE = "retro.toml"
LANGUAGES = ("en", "ko")
FORMATS = ("free", "kpt", "4ls")
KO_STYLES = ("plain", "polite")
ENGINES = ("mkdocs", "zensical")
# The fields a title template may name: anything else would end a draft after the month was read.
TEMPLATE_FIELDS = {"title": ("month", "year", "month_name"), "year_title": ("year",)}
URLS = ("api_base",)  # http(s) addresses (a source's own say so in their Setting)
ENVIRONMENT = {"model": "RETRO_MODEL", "api_base": "RETRO_API_BASE"}
SETTING = "retro.setting"


@dataclass(frozen=True)
class Setting:
    """How one setting is read and documented."""

    name: str
    kind: type  # str, int, bool, list (of str) or dict (of str to str)
    doc: str
    example: str
    minimum: int = 1  # for int settings
    choices: tuple[str, ...] = ()
    by_lang: dict[str, Any] | None = None  # a default that follows `lang`
    default: Any = None  # a source table's setting: its default (Config's fields keep theirs in the field)
    alias: str = ""  # a source table's setting: the flat key it had before the tables (`github_api`), still read
    url: bool = False  # an http(s) address


def setting(kind: type, default: Any, doc: str, example: str, *, minimum: int = 1, choices: tuple[str, ...] = (),
            by_lang: dict[str, Any] | None = None) -> Any:
    """A field of Config: its kind, default, documentation and example, in one place."""
    meta = {SETTING: Setting("", kind, doc, example, minimum, choices, by_lang)}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None = None  # the retro.toml read, if any
    given: frozenset[str] = frozenset()  # the settings set by retro.toml, the environment or a flag
    # Each source's table as retro.toml gave it ({"github": {"login": "octocat"}}), checked against the source's
    # own settings; a source fills in its defaults (sources/source.py).
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    lang: str = setting(str, "en", "Language of drafted posts: `en` or `ko`. Default `en`.", '"ko"',
                        choices=LANGUAGES)
    ko_style: str = setting(str, "plain", "Korean sentence endings: `plain` (-다, as most Korean dev blogs write) or "
                            "`polite` (-습니다). Default `plain`.", '"plain"', choices=KO_STYLES)
    timezone: str | None = setting(str, None, "IANA time zone that cuts the month (local midnight to local midnight). "
                                   "Default: the machine's zone.", '"Asia/Seoul"')
    authors: list[str] = setting(list, [], "Your commit emails (several when you commit under more than one). "
                                 "Default: git's `user.email`, the global one and each repository's own.", '["me@example.com", "me@work.example"]')
    repos: list[str] = setting(list, [], "Repositories to read; `~` and globs allowed. Default: the blog's own "
                               "repository.", '["~/code/api", "~/code/web"]')
    notes: str = setting(str, "notes/{month}.md", "Where a month's notes live, relative to the blog root; `{month}` "
                         "is YYYY-MM. Default `notes/{month}.md`.", '"notes/{month}.md"')
    model: str | None = setting(str, None, "LiteLLM model name that drafts the post (`openai/gpt-4o-mini`, "
                                "`ollama/llama3.1`, ...). `RETRO_MODEL` overrides it. Default: the offline drafter.",
                                '"openai/gpt-4o-mini"')
    api_base: str | None = setting(str, None, "Base URL of a self-hosted LiteLLM proxy or OpenAI-compatible server. "
                                   "`RETRO_API_BASE` overrides it.", '"http://127.0.0.1:4000/v1"')
    timeout: int = setting(int, 120, "Seconds to wait for the model before giving up. Default 120.", "120")
    fallbacks: list[str] = setting(
        list, ["offline"], "Models to try in turn when `model` is out: a time-out, rate limits after the retries, a "
        "server error, a refused connection, an input too long. `offline` is the embedded drafter; without it at the "
        "end, a draft fails when every model does. A rejected or missing key and an unknown model are not outages: "
        "the draft stops and writes nothing. Default `[\"offline\"]`.", '["ollama/llama3.1", "offline"]')
    style_examples: int = setting(int, 2, "How many of your previous posts (same category, newest first) the model "
                                  "sees as examples of your voice. Default 2.", "2", minimum=0)
    context_window: int = setting(int, 8192, "The model's context window in tokens, when LiteLLM does not know it. "
                                  "Default 8192.", "32768")
    answer_tokens: int = setting(int, 2000, "Tokens kept free in the window for the model's answer. Default 2000.",
                                 "2000")
    redact: bool = setting(bool, True, "Redact secrets and private names before any model sees the text. Default "
                           "`true`, for every model and every endpoint, localhost included: a LiteLLM proxy on your "
                           "machine forwards to a cloud provider. Set `false` only when every model you use runs on "
                           "hardware you control.", "true")
    local_models: list[str] = setting(list, [], "Models that truly run on your machine, as glob patterns "
                                      "(`ollama/*`): their prompts are not redacted. Default: none.",
                                      '["ollama/*", "ollama_chat/*"]')
    local_endpoints: list[str] = setting(list, [], "API bases that truly run on your machine and forward nowhere, as "
                                         "glob patterns: prompts sent there are not redacted. Default: none.",
                                         '["http://127.0.0.1:11434/*"]')
    redact_patterns: list[str] = setting(list, [], "Regular expressions removed from anything sent to a remote "
                                         "model, on top of the built-in secret detectors.", '["ticket-\\\\d+"]')
    redact_names: dict[str, str] = setting(dict, {}, "Names replaced in anything sent to a remote model: an internal "
                                           "host, a private repository, a customer (matched in any case).",
                                           '{ "acme-corp" = "a client" }')
    engine: str = setting(str, "mkdocs", "What builds the site: `mkdocs` (Material for MkDocs, maintained until "
                          "2027-05-05) or `zensical` (its successor; install `retro-monthly[zensical]`). The same "
                          "posts/, site/ and mkdocs.yml serve both. `--engine` overrides it. Default `mkdocs`.",
                          '"zensical"', choices=ENGINES)
    format: str = setting(str, "free", "How a post is laid out after its facts: `free` (the author's themes, "
                          "reflection and plans), `kpt` (Keep, Problem, Try) or `4ls` (Liked, Learned, Lacked, Longed "
                          "for). A section the notes do not fill holds a question for you, and the post cannot be "
                          "published until you answer it. `--format` overrides it. Default `free`.", '"kpt"',
                          choices=FORMATS)
    title: str = setting(str, None, "Title template for a drafted post; `{month}` is YYYY-MM, `{year}` and "
                         "`{month_name}` too. Default `{month} Dev Retrospective` (`{month} 개발 회고` in ko).",
                         '"{month} 회고"', by_lang={"en": "{month} Dev Retrospective", "ko": "{month} 개발 회고"})
    year_title: str = setting(str, None, "Title template for the year in review (`retro draft --year`); `{year}` is "
                              "YYYY. Default `{year} Year in Review` (`{year} 연말 회고` in ko).", '"{year} 돌아보기"',
                              by_lang={"en": "{year} Year in Review", "ko": "{year} 연말 회고"})
    categories: list[str] = setting(list, None, "Categories of a drafted post. Default `[\"Retrospective\"]` "
                                    "(`[\"회고록\"]` in ko).", '["회고록"]',
                                    by_lang={"en": ["Retrospective"], "ko": ["회고록"]})
    tags: list[str] = setting(list, ["diary"], "Tags of a drafted post. Default `[\"diary\"]`.", '["diary"]')

    def __post_init__(self) -> None:
        for one in SETTINGS:
            if one.by_lang and one.name not in self.given:
                default = one.by_lang.get(self.lang, one.by_lang["en"])
                object.__setattr__(self, one.name, type(default)(default))

    def override(self, **flags: Any) -> Config:
        """A copy where the flags that were given (not None) replace their settings."""
        given = {name: value for name, value in flags.items() if value is not None}
        if not given:
            return self
        known = {one.name: one for one in SETTINGS}
        for name, value in given.items():
            problem = value_problem(known[name], value) if name in known else None
            if problem:
                raise SettingError(name, f"{{setting}}: {problem}.")
        values = {name: getattr(self, name) for name in self.given}
        return configured(self.root, self.path, {**values, **given}, self.tables)

    @property
    def retrospective_category(self) -> str | None:
        """The category that marks a post as a retrospective: the first of `categories`."""
        return self.categories[0] if self.categories else None


def settings() -> tuple[Setting, ...]:
    """Every setting, in the order of Config's fields, with its name filled in."""
    return tuple(dataclasses.replace(f.metadata[SETTING], name=f.name)
                 for f in dataclasses.fields(Config) if SETTING in f.metadata)


SETTINGS: tuple[Setting, ...] = settings()


def configured(root: Path, path: Path | None, values: dict[str, Any],
               tables: dict[str, dict[str, Any]] | None = None) -> Config:
    """A Config from explicit values (the rest take their defaults) and the sources' tables."""
    return Config(root=root, path=path, given=frozenset(values), tables=dict(tables or {}), **values)


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


Tables = dict[str, tuple[Setting, ...]]  # each source's name and the settings of its table


def load(root: Path, tables: Tables | None = None) -> Config:
    """Read root/retro.toml (optional) and the environment; report every problem in the file at once.

    `tables` are the sources' settings (sources.tables()): each `[name]` table is checked against its own."""
    path = root / CONFIG_FILE
    values: dict[str, Any] = {}
    given: dict[str, dict[str, Any]] = {}
    found: Path | None = None
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            said = toml_problem(path, error)
            raise ConfigError(f"{path}: {said}" + ("." if said.endswith("keep one") else
                                                   "; fix the TOML syntax there.")) from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot be read ({error}).") from None
        values, given = validate(data, path, tables or {})
        found = path
    for name, variable in ENVIRONMENT.items():
        if os.environ.get(variable):
            values[name] = os.environ[variable]
    return configured(root, found, values, given)


def toml_problem(path: Path, error: Exception) -> str:
    """tomllib's complaint, with the key named when it is one given twice ("Cannot overwrite a value")."""
    said = str(error)
    found = re.search(r"Cannot overwrite a value \(at line (\d+), column \d+\)", said)
    if found:
        try:
            line = path.read_text(encoding="utf-8").splitlines()[int(found.group(1)) - 1]
        except (OSError, IndexError, UnicodeDecodeError):
            return said
        key = line.split("=", 1)[0].strip().strip('"')
        if key:
            lines = path.read_text(encoding="utf-8").splitlines()[:int(found.group(1)) - 1]
            table = next((re.sub(r"^\[+\s*|\s*\]+.*$", "", one.strip()) for one in reversed(lines)
                          if one.strip().startswith("[")), "")
            where = f"[{table}] {key}" if table else repr(key)
            return f"{where} is given twice (again at line {found.group(1)}); keep one"
    return said


def validate(data: dict[str, Any], path: Path, tables: Tables | None = None) -> tuple[dict[str, Any],
                                                                                   dict[str, dict[str, Any]]]:
    """Every value of a retro.toml checked at once, before any command reads anything: each problem names its key.

    Gives the settings and the sources' tables. A source's setting may still be written flat, under the key it
    had before the tables (`github = "octocat"`, `gitlab_url = ...`): it is read into its table."""
    tables = tables or {}
    aliases = {one.alias: (table, one) for table, ones in tables.items() for one in ones if one.alias}
    problems: list[str] = []
    given: dict[str, dict[str, Any]] = {}
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in tables and isinstance(value, dict):
            for name in value:
                old = next((one.alias for one in tables[key] if one.name == name and one.alias and one.alias != key
                            and one.alias in data), None)
                if old:
                    problems.append(f"{old} and [{key}] {name} are the same setting; keep one")
            given[key] = {**given.get(key, {}), **checked_table(key, value, tables[key], problems)}
        elif key in aliases:
            table, one = aliases[key]
            given.setdefault(table, {}).update(checked_table(table, {one.name: value}, (one,), problems))
        elif key in tables:  # `reading = true`: a source's settings are a table
            problems.append(f"{key} is a table: write [{key}] on a line of its own, then its keys "
                            f"({', '.join(one.name for one in tables[key])})")
        else:
            flat[key] = value
    values = checked_table("", flat, SETTINGS, problems, also=list(tables))
    if problems:
        said = "; ".join(problems)
        raise ConfigError(f"{path}: {said}" + ("" if said.endswith(("?", ".")) else "."))
    return values, given


def unknown(key: str, known: list[str], where: str = "") -> str:
    """An unknown key, with the nearest known one (`langauge`: did you mean `lang`?)."""
    import difflib

    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return (f"unknown key {key!r}{where}: did you mean {near[0]!r}?" if near else
            f"unknown key {key!r}{where} (known: {', '.join(known)})")


def checked_table(name: str, table: dict[str, Any], ones: tuple[Setting, ...], problems: list[str],
                  also: list[str] | None = None) -> dict[str, Any]:
    """A table's values (a source's `[name]`, or with `name` "" the file's own keys), each checked against its
    setting; problems name `[name] key`. `also`: other known names, for the nearest-key suggestion."""
    known = {one.name: one for one in ones}
    values: dict[str, Any] = {}
    for key, value in table.items():
        one = known.get(key)
        said = f"[{name}] {key}" if name else key
        if one is None:
            problems.append(unknown(key, [*known, *(also or [])], f" in [{name}]" if name else ""))
            continue
        problem = value_problem(one, value)
        if problem:
            problems.append(f"{said} {problem}" if problem.startswith("must") else f"{said}: {problem}")
            continue
        values[key] = [value] if one.kind is list and isinstance(value, str) else value
    return values


def value_problem(one: Setting, value: Any) -> str | None:
    """What is wrong with a value beyond its kind (a choice, a zone, a template, an address, a pattern), or None.
    Said without the key, so each face can name the setting its own way."""
    import difflib
    import string

    kind = wrong(one, value)
    if kind:
        return kind.removeprefix(f"{one.name} ")
    if one.choices and one.kind is list:
        strange = [v for v in ([value] if isinstance(value, str) else value) if v not in one.choices]
        if strange:
            return f"takes {', '.join(one.choices)}, not {strange[0]!r}"
    elif one.choices and value not in one.choices:
        allowed = " or ".join(one.choices) if len(one.choices) == 2 and one.name != "lang" else \
            f"one of {', '.join(one.choices)}"
        return f"must be {allowed}, not {value!r}"
    if one.name == "timezone":
        from retro.months import zone_named

        try:
            zone_named(value)
        except ValueError as error:
            return str(error)
    if one.name in TEMPLATE_FIELDS:
        fields = TEMPLATE_FIELDS[one.name]
        try:
            named = [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]
        except ValueError as error:
            return f"{value!r} is not a template ({error}); write fields as {{{fields[0]}}}"
        for field in named:
            if field not in fields:
                near = difflib.get_close_matches(field, fields, n=1, cutoff=0.5)
                hint = f"did you mean {{{near[0]}}}?" if near else f"use {', '.join('{' + f + '}' for f in fields)}"
                return f"{{{field}}} is not a field of {value!r}; {hint}"
    if (one.name in URLS or one.url) and not re.match(r"^https?://[^/\s]+", value):
        return f"{value!r} is not an http or https address"
    if one.name == "redact_patterns":
        for pattern in value if isinstance(value, list) else [value]:
            try:
                re.compile(pattern)
            except re.error as error:
                return f"{pattern!r} is not a regular expression ({error})"
    return None


def wrong(one: Setting, value: Any) -> str | None:
    """What is wrong with a value for a setting, or None."""
    key, example = one.name, one.example
    if one.kind is list:
        if isinstance(value, str):
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{key} must be a list of strings, like {key} = {example}"
    elif one.kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < one.minimum:
            least = "a positive whole number" if one.minimum == 1 else f"a whole number of at least {one.minimum}"
            return f"{key} must be {least}, like {key} = {example}"
    elif one.kind is bool:
        if not isinstance(value, bool):
            return f"{key} must be true or false, like {key} = {example}"
    elif one.kind is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return f"{key} must be a table of names to replacements, like {key} = {example}"
    elif not isinstance(value, str):
        return f"{key} must be a string, like {key} = {example}"
    return None


def markdown_table(tables: Tables | None = None) -> str:
    """The README's configuration table, generated from Config's fields and the sources' tables (a test keeps
    them equal)."""
    rows = ["| key | meaning | example |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.doc} | `{s.name} = {s.example}` |" for s in SETTINGS]
    for table, ones in (tables or {}).items():
        rows += [f"| `[{table}]` `{s.name}` | {s.doc}" + (f" (Formerly `{s.alias}`, still read.)" if s.alias else "")
                 + f" | `{s.name} = {s.example}` |" for s in ones]
    return "\n".join(rows)


def json_schema(tables: Tables | None = None) -> dict[str, Any]:
    """retro.toml as a JSON Schema (draft 2020-12), generated from Config's fields and the sources' tables, for
    editors and the docs."""
    kinds = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"},
             list: {"type": "array", "items": {"type": "string"}},
             dict: {"type": "object", "additionalProperties": {"type": "string"}}}

    def described(one: Setting) -> dict[str, Any]:
        said = {**kinds[one.kind], "description": re.sub(r"`([^`]*)`", r"\1", one.doc)}
        if one.kind is int:
            said["minimum"] = one.minimum
        if one.choices:
            said["enum"] = list(one.choices)
        return said

    properties: dict[str, Any] = {one.name: described(one) for one in SETTINGS}
    for table, ones in (tables or {}).items():
        inner = {"type": "object", "additionalProperties": False,
                 "properties": {one.name: described(one) for one in ones}}
        flat = next((one for one in ones if one.alias == table), None)  # `github = "octocat"` still reads
        properties[table] = {"anyOf": [inner, described(flat)]} if flat else inner
        for one in ones:
            if one.alias and one.alias != table:
                properties[one.alias] = {**described(one), "deprecated": True}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "retro.toml",
            "type": "object", "additionalProperties": False, "properties": properties}
