"""API keys in the environment reach no output, no file and no post, whatever command runs or fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ME, JANUARY, make_repo
from stub_server import StubServer

KEYS = {
    "RETRO_API_KEY": "sk-retro-key-7f3a9c1e5b2d4f6a8c0e",
    "OPENAI_API_KEY": "sk-openai-key-1b3d5f7h9j2l4n6p8r0t",
    "ANTHROPIC_API_KEY": "sk-ant-key-9z8y7x6w5v4u3t2s1r0q",
}


def test_keys_never_leave_the_environment(blog: Path, tmp_path: Path, refused_port: int) -> None:
    repo = make_repo(tmp_path / "api", JANUARY)
    stub = StubServer().start()
    stub.enqueue_error(401, f"Incorrect API key provided: {KEYS['RETRO_API_KEY']}")  # a server that echoes it
    stub.enqueue("A month.\n\nWith a model.")
    stub.enqueue("Revised.\n\nShorter.")
    (tmp_path / "jekyll" / "_posts").mkdir(parents=True)
    (tmp_path / "jekyll" / "_posts" / "2025-01-01-old.md").write_text("---\ntitle: Old\n---\n\nx\n")
    dead = f"http://127.0.0.1:{refused_port}/v1"
    month = ["--month", "2026-01", "--repo", str(repo), "--author", ME, "--tz", "Asia/Seoul"]
    commands = [
        ["draft", *month, "--model", "openai/stub", "--api-base", stub.base_url],  # 401: stops, writes nothing
        ["draft", *month, "--model", "openai/stub", "--api-base", stub.base_url, "--force"],  # answers
        ["draft", *month, "--model", "openai/stub", "--api-base", dead, "--force"],  # refused
        ["draft", *month, "--model", "anthropic/claude-3-5-haiku-latest", "--dry-run"],
        ["draft", *month, "--force"],
        ["collect", *month, "--json"],
        ["check", "posts/2026-01-retrospective.md", "--repo", str(repo), "--author", ME],
        ["ping", "--model", "openai/stub", "--api-base", dead],
        ["ping", "--model", "openai/stub", "--api-base", stub.base_url],
        ["revise", "posts/2026-01-retrospective.md", "shorter", "--model", "openai/stub", "--api-base", dead],
        ["revise", "posts/2026-01-retrospective.md", "shorter", "--model", "openai/stub", "--api-base", stub.base_url],
        ["note", "a note"],
        ["posts"],
        ["ready", "posts/2026-01-retrospective.md"],
        ["build"],
        ["publish"],
        ["import", "jekyll", str(tmp_path / "jekyll")],
        ["init", str(tmp_path / "new-blog")],
        ["draft", "--month", "2999-01"],
    ]
    env = {**os.environ, **KEYS, "RETRO_DEBUG": "1", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    outputs = []
    try:
        for command in commands:
            run = subprocess.run([sys.executable, "-m", "retro", *command], cwd=blog, env=env,
                                 capture_output=True, text=True, timeout=120)
            outputs.append((command, run.returncode, run.stdout + run.stderr))
    finally:
        stub.stop()
    assert {code for _, code, _ in outputs} >= {0, 1, 2}  # successes and failures alike were run
    assert any("Traceback" in text for _, _, text in outputs)  # RETRO_DEBUG showed tracebacks
    for command, _, text in outputs:
        for name, key in KEYS.items():
            assert key not in text, f"{name} appeared in the output of retro {' '.join(command)}"
    for root in (blog, tmp_path / "new-blog"):
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for name, key in KEYS.items():
                    assert key.encode() not in data, f"{name} was written to {path}"
    sent = [r.headers.get("Authorization", "") for r in stub.requests]
    assert sent and all(h == f"Bearer {KEYS['RETRO_API_KEY']}" for h in sent)  # it went where it belongs
