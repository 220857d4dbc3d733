"""The draft pipeline: collect -> notes -> body (a model, or the offline drafter) -> post file."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import activity as activity_module
from . import notes as notes_module
from . import offline, post, sources
from .config import Config
from .errors import DraftError, ModelConfigError, ModelError
from .selection import Selection
from .sources import notes as notes_source

OFFLINE = "offline"
Say = Callable[[str], None]


@dataclass
class Options:
    """How a body is written: by which models, in what language, and what to tell the author."""

    lang: str
    model: str | None
    say: Say
    stream: Callable[[str], None] | None = None  # where a model's text goes as it arrives
    dry_run: bool = False


@dataclass
class DraftResult:
    path: Path
    post: post.Post | None  # None after a dry run
    activity: activity_module.Activity
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)  # what a dry run would send
    tokens: int = 0
    redaction: str = ""  # after a dry run: the rule that decided whether the prompt was redacted


def model_chain(model: str | None, config: Config) -> list[str]:
    """The model, then retro.toml's fallbacks; just the offline drafter when no model is set."""
    if not model or model == OFFLINE:
        return [OFFLINE]
    return list(dict.fromkeys([model, *config.get("fallbacks")]))


def clean_model_text(text: str) -> str:
    """Drop a code fence or front matter a model wrapped its answer in: retro writes the front matter."""
    text = text.strip()
    if text.startswith("```"):
        lines = text.splitlines()
        if lines[-1].strip().startswith("```"):
            text = "\n".join(lines[1:-1]).strip()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4:].lstrip("\n")
    return text


def safe_body(answer: str, say: Say) -> str:
    """A model's answer as a post body: unwrapped, sanitised (nothing in it can run), with its excerpt marker."""
    from .sanitise import sanitise

    cleaned = sanitise(clean_model_text(answer))
    for warning in cleaned.warnings():
        say(f"warning: {warning}")
    return post.ensure_more_marker(cleaned.text)


def style_examples(config: Config, exclude: Path, say: Say, before: str | None = None) -> list[str]:
    """Bodies of the author's published posts in the first configured category, newest first.

    Only posts dated before `before` (an ISO date, the first day of the month being drafted): never
    the month's own post, nor a later one.
    """
    import frontmatter

    from .check import check_front_matter

    wanted = int(config.get("style_examples"))
    if not wanted:
        return []
    category = (config.get("categories") or [None])[0]
    found = []
    for path in sorted((config.root / "posts").glob("*.md")):
        if path == exclude:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        problems, meta = check_front_matter(path.relative_to(config.root), text)
        if meta is None:  # broken: not a reason to stop drafting, but the author should know
            say(f"warning: {problems[0]}; skipped as an example of your voice")
            continue
        categories = meta.get("categories") or []
        if meta.get("draft") or (category and category not in categories):
            continue
        if before and str(meta.get("date", ""))[:10] >= before:
            continue
        found.append((str(meta.get("date", "")), frontmatter.loads(text).content))
    return [body for _, body in sorted(found, key=lambda item: item[0], reverse=True)[:wanted]]


