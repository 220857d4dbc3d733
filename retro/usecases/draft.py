"""Draft a month: collect -> notes -> body (a model, or the offline drafter) -> the month's post file.

Both faces call `draft` with typed arguments and get a DraftResult: what was
written, and every problem met on the way as a record. Progress lines (what is
being read, which model is drafting) go to `progress` when the caller wants them.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from retro import sources
from retro.usecases import collect as collecting
from retro.blog import post
from retro.config import Config
from retro.errors import DraftError, ModelConfigError, ModelError
from retro.problems import WARNING, Problem
from retro.sources import notes as notes_source
from retro.sources.facts.commits import Activity
from retro.sources.facts.notes import Notes
from retro.usecases import drafted as drafted_from
from retro.usecases.save import compose, month_post, save
from retro.usecases.selection import Request, Selection
from retro.words import count

OFFLINE = "offline"
Progress = Callable[[str], None]


def quiet(_line: str) -> None:
    """No progress wanted."""


@dataclass
class Options:
    """How a body is written: by which models, in what language, and who hears of progress."""

    lang: str
    model: str | None
    progress: Progress = quiet
    fmt: str = "free"  # free, kpt or 4ls (see writing/formats.py)
    stream: Callable[[str], None] | None = None  # where a model's text goes as it arrives
    dry_run: bool = False

    @classmethod
    def of(cls, config: Config, progress: Progress = quiet, stream: Callable[[str], None] | None = None,
           dry_run: bool = False) -> "Options":
        """The options a config holds already (its language, model and format), with the face's listeners."""
        return cls(config.lang, config.model, progress, config.format, stream, dry_run)


@dataclass
class DraftResult:
    path: Path
    post: post.Post | None  # None after a model's dry run
    activity: Activity
    backup: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)  # what a dry run would send
    tokens: int = 0
    redaction: str = ""  # after a dry run: the rule that decided whether the prompt was redacted


def model_chain(model: str | None, config: Config) -> list[str]:
    """The model, then retro.toml's fallbacks; just the offline drafter when no model is set."""
    if not model or model == OFFLINE:
        return [OFFLINE]
    return list(dict.fromkeys([model, *config.fallbacks]))


def style_examples(config: Config, exclude: Path, problems: list[Problem], before: str | None = None) -> list[str]:
    """Bodies of the author's published posts in the retrospective category, newest first.

    Only posts dated before `before` (an ISO date, the first day of the month being drafted): never
    the month's own post, nor a later one. A broken post is a problem, not a reason to stop.
    """
    import frontmatter

    from retro.blog.check import check_front_matter

    wanted = config.style_examples
    if not wanted:
        return []
    category = config.retrospective_category
    found = []
    for path in sorted((config.root / "posts").glob("*.md")):
        if path == exclude:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        checked, meta = check_front_matter(path.relative_to(config.root), text)
        if meta is None:
            problems.append(Problem(f"{checked[0]}; skipped as an example of your voice", WARNING, "voice",
                                    checked[0].file, checked[0].line))
            continue
        categories = meta.get("categories") or []
        if meta.get("draft") or (category and category not in categories):
            continue
        if before and str(meta.get("date", ""))[:10] >= before:
            continue
        found.append((str(meta.get("date", "")), frontmatter.loads(text).content))
    return [body for _, body in sorted(found, key=lambda item: item[0], reverse=True)[:wanted]]


def redacted(facts: Activity, notes: Notes, examples: list[str], config: Config
             ) -> tuple[Activity, Notes, list[str], Counter[str]]:
    """Copies of everything the prompt quotes, with secrets and the author's private names removed.

    Every field of the facts marked as other people's text (commit subjects, titles of pull requests,
    issues, threads, releases and calendar events), the notes and the style examples.
    """
    from retro.writing.model import redact

    rules = redact.rules_for(config)
    found: Counter[str] = Counter()

    def clean(text: str) -> str:
        result = redact.redact(text, rules)
        found.update(result.found)
        return result.text

    quiet_facts = redact.redact_facts(facts, clean)
    quiet_notes = redact.redact_facts(notes, clean) if notes else notes
    return quiet_facts, quiet_notes, [clean(e) for e in examples], found


def prepare(facts: Activity, notes: Notes, model: str, config: Config, options: Options, target: Path,
            problems: list[Problem]):
    """The prompt for `model`: redacted unless the model is local, fitted to its window."""
    progress = options.progress
    from retro.writing.model import llm
    from retro.writing.model import prompt

    litellm = llm.import_litellm()
    examples = style_examples(config, target, problems, before=facts.month.first_day.isoformat())
    rule = llm.rule_for(model, config)
    if rule.redact:
        facts, notes, examples, found = redacted(facts, notes, examples, config)
        if found:
            progress("redacted before sending: " + ", ".join(f"{n} {kind}" for kind, n in sorted(found.items())))
    try:
        window = int(litellm.get_model_info(model).get("max_input_tokens") or 0)
    except Exception:  # a model LiteLLM has no card for, such as one behind a proxy
        window = 0
    window = window or config.context_window
    built = prompt.build(
        facts, notes, options.lang, examples,
        lambda messages: litellm.token_counter(model=model, messages=messages),
        window, config.answer_tokens, options.fmt,
    )
    built.redaction = rule.why
    if built.left_out:
        progress(f"left out to fit {model}'s {window:,}-token window: {', '.join(built.left_out)}")
    if not built.fits:
        raise ModelError(
            f"{model}: the headline numbers, summaries and notes alone take {built.tokens:,} tokens, more than "
            f"the {built.budget:,} this window leaves; shorten the notes or use a model with a larger window."
        )
    return built


