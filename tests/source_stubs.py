"""Local stand-ins, on 127.0.0.1, for GitHub's GraphQL API, GitLab's REST API and a calendar address.

Shaped like the APIs' documentation: GitHub answers `{"data": ...}` with `pageInfo` connections, rate-limit
headers (`x-ratelimit-*`), a secondary limit as 403 with `retry-after`, and GraphQL errors such as NOT_FOUND;
GitLab pages with `x-next-page`, `x-total-pages` and `Link`, and checks `PRIVATE-TOKEN`. Both keep what they
were sent, and take scripted faults.

Both answer for the window a request names, as the APIs document it, never the same data whatever is asked:
GitHub's `contributionsCollection(from:, to:)` counts what occurred from `from` up to and including `to`, and a
search's `merged:A..B` / `closed:A..B` / `created:A..B` is inclusive at both ends; GitLab's events take `after`
and `before` as dates (UTC), both exclusive.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

GITHUB_TOKEN = "ghp_stubstubstubstubstubstubstubstub0000"
GITLAB_TOKEN = "glpat-stubstubstubstub0000"
PAGE = 2  # the stubs page small, so every list is followed through pageInfo


class Stub:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.faults: deque[tuple[int, dict[str, str], Any]] = deque()
        self.delay = 0.0
        self.spans: list[tuple[float, float]] = []  # (start, end) of each answer, time.monotonic()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                stub.handle(self, None)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                stub.handle(self, json.loads(self.rfile.read(length) or b"{}"))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        """The next request gets this answer instead."""
        self.faults.append((status, headers or {}, body if body is not None else {"message": "stub fault"}))

    def handle(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        started = time.monotonic()
        self.requests.append({"path": handler.path, "headers": handler.headers, "body": body})
        try:
            if self.delay:
                time.sleep(self.delay)
            if self.faults:
                status, headers, answer = self.faults.popleft()
                return self.send(handler, status, answer, headers)
            status, answer, headers = self.answer(handler, body)
            self.send(handler, status, answer, headers)
        finally:
            self.spans.append((started, time.monotonic()))

    def answer(self, handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, document: Any, headers: dict[str, str]) -> None:
        data = document if isinstance(document, bytes) else json.dumps(document).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", headers.pop("content-type", "application/json"))
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)


def repo(name: str) -> dict[str, str]:
    return {"nameWithOwner": name}


def pr(number: int, title: str, name: str, created: str, merged: str | None, state: str, add: int = 10,
       delete: int = 2) -> dict[str, Any]:
    return {"number": number, "title": title, "url": f"https://github.com/{name}/pull/{number}", "state": state,
            "createdAt": created, "mergedAt": merged, "additions": add, "deletions": delete, "repository": repo(name)}


# A month of "mina" on GitHub, January 2026 (Asia/Seoul).
OPENED = [
    pr(12, "Add the LiteLLM proxy config", "org/api", "2026-01-06T02:00:00Z", "2026-01-20T03:00:00Z", "MERGED", 120, 4),
    pr(15, "Docs for the proxy", "org/api", "2026-01-21T02:00:00Z", None, "OPEN", 40, 0),
    pr(7, "Fix the login redirect", "org/web", "2026-01-23T02:00:00Z", "2026-01-25T03:00:00Z", "MERGED", 8, 3),
]
MERGED = [OPENED[0], OPENED[2],
          pr(9, "Retry the upstream call", "org/api", "2025-12-20T02:00:00Z", "2026-01-05T01:00:00Z", "MERGED")]
REVIEWS = [
    {"occurredAt": "2026-01-08T01:00:00Z", "pullRequestReview": {"state": "APPROVED", "submittedAt": "2026-01-08T01:00:00Z"},
     "pullRequest": {"number": 30, "title": "Add tracing", "author": {"login": "alice"}, "repository": repo("org/api")}},
    {"occurredAt": "2026-01-09T01:00:00Z", "pullRequestReview": {"state": "APPROVED", "submittedAt": "2026-01-09T01:00:00Z"},
     "pullRequest": {"number": 31, "title": "Tidy config", "author": {"login": "alice"}, "repository": repo("org/api")}},
    {"occurredAt": "2026-01-10T01:00:00Z",
     "pullRequestReview": {"state": "CHANGES_REQUESTED", "submittedAt": "2026-01-10T01:00:00Z"},
     "pullRequest": {"number": 8, "title": "New dashboard", "author": {"login": "bob"}, "repository": repo("org/web")}},
    {"occurredAt": "2026-01-11T01:00:00Z", "pullRequestReview": {"state": "COMMENTED", "submittedAt": "2026-01-11T01:00:00Z"},
     "pullRequest": {"number": 32, "title": "Cache tokens", "author": {"login": "alice"}, "repository": repo("org/api")}},
]
ISSUES = [
    {"issue": {"number": 20, "title": "Proxy drops streaming usage", "state": "OPEN", "createdAt": "2026-01-12T01:00:00Z",
               "closedAt": None, "repository": repo("org/api")}},
    {"issue": {"number": 21, "title": "Login loops on Safari", "state": "CLOSED", "createdAt": "2026-01-13T01:00:00Z",
               "closedAt": "2026-01-24T01:00:00Z", "repository": repo("org/web")}},
]
CLOSED = [ISSUES[1]["issue"]]
ISSUE_COMMENTS = [  # newest first, as orderBy UPDATED_AT DESC gives them
    {"createdAt": "2026-02-02T01:00:00Z", "updatedAt": "2026-02-02T01:00:00Z",
     "issue": {"number": 20, "title": "Proxy drops streaming usage", "repository": repo("org/api")}, "pullRequest": None},
    {"createdAt": "2026-01-26T01:00:00Z", "updatedAt": "2026-01-26T01:00:00Z",
     "issue": {"number": 20, "title": "Proxy drops streaming usage", "repository": repo("org/api")}, "pullRequest": None},
    {"createdAt": "2026-01-25T01:00:00Z", "updatedAt": "2026-01-25T01:00:00Z",
     "issue": {"number": 20, "title": "Proxy drops streaming usage", "repository": repo("org/api")}, "pullRequest": None},
    {"createdAt": "2026-01-24T01:00:00Z", "updatedAt": "2026-01-24T01:00:00Z",
     "issue": {"number": 7, "title": "Fix the login redirect", "repository": repo("org/web")},
     "pullRequest": {"number": 7, "title": "Fix the login redirect", "repository": repo("org/web")}},
    {"createdAt": "2025-12-20T01:00:00Z", "updatedAt": "2025-12-20T01:00:00Z",
     "issue": {"number": 1, "title": "Old", "repository": repo("org/api")}, "pullRequest": None},
    {"createdAt": "2025-12-19T01:00:00Z", "updatedAt": "2025-12-19T01:00:00Z",
     "issue": {"number": 1, "title": "Older", "repository": repo("org/api")}, "pullRequest": None},
]
DISCUSSION_COMMENTS = [
    {"createdAt": "2026-01-15T01:00:00Z", "discussion": {"number": 3, "title": "Roadmap for MCP support",
                                                          "repository": repo("modelcontextprotocol/python-sdk")}},
    {"createdAt": "2026-01-16T01:00:00Z", "discussion": {"number": 3, "title": "Roadmap for MCP support",
                                                          "repository": repo("modelcontextprotocol/python-sdk")}},
]
RELEASES = {
    "org/api": [{"tagName": "v1.2.0", "name": "1.2.0", "publishedAt": "2026-01-21T05:00:00Z", "author": {"login": "mina"}},
                {"tagName": "v1.1.9", "name": "1.1.9", "publishedAt": "2026-01-22T05:00:00Z", "author": {"login": "alice"}},
                {"tagName": "v1.1.0", "name": "1.1.0", "publishedAt": "2025-11-01T05:00:00Z", "author": {"login": "mina"}}],
    "org/web": [],
}
COMMITS = [{"repository": repo("org/api"), "contributions": {"totalCount": 20}},
           {"repository": repo("org/web"), "contributions": {"totalCount": 5}}]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def occurred(node: dict[str, Any]) -> str:
    """When a contribution happened, as GitHub counts it: a review's occurredAt, a pull request's or an issue's
    creation."""
    if "occurredAt" in node:
        return node["occurredAt"]
    return (node.get("pullRequest") or node.get("issue"))["createdAt"]


def in_span(nodes: list[dict[str, Any]], variables: dict[str, Any]) -> list[dict[str, Any]]:
    """contributionsCollection(from:, to:): from `from` up to and including `to`."""
    start, end = moment(variables["from"]), moment(variables["to"])
    return [n for n in nodes if start <= moment(occurred(n)) <= end]


def searched(nodes: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """A search's date qualifiers (`merged:A..B`, inclusive), each on its own field."""
    for qualifier, key in (("merged", "mergedAt"), ("closed", "closedAt"), ("created", "createdAt")):
        found = re.search(rf"\b{qualifier}:(\S+)\.\.(\S+)", query)
        if found:
            start, end = moment(found.group(1)), moment(found.group(2))
            nodes = [n for n in nodes if n.get(key) and start <= moment(n[key]) <= end]
    return nodes


