"""GitLab (gitlab.com or self-managed) -> ForgeActivity, through python-gitlab and the user's events.

The month's events of the user (`GET /users/:id/events`, paged to the end) tell
pushes (commit counts per project), merge requests opened, merged ("accepted")
and approved, issues opened and closed, and comments. Project names and the
authors of approved merge requests are looked up once each. What was read is
cached (see cache.py). The token comes from GITLAB_TOKEN and is never written.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any

from dataclasses import dataclass

from retro.config import Setting
from retro.errors import SourceError, setting
from retro.sources.cache import Cache
from retro.sources.source import Option, Source
from retro.sources.facts.forges import ForgeActivity, Issue, PullRequest, Review, Thread

DEFAULT_URL = "https://gitlab.com"
TOKEN_VARIABLE = "GITLAB_TOKEN"
TIMEOUT = 30
THREAD_KINDS = {"MergeRequest": "pull_request", "Issue": "issue"}


def stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def connect(url: str):
    import gitlab  # python-gitlab (and requests): imported only when GitLab is read

    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SourceError(f"no GitLab token: set {TOKEN_VARIABLE} (a personal access token with read_api).")
    return gitlab.Gitlab(url.rstrip("/"), private_token=token, timeout=TIMEOUT, retry_transient_errors=True)


def explain(error: Exception, url: str, username: str) -> SourceError:
    import gitlab
    import requests

    if isinstance(error, gitlab.exceptions.GitlabAuthenticationError):
        return SourceError(f"GitLab at {url} rejected the token (401): set a valid {TOKEN_VARIABLE}.")
    code = getattr(error, "response_code", None)
    if code == 403:
        return SourceError(f"GitLab at {url} refused the request (403): the token needs the read_api scope.")
    if code == 404:
        return SourceError(f"GitLab at {url} has no user {username!r} (404): check {setting('gitlab.username')} or {setting('gitlab.url')}.")
    if isinstance(error, requests.exceptions.Timeout):
        return SourceError(f"GitLab at {url} did not answer within {TIMEOUT} s; try again later.")
    if isinstance(error, requests.exceptions.RequestException):
        return SourceError(f"cannot reach GitLab at {url} ({type(error).__name__}): check the network and "
                           f"{setting('gitlab.url')}.")
    return SourceError(f"GitLab at {url} could not answer ({type(error).__name__}: {code or error}); try again later.")


def read_raw(url: str, username: str, since: datetime, until: datetime) -> dict[str, Any]:
    """The month's events, the projects they name and the authors of approved merge requests, as plain data."""
    import gitlab
    import requests

    client = connect(url)
    try:
        users = client.users.list(username=username, get_all=False)
        if not users:
            raise SourceError(f"GitLab at {url} has no user {username!r}: check {setting('gitlab.username')}.")
        user = users[0]
        # GitLab's bounds are whole dates in UTC, both exclusive: the day before the month's first UTC day, and the
        # day after its last (a Seoul month starts at 15:00 UTC the day before; a Los Angeles one ends on the 1st).
        # An instance set to another zone reads them in its own: a day more each side, the exact cut below.
        after = (since.astimezone(timezone.utc).date() - timedelta(days=2)).isoformat()
        before = (until.astimezone(timezone.utc).date() + timedelta(days=2)).isoformat()
        events = [e.attributes for e in user.events.list(after=after, before=before, iterator=True, per_page=100)]
        events = [e for e in events if (moment := stamp(e.get("created_at"))) and since <= moment < until]
        projects: dict[str, str] = {}
        authors: dict[str, str] = {}
        for event in events:
            project_id = event.get("project_id")
            if project_id is not None and str(project_id) not in projects:
                project = client.projects.get(project_id)
                projects[str(project_id)] = project.path_with_namespace
            if event.get("target_type") == "MergeRequest" and event.get("action_name") == "approved":
                key = f"{project_id}!{event.get('target_iid')}"
                if key not in authors:
                    request = client.projects.get(project_id, lazy=True).mergerequests.get(event.get("target_iid"))
                    authors[key] = (request.author or {}).get("username", "?")
        return {"events": events, "projects": projects, "authors": authors}
    except SourceError:
        raise
    except (gitlab.exceptions.GitlabError, requests.exceptions.RequestException) as error:
        raise explain(error, url, username) from None


def collect(username: str, since: datetime, until: datetime, url: str = DEFAULT_URL,
            cache: Cache | None = None) -> ForgeActivity:
    """The month [since, until) of `username` on GitLab."""
    cache = cache or Cache(None, False)
    key = Cache.key("gitlab", url, username, since.isoformat(), until.isoformat())
    raw = cache.get(key)
    if raw is None:
        raw = read_raw(url, username, since, until)
        cache.put(key, raw)
    return facts_of(raw, username, url)


