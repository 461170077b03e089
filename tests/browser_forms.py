"""What a browser posts when a person submits a form of a page: its fields as the page fills them in.

Tests change what a person would change (tick a box, type in a field) and press a given button, so that
a field forgotten by a page (or a second form with its own button) shows up as it does for people.
"""

from html.parser import HTMLParser


class _Fields(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.buttons: dict[str, tuple[str, str]] = {}
        self.text: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._button: dict | None = None

    def _ours(self, attrs: dict) -> bool:
        return attrs.get("form") == self.form_id if "form" in attrs else self.inside

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self._ours(attrs) or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind == "submit":
                self.buttons[attrs.get("value", "")] = (name, attrs.get("value", ""))
            elif kind not in ("file", "image", "reset", "button"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.text[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = {"name": name, "value": attrs.get("value", ""), "label": ""}

    def handle_data(self, data):
        if self._textarea:
            self.text[self._textarea] += data
        if self._button is not None:
            self._button["label"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # The HTML parser drops the first newline after <textarea>, as browsers do.
            self.fields.append((self._textarea, self.text[self._textarea].removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            label = " ".join(self._button["label"].split())
            self.buttons[label] = (self._button["name"], self._button["value"])
            self._button = None


class BrowserForm:
    """The form `form_id` of a page, as filled in on screen; `submit` gives what pressing a button posts."""

    def __init__(self, html: str, form_id: str):
        parser = _Fields(form_id)
        parser.feed(html)
        self.fields = parser.fields
        self.buttons = parser.buttons
        assert self.buttons, f"no form #{form_id} with a button on this page"

    def tick(self, name: str, value: str = "y") -> "BrowserForm":
        if (name, value) not in self.fields:
            self.fields.append((name, value))
        return self

    def untick(self, name: str) -> "BrowserForm":
        self.fields = [(n, v) for n, v in self.fields if n != name]
        return self

    def fill(self, name: str, value: str) -> "BrowserForm":
        self.fields = [(n, value if n == name else v) for n, v in self.fields]
        return self

    def value(self, name: str) -> list[str]:
        return [v for n, v in self.fields if n == name]

    def submit(self, button: str) -> dict[str, list[str]]:
        """The posted data when the person presses the button whose visible text starts with `button`."""
        [label] = [label for label in self.buttons if label.startswith(button)]
        name, value = self.buttons[label]
        data: dict[str, list[str]] = {}
        for n, v in self.fields + ([(name, value)] if name else []):
            data.setdefault(n, []).append(v)
        return data
