"""The one seam to LiteLLM: complete(messages, model) -> text.

litellm is imported here only, when a model is actually used: it takes seconds
to import and would otherwise fetch a price map from the internet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import ModelError

KEY_VARIABLE = "RETRO_API_KEY"


@dataclass
class Completion:
    text: str
    model: str
    tokens_in: int | None = None
    tokens_out: int | None = None


def import_litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.disable_hf_tokenizer_download = True
    return litellm


def api_key(litellm, model: str, api_base: str | None) -> str | None:
    """RETRO_API_KEY, else the provider's own variable (LiteLLM reads it), else an error naming it."""
    key = os.environ.get(KEY_VARIABLE)
    if key:
        return key
    try:
        missing = litellm.validate_environment(model=model).get("missing_keys") or []
    except Exception:  # an unknown provider: let the request itself say what is wrong
        missing = []
    if not missing:
        return None
    if api_base:
        # A self-hosted OpenAI-compatible server often needs no key; the client insists on one.
        return "no-key"
    raise ModelError(f"No API key for {model}: set {KEY_VARIABLE} or {missing[0]} in the environment.")


def complete(messages: list[dict[str, str]], model: str, api_base: str | None = None, timeout: float = 120) -> Completion:
    litellm = import_litellm()
    kwargs = {"model": model, "messages": messages, "timeout": timeout}
    if api_base:
        kwargs["api_base"] = api_base
    key = api_key(litellm, model, api_base)
    if key:
        kwargs["api_key"] = key
    try:
        response = litellm.completion(**kwargs)
    except Exception as error:
        raise ModelError(explain(error, model, api_base, timeout)) from None
    text = (response.choices[0].message.content or "") if response.choices else ""
    if not text.strip():
        raise ModelError(f"{model} returned an empty answer; try again or choose another model.")
    usage = getattr(response, "usage", None)
    return Completion(
        text=text,
        model=model,
        tokens_in=getattr(usage, "prompt_tokens", None),
        tokens_out=getattr(usage, "completion_tokens", None),
    )


def causes(error: BaseException) -> list[BaseException]:
    """The error and what caused it, innermost last (LiteLLM wraps a refused connection in a 500)."""
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def explain(error: Exception, model: str, api_base: str | None, timeout: float) -> str:
    """One line naming the cause and the fix; never the key, never a traceback."""
    import litellm

    where = f" at {api_base}" if api_base else ""
    if isinstance(error, litellm.AuthenticationError):
        return f"{model}{where} rejected the API key: check {KEY_VARIABLE} or the provider's key variable."
    if isinstance(error, litellm.NotFoundError):
        return f"{model}{where}: unknown model; check the name with your provider (e.g. openai/gpt-4o-mini)."
    if isinstance(error, litellm.RateLimitError):
        return f"{model}{where} is rate limited; wait a minute and try again."
    if isinstance(error, litellm.ContextWindowExceededError):
        return f"{model}: the month is too long for this model's context; use a model with a larger window."
    chain = causes(error)
    names = {type(e).__name__ for e in chain}
    if isinstance(error, litellm.Timeout) or names & {"APITimeoutError", "TimeoutException", "ReadTimeout",
                                                      "ConnectTimeout", "TimeoutError"}:
        return f"{model}{where} did not answer within {timeout:g} s; raise --timeout or try later."
    if isinstance(error, litellm.APIConnectionError) or any(isinstance(e, ConnectionError) for e in chain) \
            or names & {"ConnectError", "APIConnectionError"}:
        return f"cannot connect to {model}{where}: is the server running and the address right?"
    if isinstance(error, litellm.BadRequestError) and "LLM Provider NOT provided" in str(error):
        return f"{model}: unknown provider; name the model as provider/model, e.g. openai/gpt-4o-mini."
    name = type(error).__name__
    return f"{model}{where} failed ({name}); try again, or draft offline by leaving out --model."
