"""The HTTP front: a real aiohttp server on 127.0.0.1 that answers `/bot<token>/<method>` and
`/file/bot<token>/<path>` like api.telegram.org, applies injected faults on the way in and out,
and records every call in `requests`."""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from tgemu.faults import FaultInjection
from tgemu.models import ApiError, ApiRequest, JsonDict, UploadedFile, bad_request
from tgemu.params import decode_params
from tgemu.state import TOKEN_RE, Handler

_LOG = logging.getLogger(__name__)
_MAX_UPLOAD = 50 * 1024 * 1024
_DROPPED: JsonDict = {"ok": False, "error_code": 0, "description": "connection dropped"}


def _abort(request: web.Request) -> web.Response:
    """Close the connection without an answer; the client sees a network error."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response()


class HttpFrontend(FaultInjection):
    """Serves the Bot API; a method without a handler is 404, so that gaps get noticed."""

    _host: str
    _port: int
    _runner: web.AppRunner | None
    # Lower-cased method name -> (its canonical spelling, handler); Telegram ignores case.
    _methods: dict[str, tuple[str, Handler]]

    def _init_http(self, host: str, port: int, methods: dict[str, Handler]) -> None:
        self._host = host
        self._port = port
        self._runner = None
        self._methods = {name.lower(): (name, handler) for name, handler in methods.items()}

    async def _start_http(self) -> None:
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        app = web.Application(client_max_size=_MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self._host, self._port))
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        self._port = sock.getsockname()[1]
        await web.SockSite(runner, sock).start()
        self._runner = runner

    async def _stop_http(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("emulator not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self.port}/file/bot"

    @staticmethod
    def _json_response(payload: JsonDict, status: int = 200) -> web.Response:
        return web.Response(
            text=json.dumps(payload, ensure_ascii=False),
            status=status,
            content_type="application/json",
        )

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return self._json_response(ApiError(404, "Not Found").to_json(), 404)

    def _token_error(self, token: str) -> ApiError | None:
        if token == self.token:
            return None
        # Like Telegram: a well-formed but wrong token is 401, a malformed one 404.
        if TOKEN_RE.fullmatch(token):
            return ApiError(401, "Unauthorized")
        return ApiError(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        error = self._token_error(request.match_info["token"])
        if error is not None:
            return self._json_response(error.to_json(), error.error_code)
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if stored is None:
            return self._json_response(ApiError(404, "Not Found").to_json(), 404)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            params.update(body)
            return params
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for name, value in form.items():
            if isinstance(value, FileField):
                params[name] = UploadedFile(
                    file_name=value.filename,
                    content=value.file.read(),
                    mime_type=value.content_type or "application/octet-stream",
                )
            elif isinstance(value, str):
                params[name] = value
        return params

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        error = self._token_error(request.match_info["token"])
        if error is not None:
            return self._json_response(error.to_json(), error.error_code)
        name = request.match_info["method"]
        method, handler = self._methods.get(name.lower(), (name, None))
        counted = method != "getUpdates"
        if counted:
            self._in_flight += 1
        try:
            return await self._dispatch(request, method, handler)
        finally:
            if counted:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
            self._notify()

    async def _dispatch(
        self, request: web.Request, method: str, handler: Handler | None
    ) -> web.StreamResponse:
        params: dict[str, Any] = {}
        try:
            params = await self._read_params(request)
            if handler is None:
                raise ApiError(404, "Not Found")
            params = decode_params(params)
            hold = self._take_fault(method, "hold")
            if hold is not None:
                await self._sleep(hold.seconds)
                # A hold stands for the way to Telegram: a client that hung up (or died)
                # meanwhile never got its request there, so nothing is processed.
                if request.transport is None or request.transport.is_closing():
                    self.requests.append(ApiRequest(method, params, _DROPPED))
                    return _abort(request)
            delay = self._take_fault(method, "delay")
            if delay is not None:
                await self._sleep(delay.seconds)
            if self._take_fault(method, "drop") is not None:
                self.requests.append(ApiRequest(method, params, _DROPPED))
                return _abort(request)
            fault = self._take_fault(method, "error")
            if fault is not None and fault.error is not None:
                raise fault.error
            response: JsonDict = {"ok": True, "result": await handler(params)}
        except ApiError as exc:
            response = exc.to_json()
        except Exception as exc:
            # An emulator bug must fail the test loudly, not look like a Telegram answer.
            _LOG.exception("emulator failed on %s", method)
            response = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}").to_json()
        self.requests.append(ApiRequest(method, params, response))
        if self._take_fault(method, "drop_after") is not None:
            return _abort(request)
        return self._json_response(response, response.get("error_code", 200))
