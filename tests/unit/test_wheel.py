"""The site as a wheel: built from the checkout, installed in a fresh virtualenv away from it, it migrates its
database, loads its demonstration and serves its pages (templates, static files, migrations and métier texts
travel inside the package)."""

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.conftest import free_port

CHECKOUT = Path(__file__).resolve().parents[2]

SERVE = """
import portal
from portal import create_app

assert portal.__file__.startswith({venv!r}), portal.__file__
app = create_app()
client = app.test_client()
for path in ("/", "/le-projet", "/metiers/", "/metiers/aide-soignant", "/offres/", "/evenements/", "/structures/",
             "/compte/connexion", "/static/css/site.css", "/offres/flux.atom", "/sitemap.xml"):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
print("ok", portal.__file__)
"""


def _run(args, **kwargs):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture
def installed_wheel(tmp_path):
    """A virtualenv holding the wheel alone; the libraries it needs are borrowed from this one's site-packages
    (added as plain paths, so this environment's editable install of the checkout is not)."""
    source = tmp_path / "source"  # a copy, so that no build/ folder left in the checkout is reused
    shutil.copytree(
        CHECKOUT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "*.egg-info", "instance", "__pycache__", "test-artifacts", "bench"
        ),
    )
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            tmp_path / "dist",
            source,
        ]
    )
    wheel = next((tmp_path / "dist").glob("portal-*.whl"))
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed-libraries.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return python


def test_the_wheel_installs_in_a_fresh_virtualenv_and_serves_the_site(installed_wheel, tmp_path):
    work = tmp_path / "elsewhere"  # not the checkout: nothing can be read from it
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "FLASK_"))}
    env.update(
        PORTAL_INSTANCE_PATH=str(tmp_path / "instance"),
        PORTAL_ENV="development",
        PORTAL_SITE_URL="http://127.0.0.1:5000",
        PYTHONSAFEPATH="1",
    )
    env.pop("PYTHONPATH", None)
    flask = [installed_wheel, "-m", "flask", "--app", "portal"]
    _run([*flask, "db", "upgrade"], cwd=work, env=env)
    _run([*flask, "demo-data"], cwd=work, env=env)
    out = _run([installed_wheel, "-c", SERVE.format(venv=str(installed_wheel.parent.parent))], cwd=work, env=env)
    assert out.startswith("ok")

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*map(str, flask), "run", "--port", str(port)], cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60  # a busy machine starts it slowly
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metiers/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the installed site did not answer: {log.read_text()}")
        assert "Aide-soignant" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