def connection(nodes: list[Any], after: str | None) -> dict[str, Any]:
    start = int(after or 0)
    page = nodes[start:start + PAGE]
    more = start + PAGE < len(nodes)
    return {"pageInfo": {"hasNextPage": more, "endCursor": str(start + PAGE) if more else None}, "nodes": page}


class GitHubStub(Stub):
    """POST /graphql (or /api/graphql, as GitHub Enterprise serves it)."""

    login = "mina"

    def answer(self, handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, Any, dict[str, str]]:
        limits = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4990", "x-ratelimit-used": "10",
                  "x-ratelimit-reset": str(int(time.time()) + 3600)}
        if handler.path not in ("/graphql", "/api/graphql"):
            return 404, {"message": "Not Found"}, {}
        if handler.headers.get("authorization", "").lower() != f"bearer {GITHUB_TOKEN}".lower():
            return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/graphql"}, limits
        query, variables = body.get("query", ""), body.get("variables") or {}
        operation = re.search(r"query\s+(\w+)", query).group(1)
        after = variables.get("after")
        rate = {"remaining": 4990, "resetAt": "2026-02-01T00:00:00Z"}
        if "login" in variables and variables["login"] != self.login:
            return 200, {"data": {"rateLimit": rate, "user": None}, "errors": [
                {"type": "NOT_FOUND", "path": ["user"], "locations": [{"line": 4, "column": 3}],
                 "message": f"Could not resolve to a User with the login of '{variables['login']}'."}]}, limits
        collection: dict[str, Any] = {}
        data: dict[str, Any] = {"rateLimit": rate}
        if operation == "Viewer":
            data["viewer"] = {"login": self.login}
        elif operation == "Contributions":
            collection = {"totalCommitContributions": 25, "commitContributionsByRepository": COMMITS}
        elif operation == "PullRequests":
            opened = in_span([{"pullRequest": p} for p in OPENED], variables)
            collection = {"pullRequestContributions": connection(opened, after)}
        elif operation == "Reviews":
            collection = {"pullRequestReviewContributions": connection(in_span(REVIEWS, variables), after)}
        elif operation == "Issues":
            collection = {"issueContributions": connection(in_span(ISSUES, variables), after)}
        elif operation == "Search":
            nodes = MERGED if "is:pr" in variables["query"] else CLOSED
            data["search"] = connection(searched(nodes, variables["query"]), after)
        elif operation == "IssueComments":
            data["user"] = {"issueComments": connection(ISSUE_COMMENTS, after)}
        elif operation == "DiscussionComments":
            data["user"] = {"repositoryDiscussionComments": connection(DISCUSSION_COMMENTS, after)}
        elif operation == "Releases":
            for alias, owner, name in re.findall(r'(r\d+): repository\(owner: "([^"]+)", name: "([^"]+)"\)', query):
                full = f"{owner}/{name}"
                data[alias] = {"nameWithOwner": full, "releases": {"nodes": RELEASES.get(full, [])}}
        if collection:
            data["user"] = {"login": self.login, "contributionsCollection": collection}
        return 200, {"data": data}, limits


