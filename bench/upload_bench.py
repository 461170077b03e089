"""How long a CV upload holds the server, for ordinary and hostile files, through a real HTTP server.

The site runs in Werkzeug's development server (threaded, in this process) or, with --gunicorn, under
gunicorn with two sync workers; a candidate logs in over HTTP and sends each file to /compte/cv. Printed
for each file: the request's wall-clock time, what the page then says, and (development server only) the
CPU time its text reader used. The baseline is what the same PDF costs pypdf read in the request's own
process, as uploads did before the reader had a budget.
"""

import argparse
import http.cookiejar
import io
import logging
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Un-mot-de-passe-solide-61"


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


class Visitor:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def post(self, path: str, data: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data, headers={"Content-Type": content_type})
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def login(self, email: str) -> None:
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
        status, _ = self.post("/compte/connexion", form, "application/x-www-form-urlencoded")
        assert status == 200, status  # redirected to the dashboard


def outcome(status: int, html: str) -> str:
    html = unescape(html)
    for words, meaning in [
        ("n'a pas pu être lu", "kept, text unread"),
        ("image scannée", "kept, scanned"),
        ("structure anormale", "refused: abnormal"),
        ("est enregistré", "kept, text read"),
    ]:
        if words in html:
            return f"{status} {meaning}"
    return f"{status} ?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gunicorn", action="store_true", help="serve with gunicorn (2 sync workers)")
    parser.add_argument("--no-baseline", action="store_true", help="skip reading the slow PDF in-process")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance folder")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from tests import documents

    instance = tempfile.mkdtemp(prefix="upload-bench-")
    env = {
        "PORTAL_INSTANCE_PATH": instance,
        "PORTAL_SECRET_KEY": "bench-secret",
        "PORTAL_ENV": "development",
        "PORTAL_WTF_CSRF_ENABLED": "false",
        "PORTAL_RATELIMIT_ENABLED": "false",
        "PORTAL_MAIL_BACKEND": "file",
        "PORTAL_MAIL_SEND_AFTER_REQUEST": "false",
    }
    os.environ.update(env)
    import flask_migrate

    from portal import create_app
    from portal.accounts import services as accounts
    from portal.accounts.models import Role
    from portal.extensions import db

    app = create_app()
    say(
        f"Upload benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"budget {app.config['EXTRACT_CPU_SECONDS']} s CPU, {app.config['EXTRACT_MEMORY_MB']} MB, "
        f"timeout {app.config['EXTRACT_TIMEOUT']} s; instance {instance}"
    )
    files = [
        ("cv.pdf", documents.pdf()),
        ("cv.docx", documents.docx()),
        ("cv.odt", documents.odt()),
        ("slow.pdf", documents.slow_pdf()),
        ("bomb.pdf", documents.deflate_bomb_pdf()),
    ]
    server = thread = None
    try:
        with app.app_context():
            flask_migrate.upgrade()
            emails = [f"candidat{n}@banc.example" for n in range(len(files))]
            for email in emails:
                accounts.create_verified_user(accounts.Identity(email, PASSWORD, "Camille", "Banc"), Role.CANDIDATE)
            db.session.commit()
        port = free_port()
        if args.gunicorn:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    "2",
                    "--timeout",
                    "120",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                stderr=subprocess.DEVNULL,
            )
            say(f"gunicorn, 2 sync workers, on 127.0.0.1:{port}")
        else:
            from werkzeug.serving import make_server

            logging.getLogger("werkzeug").setLevel(logging.WARNING)
            server = make_server("127.0.0.1", port, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            say(f"Werkzeug development server (threaded) on 127.0.0.1:{port}")
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # wait for the server to answer
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)

        say(f"{'file':<10} {'bytes':>7} {'request':>9} {'reader CPU':>11}  outcome")
        for (name, data), email in zip(files, emails, strict=False):
            visitor = Visitor(base)
            visitor.login(email)
            body, content_type = multipart("cv", name, data)
            cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            status, html = visitor.post("/compte/cv", body, content_type)
            seconds = time.perf_counter() - start
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            reader = "" if args.gunicorn else f"{used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime:.2f} s"
            say(f"{name:<10} {len(data):>7} {seconds:>7.2f} s {reader:>11}  {outcome(status, html)}")

        if not args.no_baseline:
            from pypdf import PdfReader

            start = time.process_time()
            reader = PdfReader(io.BytesIO(documents.slow_pdf()))
            chars = sum(len(page.extract_text() or "") for page in reader.pages)
            say(
                f"baseline: pypdf reading slow.pdf in-process: {time.process_time() - start:.1f} s CPU, "
                f"{chars:,} characters of text"
            )
    finally:
        if server is not None:
            if args.gunicorn:
                server.terminate()
                server.wait(timeout=30)
            else:
                server.shutdown()
        if not args.keep:
            shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
