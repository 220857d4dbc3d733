"""What kind of change a commit is, from its subject and the paths it touched, in English and Korean.

Most projects do not write conventional-commit prefixes, so the kind is read in
three steps, the first that answers wins:

1. a conventional prefix (`feat(api)!: ...`), with its scope;
2. the subject's words: its leading verb once a non-conventional area prefix
   (`docs: `, `[ui] `, `api: `) is set aside, then telling keywords anywhere
   (`fix`, `typo`, `버그`, `추가`, ...);
3. the paths: only documentation touched -> docs, only tests -> test, only CI
   or build files -> ci or build; code that comes with its tests or docs -> feat
   (new or changed behaviour).

After the words and the paths, subjects that say no verb but name a thing of
the program's surface are telling, and become `feat`: an option (`--chain-limit
option`, `llm -T toolname`), a method, property, function or call
(`Prompt.tool_results property`, `response.tool_calls() methods`,
`tool_calls_or_raise()`), a class or dataclass (`ToolResult dataclass`), a
command or subcommand, or work that closes an issue (`..., closes #994`). A
project whose subjects are bare names writes them when that surface is added or
changed; had it been a bug, the subject would say fix, bug or error, which the
words read first. So do `Got X working` and `Better ...` (new or better behaviour). These are the weakest
signs: a subject whose paths are all docs or all tests is docs or test still. One
such subject is a rename, not new surface: `X is now Y` between two code names
(`dict() is now model_dump()`) becomes `refactor`.

Kinds are conventional-commit types (`feat`, `fix`, ...), or `other`.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

TYPES = ("feat", "fix", "docs", "perf", "refactor", "test", "build", "ci", "style", "chore", "revert")
TYPE_ALIASES = {"feature": "feat", "bugfix": "fix", "doc": "docs", "tests": "test", "deps": "build",
                "dep": "build", "release": "chore", "hotfix": "fix", "perf": "perf", "security": "fix",
                "i18n": "feat", "l10n": "feat", "example": "docs", "examples": "docs", "typo": "docs",
                "lint": "style", "format": "style", "cleanup": "refactor", "bump": "build"}

# Conventional-commit prefix: "feat(api)!: add x" -> ("feat", "api").
CONVENTIONAL = re.compile(r"^\s*([A-Za-z]+)(?:\(([^)]*)\))?!?:\s")
# An area prefix that is not a type: "api: ...", "[ui] ...", "docs/guide: ...", "gh-123: ...".
AREA = re.compile(r"^\s*(?:\[[^\]]{1,40}\]\s*|[\w./\-]{1,40}:\s+)")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[가-힣]+")  # "don't" is one word

# Leading verbs (English) and the kind they say; matched on the first word, any case and tense.
VERBS: dict[str, str] = {}
for kind, words in {
    "feat": "backfill record records store stores group groups write writes carry carries hash mark marks "
            "capture captures log logs load loads enforce enforces "
            "localisation localization localise localize translate translation prototype skeleton "
            "add adds added adding implement implements implemented introduce introduces introduced support "
            "supports supported allow allows allowed enable enables enabled create creates created new "
            "provide provides expose exposes extend extends teach let lets make makes accept accepts "
            "improve improves improved enhance enhances enhanced render show shows display initial init "
            "generate generates include includes use uses port",
    "fix": "fix fixes fixed fixing correct corrects corrected resolve resolves resolved repair repairs handle "
           "handles handled prevent prevents prevented avoid avoids avoided guard restore restores restored "
           "workaround work ensure ensures stop stops catch catches patch patched preserve preserves keep keeps "
           "settle settles don't doesn't dont not never",
    "docs": "document documents documented doc docs readme changelog typo typos reword rephrase clarify "
            "clarifies explain explains describe mention comment comments",
    "test": "test tests testing",
    "refactor": "refactor refactors refactored refactoring clean cleans cleanup rename renames renamed move "
                "moves moved simplify simplifies simplified restructure reorganize reorganise extract extracts "
                "split splits inline merge unify consolidate replace replaces replaced rewrite rework "
                "tidy drop drops dropped remove removes removed delete deletes deleted deprecate deprecates "
                "dedupe deduplicate streamline reshape fold consolidate typing annotate annotations apply "
                "ditch ditches reorder reorders factor factors rationalize rationalise",
    "build": "bump bumps bumped upgrade upgrades upgraded pin pins pinned vendor require requires "
             "dependency dependencies deps build builds package packaging",
    "ci": "ci",
    "chore": "release releases released prepare version update updates updated regenerate sync chore "
             "changelog",
    "perf": "speed optimize optimise optimizes optimized cache caches faster perf",
    "style": "format formats formatted lint reformat style whitespace black ruff ran",
    "revert": "revert reverts reverted undo",
}.items():
    for word in words.split():
        VERBS.setdefault(word, kind)

# Telling words anywhere in the subject, in order of precedence.
KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revert", re.compile(r"\brevert", re.IGNORECASE)),
    ("fix", re.compile(r"\b(?:fix\w*|bugs?|crash\w*|regression|hotfix|broken|error|issue|fail\w*|wrong|leak)\b"
                       r"|수정|버그|고침|고쳤|오류|에러|해결|핫픽스", re.IGNORECASE)),
    ("docs", re.compile(r"\b(?:docs?|documentation|readme|typos?|changelog|docstrings?|guide|tutorial)\b"
                        r"|문서|오타|설명", re.IGNORECASE)),
    ("test", re.compile(r"\b(?:tests?|testing|pytest|coverage|spec)\b|테스트", re.IGNORECASE)),
    ("perf", re.compile(r"\b(?:perf\w*|faster|speed\s*up|optimi[sz]\w*|latency|memory)\b|성능|최적화",
                        re.IGNORECASE)),
    ("ci", re.compile(r"\b(?:ci|github actions|workflows?|pipeline)\b", re.IGNORECASE)),
    ("build", re.compile(r"\b(?:bump\w*|upgrade\w*|deps|dependenc\w*|requirements|lockfile)\b|의존성|업그레이드",
                         re.IGNORECASE)),
    ("refactor", re.compile(r"\b(?:refactor\w*|clean\s*up|cleanup|renam\w*|simplif\w*)\b|리팩터|리팩토링|정리",
                            re.IGNORECASE)),
    ("chore", re.compile(r"\b(?:release|version|v?\d+\.\d+(?:\.\d+)?)\b|릴리스|배포|버전", re.IGNORECASE)),
    ("feat", re.compile(r"\b(?:add\w*|support\w*|implement\w*|introduc\w*|new|feature|allow\w*|enabl\w*"
                        r"|prototype)\b"
                        r"|추가|구현|도입|지원|기능|개선|만들", re.IGNORECASE)),
)

DOC_SUFFIXES = (".md", ".rst", ".txt", ".adoc", ".markdown")
DOC_NAMES = ("readme", "changelog", "changes", "news", "history", "authors", "contributing", "license",
             "copying", "notice")
BUILD_NAMES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements", "package.json", "package-lock.json",
               "yarn.lock", "pnpm-lock.yaml", "cargo.toml", "cargo.lock", "go.mod", "go.sum", "poetry.lock",
               "uv.lock", "pipfile", "gemfile", "makefile", "dockerfile", "tox.ini", "noxfile.py",
               "constraints.txt", "manifest.in")


def path_kind(path: str) -> str:
    """'docs', 'test', 'ci', 'build' or '' for one path."""
    lower = path.lower()
    name = lower.rsplit("/", 1)[-1]
    parts = lower.split("/")
    if lower.startswith((".github/", ".gitlab-ci", ".circleci/", ".ci/", ".travis", "azure-pipelines",
                         ".pre-commit")):
        return "ci"
    if any(p in ("test", "tests", "testing", "spec", "specs", "__tests__", "testdata", "fixtures") for p in parts[:-1]) \
            or name.startswith("test_") or re.search(r"[._-](test|spec)s?\.\w+$", name):
        return "test"
    if parts[0] in ("doc", "docs", "documentation", "man") or name.endswith(DOC_SUFFIXES) \
            or name.split(".")[0] in DOC_NAMES:
        return "docs"
    if name.startswith(BUILD_NAMES) or name.endswith((".lock",)):
        return "build"
    return ""


@functools.lru_cache(maxsize=65536)
def conventional(subject: str) -> tuple[str, str, str] | None:
    """(type, scope, summary) for a conventional subject, else None."""
    match = CONVENTIONAL.match(subject)
    if not match:
        return None
    word = match.group(1).lower()
    word = TYPE_ALIASES.get(word, word)
    if word not in TYPES:
        return None
    return word, (match.group(2) or "").strip(), subject[match.end():].strip() or subject.strip()


@functools.lru_cache(maxsize=65536)
def from_words(subject: str) -> str | None:
    """The kind the subject's words say: its leading verb, else a telling keyword; None when they say nothing."""
    rest = AREA.sub("", subject, count=1) if not conventional(subject) else subject
    area = subject[:len(subject) - len(rest)].strip(" :[]").lower()
    if area in TYPE_ALIASES or area in TYPES:
        return TYPE_ALIASES.get(area, area)
    words = WORD.findall(rest)
    if words:
        first = words[0].lower()
        if first in VERBS:
            return VERBS[first]
    for kind, pattern in KEYWORDS:
        if pattern.search(subject):
            return kind
    return None


