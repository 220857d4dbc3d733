"""The docs' generated blocks, from the code they describe: `python3 dev.py docs` writes them, a test checks them.

A block stands between `<!-- generated: NAME -->` and `<!-- end generated -->` in a page of docs/pages/.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"
BLOCK = re.compile(r"(<!-- generated: ([\w-]+) -->\n).*?(<!-- end generated -->)", re.DOTALL)


def blocks() -> dict[str, str]:
    from retro import config
    from retro.cli import commands_table
    from retro.sources import tables

    schema = json.dumps(config.json_schema(tables()), indent=2, ensure_ascii=False)
    return {
        "config-table": config.markdown_table(tables()),
        "config-schema": f"```json\n{schema}\n```",
        "commands": commands_table(),
    }


def rendered(text: str, made: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: f"{m.group(1)}{made[m.group(2)]}\n{m.group(3)}", text)


def stale() -> list[Path]:
    """The pages whose generated blocks differ from what the code makes now."""
    made = blocks()
    return [page for page in sorted(PAGES.glob("*.md")) if rendered(page.read_text(), made) != page.read_text()]


def main() -> int:
    made = blocks()
    for page in sorted(PAGES.glob("*.md")):
        text = page.read_text()
        new = rendered(text, made)
        if new != text:
            page.write_text(new)
            print(f"docs: regenerated {page.relative_to(PAGES.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
