"""git -> Activity: the month's commits of the chosen repositories and authors.

The reading itself (one walk, numstat in parallel batches, exact author dates)
lives in activity.py, with the Activity model every other source attaches to.
"""

from __future__ import annotations

from ..activity import collect

__all__ = ["collect"]