# A thing of the program's surface, named (see the module's docstring).
CODE_WORDS = r"(?:methods?|property|properties|dataclass(?:es)?|class(?:es)?|functions?|attributes?|arguments?" \
             r"|parameters?|options?|flags?|commands?|subcommands?|hooks?|endpoints?|decorators?)"
EXTENSIONS = ("py", "md", "rst", "txt", "js", "ts", "json", "yml", "yaml", "toml", "cfg", "ini", "html", "css",
              "sh", "lock", "in", "c", "h", "go", "rs", "java", "rb", "io", "com", "org")
SURFACE = (
    re.compile(r"(?:^|\s)-{1,2}[A-Za-z][\w-]*"),  # an option: --since, -T
    re.compile(r"\w\(\)|(?:^|\s)\.\w+\("),  # a call: tool_calls_or_raise(), .chain()
    re.compile(r"\bclose[sd]?\s+#\d+", re.IGNORECASE),  # closes an issue
    re.compile(r"^\s*(?:better|got)\b", re.IGNORECASE),  # "Better output for ...", "Got X working"
    re.compile(rf"\b{CODE_WORDS}\b", re.IGNORECASE),
)
DOTTED = re.compile(r"\b[A-Za-z_]\w*\.([A-Za-z_]\w*)")  # Prompt.tool_results, not README.md
RENAME = re.compile(r"[\w.()]+\s+is now\s+[\w.()]+")
CODE_NAME = re.compile(r"[._(]")


