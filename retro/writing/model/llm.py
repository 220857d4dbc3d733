"""The one seam to LiteLLM: complete(messages, model) -> Completion.

litellm is imported here only, when a model is actually used: it takes seconds
to import and would otherwise fetch a price map from the internet.
"""

from __future__ import annotations

import fnmatch
import os
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from retro.errors import ModelConfigError, ModelError, setting

KEY_VARIABLE = "RETRO_API_KEY"
RETRIES = 2  # after the first attempt, on a rate limit or a server error
BACKOFF = float(os.environ.get("RETRO_RETRY_BACKOFF", "1.0"))  # seconds, doubled each retry


@dataclass
class Completion:
    text: str
    model: str
    seconds: float
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost: float | None = None  # US dollars, when LiteLLM knows the model's price

    def summary(self) -> str:
        """'openai/gpt-4o-mini: 1,204 tokens in, 512 out, 3.2 s, $0.0004'."""
        parts = [f"{self.model}:"]
        if self.tokens_in is not None:
            parts.append(f"{self.tokens_in:,} tokens in, {self.tokens_out or 0:,} out,")
        parts.append(f"{self.seconds:.1f} s")
        if self.cost:
            parts[-1] += ","
            parts.append(f"${self.cost:.4f}")
        return " ".join(parts)


def import_litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.disable_hf_tokenizer_download = True
    return litellm


@dataclass
class RedactionRule:
    redact: bool
    why: str


def redaction_rule(model: str, api_base: str | None, redact: bool = True, local_models: Iterable[str] = (),
                   local_endpoints: Iterable[str] = ()) -> RedactionRule:
    """Whether text for `model` (at `api_base`) is redacted, and the rule that decided it.

    Every model is remote unless the author says otherwise: an address on
    localhost proves nothing, since a LiteLLM proxy there forwards to the cloud.
    """
    if not redact:
        return RedactionRule(False, "not redacted: redact = false in retro.toml")
    for pattern in local_models:
        if fnmatch.fnmatchcase(model, pattern):
            return RedactionRule(False, f"not redacted: {model} matches local_models {pattern!r} in retro.toml")
    if api_base:
        for pattern in local_endpoints:
            if fnmatch.fnmatchcase(api_base, pattern) or fnmatch.fnmatchcase(api_base.rstrip("/") + "/", pattern):
                return RedactionRule(False, f"not redacted: {api_base} matches local_endpoints {pattern!r} "
                                            "in retro.toml")
    where = f" at {api_base}" if api_base else ""
    return RedactionRule(True, f"redacted: {model}{where} is not marked local in retro.toml (local_models, "
                               "local_endpoints), and a proxy, even on localhost, may forward to the cloud")


def rule_for(model: str, config) -> RedactionRule:
    """The redaction rule for `model` under a Config."""
    return redaction_rule(model, config.api_base, config.redact, config.local_models, config.local_endpoints)


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
    raise ModelConfigError(f"No API key for {model}: set {KEY_VARIABLE} or {missing[0]} in the environment.")


def complete(
    messages: list[dict[str, str]],
    model: str,
    api_base: str | None = None,
    timeout: float = 120,
    max_tokens: int | None = None,
    stream: Callable[[str], None] | None = None,
    say: Callable[[str], None] | None = None,
) -> Completion:
    """Send `messages`, retrying rate limits and server errors with backoff (never a bad key).

    With `stream`, the text is handed over piece by piece as it arrives; the
    whole text is returned either way.
    """
    litellm = import_litellm()
    kwargs: dict = {"model": model, "messages": messages, "timeout": timeout, "max_retries": 0}
    if api_base:
        kwargs["api_base"] = api_base
    if max_tokens:
        kwargs["max_tokens"] = max_tokens
    key = api_key(litellm, model, api_base)
    if key:
        kwargs["api_key"] = key
    started = time.monotonic()
    for attempt in range(RETRIES + 1):
        try:
            if stream is None:
                response = litellm.completion(**kwargs)
            else:
                response = streamed(litellm, kwargs, stream)
            break
        except Exception as error:
            if attempt == RETRIES or not retryable(litellm, error):
                kind = ModelConfigError if misconfigured(litellm, error) else ModelError
                raise kind(explain(error, model, api_base, timeout)) from None
            delay = BACKOFF * 2**attempt
            if say:
                say(f"{model}: {explain(error, model, api_base, timeout).split(': ', 1)[-1]} Retrying in {delay:g} s.")
            time.sleep(delay)
    text = (response.choices[0].message.content or "") if response.choices else ""
    if not text.strip():
        raise ModelError(f"{model} returned an empty answer; try again or choose another model.")
    usage = getattr(response, "usage", None)
    return Completion(
        text=text,
        model=model,
        seconds=time.monotonic() - started,
        tokens_in=getattr(usage, "prompt_tokens", None),
        tokens_out=getattr(usage, "completion_tokens", None),
        cost=cost_of(litellm, response),
    )


