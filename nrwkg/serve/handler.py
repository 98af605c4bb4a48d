"""The HTTP handler: routes, CORS, errors as one plain-text line, nothing internal in a response.

Routes: `/sparql` (the endpoint; without a query, the service description, or the query page
for browsers), `/query` (the query page) with its assets under `/_nrwkg/`, `/id/…` and
`/.well-known/void` (linked data, nrwkg.serve.linked), and every other path a file of the build
folder (views, pages, exports; never the binary store), compressed and validated by nrwkg.serve.files.
"""

from __future__ import annotations

import logging
import os
import shutil
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from nrwkg.html import SERVER_CSP
from nrwkg.serve import linked, static
from nrwkg.serve.files import file_response
from nrwkg.serve.negotiate import GRAPH_TYPES, accepts, choose
from nrwkg.serve.page import asset
from nrwkg.serve.protocol import parse_request
from nrwkg.serve.safety import Refused
from nrwkg.serve.worker import error

if TYPE_CHECKING:
    from nrwkg.serve.server import SparqlServer

__all__ = ["Handler"]

log = logging.getLogger("nrwkg.serve")
ENDPOINT = "/sparql"
PAGE = "/query"
ASSETS = "/_nrwkg/"
CORS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT = {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
             "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "600"}
PAGE_POLICY = SERVER_CSP  # the site's one policy (nrwkg.html), on every response
SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": PAGE_POLICY}


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "nrwkg"
    timeout = 60  # seconds a connection may stay silent (slow or idle clients)

    # ---- methods -------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_OPTIONS(self) -> None:
        self._send(204, b"", None, {**PREFLIGHT, "Allow": "GET, HEAD, POST, OPTIONS"})

    def _not_allowed(self) -> None:
        self._error(405, f"{self.command} is not allowed: this server is read-only",
                    {"Allow": "GET, HEAD, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def _dispatch(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            generation = self.server.generation()  # a new build: switch to it before answering anything
            if url.path == ENDPOINT:
                self._endpoint(method, url.query, generation)
            elif method == "POST":
                self._error(405, "POST is only accepted at /sparql", {"Allow": "GET, HEAD, OPTIONS"})
            elif url.path == PAGE:
                self._send(200, self.server.page, "text/html; charset=utf-8",
                           {"Content-Security-Policy": PAGE_POLICY})
            elif url.path.startswith(linked.ID_PREFIX) or url.path == linked.VOID_PATH:
                self._send(*linked.answer(self.server.build_dir, url.path, self.headers.get("Accept")))
            elif url.path.startswith(ASSETS):
                found = asset(url.path[len(ASSETS):])
                self._send(200, *found) if found else self._error(404, "not found")
            else:
                self._static(url.path)
        except Refused as refused:
            self._error(refused.status, refused.message, refused.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log.exception("error while answering %s %s", self.command, self.path)
            self._error(500, "internal error (logged on the server)")

    # ---- the endpoint ---------------------------------------------------------------------
    def _endpoint(self, method: str, url_query: str, generation) -> None:
        """A query request, answered by `generation` (the build the request was dispatched to: its
        folder is looked at once per request)."""
        server = self.server
        body = self._body() if method == "POST" else None
        request = parse_request(method, url_query, self.headers.get("Content-Type"), body, generation.graphs)
        if request.query is None:
            self._describe()
            return
        reply = server.answer(request.query, self.headers.get("Accept"), request.default_graphs,
                              request.named_graphs, self.client_address[0], generation)
        if reply.status >= 400:
            self._send(reply.status, reply.body, reply.content_type, {"Vary": "Accept"})
        else:
            self._send(reply.status, reply.body, reply.content_type,
                       {"Vary": "Accept", "Cache-Control": "no-store"})

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            raise Refused(411, "send the request body with a Content-Length, not chunked")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise Refused(400, "invalid Content-Length") from None
        if length < 0 or length > self.server.settings.max_body:
            self.close_connection = True
            raise Refused(413, f"the request body is larger than {self.server.settings.max_body} bytes")
        return self.rfile.read(length)

    def _describe(self) -> None:
        """GET without a query: the service description (RDF), or the query page for a browser."""
        accept = self.headers.get("Accept")
        chosen = choose(accept, GRAPH_TYPES)
        wants_rdf = max((accepts(accept, m) for _, _, types in GRAPH_TYPES for m in types), default=0.0)
        if accepts(accept, "text/html") > wants_rdf:
            self._send(303, b"", None, {"Location": PAGE.lstrip("/")})
            return
        if chosen is None:
            raise Refused(406, "the service description is available as Turtle, N-Triples, JSON-LD, RDF/XML, "
                               "N-Quads")
        fmt, content_type = chosen
        self._send(200, self.server.description(self.server.endpoint_iri, fmt), content_type, {"Vary": "Accept"})

    # ---- static files ---------------------------------------------------------------------
    def _static(self, path: str) -> None:
        target = static.resolve(self.server.build_dir, path)
        if path in ("", "/") and (target is None or not (target / "index.html").is_file()):
            self._send(303, b"", None, {"Location": PAGE.lstrip("/")})
            return
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", None, {"Location": path.rsplit("/", 1)[-1] + "/"})
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._error(404, "not found")
            return
        self._send_file(target)

    # ---- responses ------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in {**CORS, **SECURITY, **(headers or {})}.items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_file(self, path) -> None:
        status, body, validators = file_response(path, static.content_type(path), self.headers)
        if body is not None:  # compressed, or 304 Not Modified
            self._send(status, body, static.content_type(path) if status == 200 else None, validators)
            return
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.send_response(200)
            for name, value in {**CORS, **SECURITY, **validators}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", static.content_type(path))
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(f, self.wfile, 1 << 16)

    def _error(self, status: int, message: str, headers: dict | None = None) -> None:
        reply = error(status, message)
        self._send(status, reply.body, reply.content_type, headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by http.server itself (malformed request line, headers too long …)."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # never served: always answer with a status line
            self.request_version = "HTTP/1.0"
        try:
            self._error(code, HTTPStatus(code).phrase.lower())
        except (BrokenPipeError, ConnectionResetError):
            pass

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:
        if log.isEnabledFor(logging.INFO):  # --quiet: not even formatted
            log.info("%s %s", self.address_string(), format % args)