# A month of "mina" on GitLab: the user's events (GET /users/:id/events), newest first, as the API pages them.
EVENTS = [
    {"id": 9, "project_id": 101, "action_name": "commented on", "target_type": "Note", "target_iid": 55,
     "target_title": "Slow pipeline", "created_at": "2026-01-28T03:00:00.000Z",
     "note": {"noteable_type": "Issue", "noteable_iid": 4}},
    {"id": 8, "project_id": 101, "action_name": "commented on", "target_type": "DiffNote", "target_iid": 56,
     "target_title": "Speed up the build", "created_at": "2026-01-27T03:00:00.000Z",
     "note": {"noteable_type": "MergeRequest", "noteable_iid": 11}},
    {"id": 7, "project_id": 102, "action_name": "approved", "target_type": "MergeRequest", "target_iid": 3,
     "target_title": "Add health checks", "created_at": "2026-01-26T03:00:00.000Z"},
    {"id": 6, "project_id": 101, "action_name": "accepted", "target_type": "MergeRequest", "target_iid": 11,
     "target_title": "Speed up the build", "created_at": "2026-01-22T03:00:00.000Z"},
    {"id": 5, "project_id": 101, "action_name": "opened", "target_type": "Issue", "target_iid": 4,
     "target_title": "Slow pipeline", "created_at": "2026-01-15T03:00:00.000Z"},
    {"id": 4, "project_id": 101, "action_name": "opened", "target_type": "MergeRequest", "target_iid": 11,
     "target_title": "Speed up the build", "created_at": "2026-01-14T03:00:00.000Z"},
    {"id": 3, "project_id": 101, "action_name": "pushed to", "target_type": None, "target_title": None,
     "created_at": "2026-01-13T03:00:00.000Z", "push_data": {"commit_count": 3, "action": "pushed", "ref": "main"}},
    {"id": 2, "project_id": 101, "action_name": "pushed to", "target_type": None, "target_title": None,
     "created_at": "2026-01-12T03:00:00.000Z", "push_data": {"commit_count": 2, "action": "pushed", "ref": "main"}},
    {"id": 1, "project_id": 101, "action_name": "pushed to", "target_type": None, "target_title": None,
     "created_at": "2025-12-31T14:00:00.000Z", "push_data": {"commit_count": 9, "action": "pushed", "ref": "main"}},
]
PROJECTS = {101: "team/app", 102: "team/infra"}