def streamed(litellm, kwargs: dict, stream: Callable[[str], None]):
    """Stream the answer to `stream` and rebuild the whole response, usage included."""
    chunks = []
    for chunk in litellm.completion(**kwargs, stream=True, stream_options={"include_usage": True}):
        chunks.append(chunk)
        delta = chunk.choices[0].delta.content if chunk.choices else None
        if delta:
            stream(delta)
    return litellm.stream_chunk_builder(chunks, messages=kwargs["messages"])


def cost_of(litellm, response) -> float | None:
    try:
        return float(litellm.completion_cost(completion_response=response)) or None
    except Exception:  # a model LiteLLM has no price for
        return None


def retryable(litellm, error: Exception) -> bool:
    """Rate limits and server errors pass; a bad key, a bad request or a refused connection will not."""
    if misconfigured(litellm, error) or isinstance(error, litellm.BadRequestError):
        return False
    if reason(error) in ("timeout", "connection"):
        return False
    return isinstance(error, (litellm.RateLimitError, litellm.InternalServerError, litellm.ServiceUnavailableError,
                              litellm.APIError))


def misconfigured(litellm, error: Exception) -> bool:
    """A rejected key (401, 403), an unknown model or provider: the author's to fix, not an outage."""
    if isinstance(error, (litellm.AuthenticationError, litellm.PermissionDeniedError, litellm.NotFoundError)):
        return True
    if getattr(error, "status_code", None) in (401, 403):
        return True
    text = str(error)
    return any(sign in text for sign in ("Invalid model name", "model_not_found", "No connected db",
                                         "LLM Provider NOT provided"))


def causes(error: BaseException) -> list[BaseException]:
    """The error and what caused it, innermost last (LiteLLM wraps a refused connection in a 500)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def reason(error: BaseException) -> str | None:
    """'timeout' or 'connection' when that is what lies under a wrapped error."""
    chain = causes(error)
    names = {type(e).__name__ for e in chain}
    if names & {"Timeout", "APITimeoutError", "TimeoutException", "ReadTimeout", "ConnectTimeout", "TimeoutError"}:
        return "timeout"
    if any(isinstance(e, ConnectionError) for e in chain) or names & {"ConnectError", "APIConnectionError"}:
        return "connection"
    return None


def explain(error: Exception, model: str, api_base: str | None, timeout: float) -> str:
    """One line naming the cause and the fix; never the key, never a traceback."""
    import litellm

    where = f" at {api_base}" if api_base else ""
    if isinstance(error, (litellm.AuthenticationError, litellm.PermissionDeniedError)) \
            or getattr(error, "status_code", None) in (401, 403) and "No connected db" not in str(error):
        return f"{model}{where} rejected the API key: check {KEY_VARIABLE} or the provider's key variable."
    text = str(error)
    if isinstance(error, litellm.NotFoundError) or "Invalid model name" in text or "model_not_found" in text:
        return f"{model}{where}: unknown model; check the name with your provider (e.g. openai/gpt-4o-mini)."
    if "No connected db" in text:
        # A LiteLLM proxy without a key database accepts only its master key.
        return f"{model}{where} rejected the API key: set {KEY_VARIABLE} to the proxy's master key."
    if isinstance(error, litellm.RateLimitError):
        return f"{model}{where} is rate limited; wait a minute and try again."
    if isinstance(error, litellm.ContextWindowExceededError):
        return f"{model}: the input is too long for this model's window; set context_window lower or use a larger model."
    kind = reason(error)
    if kind == "timeout":
        return f"{model}{where} did not answer within {timeout:g} s; raise {setting('timeout')} or try later."
    if kind == "connection":
        return f"cannot connect to {model}{where}: is the server running and the address right?"
    if isinstance(error, litellm.BadRequestError) and "LLM Provider NOT provided" in str(error):
        return f"{model}: unknown provider; name the model as provider/model, e.g. openai/gpt-4o-mini."
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and status >= 500:
        return f"{model}{where} had a server error ({status}); try again later."
    return f"{model}{where} failed ({type(error).__name__}); try again, or draft offline by leaving out {setting('model')}."


def ping(model: str, api_base: str | None, timeout: float) -> Completion:
    """A tiny request that proves the model answers, and how fast."""
    return complete([{"role": "user", "content": "Reply with the single word: pong"}], model, api_base,
                    timeout, max_tokens=5)
