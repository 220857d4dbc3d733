"""retro: a month of git activity and notes becomes a drafted retrospective post."""

# The one place the version is written: pyproject.toml reads it, `retro --version` shows it, and
# `retro init` pins the blog's publish workflow to it.
__version__ = "0.2.0"
# The name on the package index ("retro" there is an unrelated project); the command is still `retro`.
DISTRIBUTION = "retro-monthly"
