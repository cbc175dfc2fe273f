"""The servers `make start` and `make app` run: they start and serve the kit.

Each server is started with the same command line as its make target
(:func:`pmo_exercises.launch.lab_command` and :func:`~pmo_exercises.launch.app_command`),
on a free port, with no browser and private Jupyter runtime and config
directories; JupyterLab gets a known token.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pmo_exercises import launch
from tests._servers import free_port, serve, tail

REPO = Path(__file__).resolve().parents[1]
TOKEN = "pmo-kit-test-token"
#: What a trainer serving a room allows: the server's name and its address.
ROOM_HOSTS = ("pmo-room.local", "10.1.2.3")
WELCOME_TITLE = "Welcome to the PMO course kit"
START_TIMEOUT_S = 90
REQUEST_TIMEOUT_S = 120


@dataclass(frozen=True)
class Server:
    url: str
    log: Path


def _get(url: str, token: str | None = None) -> tuple[int, str, str]:
    """GET `url`; return the status, the content type and the body (errors included)."""
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
            body = response.read().decode("utf-8", "replace")
            return response.status, response.headers.get("Content-Type", ""), body
    except urllib.error.HTTPError as error:
        with error:
            body = error.read().decode("utf-8", "replace")
            return error.code, error.headers.get("Content-Type", ""), body


def _serve(
    home: Path, argv: list[str], port: int, ready_path: str, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Run `argv` from the repository root until the generator is closed."""
    url = f"http://127.0.0.1:{port}"
    with serve(home, argv, url + ready_path, timeout_s=START_TIMEOUT_S, extra_env=env) as (_, log):
        yield Server(url, log)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab started as `make start` starts it (a trainee's), stopped after the module."""
    port = free_port()
    argv = launch.lab_command(port, "127.0.0.1", token=TOKEN, root_dir=REPO, open_browser=False)
    yield from _serve(tmp_path_factory.mktemp("lab"), argv, port, "/api", launch.lab_environment())


@pytest.fixture(scope="module")
def coach_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab started as `make coach` (`pmo start --coach`) starts it."""
    port = free_port()
    argv = launch.lab_command(port, "127.0.0.1", token=TOKEN, root_dir=REPO, open_browser=False)
    env = launch.lab_environment(coach=True)
    yield from _serve(tmp_path_factory.mktemp("coach"), argv, port, "/api", env)


def _disabled_plugins(server: Server) -> set[str]:
    """The plugins JupyterLab's page config tells its front end not to load."""
    disabled = _page_config(server).get("disabledExtensions", [])
    if isinstance(disabled, dict):
        return {name for name, off in disabled.items() if off}
    return set(disabled)


def _page_config(server: Server) -> dict:
    """The page config JupyterLab hands its front end (which plugins it loads)."""
    status, _, body = _get(f"{server.url}/lab", TOKEN)
    assert status == 200, tail(server.log)
    match = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', body, re.S
    )
    assert match, "no page config in /lab"
    return json.loads(match.group(1))


COACH_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
STUDENT_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment")


@pytest.mark.slow
def test_a_trainees_jupyterlab_has_the_student_tools_only(server: Server) -> None:
    """make start: Assignment List and Validate; no formgrader, Create Assignment or Course List."""
    disabled = _disabled_plugins(server)
    assert set(COACH_PLUGINS) <= disabled
    assert not set(STUDENT_PLUGINS) & disabled
    assert _get(f"{server.url}/formgrader", TOKEN)[0] == 404  # the server side is off too
    # the Assignment List's server side answers (with no exchange yet, it says so)
    status, _, body = _get(f"{server.url}/assignments?course_id=pmo-course", TOKEN)
    assert status == 200 and "success" in json.loads(body), body
    # Validate asks for nbgrader's version first: that endpoint stays
    assert _get(f"{server.url}/nbgrader_version?version=0.9.6", TOKEN)[0] == 200


@pytest.mark.slow
def test_the_coachs_jupyterlab_has_formgrader_and_create_assignment(coach_server: Server) -> None:
    """make coach: every nbgrader tool, and formgrader answers."""
    assert not set(COACH_PLUGINS + STUDENT_PLUGINS) & _disabled_plugins(coach_server)
    status, _, body = _get(f"{coach_server.url}/formgrader", TOKEN)
    assert status == 200 and "<title>nbgrader formgrade" in body, tail(coach_server.log)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voila started as `make app` starts it, stopped at the end of the module."""
    port = free_port()
    argv = launch.app_command(
        port, "127.0.0.1", apps_dir=REPO / launch.APPS_DIR, token=TOKEN,
        allowed_hosts=ROOM_HOSTS,
    )  # fmt: skip
    yield from _serve(tmp_path_factory.mktemp("app"), argv, port, "/login")


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voila with room for one kernel, and no pre-heated ones."""
    port = free_port()
    argv = launch.app_command(
        port, "127.0.0.1", apps_dir=REPO / launch.APPS_DIR, token=TOKEN, pool_size=0,
        max_kernels=1,
    )  # fmt: skip
    yield from _serve(tmp_path_factory.mktemp("busy"), argv, port, "/login")


