"""``render --watch`` in a real browser: edits on disk show up, a broken file shows a banner.

The server runs as a child process (as a facilitator would start it); the page
is Debian's chromium driven by playwright.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeymap.render import render_paths
from journeymap.scaffold import init_workspace
from journeymap.watch import BANNER_ID, HOST

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
from make_screenshot import BROWSER_ARGS  # noqa: E402


@pytest.fixture
def workspace(tmp_path) -> Path:
    root = tmp_path / "maps"
    init_workspace(root)
    return root


@pytest.fixture
def server(workspace) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "journeymap", "render", "journeys/customer-journey.yaml",
         "--watch", "--port", "0"],
        cwd=workspace,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line.startswith(f"serving http://{HOST}:"), line
    url = line.split()[1]
    yield process, url
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed: apt-get install -y chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield instance
        instance.close()


def test_the_page_follows_edits_and_shows_a_banner_for_a_broken_file(browser, server, workspace):
    from playwright.sync_api import expect

    process, url = server
    journey = workspace / "journeys" / "customer-journey.yaml"
    good = journey.read_text()
    page = browser.new_page()
    page.goto(url)
    expect(page.locator("body")).to_contain_text("Notices the problem")

    journey.write_text(good.replace("name: Notices the problem", "name: Spots the reporting gap"))
    expect(page.locator("body")).to_contain_text("Spots the reporting gap", timeout=2000)

    journey.write_text(good.replace("stages:", "stages: [", 1))
    banner = page.locator(f"#{BANNER_ID}")
    expect(banner).to_be_visible(timeout=2000)
    expect(banner).to_contain_text("customer-journey.yaml:")
    expect(page.locator("body")).to_contain_text("Spots the reporting gap")  # the last good map

    journey.write_text(good.replace("name: Notices the problem", "name: Fixed it"))
    expect(page.locator("body")).to_contain_text("Fixed it", timeout=2000)
    expect(banner).to_have_count(0)
    page.close()

    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "stopped" in stderr and "Traceback" not in stderr


def test_only_the_rendered_pages_are_served_on_localhost(server, workspace):
    _, url = server
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"/__journeymap/version" in response.read()
    for path in ["journeymap.yaml", "journeys/customer-journey.yaml", "%2e%2e/etc/passwd", "x"]:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + path)
        assert missing.value.code == 404
    for host in ["evil.example", "evil.example:80", "127.0.0.1.evil.example"]:
        request = urllib.request.Request(url, headers={"Host": host})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request)
        assert refused.value.code == 421  # DNS rebinding: another name for 127.0.0.1
    localhost = url.replace("127.0.0.1", "localhost")
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Host": localhost[7:-1]})
    ) as ok:
        assert ok.status == 200


def test_rendered_files_never_carry_the_reload_script(workspace, tmp_path):
    run = render_paths(
        [workspace / "journeys" / "customer-journey.yaml"], "html", str(tmp_path / "x.html")
    )
    assert run.written
    assert "<script" not in (tmp_path / "x.html").read_text()