def redacted(
    facts: activity_module.Activity, notes: notes_module.Notes, examples: list[str], config: Config
) -> tuple[activity_module.Activity, notes_module.Notes, list[str], Counter[str]]:
    """Copies of everything the prompt quotes, with secrets and the author's private names removed.

    Commit subjects, notes, style examples, and the titles of pull requests, issues, threads, releases and
    calendar events: all of it may be other people's text, and all of it goes through the same redaction.
    """
    from . import redact

    rules = redact.Rules(drop=list(config.get("redact_patterns")), replace=dict(config.get("redact_names")))
    found: Counter[str] = Counter()

    def clean(text: str) -> str:
        result = redact.redact(text, rules)
        found.update(result.found)
        return result.text

    repos = [
        dataclasses.replace(repo, commits=[dataclasses.replace(c, subject=clean(c.subject))
                                           for c in repo.commits])
        for repo in facts.repos
    ]
    quiet_notes = notes_module.Notes(notes.path, clean(notes.text)) if notes else notes
    forges = [dataclasses.replace(
        forge, **{kind: [dataclasses.replace(item, title=clean(item.title)) for item in getattr(forge, kind)]
                  for kind in ("opened", "merged", "reviews", "issues_opened", "issues_closed", "threads")},
        releases=[dataclasses.replace(r, name=clean(r.name), tag=clean(r.tag)) for r in forge.releases],
    ) for forge in facts.forges]
    calendar = facts.calendar
    if calendar is not None:
        calendar = dataclasses.replace(
            calendar, series=[dataclasses.replace(x, title=clean(x.title)) for x in calendar.series],
            meetings=[dataclasses.replace(x, title=clean(x.title)) for x in calendar.meetings],
            all_day=[dataclasses.replace(x, title=clean(x.title)) for x in calendar.all_day])
    quiet = dataclasses.replace(facts, repos=repos, forges=forges, calendar=calendar)
    return quiet, quiet_notes, [clean(e) for e in examples], found


def prepare(facts, notes, model: str, config: Config, lang: str, target: Path, say: Say):
    """The prompt for `model`: redacted unless the model is local, fitted to its window."""
    from . import llm, prompt

    litellm = llm.import_litellm()
    examples = style_examples(config, target, say, before=facts.month.first_day.isoformat())
    rule = llm.rule_for(model, config)
    if rule.redact:
        facts, notes, examples, found = redacted(facts, notes, examples, config)
        if found:
            say("redacted before sending: " + ", ".join(f"{n} {kind}" for kind, n in sorted(found.items())))
    try:
        window = int(litellm.get_model_info(model).get("max_input_tokens") or 0)
    except Exception:  # a model LiteLLM has no card for, such as one behind a proxy
        window = 0
    window = window or int(config.get("context_window"))
    built = prompt.build(
        facts, notes, lang, examples,
        lambda messages: litellm.token_counter(model=model, messages=messages),
        window, int(config.get("answer_tokens")),
    )
    built.redaction = rule.why
    if built.left_out:
        say(f"left out to fit {model}'s {window:,}-token window: {', '.join(built.left_out)}")
    if not built.fits:
        raise ModelError(
            f"{model}: the headline numbers, summaries and notes alone take {built.tokens:,} tokens, more than "
            f"the {built.budget:,} this window leaves; shorten the notes or use a model with a larger window."
        )
    return built


def write_body(facts, notes, options: Options, config: Config, target: Path):
    """(body, who wrote it, the prompt) from the first model in the chain that answers."""
    from . import factcheck

    chain = model_chain(options.model, config)
    for index, name in enumerate(chain):
        if name == OFFLINE:
            return offline.draft_body(facts, notes, options.lang, str(config.get("ko_style"))), OFFLINE, None
        try:
            from . import llm

            built = prepare(facts, notes, name, config, options.lang, target, options.say)
            if options.dry_run:
                return "", name, built
            options.say(f"drafting with {name} ...")
            completion = llm.complete(
                built.messages, name, config.api_base, float(config.get("timeout")),
                max_tokens=int(config.get("answer_tokens")), stream=options.stream, say=options.say,
            )
            if options.stream:
                options.say("")
            options.say(completion.summary())
            body = safe_body(completion.text, options.say)
            for finding in factcheck.check(body, facts, notes):
                options.say(f"fact check: {finding}")
            return body, name, built
        except ModelConfigError as error:
            # A wrong key or model name is the author's to fix: no fallback writes over last run's post.
            raise ModelConfigError(f"{error.message} Nothing was written.") from None
        except ModelError as error:
            if options.dry_run:
                raise
            following = chain[index + 1] if index + 1 < len(chain) else None
            then = {None: "", OFFLINE: " Falling back to the offline drafter."}.get(following, f" Trying {following}.")
            options.say(f"warning: {error.message}{then}")
            if following is None:
                raise DraftError(f"every model failed ({', '.join(chain)}); nothing was written. Add \"offline\" "
                                 "to fallbacks in retro.toml to always get a draft.") from None
    raise AssertionError("unreachable: the chain is never empty")