def test_lab_command_keeps_token_auth_and_loopback() -> None:
    """The start command never turns authentication off and listens on loopback only."""
    argv = launch.lab_command(8888, "127.0.0.1")
    assert not any(arg.startswith("--IdentityProvider.token") for arg in argv)
    assert not any("token=''" in arg or arg.endswith("token=") for arg in argv)
    assert "--ServerApp.ip=127.0.0.1" in argv
    # the kernels of closed notebooks are culled; open ones stay
    assert f"--MappingKernelManager.cull_idle_timeout={launch.LAB_CULL_IDLE_S}" in argv
    assert "--MappingKernelManager.cull_connected=False" in argv
    with pytest.raises(ValueError, match="empty"):
        launch.lab_command(8888, "127.0.0.1", token="")


@pytest.mark.slow
def test_welcome_notebook_served_with_token(server: Server) -> None:
    """With the token, the contents API returns the welcome notebook."""
    status, content_type, body = _get(
        f"{server.url}/api/contents/notebooks/00_welcome.ipynb", TOKEN
    )
    assert status == 200, tail(server.log)
    assert content_type.startswith("application/json")
    model = json.loads(body)
    assert model["type"] == "notebook"
    assert WELCOME_TITLE in model["content"]["cells"][0]["source"]


@pytest.mark.slow
def test_token_is_required(server: Server) -> None:
    """Without the token, the same request is refused: token auth is on."""
    status, _, _ = _get(f"{server.url}/api/contents/notebooks/00_welcome.ipynb")
    assert status in (401, 403)


@pytest.mark.slow
def test_voila_renders_the_apps_index(server: Server) -> None:
    """Voila's server extension renders the scenario index from the same server."""
    status, content_type, body = _get(
        f"{server.url}/voila/render/notebooks/apps/index.ipynb", TOKEN
    )
    assert status == 200, tail(server.log)
    assert content_type.startswith("text/html")
    assert "PMO scenario pages" in body


def test_app_command_serves_the_folder_without_browser() -> None:
    """`make app` serves the apps folder on loopback, no browser, pre-heated kernels, culling."""
    argv = launch.app_command(8866)
    assert argv[1:3] == ["-m", "pmo_exercises.app_server"]
    assert argv[3] == str((Path.cwd() / launch.APPS_DIR).resolve())
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--no-browser" in argv
    assert "--VoilaConfiguration.preheat_kernel=True" in argv
    assert f"--VoilaConfiguration.default_pool_size={launch.POOL_SIZE}" in argv
    assert f"--VoilaExecutor.timeout={launch.CELL_TIMEOUT_S}" in argv
    assert f"--cull-idle={launch.CULL_IDLE_S}" in argv
    assert f"--cull-gone={launch.CULL_GONE_S}" in argv
    assert "--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager" in argv
    # a generated token, never none unless asked
    assert "--no-token" not in argv and not any(a.startswith("--Voila.token") for a in argv)


def test_app_command_options() -> None:
    """No pool means kernels on request; a kiosk goes without a token; bad values are refused."""
    argv = launch.app_command(
        8866, pool_size=0, cull_idle_s=0, cell_timeout=5, token="", allowed_hosts=("room",),
        max_kernels=4,
    )  # fmt: skip
    assert "--VoilaConfiguration.preheat_kernel=False" in argv
    assert "--VoilaExecutor.timeout=5" in argv
    assert {"--cull-idle=0", "--no-token", "--allow-host=room", "--max-kernels=4"} <= set(argv)
    assert "--Voila.token=s3cret" in launch.app_command(8866, token="s3cret")
    with pytest.raises(ValueError, match="pool_size"):
        launch.app_command(8866, pool_size=-1)
    with pytest.raises(ValueError, match="cell_timeout"):
        launch.app_command(8866, cell_timeout=0)


