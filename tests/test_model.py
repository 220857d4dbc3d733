"""Drafting with a model through LiteLLM, over real HTTP to a stub OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest


from conftest import MODEL_KEY as KEY, ME, model_draft as draft
from retro.cli import cli
from stub_server import StubServer

# The picture of the month that retro puts after the excerpt of every drafted post with commits.
CHART = (
    "![Commits per day in January 2026: 4 commits on 3 days, busiest 2026-01-05 (2); by repository: api 4]"
    "(assets/2026-01-activity.svg)\n\n"
)






def post(blog: Path) -> frontmatter.Post:
    return frontmatter.load(blog / "posts" / "2026-01-retrospective.md")


def test_the_models_text_becomes_the_body_under_retros_front_matter(
    blog: Path, january_repo: Path, stub: StubServer
) -> None:
    (blog / "notes.md").write_text("## Course\n- Finished the Rust course\n")
    stub.enqueue("January was about the login flow.\n\n## Login\n\nI added a login endpoint.")
    result = draft(january_repo, "--notes", "notes.md")
    assert result.exit_code == 0, result.output
    written = post(blog)
    assert written.metadata["drafted_by"] == "openai/stub-model"
    assert written.metadata["draft"] is True and str(written.metadata["date"]) == "2026-01-31"
    assert written.content == (
        "January was about the login flow.\n\n<!-- more -->\n\n" + CHART + "## Login\n\nI added a login endpoint."
    )
    [request] = stub.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    system, user = request.body["messages"]
    assert system["role"] == "system" and "first person" in system["content"]
    assert "Totals: 4 commits in 1 repository, +8 / -0 lines, 3 files changed, 3 active days" in user["content"]
    assert "Busiest days: 2026-01-05 (2 commits), 2026-01-20 (1 commit)" in user["content"]
    assert "Busiest areas: api (4 lines), the top-level files (4 lines)" in user["content"]
    assert " 1 repositories" not in user["content"] and "(1 commits)" not in user["content"]
    assert "  features (1): add login endpoint" in user["content"]
    assert "Theme «Course»:\n  The author's words:\n    - Finished the Rust course" in user["content"]  # their words
    assert KEY not in result.output and KEY not in (blog / "posts" / "2026-01-retrospective.md").read_text()


def test_a_fence_or_front_matter_around_the_answer_is_stripped(blog: Path, january_repo: Path, stub: StubServer) -> None:
    stub.enqueue("```markdown\n---\ntitle: Hijacked\ndraft: false\n---\nOpening line.\n\nMore.\n```")
    assert draft(january_repo).exit_code == 0
    written = post(blog)
    assert written.metadata["title"] == "2026-01 Dev Retrospective" and written.metadata["draft"] is True
    assert written.content == "Opening line.\n\n<!-- more -->\n\n" + CHART + "More."


@pytest.mark.parametrize("status", [401, 403])
def test_a_rejected_key_stops_and_keeps_last_runs_post(blog: Path, january_repo: Path, stub: StubServer,
                                                        status: int) -> None:
    """A wrong key is the author's to fix: no offline post replaces the model's, --force or not."""
    (blog / "retro.toml").write_text('fallbacks = ["openai/second-model", "offline"]\n')
    target = blog / "posts" / "2026-01-retrospective.md"
    target.write_bytes(b"---\ntitle: last run's\ndrafted_by: openai/stub-model\n---\nThe model's words.\n")
    before = target.read_bytes()
    stub.enqueue_error(status, f"Incorrect API key provided: {KEY}")
    result = draft(january_repo, "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: openai/stub-model at {stub.base_url} rejected the API key: check RETRO_API_KEY or the "
        "provider's key variable. Nothing was written."
    )
    assert "Falling back" not in result.stderr and "Trying" not in result.stderr
    assert target.read_bytes() == before and not (blog / ".retro" / "backups").exists()
    assert len(stub.requests) == 1  # neither retried nor handed to a fallback
    assert KEY not in result.output


def test_an_unknown_model_stops_with_fallbacks_configured(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "retro.toml").write_text('fallbacks = ["offline"]\n')
    stub.enqueue_error(404, "The model `stub-model` does not exist")
    result = draft(january_repo)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: openai/stub-model at {stub.base_url}: unknown model; check the name with your provider "
        "(e.g. openai/gpt-4o-mini). Nothing was written."
    )
    assert not (blog / "posts" / "2026-01-retrospective.md").exists()


def test_a_refused_connection_falls_back_with_a_warning(
    blog: Path, january_repo: Path, monkeypatch: pytest.MonkeyPatch, refused_port: int
) -> None:
    port = refused_port
    monkeypatch.setenv("RETRO_API_KEY", KEY)
    monkeypatch.setenv("RETRO_API_BASE", f"http://127.0.0.1:{port}/v1")
    result = draft(january_repo)
    assert result.exit_code == 0
    assert f"warning: cannot connect to openai/stub-model at http://127.0.0.1:{port}/v1: is the server running" in result.stderr
    assert post(blog).metadata["drafted_by"] == "offline"


def test_a_server_that_never_answers_times_out(blog: Path, january_repo: Path, stub: StubServer) -> None:
    (blog / "retro.toml").write_text("timeout = 1\n")
    for _ in range(4):  # whatever LiteLLM retries, each attempt hangs
        stub.enqueue_hang(30)
    result = draft(january_repo)
    assert result.exit_code == 0
    # The time-out, not the server, ended it: each attempt hangs 30 s, and the draft fell back (how long it took
    # is benchmarks/'s business).
    assert "did not answer within 1 s; raise --timeout or try later" in result.stderr
    assert post(blog).metadata["drafted_by"] == "offline"


def test_a_missing_key_names_the_variable_to_set(
    blog: Path, january_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("RETRO_API_KEY", "RETRO_API_BASE", "OPENAI_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    result = draft(january_repo)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: No API key for openai/stub-model: set RETRO_API_KEY or OPENAI_API_KEY in the environment. "
        "Nothing was written.")
    assert not (blog / "posts" / "2026-01-retrospective.md").exists()
