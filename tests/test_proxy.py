"""The real LiteLLM proxy, started on 127.0.0.1 with a mock_response model and a master key."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import frontmatter
import pytest
from click.testing import CliRunner

from conftest import ME
from retro.writing.model import llm
from retro.cli import cli
from test_model import CHART

MASTER_KEY = "sk-proxy-master-test-1234"
MOCK = "January went to the login flow.\n\n## Login\n\nI built it."
CONFIG = f"""
model_list:
  - model_name: mock-gpt
    litellm_params:
      model: openai/mock-gpt
      api_key: not-used
      mock_response: {json.dumps(MOCK)}
general_settings:
  master_key: {MASTER_KEY}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def started(base: str, process: subprocess.Popen, limit: float = 90) -> bool:
    """Whether the proxy answers its liveliness probe before it exits or the time runs out."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health/liveliness", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("proxy")
    (folder / "config.yaml").write_text(CONFIG)
    for _ in range(3):  # a port picked free may be taken before the proxy binds it: then another
        port = free_port()
        log = open(folder / "proxy.log", "w")
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "litellm"), "--config", "config.yaml", "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=folder, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False"},
        )
        base = f"http://127.0.0.1:{port}"
        if started(base, process):
            break
        process.kill()
        log.close()
        said = (folder / "proxy.log").read_text()
        if "address already in use" not in said.lower():
            pytest.fail("the LiteLLM proxy did not start:\n" + said[-3000:])
    else:
        pytest.fail("the LiteLLM proxy found no free port in three tries")
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_draft_through_the_real_proxy(blog: Path, january_repo: Path, proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETRO_API_KEY", MASTER_KEY)
    result = CliRunner().invoke(cli, [
        "draft", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--tz", "Asia/Seoul",
        "--model", "openai/mock-gpt", "--api-base", proxy,
    ], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    post = frontmatter.load(blog / "posts" / "2026-01-retrospective.md")
    assert post["drafted_by"] == "openai/mock-gpt"
    assert post.content == ("January went to the login flow.\n\n<!-- more -->\n\n" + CHART + "## Login\n\nI built it.")
    assert "openai/mock-gpt: " in result.stderr and "tokens in" in result.stderr
    assert MASTER_KEY not in result.output


def test_streaming_through_the_real_proxy(proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETRO_API_KEY", MASTER_KEY)
    pieces: list[str] = []
    answer = llm.complete([{"role": "user", "content": "hi"}], "openai/mock-gpt", proxy, 30, stream=pieces.append)
    assert answer.text == MOCK and "".join(pieces) == MOCK


def test_ping_the_real_proxy(proxy: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RETRO_API_KEY", MASTER_KEY)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["ping", "--model", "openai/mock-gpt", "--api-base", proxy])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"openai/mock-gpt at {proxy} answered in ")


def test_a_model_the_proxy_does_not_serve_is_named(proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETRO_API_KEY", MASTER_KEY)
    with pytest.raises(llm.ModelError) as caught:
        llm.complete([{"role": "user", "content": "hi"}], "openai/no-such-model", proxy, 30)
    assert str(caught.value) == (
        f"openai/no-such-model at {proxy}: unknown model; check the name with your provider (e.g. openai/gpt-4o-mini)."
    )


def test_a_wrong_key_for_the_proxy_names_the_fix(proxy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETRO_API_KEY", "sk-wrong-key")
    with pytest.raises(llm.ModelError) as caught:
        llm.complete([{"role": "user", "content": "hi"}], "openai/mock-gpt", proxy, 30)
    assert str(caught.value) == (
        f"openai/mock-gpt at {proxy} rejected the API key: set RETRO_API_KEY to the proxy's master key."
    )
