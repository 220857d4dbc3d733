"""GitHub (and GitHub Enterprise) -> ForgeActivity, through the GraphQL API.

`user.contributionsCollection(from, to)` gives the month's pull requests,
reviews, issues and commit counts per repository; searches add pull requests
merged and issues closed in the month, the user's issue and discussion comments
add the threads, and each repository worked on adds its releases. Every list is
paged through `pageInfo` to its end. Answers are cached (see cache.py).

The token comes from GITHUB_TOKEN or GH_TOKEN for github.com, GH_ENTERPRISE_TOKEN
(or GITHUB_ENTERPRISE_TOKEN) for any other host, else `gh auth token --hostname`; it
is sent only over https (or to this machine), in a header, and written nowhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from datetime import datetime
from typing import Any, Callable, Iterator
from urllib.parse import urlparse

from dataclasses import dataclass

from retro.config import Setting
from retro.errors import SourceError, setting
from retro.sources.cache import Cache
from retro.sources.source import Option, Source
from retro.sources.facts.forges import ForgeActivity, Issue, PullRequest, Release, Review, Thread

DEFAULT_API = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
MAX_PAGES = 20  # of one list: 2,000 items a month is more than any retrospective tells
MAX_WAIT = float(os.environ.get("RETRO_GITHUB_MAX_WAIT", "60"))  # seconds a secondary rate limit may hold us
TIMEOUT = 30.0
NAME = re.compile(r"^[\w.\-]+$")

PAGE_INFO = "pageInfo { hasNextPage endCursor }"
PR_FIELDS = "number title url state createdAt mergedAt additions deletions repository { nameWithOwner }"

CONTRIBUTIONS = """
query Contributions($login: String!, $from: DateTime!, $to: DateTime!) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    login
    contributionsCollection(from: $from, to: $to) {
      totalCommitContributions
      commitContributionsByRepository(maxRepositories: 100) {
        repository { nameWithOwner }
        contributions { totalCount }
      }
    }
  }
}"""

PULL_REQUESTS = """
query PullRequests($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      pullRequestContributions(first: 100, after: $after) {
        %s
        nodes { pullRequest { %s } }
      }
    }
  }
}""" % (PAGE_INFO, PR_FIELDS)

REVIEWS = """
query Reviews($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      pullRequestReviewContributions(first: 100, after: $after) {
        %s
        nodes {
          occurredAt
          pullRequestReview { state submittedAt }
          pullRequest { number title author { login } repository { nameWithOwner } }
        }
      }
    }
  }
}""" % PAGE_INFO

ISSUES = """
query Issues($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      issueContributions(first: 100, after: $after) {
        %s
        nodes { issue { number title state createdAt closedAt repository { nameWithOwner } } }
      }
    }
  }
}""" % PAGE_INFO

SEARCH = """
query Search($query: String!, $after: String) {
  rateLimit { remaining resetAt }
  search(query: $query, type: ISSUE, first: 100, after: $after) {
    %s
    nodes {
      ... on PullRequest { %s }
      ... on Issue { number title state createdAt closedAt repository { nameWithOwner } }
    }
  }
}""" % (PAGE_INFO, PR_FIELDS)

ISSUE_COMMENTS = """
query IssueComments($login: String!, $after: String) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    issueComments(first: 100, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) {
      %s
      nodes {
        createdAt updatedAt
        issue { number title repository { nameWithOwner } }
        pullRequest { number title repository { nameWithOwner } }
      }
    }
  }
}""" % PAGE_INFO

DISCUSSION_COMMENTS = """
query DiscussionComments($login: String!, $after: String) {
  rateLimit { remaining resetAt }
  user(login: $login) {
    repositoryDiscussionComments(first: 100, after: $after) {
      %s
      nodes { createdAt discussion { number title repository { nameWithOwner } } }
    }
  }
}""" % PAGE_INFO

RELEASES = """
query Releases {
  rateLimit { remaining resetAt }
%s
}"""
RELEASE_PART = """  r%d: repository(owner: %s, name: %s) {
    nameWithOwner
    releases(first: 50, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { tagName name publishedAt author { login } }
    }
  }"""

VIEWER = "query Viewer { rateLimit { remaining resetAt } viewer { login } }"


def graphql_url(api: str) -> str:
    """The GraphQL endpoint for an API base: api.github.com/graphql, or HOST/api/graphql for Enterprise."""
    api = api.rstrip("/")
    if api.endswith("/graphql"):
        return api
    if api.endswith("/api/v3"):
        return api[: -len("/v3")] + "/graphql"
    return api + "/graphql"


ENTERPRISE_VARIABLES = ("GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN")  # gh's own names for another host


def host_of(api: str) -> str:
    host = urlparse(api).hostname or "github.com"
    return "github.com" if host == "api.github.com" else host


def token_variables(api: str) -> tuple[str, ...]:
    """GitHub's own token goes to github.com only; another host (Enterprise) has its own, as gh has it, so an
    address in a cloned retro.toml cannot collect the token meant for GitHub."""
    return TOKEN_VARIABLES if host_of(api) == "github.com" else ENTERPRISE_VARIABLES


def check_address(api: str) -> None:
    parsed = urlparse(api)
    loopback = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
        raise SourceError(f"GitHub's API base {api!r} ({setting('github.api')}) must be an https:// address; a token is "
                          "never sent in the clear.")


def missing_token(api: str) -> SourceError:
    names = token_variables(api)
    host = host_of(api)
    login = "`gh auth login`" if host == "github.com" else f"`gh auth login --hostname {host}`"
    return SourceError(f"no GitHub token for {host}: set {names[0]} (or {names[1]}), or run {login}.")


def find_token(api: str) -> tuple[str | None, str]:
    """(token, where it came from): the host's variables (see token_variables), else `gh auth token` for it."""
    for variable in token_variables(api):
        if os.environ.get(variable):
            return os.environ[variable], variable
    gh = shutil.which("gh")
    if gh:
        host = host_of(api)
        try:
            out = subprocess.run([gh, "auth", "token", "--hostname", host], capture_output=True, text=True,
                                 timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None, ""
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip(), "gh auth token"
    return None, ""


class GitHub:
    """The one place retro talks to GitHub: a GraphQL query in, its `data` out, or one clear SourceError."""

    def __init__(self, api: str, token: str, cache: Cache, say: Callable[[str], None] | None = None,
                 where: str = "GITHUB_TOKEN") -> None:
        import httpx  # a network client: imported only when GitHub is read

        check_address(api)
        self.where = where
        self.url = graphql_url(api)
        self.cache = cache
        self.say = say or (lambda _line: None)
        self.client = httpx.Client(timeout=TIMEOUT, headers={
            "Authorization": f"bearer {token}", "User-Agent": "retro-monthly", "Accept": "application/json",
        })
        self.remaining: int | None = None

    def close(self) -> None:
        self.client.close()

    def query(self, text: str, variables: dict[str, Any] | None = None, cached: bool = True) -> dict[str, Any]:
        variables = variables or {}
        key = Cache.key("github", self.url, text, variables)
        if cached:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        data = self.send(text, variables)
        if cached:
            self.cache.put(key, data)
        return data

    def send(self, text: str, variables: dict[str, Any]) -> dict[str, Any]:
        import httpx

        waited = 0.0
        while True:
            try:
                response = self.client.post(self.url, json={"query": text, "variables": variables})
            except httpx.TimeoutException:
                raise SourceError(f"GitHub at {self.url} did not answer within {TIMEOUT:g} s; try again later.") from None
            except httpx.HTTPError as error:
                raise SourceError(f"cannot reach GitHub at {self.url} ({type(error).__name__}): check the network, "
                                  f"or {setting('github.api')} for GitHub Enterprise.") from None
            remaining = response.headers.get("x-ratelimit-remaining")
            if remaining is not None and remaining.isdigit():
                self.remaining = int(remaining)
            retry = response.headers.get("retry-after")
            if response.status_code in (403, 429) and (retry or remaining == "0"):
                delay = float(retry) if retry and retry.isdigit() else reset_in(response.headers)
                if waited + delay > MAX_WAIT:
                    raise SourceError(f"GitHub's rate limit holds requests for {delay:g} s more; draft again "
                                      "then (answers so far are cached).")
                self.say(f"GitHub asks to wait {delay:g} s (rate limit); waiting")
                time.sleep(delay)
                waited += delay
                continue
            break
        if response.status_code == 401:
            raise SourceError(f"GitHub rejected the token from {self.where} (401): set a valid one, or run "
                              "`gh auth login`.")
        if response.status_code == 403:
            raise SourceError("GitHub refused the request (403): the token lacks a scope this needs (read:user, and "
                              "repo for private repositories); make one with those scopes.")
        if response.status_code == 404:
            raise SourceError(f"no GitHub GraphQL API at {self.url} (404): check {setting('github.api')} (Enterprise: "
                              "https://HOST/api).")
        if response.status_code >= 400:
            raise SourceError(f"GitHub answered {response.status_code}; try again later.")
        try:
            document = response.json()
        except ValueError:
            raise SourceError(f"GitHub at {self.url} did not answer with JSON; check {setting('github.api')}.") from None
        for error in document.get("errors") or []:
            kind = error.get("type", "")
            if kind == "NOT_FOUND":
                raise SourceError(f"GitHub has no user {variables.get('login', '')!r}: check {setting('github.login')}.")
            if kind in ("INSUFFICIENT_SCOPES", "FORBIDDEN"):
                raise SourceError("the GitHub token lacks a scope this needs (read:user, and repo for private "
                                  "repositories); make one with those scopes.")
            if kind == "RATE_LIMITED":
                raise SourceError(f"GitHub's rate limit is spent until {reset_at(document)}; draft again then.")
        if document.get("errors") and not document.get("data"):
            message = " ".join(str(document["errors"][0].get("message", "")).split())[:200]
            raise SourceError(f"GitHub could not answer: {message}")
        data = document.get("data") or {}
        limit = data.get("rateLimit") or {}
        if isinstance(limit.get("remaining"), int):
            self.remaining = limit["remaining"]
        return data

    def pages(self, text: str, variables: dict[str, Any], path: tuple[str, ...]) -> Iterator[dict[str, Any]]:
        """Every node of the connection at `path`, following pageInfo to the end (MAX_PAGES at most)."""
        after = None
        for _ in range(MAX_PAGES):
            data = self.query(text, {**variables, "after": after})
            connection: Any = data
            for step in path:
                connection = (connection or {}).get(step)
            if not connection:
                return
            yield from (node for node in connection.get("nodes") or [] if node)
            info = connection.get("pageInfo") or {}
            if not info.get("hasNextPage") or not info.get("endCursor"):
                return
            after = info["endCursor"]


def reset_in(headers) -> float:
    reset = headers.get("x-ratelimit-reset", "")
    return max(1.0, float(reset) - time.time()) if reset.isdigit() else 60.0


def reset_at(document: dict[str, Any]) -> str:
    return str(((document.get("data") or {}).get("rateLimit") or {}).get("resetAt") or "the next hour")


def stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def repo_of(node: dict[str, Any]) -> str:
    return ((node or {}).get("repository") or {}).get("nameWithOwner", "")


def pull_request(node: dict[str, Any]) -> PullRequest:
    state = "merged" if node.get("mergedAt") else str(node.get("state", "")).lower()
    return PullRequest(repo_of(node), int(node.get("number") or 0), node.get("title") or "", state,
                       stamp(node.get("createdAt")), stamp(node.get("mergedAt")), int(node.get("additions") or 0),
                       int(node.get("deletions") or 0), node.get("url") or "")


def issue(node: dict[str, Any]) -> Issue:
    return Issue(repo_of(node), int(node.get("number") or 0), node.get("title") or "",
                 str(node.get("state", "")).lower(), stamp(node.get("createdAt")), stamp(node.get("closedAt")))


def collect(login: str, since: datetime, until: datetime, api: str = DEFAULT_API, cache: Cache | None = None,
            say: Callable[[str], None] | None = None) -> ForgeActivity:
    """The month [since, until) of `login` on GitHub."""
    check_address(api)
    token, where = find_token(api)
    if not token:
        raise missing_token(api)
    client = GitHub(api, token, cache or Cache(None, False), say, where)
    try:
        return read_month(client, login, since, until, api)
    finally:
        client.close()


def within(moment: datetime | None, since: datetime, until: datetime) -> bool:
    return moment is not None and since <= moment < until


def read_month(client: GitHub, login: str, since: datetime, until: datetime, api: str) -> ForgeActivity:
    span = {"login": login, "from": since.isoformat(), "to": until.isoformat()}
    host = urlparse(api).hostname or "github.com"
    facts = ForgeActivity("github", login, "github.com" if host == "api.github.com" else host)
    data = client.query(CONTRIBUTIONS, span)
    if not data.get("user"):
        raise SourceError(f"GitHub has no user {login!r}: check {setting('github.login')}.")
    collection = data["user"].get("contributionsCollection") or {}
    for entry in collection.get("commitContributionsByRepository") or []:
        facts.commits[repo_of(entry)] = int((entry.get("contributions") or {}).get("totalCount") or 0)
    contributions = ("user", "contributionsCollection")
    facts.opened = [pull_request(n["pullRequest"]) for n in client.pages(
        PULL_REQUESTS, span, (*contributions, "pullRequestContributions")) if n.get("pullRequest")]
    for node in client.pages(REVIEWS, span, (*contributions, "pullRequestReviewContributions")):
        pr, review = node.get("pullRequest") or {}, node.get("pullRequestReview") or {}
        facts.reviews.append(Review(repo_of(pr), int(pr.get("number") or 0), pr.get("title") or "",
                                    ((pr.get("author") or {}).get("login") or "ghost"),
                                    str(review.get("state", "commented")).lower(),
                                    stamp(review.get("submittedAt") or node.get("occurredAt"))))
    facts.issues_opened = [issue(n["issue"]) for n in client.pages(
        ISSUES, span, (*contributions, "issueContributions")) if n.get("issue")]
    window = f"{since.isoformat()}..{until.isoformat()}"
    merged = client.pages(SEARCH, {"query": f"is:pr author:{login} merged:{window}"}, ("search",))
    facts.merged = [p for p in (pull_request(n) for n in merged if n) if within(p.merged, since, until)]
    closed = client.pages(SEARCH, {"query": f"is:issue author:{login} closed:{window}"}, ("search",))
    facts.issues_closed = [i for i in (issue(n) for n in closed if n) if within(i.closed, since, until)]
    facts.threads = threads(client, login, since, until)
    facts.releases = releases(client, login, since, until, sorted({*facts.commits, *(p.repo for p in facts.opened)}))
    return facts


def threads(client: GitHub, login: str, since: datetime, until: datetime) -> list[Thread]:
    """The month's issue, pull-request and discussion comments, one Thread per conversation."""
    found: dict[tuple[str, str, int], Thread] = {}

    def add(kind: str, target: dict[str, Any]) -> None:
        key = (kind, repo_of(target), int(target.get("number") or 0))
        found.setdefault(key, Thread(key[1], key[2], target.get("title") or "", kind)).comments += 1

    for node in client.pages(ISSUE_COMMENTS, {"login": login}, ("user", "issueComments")):
        updated = stamp(node.get("updatedAt"))
        if updated is not None and updated < since:
            break  # newest first: the rest are older than the month
        if within(stamp(node.get("createdAt")), since, until):
            target = node.get("pullRequest") or node.get("issue") or {}
            add("pull_request" if node.get("pullRequest") else "issue", target)
    for node in client.pages(DISCUSSION_COMMENTS, {"login": login}, ("user", "repositoryDiscussionComments")):
        if within(stamp(node.get("createdAt")), since, until):
            add("discussion", node.get("discussion") or {})
    return sorted(found.values(), key=lambda t: (-t.comments, t.repo, t.number))


def releases(client: GitHub, login: str, since: datetime, until: datetime, repos: list[str]) -> list[Release]:
    """Releases `login` published in the month in the repositories worked on (25 at most, by one query)."""
    parts = []
    for index, full in enumerate(repos[:25]):
        owner, _, name = full.partition("/")
        if NAME.match(owner) and NAME.match(name):
            parts.append(RELEASE_PART % (index, json.dumps(owner), json.dumps(name)))
    if not parts:
        return []
    data = client.query(RELEASES % "\n".join(parts))
    found = []
    for key, repo in sorted(data.items()):
        if not key.startswith("r") or not isinstance(repo, dict):
            continue
        for node in ((repo.get("releases") or {}).get("nodes") or []):
            author = (node.get("author") or {}).get("login", "")
            published = stamp(node.get("publishedAt"))
            if author.lower() == login.lower() and within(published, since, until):
                found.append(Release(repo.get("nameWithOwner", ""), node.get("tagName") or "", node.get("name") or "",
                                     published))
    return sorted(found, key=lambda r: (r.published or since, r.repo))


def check(api: str = DEFAULT_API) -> str:
    """Whether retro can authenticate: 'as LOGIN (token from GITHUB_TOKEN)', or a SourceError."""
    check_address(api)
    token, where = find_token(api)
    if not token:
        raise missing_token(api)
    client = GitHub(api, token, Cache(None, False), where=where)
    try:
        data = client.query(VIEWER, cached=False)
    finally:
        client.close()
    return f"as {(data.get('viewer') or {}).get('login', '?')} (token from {where})"


@dataclass(frozen=True)
class GitHubWant:
    login: str
    api: str


class GitHubSource(Source):
    name, title = "github", "GitHub"
    settings = (
        Setting("login", str, "Your GitHub login: the month's pull requests, reviews, issues, comments and releases "
                "join the draft. Token from `GITHUB_TOKEN` or `GH_TOKEN`, else `gh auth token`. `--github` overrides "
                "it.", '"octocat"', alias="github"),
        Setting("api", str, "GitHub's API base; GitHub Enterprise: `https://HOST/api` (its token from "
                "`GH_ENTERPRISE_TOKEN`). Default `https://api.github.com`.", '"https://github.example.com/api"',
                default=DEFAULT_API, alias="github_api", url=True),
    )
    options = (
        Option("--github", "login", "Add your GitHub month: pull requests, reviews, issues, comments, releases. Token "
               "from GITHUB_TOKEN or GH_TOKEN, else `gh auth token`. Default: retro.toml's [github] login.", "LOGIN"),
        Option("--github-api", "api", "GitHub's API base (Enterprise: https://HOST/api). Default: retro.toml's "
               "[github] api, else https://api.github.com.", "URL"),
    )
    facts = ("forges:PullRequest", "forges:Review", "forges:Issue", "forges:Thread", "forges:Release",
             "forges:ForgeActivity")

    def wants(self, values, on):
        return GitHubWant(values["login"], values["api"]) if values.get("login") else None

    def collect(self, want: GitHubWant, window) -> ForgeActivity:
        return collect(want.login, window.since, window.until, want.api, window.cache("github"), window.say)

    def sign_in(self, want: GitHubWant) -> str:
        return check(want.api)

    def describe(self, want, facts: ForgeActivity) -> str:
        return facts.line()


SOURCE = GitHubSource()