def surface(subject: str) -> str | None:
    """'feat' for a subject that names a thing of the program's surface, 'refactor' for a rename of one."""
    rename = RENAME.search(subject)
    if rename and len(CODE_NAME.findall(rename.group(0))) >= 2:
        return "refactor"
    if any(pattern.search(subject) for pattern in SURFACE):
        return "feat"
    if any(found.group(1).lower() not in EXTENSIONS for found in DOTTED.finditer(subject)):
        return "feat"
    return None


# Leading verbs that say little by themselves ("Update README.md"): the paths speak first.
GENERIC = frozenset({"update", "updates", "updated", "change", "changes", "changed", "tweak", "tweaks", "adjust",
                     "improve", "improves", "improved", "use", "uses", "make", "makes", "set", "modify", "sync",
                     "move", "moves", "moved", "remove", "removes", "removed", "delete", "replace", "better",
                     "don't", "doesn't", "dont"})


def classify(subject: str, paths: Iterable[str] = ()) -> str:
    """The kind of a commit: conventional prefix, then its words, then its paths; 'other' when none says."""
    found = conventional(subject)
    if found:
        return found[0]
    kinds = {path_kind(p) for p in paths}
    by_path = next(iter(kinds)) if len(kinds) == 1 and "" not in kinds else None
    words = WORD.findall(AREA.sub("", subject, count=1))
    if by_path and words and words[0].lower() in GENERIC:
        return by_path
    # Code that comes with its tests or its docs, and nothing that says otherwise: new or changed behaviour.
    if not by_path and "" in kinds and kinds & {"test", "docs"}:
        by_path = "feat"
    return from_words(subject) or by_path or surface(subject) or "other"


def summary(subject: str) -> str:
    """The subject without its conventional prefix or its area prefix (`api: `, `[ui] `)."""
    found = conventional(subject)
    if found:
        return found[2]
    if scope(subject):
        return AREA.sub("", subject, count=1).strip() or subject.strip()
    return subject.strip()


@functools.lru_cache(maxsize=65536)
def scope(subject: str) -> str:
    """A conventional scope (`feat(api): ...` -> 'api') or an area prefix (`api: ...`, `[ui] ...`), else ''."""
    found = conventional(subject)
    if found:
        return found[1]
    rest = AREA.sub("", subject, count=1)
    area = subject[:len(subject) - len(rest)].strip(" :[]")
    return "" if area.lower() in TYPE_ALIASES or area.lower() in TYPES or " " in area else area