def import_quietly() -> None:
    try:
        from . import llm

        llm.import_litellm()
    except Exception:  # the draft itself will say what is wrong when it needs the model
        pass


def draft(config: Config, selection: Selection, notes_file: Path | None, options: Options, force: bool,
          want: sources.Wanted | None = None) -> DraftResult:
    say = options.say
    want = want or sources.Wanted()
    target = month_post(config, selection.month)
    if not options.dry_run:
        post.refuse_overwrite(target, force, selection.month)  # before the slow part, so a refusal costs nothing
        post.check_folder(target.parent)
    notes, chosen_notes = notes_source.collect(config, selection.month, notes_file)
    warnings = list(notes.warnings)
    if model_chain(options.model, config) != [OFFLINE]:
        # LiteLLM takes seconds to import: let it load while the sources are read.
        threading.Thread(target=import_quietly, daemon=True).start()
    others = [f" and {name}" for name in want.names]
    say(f"reading {offline.count(len(selection.repos) + len(selection.found), 'repository', 'repositories')}"
        f"{''.join(others)} for {selection.month} ...")
    facts = sources.collect(selection, want, config.root, say)
    for repo in facts.repos:
        warnings += repo.warnings
    warnings += [f"skipped {path}: {reason}" for path, reason in facts.skipped]
    warnings += facts.source_warnings
    say(f"found {offline.count(facts.commits, 'commit')} in "
        f"{offline.count(len(facts.active_repos), 'active repository', 'active repositories')}"
        + (f"; notes from {chosen_notes}" if chosen_notes else "; no notes"))
    body, drafted_by, built = write_body(facts, notes, options, config, target)
    if options.dry_run and built is not None:  # a model's dry run: what it would be sent
        return DraftResult(target, None, facts, None, warnings, built.messages, built.tokens, built.redaction)
    the_post, picture = compose(config, selection.month, facts, body, drafted_by, options.lang)
    if options.dry_run:  # offline: the whole post it would write, and nothing written
        return DraftResult(target, the_post, facts, None, warnings)
    backup = save(config, target, the_post, picture, force)
    return DraftResult(target, the_post, facts, backup, warnings)


def month_post(config: Config, month) -> Path:
    """The month's post file, whatever it is called (see post.month_post)."""
    category = (config.get("categories") or [None])[0]
    return post.month_post(config.root / "posts", month, category)


def compose(config: Config, month, facts, body: str, drafted_by: str, lang: str):
    """(the Post under retro's front matter, its picture (path, svg) or None) for a month's body.

    Without facts (no repository to read), the post has neither picture nor figures in its description.
    """
    picture = None
    if facts is not None and facts.commits:
        from . import chart

        target = post.draft_path(config.root / "posts", month)
        picture = (target.parent / chart.image_path(str(month)), chart.svg(facts, lang))
        body = post.insert_after_more(body, chart.markdown(facts, lang))
    title = str(config.get("title")).format(month=month, year=month.year, month_name=month.name)
    the_post = post.Post(
        title=title,
        date=month.last_day,
        body=body,
        categories=list(config.get("categories")),
        tags=list(config.get("tags")),
        description=offline.description(facts, lang) if facts is not None else offline.bare_description(month, lang),
        drafted_by=drafted_by,
    )
    return the_post, picture


def save(config: Config, target: Path, the_post: post.Post, picture, force: bool) -> Path | None:
    """Write the post and its picture together (temporary file and rename, a backup of what it replaces)."""
    previous = target.read_bytes() if target.exists() else None
    backup = post.write(target, the_post.render(), force=force, root=config.root)
    if picture:
        try:
            post.write(*picture, force=True, backup=False)
        except BaseException:
            # The post and its picture go together: without the picture, put the old post back.
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                post.write(target, previous.decode("utf-8"), force=True, backup=False)
            raise
    return backup