class GitLabStub(Stub):
    """GET /api/v4/... as python-gitlab calls it."""

    username = "mina"

    def answer(self, handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, Any, dict[str, str]]:
        if handler.headers.get("private-token") != GITLAB_TOKEN:
            return 401, {"message": "401 Unauthorized"}, {}
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path.removeprefix("/api/v4")
        if path == "/user":
            return 200, {"id": 7, "username": self.username}, {}
        if path == "/users":
            found = [{"id": 7, "username": self.username, "name": "Mina"}] if query.get("username") == self.username else []
            return 200, found, {}
        if path == "/users/7/events":
            page, per_page = int(query.get("page", 1)), min(int(query.get("per_page", 20)), PAGE)
            events = [e for e in EVENTS if
                      (not query.get("after") or moment(e["created_at"]).date() > date.fromisoformat(query["after"]))
                      and (not query.get("before")
                           or moment(e["created_at"]).date() < date.fromisoformat(query["before"]))]
            total_pages = max(1, (len(events) + per_page - 1) // per_page)
            items = events[(page - 1) * per_page: page * per_page]
            headers = {"x-page": str(page), "x-per-page": str(per_page), "x-total": str(len(events)),
                       "x-total-pages": str(total_pages)}
            if page < total_pages:
                headers["x-next-page"] = str(page + 1)
                nxt = dict(query, page=str(page + 1))
                link = f"{self.url}/api/v4/users/7/events?" + "&".join(f"{k}={v}" for k, v in nxt.items())
                headers["Link"] = f'<{link}>; rel="next"'
            return 200, items, headers
        match = re.fullmatch(r"/projects/(\d+)(?:/merge_requests/(\d+))?", path)
        if match and int(match.group(1)) in PROJECTS:
            project = int(match.group(1))
            if match.group(2):
                return 200, {"iid": int(match.group(2)), "author": {"username": "dana"}, "project_id": project}, {}
            return 200, {"id": project, "path_with_namespace": PROJECTS[project]}, {}
        return 404, {"message": "404 Not Found"}, {}


class FileStub(Stub):
    """Serves one calendar at /secret/basic.ics, as a secret iCal address would."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        super().__init__()

    def answer(self, handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, Any, dict[str, str]]:
        if handler.path == "/secret/basic.ics":
            return 200, self.payload, {"content-type": "text/calendar"}
        return 404, b"not here", {"content-type": "text/plain"}
