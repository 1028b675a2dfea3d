"""Bot API requests over aiohttp (HTTP_CLIENT=aiohttp), a drop-in for PTB's HTTPXRequest.

Measured with `python -m bench --only http`: httpcore's pool walks every connection on each
request, aiohttp's does not, so aiohttp sends more per second at the same CPU. The timeouts mean
what they mean for HTTPXRequest: `connect_timeout` to open a connection, `pool_timeout` to wait
for a free one, `read_timeout` for each read of the answer; aiohttp has no write timeout of its
own, so writing the request counts towards the read timeout's budget (`sock_read` starts once
the request is written).

Errors keep the distinction the nudge sender relies on (`surely_not_sent`): a refused connection
or no free connection in time raises with `aiohttp.ClientConnectorError` or
`aiohttp.ConnectionTimeoutError` as the cause (the request never left), and so does a request
that could not be written at all (`RequestNotWritten`: its keep-alive connection was closing);
a read timeout with
`aiohttp.SocketTimeoutError`, a dropped connection with another `aiohttp.ClientError` (it may
have arrived). Status codes are judged by PTB's BaseRequest, as for httpx.
"""

from __future__ import annotations

import functools
from urllib.parse import quote_plus, urlencode

import aiohttp
from aiohttp.payload import BytesPayload
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

URLENCODED = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read, self._write = read_timeout, write_timeout
        self._connect, self._pool = connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read if isinstance(read_timeout, DefaultValue) else read_timeout
        write = self._write if isinstance(write_timeout, DefaultValue) else write_timeout
        connect = self._connect if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        timeout = aiohttp.ClientTimeout(
            # Waiting for a free connection and opening it: both before anything is sent.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=None if read is None else read + (write or 0.0),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut(
                "Pool or connect timeout: the request was not sent to Telegram."
            ) from error
        except aiohttp.ServerTimeoutError as error:  # a read timeout: it may have arrived
            raise TimedOut from error
        except TimeoutError as error:  # aiohttp's own, without a cause worth keeping
            raise TimedOut from error
        except aiohttp.ClientError as error:
            cause: BaseException = error
            if _never_written(error):
                cause = RequestNotWritten(str(error))
                cause.__cause__ = error
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from cause


class RequestNotWritten(Exception):
    """The request could not be written at all: its connection was already closing (e.g. an
    idle keep-alive connection the server had just closed). Telegram cannot have acted on it."""


def _never_written(error: aiohttp.ClientError) -> bool:
    # aiohttp refuses to hand a request's bytes to a closing transport; any other failure while
    # writing may come after the whole request left, so it stays ambiguous (also if aiohttp
    # ever words this differently: the safe side).
    cause = error.__cause__
    return (
        isinstance(cause, aiohttp.ClientConnectionResetError)
        and str(cause) == "Cannot write to closing transport"
    )


def _body(request_data: RequestData | None) -> aiohttp.FormData | BytesPayload | None:
    """Form fields as HTTPXRequest sends them: urlencoded, or multipart when files go along.
    The urlencoded body is made here, as aiohttp's FormData makes it (the same bytes and
    content type), without the FormData: a third of aiohttp's CPU per request went there."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return BytesPayload(_urlencoded(fields), content_type=URLENCODED)
    form = aiohttp.FormData(fields)
    for name, (filename, content, mime_type) in files.items():
        payload = content if isinstance(content, bytes) else content.read()
        form.add_field(name, payload, filename=filename, content_type=mime_type)
    return form


def _urlencoded(fields: dict[str, str]) -> bytes:
    """`urlencode(fields, doseq=True)`, the same bytes, with a keyboard's quoted form reused:
    reminders send the same few keyboards over and over, and quoting is most of the cost."""
    if not all(isinstance(value, str) for value in fields.values()):
        return urlencode(fields, doseq=True).encode()
    quoted = (
        (name, _quoted_markup(value) if name == "reply_markup" else quote_plus(value))
        for name, value in fields.items()
    )
    return "&".join(f"{quote_plus(name)}={value}" for name, value in quoted).encode()


@functools.lru_cache(maxsize=256)
def _quoted_markup(markup: str) -> str:
    return quote_plus(markup)
