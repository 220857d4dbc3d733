"""One schema checks every setting (issue 28, in part): a bad value is one line naming the setting, the value and
the choices, before anything is read, whichever face it came from (retro.toml, a flag, a tool argument)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ME
from retro.cli import cli

DRAFT = ["draft", "--month", "2026-01", "--author", ME, "--tz", "Asia/Seoul"]


@pytest.mark.parametrize("toml, said", [
    ('langauge = "ko"\n', "unknown key 'langauge': did you mean 'lang'?"),
    ('title = "{mnth} retro"\n', "title: {mnth} is not a field of '{mnth} retro'; did you mean {month}?"),
    ('year_title = "{yaer}"\n', "year_title: {yaer} is not a field of '{yaer}'; did you mean {year}?"),
    ('timezone = "Mars/Olympus"\n', "timezone: unknown time zone 'Mars/Olympus': use an IANA name such as "
                                    "Asia/Seoul or UTC."),
    ('lang = "fr"\n', "lang must be one of en, ko, not 'fr'."),
    ('format = "star"\n', "format must be one of free, kpt, 4ls, not 'star'."),
    ('api_base = "localhost:4000"\n', "api_base: 'localhost:4000' is not an http or https address."),
    ('lang = "ko"\ntags = ["a"]\nlang = "en"\n', "'lang' is given twice (again at line 3); keep one."),
])
def test_a_bad_setting_in_retro_toml_is_one_line_before_anything_is_read(toml: str, said: str, blog: Path,
                                                                           january_repo: Path) -> None:
    (blog / "retro.toml").write_text(toml)
    result = CliRunner().invoke(cli, [*DRAFT, "--repo", str(january_repo)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {blog / 'retro.toml'}: {said}"]  # no "reading ..." first
    assert not list((blog / "posts").iterdir())


def test_a_bad_flag_names_the_flag(blog: Path, january_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01", "--repo", str(january_repo), "--tz", "Mars/X"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: --tz: unknown time zone 'Mars/X': use an IANA name such as Asia/Seoul or UTC.")


def test_a_bad_tool_argument_names_the_argument(blog: Path, january_repo: Path) -> None:
    from test_mcp import session_run

    (blog / "retro.toml").write_text(f'repos = ["{january_repo}"]\nauthors = ["{ME}"]\n')

    async def steps(session, found) -> None:
        found["lang"] = await session.call_tool("draft_post", {"month": "2026-01", "lang": "fr"})
        found["tz"] = await session.call_tool("collect_month", {"month": "2026-01", "tz": "Mars/X"})
        found["future"] = await session.call_tool("collect_month", {"month": "2999-01"})

    found = session_run(blog, steps)
    said = {name: result.content[0].text for name, result in found.items()}
    assert all(result.is_error for result in found.values())
    assert said["lang"].endswith(": lang: must be one of en, ko, not 'fr'.")
    assert said["tz"].endswith(": tz: unknown time zone 'Mars/X': use an IANA name such as Asia/Seoul or UTC.")
    assert said["future"].endswith(": month 2999-01 is in the future; choose this month or an earlier one.")
    assert not list((blog / "posts").iterdir())  # refused before anything was drafted


def test_a_command_and_a_tool_call_for_the_same_month_give_the_same_document(blog: Path, january_repo: Path) -> None:
    """One Request, whichever face built it: `retro collect --json` and MCP's collect_month agree, --compare too."""
    import json

    from test_mcp import session_run

    args = {"month": "2026-01", "repos": [str(january_repo)], "authors": [ME], "tz": "Asia/Seoul"}
    flags = ["collect", "--month", "2026-01", "--repo", str(january_repo), "--author", ME, "--tz", "Asia/Seoul",
             "--json"]
    plain = json.loads(CliRunner().invoke(cli, flags).stdout)
    compared = json.loads(CliRunner().invoke(cli, [*flags, "--compare"]).stdout)

    async def steps(session, found) -> None:
        found["plain"] = await session.call_tool("collect_month", args)
        found["compared"] = await session.call_tool("collect_month", {**args, "compare": True})

    found = session_run(blog, steps)
    assert found["plain"].structured_content == plain
    assert found["compared"].structured_content == compared
    assert plain["totals"]["previous_commits"] is None and compared["totals"]["previous_commits"] == 1


def test_a_missing_repository_in_retro_toml_names_the_file_not_a_flag(blog: Path, tmp_path: Path) -> None:
    (blog / "retro.toml").write_text(f'repos = ["{tmp_path / "nowhere"}"]\nauthors = ["{ME}"]\n')
    result = CliRunner().invoke(cli, ["draft", "--month", "2026-01"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {blog / 'retro.toml'}: repos names {tmp_path / 'nowhere'}, which does not exist; fix the path there."]
