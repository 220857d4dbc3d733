"""The checks of what a model (or a person) wrote: figures against the facts, HTML that could run.

    facts     every figure and repository a text names, against the facts
    sanitise  raw HTML outside an allowlist, unsafe links and attribute lists
"""
