"""Métier pages as files: Markdown with a YAML front matter, one file per métier, reviewed like code.

Pure functions (no database), so that the migrations can use them too.
"""

import hashlib
from pathlib import Path

import markdown
import nh3
import yaml

from portal.metiers.models import ACCESS_ROUTES, FAMILIES, LEVELS

CONTENT_DIR = Path(__file__).with_name("content")

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


class ContentError(ValueError):
    pass


def render_markdown(text: str) -> str:
    """Markdown to HTML that keeps only harmless tags: no script, no event handler, no javascript: link."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise ContentError("le fichier doit commencer par un en-tête YAML entre deux lignes ---")
    _, header, body = text.split("---", 2)
    data = yaml.safe_load(header) or {}
    if not isinstance(data, dict):
        raise ContentError("l'en-tête YAML doit être un dictionnaire")
    return data, body.strip() + "\n"


def _int_or_none(value) -> int | None:
    return None if value in (None, "") else int(value)


def parse_metier(text: str, name: str = "") -> dict:
    """The row of a métier file, checked. Raises ContentError saying what is wrong."""
    try:
        data, body = split_front_matter(text)
        for key in ("title", "slug", "family", "summary", "entry_level"):
            if data.get(key) in (None, ""):
                raise ContentError(f"clé « {key} » manquante")
        if data["family"] not in FAMILIES:
            raise ContentError(f"famille inconnue : {data['family']}")
        if int(data["entry_level"]) not in LEVELS:
            raise ContentError(f"niveau inconnu : {data['entry_level']}")
        unknown = set(data.get("access") or []) - set(ACCESS_ROUTES)
        if unknown:
            raise ContentError(f"voies d'accès inconnues : {', '.join(sorted(unknown))}")
        salary = data.get("salary") or {}
        return {
            "slug": str(data["slug"]),
            "title": str(data["title"]),
            "family": data["family"],
            "summary": str(data["summary"]).strip(),
            "entry_level": int(data["entry_level"]),
            "diplomas": [{"name": str(d["name"]), "level": int(d["level"])} for d in data.get("diplomas") or []],
            "rome_codes": [str(code) for code in data.get("rome") or []],
            "salary_min": _int_or_none(salary.get("min")),
            "salary_max": _int_or_none(salary.get("max")),
            "salary_source": str(salary.get("source") or ""),
            "access_routes": list(data.get("access") or []),
            "employers": [str(e) for e in data.get("employers") or []],
            "sources": [{"title": str(s["title"]), "url": str(s.get("url") or "")} for s in data.get("sources") or []],
            "body_markdown": body,
            "body_html": render_markdown(body),
            "file_hash": hashlib.sha256(text.encode()).hexdigest(),
        }
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ContentError(f"{name or 'métier'} : {exc}") from exc


def read_metier_files(directory: Path = CONTENT_DIR) -> list[dict]:
    return [parse_metier(path.read_text(encoding="utf-8"), path.name) for path in sorted(directory.glob("*.md"))]
