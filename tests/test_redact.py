"""Redaction: a corpus of fake secrets of each kind, ordinary text left alone, and the author's rules."""

from __future__ import annotations

import base64
import json
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ME, Row, make_repo

from retro.writing.model.redact import Rules, redact
from stub_server import StubServer

RNG = random.Random(20260124)


def chars(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def b64(document: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


PEM_BODY = "\n".join(chars(64, string.ascii_letters + string.digits + "+/") for _ in range(4))

# (kind, the secret, the sentence it hides in). All fake: built here, valid for nothing.
CORPUS: list[tuple[str, str, str]] = [
    ("AWS access key", "AKIAIOSFODNN7EXAMPLE", "chore: rotate AKIAIOSFODNN7EXAMPLE in staging"),
    ("AWS secret key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
     "fix: aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY was committed"),
    ("GitHub token", "ghp_" + chars(36), "ci: use ghp_{} for the release job"),
    ("GitHub fine-grained token", "github_pat_" + chars(22) + "_" + chars(59), "docs: token github_pat_{} leaked"),
    ("JWT", f"eyJ{b64({'alg': 'HS256', 'typ': 'JWT'})[3:]}.{b64({'sub': '1234567890', 'name': 'Kim'})}.{chars(43)}",
     "debug: header was Bearer {}"),
    ("private key", f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----",
     "oops, pasted the deploy key:\n{}\nremoved it later"),
    ("Slack token", "xoxb-" + "-".join([chars(11, string.digits), chars(12, string.digits), chars(24)]),
     "feat: notify via slack with xoxb-token {}"),
    ("Stripe key", "sk_live_" + chars(24), "fix: stripe sk_live key {} in settings"),
    ("Google API key", "AIza" + chars(35, string.ascii_letters + string.digits + "_-"), "maps key is {} now"),
    ("OpenAI key", "sk-proj-" + chars(48), "tried the model with OPENAI_API_KEY {}"),
    ("Anthropic key", "sk-ant-api03-" + chars(80, string.ascii_letters + string.digits + "-_"),
     "claude via {} works"),
    ("password in URL", "S3cr3tPassw0rd", "db is postgres://admin:{}@db.internal:5432/app"),
    ("password assignment", "hunter2hunter2", "config: password=hunter2hunter2 for the test box"),
]

ORDINARY = [
    "fix: handle empty password in login form", "bump version to 1.2.3", "feat(api): add /v1/users endpoint",
    "로그인 버그 수정", "https://github.com/org/repo/pull/12", "revert 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
    "refactor: rename getUserById to findUser", "docs: token refresh flow explained",
    "chore: update dependencies (requests 2.32.3)", "feat: add password reset email",
    "Merge pull request #42 from org/feature-branch", "fix: base64 decode of uploaded images",
    "test: add cases for secret_key rotation", "🎉 release v2.0.0", "feat: support OAuth2 PKCE flow",
    "fix: ReactDOM.createRoot hydration mismatch in SSR", "docs: explain api_key: header usage",
    "chore(deps): bump @typescript-eslint/eslint-plugin from 6.21.0 to 7.0.1", "perf: 30% faster cold start",
    "오늘은 LiteLLM 프록시를 직접 띄워 봤다", "ci: cache ~/.cache/pip between jobs", "style: run ruff format",
    "build: pin node 20.11 in .nvmrc", "feat: 회고록 카테고리 추가", "fix: off-by-one in month_bounds for UTC+14",
    "docs: README quick start for Ollama (ollama/llama3.1)", "test: fixture repo with 2,000 commits",
    "feat: /healthz endpoint returns 204", "refactor: split activity.py into collect and parse",
    "chore: remove unused env var RETRO_OLD_FLAG",
]


def embed(secret: str, sentence: str) -> str:
    return sentence.format(secret) if "{}" in sentence else sentence


@pytest.mark.parametrize("kind, secret, sentence", CORPUS, ids=[c[0] for c in CORPUS])
def test_each_kind_of_secret_is_redacted(kind: str, secret: str, sentence: str) -> None:
    text = embed(secret, sentence)
    result = redact(text)
    assert secret not in result.text
    assert "[redacted]" in result.text and result.found
    first_word = sentence.split()[0].rstrip(":")
    assert first_word in result.text  # the words around it survive


def test_the_share_caught_is_all_of_the_corpus() -> None:
    caught = sum(secret not in redact(embed(secret, sentence)).text for _, secret, sentence in CORPUS)
    print(f"caught {caught}/{len(CORPUS)} kinds of fake secret")
    assert caught / len(CORPUS) == 1.0


def test_ordinary_commit_text_is_left_alone() -> None:
    changed = [text for text in ORDINARY if redact(text).text != text]
    assert changed == []


def test_a_password_in_a_url_keeps_the_user_and_host() -> None:
    assert redact("postgres://admin:S3cr3tPassw0rd@db.internal/app").text == "postgres://admin:[redacted]@db.internal/app"


def test_the_authors_rules_drop_patterns_and_replace_names() -> None:
    rules = Rules(drop=[r"TICKET-\d+"], replace={"acme-corp": "a client", "Project Falcon": "a project"})
    result = redact("fix: TICKET-123 for ACME-Corp (project falcon)", rules)
    assert result.text == "fix: [redacted] for a client (a project)"
    assert result.found == ["your pattern", "your name", "your name"]


def test_an_invalid_pattern_names_itself() -> None:
    with pytest.raises(ValueError, match=r"redact pattern '\(unclosed' is not a regular expression"):
        redact("x", Rules(drop=["(unclosed"]))


def test_importing_redact_does_not_import_the_detector() -> None:
    probe = subprocess.run([sys.executable, "-c", "import sys, retro.writing.model.redact; print('detect_secrets' in sys.modules)"],
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "False"


def test_nothing_secret_reaches_a_remote_model(blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the wire: subjects and notes carry secrets; the stub, treated as remote, must see none."""
    rows = [Row(f"2026-01-{i + 2:02d}T10:00:00+09:00", ME, embed(secret, sentence).splitlines()[0][:200],
                {f"f{i}.txt": f"{i}\n"}) for i, (_, secret, sentence) in enumerate(CORPUS)]
    repo = make_repo(tmp_path / "leaky", rows)
    (blog / "notes.md").write_text("## Ops\n" + "".join(f"- {embed(s, t)}\n" for _, s, t in CORPUS))
    (blog / "retro.toml").write_text('redact_names = { "db.internal" = "the database host" }\n')
    server = StubServer().start()
    try:
        monkeypatch.setenv("RETRO_API_KEY", "k")
        server.enqueue("A month.\n\nDone.")
        result = CliRunner().invoke(cli_main(), [
            "draft", "--month", "2026-01", "--repo", str(repo), "--author", ME, "--notes", "notes.md",
            "--model", "openai/stub", "--api-base", server.base_url,
        ], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        sent = json.dumps(server.requests[0].body, ensure_ascii=False)
        leaked = [kind for kind, secret, _ in CORPUS if secret.split("\n")[1 if "\n" in secret else 0] in sent]
        assert leaked == []
        assert "db.internal" not in sent and "the database host" in sent
        assert "redacted before sending:" in result.stderr
    finally:
        server.stop()


def cli_main():
    from retro.cli import cli

    return cli
