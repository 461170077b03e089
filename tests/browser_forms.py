"""What a browser posts when a person submits a form of a page: its fields as the page fills them in.

Tests change what a person would change (tick a box, type in a field) and press a given button, so that
a field forgotten by a page (or a second form with its own button) shows up as it does for people.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class _Form:
    id: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: dict[str, tuple[str | None, str]] = field(default_factory=dict)


class _Forms(HTMLParser):
    """Every form of a page, with the controls that belong to it (inside it, or naming it with form=)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self.current: _Form | None = None
        self._textarea: tuple[_Form, str, list[str]] | None = None
        self._select: tuple[_Form, str] | None = None
        self._button: tuple[_Form, str | None, str, list[str]] | None = None

    def _owner(self, attrs: dict) -> _Form | None:
        if "form" in attrs:
            return next((f for f in self.forms if f.id == attrs["form"]), None) or self._later(attrs["form"])
        return self.current

    def _later(self, form_id: str) -> _Form:
        # A control may come before the form it names: the form is created now and filled in when met.
        form = _Form(form_id)
        self.forms.append(form)
        return form

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            known = next((f for f in self.forms if attrs.get("id") and f.id == attrs.get("id")), None)
            self.current = known or _Form(attrs.get("id"))
            if known is None:
                self.forms.append(self.current)
            return
        form = self._owner(attrs)
        if form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            elif kind == "submit":
                form.buttons[attrs.get("value", "")] = (name, attrs.get("value", ""))
            elif kind not in ("file", "image", "reset", "button"):
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (form, name, [])
        elif tag == "select" and name:
            self._select = (form, name)
        elif tag == "option" and self._select and "selected" in attrs:
            self._select[0].fields.append((self._select[1], attrs.get("value", "")))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = (form, name, attrs.get("value", ""), [])

    def handle_data(self, data):
        if self._textarea:
            self._textarea[2].append(data)
        if self._button is not None:
            self._button[3].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self._textarea:
            form, name, text = self._textarea
            # The HTML parser keeps the newline that follows <textarea>; browsers drop it.
            form.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            form, name, value, label = self._button
            form.buttons[" ".join("".join(label).split())] = (name, value)
            self._button = None


class BrowserForm:
    """A form of a page, as filled in on screen: the form `form_id`, or the one with the button `button`.

    `submit` gives what pressing one of its buttons posts.
    """

    def __init__(self, html: str, form_id: str | None = None, *, button: str | None = None):
        parser = _Forms()
        parser.feed(html)
        forms = [
            f
            for f in parser.forms
            if (form_id is None or f.id == form_id)
            and (button is None or any(label.startswith(button) for label in f.buttons))
        ]
        assert len(forms) == 1, f"{len(forms)} forms match {form_id or ''} {button or ''} on this page"
        self.fields, self.buttons = forms[0].fields, forms[0].buttons

    def tick(self, name: str, value: str = "y") -> "BrowserForm":
        if (name, value) not in self.fields:
            self.fields.append((name, value))
        return self

    def untick(self, name: str) -> "BrowserForm":
        self.fields = [(n, v) for n, v in self.fields if n != name]
        return self

    def fill(self, name: str, value: str) -> "BrowserForm":
        assert name in {n for n, _ in self.fields}, f"no field {name} in this form"
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
