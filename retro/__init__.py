"""retro: a month of git activity and notes becomes a drafted retrospective post."""

__version__ = "0.1.0"