def facts_of(raw: dict[str, Any], username: str, url: str) -> ForgeActivity:
    from urllib.parse import urlparse

    facts = ForgeActivity("gitlab", username, urlparse(url).hostname or url)
    projects, authors = raw.get("projects", {}), raw.get("authors", {})
    opened: dict[tuple[str, int], PullRequest] = {}
    threads: dict[tuple[str, str, int], Thread] = {}
    for event in sorted(raw.get("events", []), key=lambda e: e.get("created_at", "")):
        project = projects.get(str(event.get("project_id")), str(event.get("project_id")))
        action, target = event.get("action_name", ""), event.get("target_type")
        iid, title, when = int(event.get("target_iid") or 0), event.get("target_title") or "", stamp(event.get("created_at"))
        if action.startswith("pushed") and event.get("push_data"):
            count = int(event["push_data"].get("commit_count") or 0)
            facts.commits[project] = facts.commits.get(project, 0) + count
        elif target == "MergeRequest" and action == "opened":
            opened[(project, iid)] = PullRequest(project, iid, title, "open", when)
        elif target == "MergeRequest" and action in ("accepted", "merged"):
            merged = PullRequest(project, iid, title, "merged", None, when)
            if (project, iid) in opened:
                opened[(project, iid)].state, opened[(project, iid)].merged = "merged", when
                merged.created = opened[(project, iid)].created
            facts.merged.append(merged)
        elif target == "MergeRequest" and action == "closed" and (project, iid) in opened:
            opened[(project, iid)].state = "closed"
        elif target == "MergeRequest" and action == "approved":
            author = authors.get(f"{event.get('project_id')}!{iid}", "?")
            facts.reviews.append(Review(project, iid, title, author, "approved", when))
        elif target == "Issue" and action == "opened":
            facts.issues_opened.append(Issue(project, iid, title, "open", when))
        elif target == "Issue" and action == "closed":
            facts.issues_closed.append(Issue(project, iid, title, "closed", None, when))
        elif target in ("Note", "DiffNote", "DiscussionNote") and event.get("note"):
            note = event["note"]
            kind = THREAD_KINDS.get(note.get("noteable_type", ""), "issue")
            number = int(note.get("noteable_iid") or 0)
            thread = threads.setdefault((kind, project, number), Thread(project, number, title, kind))
            thread.comments += 1
    for issue in facts.issues_opened:
        if any(c.repo == issue.repo and c.number == issue.number for c in facts.issues_closed):
            issue.state = "closed"
    facts.opened = list(opened.values())
    facts.threads = sorted(threads.values(), key=lambda t: (-t.comments, t.repo, t.number))
    return facts


def check(url: str = DEFAULT_URL) -> str:
    """Whether retro can authenticate: 'as USERNAME (token from GITLAB_TOKEN)', or a SourceError."""
    import gitlab
    import requests

    client = connect(url)
    try:
        client.auth()
    except (gitlab.exceptions.GitlabError, requests.exceptions.RequestException) as error:
        raise explain(error, url, "") from None
    return f"as {client.user.username if client.user else '?'} (token from {TOKEN_VARIABLE})"


@dataclass(frozen=True)
class GitLabWant:
    username: str
    url: str


class GitLabSource(Source):
    name, title = "gitlab", "GitLab"
    settings = (
        Setting("username", str, "Your GitLab username: the month's pushes, merge requests, approvals, issues and "
                "comments. Token from `GITLAB_TOKEN`. `--gitlab` overrides it.", '"me"', alias="gitlab"),
        Setting("url", str, "The GitLab instance. Default `https://gitlab.com`.", '"https://gitlab.example.com"',
                default=DEFAULT_URL, alias="gitlab_url", url=True),
    )
    options = (Option("--gitlab", "username", "Add your GitLab month (token from GITLAB_TOKEN; instance: "
                      "retro.toml's [gitlab] url).", "USERNAME"),)
    facts = ()  # ForgeActivity, as GitHub's

    def wants(self, values, on):
        return GitLabWant(values["username"], values["url"]) if values.get("username") else None

    def collect(self, want: GitLabWant, window) -> ForgeActivity:
        return collect(want.username, window.since, window.until, want.url, window.cache("gitlab"))

    def sign_in(self, want: GitLabWant) -> str:
        return check(want.url)

    def describe(self, want, facts: ForgeActivity) -> str:
        return facts.line()


SOURCE = GitLabSource()
