"""The offline drafter: the post's body from the facts and the notes, with no model.

    body           the whole body: opening, themes, work, other sources, format sections, closing
    sections       a theme's section and a format's (KPT, 4Ls)
    other_sources  GitHub, GitLab and calendar sections
    wording        I or we, Korean plain or polite, text made safe for a Markdown line
    year_post      the year in review's facts and body
"""
