"""Uploaded files: stored under instance/uploads/ with random names, never under static/.

One implementation today (a local folder); the interface is what features use, so that another
store (object storage) can replace it without touching them.
"""

import os
import re
import secrets
from pathlib import Path

from flask import current_app

KEY_RE = re.compile(r"^[a-z]+/[A-Za-z0-9_-]{16,64}(-[a-z0-9]+)?\.[a-z0-9]{2,5}$")


class LocalStorage:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    @staticmethod
    def new_token() -> str:
        """A fresh random base name: uploaded names are never used as paths."""
        return secrets.token_urlsafe(18)

    def path(self, key: str) -> Path:
        if not KEY_RE.match(key):
            raise ValueError(f"invalid storage key: {key!r}")
        return self.root / key

    def save(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers never see half a file

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


def storage() -> LocalStorage:
    return LocalStorage(current_app.config["UPLOAD_DIR"])


_UNSAFE_IN_NAMES = re.compile(r"[^\w\- ]+")  # \w is Unicode: accented letters stay


def download_name(name: str, kind: str, fallback: str = "document") -> str:
    """The name a download is saved under: the stem of `name`, tamed, and always the extension of the type
    detected from the content (`kind`), so that a CV sent as "cv.html" is saved as a PDF if it is one.

    Markup, quotes, slashes, dots, control and direction characters become dashes: the name cannot
    break the Content-Disposition header, climb folders, or show another extension.
    """
    stem, dot, extension = (name or "").rpartition(".")
    if not (dot and stem.strip(".") and re.fullmatch(r"[A-Za-z0-9]{1,5}", extension)):
        stem = name or ""  # no extension to drop: "CV-Dupont-12" stays whole
    stem = re.sub(r"-{2,}", "-", _UNSAFE_IN_NAMES.sub("-", stem))
    stem = " ".join(stem.split()).strip("- ")[:80].strip("- ")
    return f"{stem or fallback}.{kind}"
