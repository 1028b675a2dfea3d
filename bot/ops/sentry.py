"""Optional error reporting to Sentry (SENTRY_DSN; `pip install -e '.[sentry]'`).

sentry-sdk is imported only when a DSN is set. Events keep the exception type and the stack
(file, line, function) and lose everything that can hold what a person typed or the token:
exception texts, local variables, request and user data, extras; any string left is redacted.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from bot.logs import RedactTokens

log = logging.getLogger(__name__)

_DROPPED = ("request", "user", "extra")
_started: list[bool] = []  # sentry-sdk keeps one client per process; so does this flag


def scrubber(secrets: tuple[str, ...]) -> Any:
    """A before_send / before_breadcrumb hook that strips person data and tokens."""
    redactor = RedactTokens(secrets)

    def scrub(event: dict[str, Any], hint: object) -> dict[str, Any]:
        for key in _DROPPED:
            event.pop(key, None)
        for exception in event.get("exception", {}).get("values", []):
            exception.pop("value", None)  # str(error): can quote what a person typed
            for frame in (exception.get("stacktrace") or {}).get("frames", []):
                frame.pop("vars", None)
        event.pop("data", None)  # breadcrumbs: httpx puts request URLs (with the token) here
        return cast(dict[str, Any], _redacted(event, redactor))

    return scrub


def _redacted(value: Any, redactor: RedactTokens) -> Any:
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item, redactor) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item, redactor) for item in value]
    return value


def start_sentry(dsn: str, secrets: tuple[str, ...]) -> bool:
    """Start reporting to Sentry; False (with a warning) when sentry-sdk is not installed."""
    try:
        import sentry_sdk
    except ImportError:
        log.warning("SENTRY_DSN is set but sentry-sdk is not installed: pip install '.[sentry]'")
        return False
    scrub = scrubber(secrets)
    sentry_sdk.init(  # personal data is off by default; the hooks remove what is left
        dsn=dsn,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        before_breadcrumb=scrub,
    )
    _started[:] = [True]
    return True


def stop_sentry() -> None:
    """Send what is queued and stop reporting."""
    if _started:
        import sentry_sdk

        sentry_sdk.get_client().close(timeout=2.0)
        _started.clear()


def capture(error: BaseException) -> None:
    """Send `error` to Sentry if it was started (a no-op otherwise)."""
    if _started:
        import sentry_sdk

        sentry_sdk.capture_exception(error)