def first_answer(chain: list[str], offline: Callable[[], str], model: Callable[[str], tuple[str, object]],
                 options: Options, problems: list[Problem]):
    """(body, who wrote it, what `model` returned beside the body) from the first of the chain that answers.

    An outage (ModelError) moves on to the next, with a warning; a model set up wrong (ModelConfigError)
    stops here, and so does the end of the chain: nothing is written either way.
    """
    for index, name in enumerate(chain):
        if name == OFFLINE:
            return offline(), OFFLINE, None
        try:
            body, built = model(name)
            return body, name, built
        except ModelConfigError as error:
            # A wrong key or model name is the author's to fix: no fallback writes over last run's post.
            raise ModelConfigError(f"{error.text} Nothing was written.", problems) from None
        except ModelError as error:
            if options.dry_run:
                raise
            following = chain[index + 1] if index + 1 < len(chain) else None
            then = {None: "", OFFLINE: " Falling back to the offline drafter."}.get(following, f" Trying {following}.")
            problems.append(Problem(f"{error.text}{then}", WARNING, name))
            if following is None:
                raise DraftError(f"every model failed ({', '.join(chain)}); nothing was written. Add \"offline\" "
                                 "to fallbacks in retro.toml to always get a draft.", problems) from None
    raise AssertionError("unreachable: the chain is never empty")


def write_body(facts: Activity, notes: Notes, options: Options, config: Config, target: Path,
               problems: list[Problem]):
    """(body, who wrote it, the prompt) from the first model in the chain that answers."""
    from retro.writing.checks import facts as factcheck
    from retro.writing.offline import body as offline

    def drafted(name: str):
        from retro.writing.model import llm
        from retro.writing.checks.sanitise import safe_body

        built = prepare(facts, notes, name, config, options, target, problems)
        if options.dry_run:
            return "", built
        options.progress(f"drafting with {name} ...")
        completion = llm.complete(
            built.messages, name, config.api_base, float(config.timeout),
            max_tokens=config.answer_tokens, stream=options.stream, say=options.progress,
        )
        if options.stream:
            options.progress("")
        options.progress(completion.summary())
        body, removed = safe_body(completion.text)
        problems.extend(removed)
        problems.extend(factcheck.check(body, facts, notes))
        return body, built

    return first_answer(model_chain(options.model, config),
                        lambda: offline.draft_body(facts, notes, options.lang, config.ko_style, options.fmt),
                        drafted, options, problems)


def import_quietly() -> None:
    try:
        from retro.writing.model import llm

        llm.import_litellm()
    except Exception:  # the draft itself will say what is wrong when it needs the model
        pass


def reading_problems(facts: Activity) -> list[Problem]:
    """What reading the month met: shallow clones, folders skipped, sources that failed."""
    problems = [problem for repo in facts.repos for problem in repo.problems]
    problems += [Problem(f"skipped {path}: {reason}", WARNING, "git", path) for path, reason in facts.skipped]
    problems += [Problem(f"{name}: {why}", WARNING, name) for name, why in facts.source_errors.items()]
    return problems


def draft(config: Config, selection: Selection, notes_file: Path | None, options: Options, force: bool,
          request: Request | None = None) -> DraftResult:
    """Draft the month's post (see the module's docstring); refuses an existing one without `force`.

    `selection` is `request` resolved (selection.selected): a face that has resolved it already passes both."""
    progress = options.progress
    want = sources.wanted(config, request.sources if request else None)
    target = month_post(config, selection.month)
    if not options.dry_run:
        post.refuse_overwrite(target, force, selection.month)  # before the slow part, so a refusal costs nothing
        post.check_folder(target.parent)
    notes, chosen_notes = notes_source.collect(config, selection.month, notes_file)
    problems = list(notes.problems)
    if model_chain(options.model, config) != [OFFLINE]:
        # LiteLLM takes seconds to import: let it load while the sources are read.
        threading.Thread(target=import_quietly, daemon=True).start()
    others = [f" and {name}" for name in want]
    progress(f"reading {count(len(selection.repos) + len(selection.found), 'repository', 'repositories')}"
             f"{''.join(others)} for {selection.month} ...")
    facts = collecting.read(config, selection, progress=progress, notes=notes, want=want)
    problems += reading_problems(facts)
    progress(f"found {count(facts.commits, 'commit')} in "
             f"{count(len(facts.active_repos), 'active repository', 'active repositories')}"
             + (f"; notes from {chosen_notes}" if chosen_notes else "; no notes"))
    body, drafted_by, built = write_body(facts, notes, options, config, target, problems)
    if options.dry_run and built is not None:  # a model's dry run: what it would be sent
        return DraftResult(target, None, facts, None, problems, built.messages, built.tokens, built.redaction)
    the_post, picture = compose(config, selection.month, facts, body, drafted_by, options.lang)
    if options.dry_run:  # offline: the whole post it would write, and nothing written
        return DraftResult(target, the_post, facts, None, problems)
    backup = save(config, target, the_post, picture, force)
    drafted_from.remember(config.root, target, selection)
    return DraftResult(target, the_post, facts, backup, problems)



def agent_brief(config: Config, request: Request) -> tuple[str, str]:
    """(retro's writing instructions, the month's digest fenced as data) for an agent that writes the post itself
    (MCP's retrospective prompt), redacted as for any remote model."""
    from retro.usecases.collect import collect
    from retro.usecases.selection import selected
    from retro.writing.model import llm
    from retro.writing.model import prompt

    chosen = selected(config, request)
    facts = collect(config, chosen, request)
    notes, _ = notes_source.collect(config, chosen.month, None)
    if llm.redaction_rule("agent", None, config.redact).redact:  # the agent's model is as likely remote as any
        facts, notes, _, _ = redacted(facts, notes, [], config)
    return prompt.system_prompt(config.lang, []), prompt.fenced(prompt.digest(facts, notes))
