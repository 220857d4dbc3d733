"""Drafting with a model: the prompt and its digest, the LiteLLM call, redaction before anything is sent.

    prompt   the digest of the facts and notes, fenced as data, and the instructions
    llm      the call through LiteLLM, its faults and its cost
    redact   secrets and private names out of what a remote model sees
"""