@pytest.mark.slow
def test_standalone_voila_renders_the_index(app_server: Server) -> None:
    """Standalone Voila renders the index page and lists it at the root."""
    status, content_type, body = _get(f"{app_server.url}/voila/render/{launch.APP_INDEX}", TOKEN)
    assert status == 200, tail(app_server.log)
    assert content_type.startswith("text/html")
    assert "PMO scenario pages" in body
    for page in ("cockpit", "what_if", "risk_explorer", "selection", "pmo_game"):
        assert f'href="{page}.ipynb"' in body, page
    status, _, listing = _get(f"{app_server.url}/voila/api/contents", TOKEN)
    assert status == 200
    assert launch.APP_INDEX in [item["name"] for item in json.loads(listing)["content"]]


def _no_redirect(url: str, headers: dict[str, str]) -> int:
    """The status of a GET that follows no redirect."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                           headers=headers)  # fmt: skip
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_a_page_needs_the_token(app_server: Server) -> None:
    page = f"{app_server.url}/voila/render/{launch.APP_INDEX}"
    assert _no_redirect(page, {}) in (302, 401, 403)  # to the login page
    assert _no_redirect(page + "?token=wrong", {}) in (302, 401, 403)
    assert _no_redirect(f"{app_server.url}/voila/api/contents", {}) in (302, 401, 403)
    assert _no_redirect(page + f"?token={TOKEN}", {}) == 200


@pytest.mark.slow
def test_a_foreign_host_is_refused_even_with_the_token(app_server: Server) -> None:
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
    page = f"{app_server.url}/voila/render/{launch.APP_INDEX}?token={TOKEN}"
    evil = {"Host": "evil.example", "Origin": "http://evil.example"}
    assert _no_redirect(page, evil) == 403
    socket = f"{app_server.url}/api/kernels/{'0' * 8}-0000-0000-0000-{'0' * 12}/channels"
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}  # fmt: skip
    assert _no_redirect(socket + f"?token={TOKEN}", {**evil, **upgrade}) == 403
    port = app_server.url.rsplit(":", 1)[1]
    assert _no_redirect(page, {"Host": f"localhost:{port}"}) == 200
    # a room: the names and addresses the trainer allowed, and no other
    for host in ROOM_HOSTS:
        assert _no_redirect(page, {"Host": f"{host}:{port}"}) == 200, host
    assert _no_redirect(page, {"Host": f"10.9.9.9:{port}"}) == 403
    assert _no_redirect(page, {"Host": f"other.local:{port}"}) == 403


@pytest.mark.slow
def test_beyond_the_kernel_cap_a_visitor_is_asked_to_come_back(busy_server: Server) -> None:
    first, _, _ = _get(f"{busy_server.url}/voila/render/{launch.APP_INDEX}", TOKEN)
    assert first == 200, tail(busy_server.log)  # its kernel stays: the page is still "open"
    status, content_type, body = _get(f"{busy_server.url}/voila/render/cockpit.ipynb", TOKEN)
    assert status == 503 and content_type.startswith("text/html")
    assert "The pages are busy" in body and "Try again in a minute" in body
    # and the server still answers at once
    listing, _, _ = _get(f"{busy_server.url}/voila/api/contents", TOKEN)
    assert listing == 200


def test_the_pages_lose_only_what_another_host_serves() -> None:
    from pmo_exercises.app_server import LocalOnly

    page = (
        b'<head><link rel="stylesheet" href="https://cdn.example/fa.css" type="text/css" />'
        b'<link rel="stylesheet" href="/voila/static/index.css">'
        b'<script src="http://cdn.example/x.js"></script><script src="/voila/x.js"></script>'
        b'</head><a href="https://pmi.org">PMI</a>'
    )
    kept = (
        b'<head><link rel="stylesheet" href="/voila/static/index.css">'
        b'<script src="/voila/x.js"></script></head><a href="https://pmi.org">PMI</a>'
    )
    whole = LocalOnly(None)
    headers = {"Content-Type": "text/html; charset=UTF-8", "Content-Length": str(len(page))}
    _, headers, body = whole.transform_first_chunk(200, headers, page, True)
    assert body == kept and headers["Content-Length"] == str(len(kept))
    streamed = LocalOnly(None)  # Voila streams a page: no length, chunks after the first
    _, _, first = streamed.transform_first_chunk(200, {"Content-Type": "text/html"}, page, False)
    assert first == kept and streamed.transform_chunk(page, True) == kept
    # a file sent in parts with its length declared, and anything not HTML, pass untouched
    parts = LocalOnly(None)
    declared = {"Content-Type": "text/html", "Content-Length": "999999"}
    _, headers, body = parts.transform_first_chunk(200, dict(declared), page, False)
    assert body == page and headers == declared and parts.transform_chunk(page, True) == page
    css = LocalOnly(None)
    _, _, body = css.transform_first_chunk(200, {"Content-Type": "text/css"}, page, True)
    assert body == page
