"""The year in review: the whole year read in one walk a repository, with the same selection and sources as a
month, told against the year before and through the author's twelve monthly posts.

Offline, writing/year.py tells it. With a model, the digest is the year's facts and then the monthly posts,
most recent first; when they do not fit the window, the oldest posts' bodies go first, then every body but its
first paragraph (the facts always stay), and the model's text is fact-checked against the year.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from retro import sources
from retro.usecases import collect as collecting
from retro.blog import post
from retro.config import Config
from retro.months import Year
from retro.problems import Problem
from retro.sources import notes as notes_source
from retro.sources.facts.commits import Activity
from retro.usecases import drafted
from retro.usecases.draft import DraftResult, Options, first_answer, model_chain, reading_problems
from retro.usecases.save import month_post, save
from retro.usecases.selection import Request, Selection, selected
from retro.words import count, insert_after_more
from retro.writing.formats import format_section
from retro.writing.offline.year_post import MONTHS_KO, YearFacts, month_rows, opening_paragraph


def year_path(config: Config, year: Year) -> Path:
    return config.root / "posts" / f"{year}-year-in-review.md"


def year_facts(config: Config, facts: Activity, lang: str) -> YearFacts:
    """The year's months with their posts (linked when published) and openings, and the notes' themes."""
    import frontmatter

    from retro.months import MONTH_NAMES

    year = facts.month
    names = MONTHS_KO if lang == "ko" else list(MONTH_NAMES[1:])
    rows = month_rows(facts, names)
    themes: Counter = Counter()
    for row, month in zip(rows, year.months):
        path = month_post(config, month)
        if path.is_file():
            try:
                document = frontmatter.loads(path.read_text(encoding="utf-8"))
            except Exception:  # noqa: BLE001 - a broken post is retro check's to report, not the year's
                document = None
            if document is not None:
                row.opening = opening_paragraph(document.content)
                row.title = str(document.metadata.get("title") or "")
                if not document.metadata.get("draft"):
                    row.post = path.name
        notes, _ = notes_source.collect(config, month, None)
        for theme in notes.themes:
            if theme.title and not theme.is_plan and not theme.is_reflection and not format_section(theme.title):
                themes[theme.title] += 1
    return YearFacts(facts, rows, themes)


def posts_text(found: YearFacts) -> str:
    """The author's own words the year quotes, for the fact check: a number written there is theirs (the monthly
    posts' openings, the notes' themes), and so are the titles of meetings it names."""
    calendar = found.activity.calendar
    titles = [s.title for s in calendar.series] if calendar else []
    return "\n".join([row.opening for row in found.months] + list(found.themes) + titles)


def draft_year(config: Config, request: Request, options: Options, force: bool) -> DraftResult:
    """Draft posts/YYYY-year-in-review.md (see the module's docstring): `request` names its year."""
    from retro.writing.charts import year as year_chart

    selection = selected(config, request)
    want = sources.wanted(config, request.sources)
    year: Year = selection.month  # type: ignore[assignment]
    target = year_path(config, year)
    if not options.dry_run:
        post.refuse_overwrite(target, force)
        post.check_folder(target.parent)
    options.progress(f"reading {count(len(selection.repos) + len(selection.found), 'repository', 'repositories')}"
                     + "".join(f" and {name}" for name in (want or {})) + f" for {year} ...")
    facts = collecting.read(config, selection, progress=options.progress, want=want or {})
    problems = reading_problems(facts)
    found = year_facts(config, facts, options.lang)
    options.progress(f"found {count(facts.commits, 'commit')} in {year}; "
                     f"{count(sum(1 for r in found.months if r.opening), 'monthly post')}")
    body, drafted_by, built = write_year(found, options, config, problems)
    if options.dry_run and built is not None:
        return DraftResult(target, None, facts, None, problems, built[0], built[1], built[2])
    picture = None
    if facts.commits:
        picture = (target.parent / year_chart.image_path(str(year)), year_chart.svg(found, options.lang))
        body = insert_after_more(body, year_chart.markdown(found, options.lang))
    the_post = post.Post(
        title=config.year_title.format(year=year.year), date=year.last_day, body=body,
        categories=list(config.categories), tags=list(config.tags),
        description=(f"{year.year}년 회고: 커밋 {facts.commits:,}개." if options.lang == "ko" else
                     f"{year.year} in review: {count(facts.commits, 'commit')} across "
                     f"{count(len(facts.active_repos), 'repository', 'repositories')}."),
        drafted_by=drafted_by)
    if options.dry_run:
        return DraftResult(target, the_post, facts, None, problems)
    backup = save(config, target, the_post, picture, force)
    drafted.remember(config.root, target, selection)
    return DraftResult(target, the_post, facts, backup, problems)


def year_check(text: str, found: YearFacts) -> list[Problem]:
    """The fact check of a year post: the year's facts, its months, and the monthly posts' own words."""
    from retro.sources.facts.notes import Notes
    from retro.writing.checks import facts as factcheck

    return factcheck.check(text, found.activity, Notes(text=posts_text(found)), found.figures())


def write_year(found: YearFacts, options: Options, config: Config, problems: list[Problem]):
    """(body, who wrote it, (messages, tokens, redaction) of a dry run or None) from the first model that answers."""
    from retro.writing.offline import year_post as year_writing

    def drafted(name: str):
        from retro.writing.model import llm
        from retro.writing.checks.sanitise import safe_body

        messages, tokens, rule = year_prompt(found, name, config, options)
        if options.dry_run:
            return "", (messages, tokens, rule)
        options.progress(f"drafting with {name} ...")
        completion = llm.complete(messages, name, config.api_base, float(config.timeout),
                                  max_tokens=config.answer_tokens, stream=options.stream, say=options.progress)
        options.progress(completion.summary())
        body, removed = safe_body(completion.text)
        problems.extend(removed + year_check(body, found))
        return body, None

    return first_answer(model_chain(options.model, config),
                        lambda: year_writing.year_body(found, options.lang, config.ko_style), drafted, options, problems)


def year_prompt(found: YearFacts, model: str, config: Config, options: Options):
    """(messages, tokens, the redaction rule) for the year: its facts, then the monthly posts, fitted to the window."""
    import frontmatter

    from retro.writing.model import llm
    from retro.writing.model import prompt
    from retro.writing.model import redact

    litellm = llm.import_litellm()
    rule = llm.rule_for(model, config)
    rules = redact.rules_for(config)
    clean = (lambda text: redact.redact(text, rules).text) if rule.redact else (lambda text: text)
    facts = redact.redact_facts(found.activity, clean) if rule.redact else found.activity
    lines = prompt.headline(facts) + ["", "Months (commits, active days, lines added / removed):"]
    lines += [f"  {row.month}: {row.commits}, {row.days}, +{row.insertions} / -{row.deletions}" for row in found.months]
    lines += ["  Notes themes across the year: " + ", ".join(f"{clean(t)} ({c} months)"
                                                          for t, c in found.themes.most_common())]
    lines += prompt.sources_digest(facts, titles=False)
    bodies = []
    for row, month in reversed(list(zip(found.months, found.activity.month.months))):
        path = month_post(config, month)
        if path.is_file():
            try:
                body = frontmatter.loads(path.read_text(encoding="utf-8")).content.strip()
            except Exception:  # noqa: BLE001 - a broken post is retro check's to report; its opening still counts
                body = row.opening
            bodies.append((row.month, clean(body), clean(row.opening)))
    try:
        window = int(litellm.get_model_info(model).get("max_input_tokens") or 0) or config.context_window
    except Exception:
        window = config.context_window
    system = prompt.system_prompt(options.lang, []) + (
        "\n- This is the year in review: open with the year's totals against the year before, then the months, "
        "the themes and what each month was, in the author's words from their monthly posts.")
    budget = window - config.answer_tokens
    for kept in range(len(bodies), -1, -1):
        posts = [f"--- {month} (the author's post) ---\n{body}" for month, body, _ in bodies[:kept]]
        posts += [f"--- {month} (its first paragraph) ---\n{opening}" for month, _, opening in bodies[kept:]]
        user = prompt.fenced("\n".join(lines + ["", "Monthly posts, most recent first:", *posts]))
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        tokens = litellm.token_counter(model=model, messages=messages)
        if tokens <= budget:
            break
    return messages, tokens, rule.why
