"""``journeymap render --watch``: the handout on the projector follows the YAML being edited.

A small HTTP server on 127.0.0.1 serves the rendered handouts from memory, and
nothing else: no file of the workspace is ever served. watchfiles reports every
change below the workspace, the journeys are rendered again, and a reload
script, injected only here (a rendered file never carries it), asks the server
for the current version and reloads the page when it moves. A file that does
not read or validate keeps the last good page on screen with a banner that
says what is wrong, until the file is fixed. Ctrl-C stops the watcher and the
server cleanly.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from journeymap.findings import Finding, InputError

HOST = "127.0.0.1"
VERSION_PATH = "/__journeymap/version"
BANNER_ID = "journeymap-watch-error"
RELOAD_SCRIPT = """<script>
/* journeymap render --watch: reload when the map changes (not in rendered files). */
(function () {
  var shown = "%(version)s";
  function poll() {
    fetch("%(path)s", {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (version !== shown) { location.reload(); } else { setTimeout(poll, 250); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 250);
})();
</script>
"""
BANNER = (
    '<div id="%s" role="alert" style="position:sticky;top:0;z-index:10000;margin:0;'
    "padding:.8rem 1rem;background:#8b0000;color:#fff;font:600 1rem/1.4 system-ui,sans-serif;"
    'white-space:pre-wrap">The map could not be read, so this is the last good version.\n%s</div>'
)


class Preview:
    """The rendered pages and a version that moves on every rebuild (thread-safe)."""

    def __init__(self, paths: Sequence[Path], *, layout: str, paper: str) -> None:
        self.paths = list(paths)
        self.layout = layout
        self.paper = paper
        self.lock = threading.Lock()
        self.version = 0
        self.pages: dict[str, str] = {}
        self.error: str | None = None

    def rebuild(self) -> None:
        try:
            pages = self._render()
        except InputError as error:
            with self.lock:
                self.error = str(error.finding)
                self.version += 1
            return
        with self.lock:
            self.pages, self.error = pages, None
            self.version += 1

    def _render(self) -> dict[str, str]:
        from journeymap.render.html import render_html
        from journeymap.workspace import load_workspaces

        pages: dict[str, str] = {}
        for workspace in load_workspaces(self.paths):
            errors = [
                f
                for f in workspace.findings
                if f.severity == "error" and workspace.is_target(f.path)
            ]
            if errors:
                raise InputError(min(errors, key=lambda finding: finding.sort_key))
            for document in workspace.documents:
                if document.kind == "journey" and workspace.is_target(document.path):
                    pages[document.id] = render_html(
                        workspace, document, layout=self.layout, paper=self.paper
                    )
        if not pages:
            message = "no journey to render here"
            raise InputError(Finding(path=", ".join(map(str, self.paths)), message=message))
        return pages

    def page(self, path: str) -> str | None:
        """The page for a request path (``/`` is the first journey), reload script included."""
        with self.lock:
            pages, error, version = dict(self.pages), self.error, self.version
        name = unquote(urlsplit(path).path).strip("/").removesuffix(".html")
        if not name:
            body = next(iter(pages.values()), None) if len(pages) == 1 else _index(pages)
        else:
            body = pages.get(name)
        if body is None and not pages and error is not None and not name:
            body = "<!doctype html><html><head><title>journeymap</title></head><body></body></html>"
        if body is None:
            return None
        if error is not None:
            banner = BANNER % (BANNER_ID, html.escape(error))
            body = _insert_after_body_tag(body, banner)
        script = RELOAD_SCRIPT % {"version": version, "path": VERSION_PATH}
        index = body.rfind("</body>")
        return body[:index] + script + body[index:] if index >= 0 else body + script

    def current_version(self) -> str:
        with self.lock:
            return str(self.version)


def _insert_after_body_tag(page: str, banner: str) -> str:
    start = page.find("<body")
    end = page.find(">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


def _index(pages: dict[str, str]) -> str:
    links = "".join(
        f'<li><a href="/{html.escape(name)}.html">{html.escape(name)}</a></li>' for name in pages
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>journeymap</title></head>"
        f"<body><h1>Journeys</h1><ul>{links}</ul></body></html>"
    )


LOCAL_NAMES = frozenset({HOST, "localhost"})


def _local_host(header: str | None) -> bool:
    """Whether a request's ``Host`` names this machine (``127.0.0.1:8000``, ``localhost``)."""
    if header is None:
        return False
    return header.rsplit(":", 1)[0].lower() in LOCAL_NAMES


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not _local_host(self.headers.get("Host")):
                # DNS rebinding: a web page on another name that resolves to 127.0.0.1
                # must not read the handout through the visitor's browser.
                self._send(HTTPStatus.MISDIRECTED_REQUEST, "not this host", "text/plain")
                return
            if self.path == VERSION_PATH:
                self._send(HTTPStatus.OK, preview.current_version(), "text/plain")
                return
            page = preview.page(self.path)
            if page is None:
                self._send(HTTPStatus.NOT_FOUND, "not found", "text/plain")
            else:
                self._send(HTTPStatus.OK, page, "text/html")

        def _send(self, status: HTTPStatus, text: str, kind: str) -> None:
            payload = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: the terminal shows what matters (rebuilds and errors)

    return Handler


def watch_roots(paths: Sequence[Path]) -> list[Path]:
    """The folders to watch: each path's workspace (its journeymap.yaml's folder), else itself."""
    from journeymap.selection import find_config

    roots: list[Path] = []
    for path in paths:
        config = find_config(path)
        root = config.parent if config else (path if path.is_dir() else path.parent)
        if root.resolve() not in {r.resolve() for r in roots}:
            roots.append(root)
    return roots


def serve(
    paths: Sequence[Path],
    *,
    port: int = 8000,
    layout: str = "pack",
    paper: str = "a4",
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the handouts of ``paths`` until Ctrl-C, re-rendering on every change."""
    import watchfiles

    for path in paths:
        if not path.exists():
            raise InputError(Finding(path=str(path), message="no such file or directory"))
    preview = Preview(paths, layout=layout, paper=paper)
    preview.rebuild()
    if preview.error is not None:
        announce(f"journeymap: {preview.error}")
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(preview))
    except OSError as error:
        raise InputError(
            Finding(path=f"{HOST}:{port}", message=f"cannot listen: {error.strerror or error}")
        ) from None
    server.daemon_threads = True
    stop = threading.Event()

    def follow() -> None:
        for _changes in watchfiles.watch(
            *watch_roots(paths), stop_event=stop, debounce=50, step=25, rust_timeout=200
        ):
            preview.rebuild()
            announce(f"journeymap: {preview.error}" if preview.error else "re-rendered")

    watcher = threading.Thread(target=follow, name="journeymap-watch", daemon=True)
    watcher.start()
    announce(f"serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=2)
        announce("stopped")
