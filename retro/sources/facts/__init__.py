"""The facts: what each source found, as plain data. No source is imported here, and no prose is written.

    commits.py   git: Activity (the month), RepoActivity, Commit, FileChange, Tag
    forges.py    GitHub and GitLab: ForgeActivity and its pull requests, reviews, issues, threads, releases
    meetings.py  calendars: CalendarActivity, Series, Event
    notes.py     the author's notes: Notes, Theme, Item
    kinds.py     what kind of change a commit is (feat, fix, ...), from its subject and paths
    trust.py     whose text each field holds (OTHERS or OWN)
"""
