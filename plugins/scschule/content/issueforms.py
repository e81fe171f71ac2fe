"""Issue forms: one definition per form, rendered for both forges and parsed back.

A :class:`Form` is the single description of a contribution form: its fields,
their German labels and help texts. From it come the GitHub issue form
(``.github/ISSUE_TEMPLATE/<id>.yml``), the GitLab description template
(``.gitlab/issue_templates/<name>.md``), the pre-filled "new issue" addresses and
the parser that reads a submitted issue back into :class:`Answers`.

Both forges turn a form into Markdown with one ``### <label>`` heading per field:
GitHub writes the value below it (``_No response_`` when left empty, ``- [X]`` for
a ticked box, a dropdown's choices joined with ", "); on GitLab the person fills
in the template's text, whose help is in HTML comments and whose choices are task
list items. The parser accepts both. Issue text is untrusted: it is only ever
read as data here; values never reach a shell, and files are written with a YAML
dumper, so a value cannot add a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from .problems import Problem, error

NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
# GitHub stores at most 65,536 characters per issue body; a longer text did not come from a form.
MAX_BODY = 65_536
MAX_LINE_FIELD = 300
MAX_TEXT_FIELD = 20_000

FieldKind = Literal["input", "textarea", "dropdown", "checkboxes"]

_HEADING = re.compile(r"^###[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TASK = re.compile(r"^[ \t]*[-*][ \t]+\[(?P<mark>[ xX])\][ \t]+(?P<text>.+?)[ \t]*$")
_QUICK_ACTION = re.compile(r"^/label[ \t]")  # GitLab runs and removes it; a copy pasted elsewhere stays harmless
# Raw HTML is not accepted in any field (script, iframe, event handlers, tracking images);
# Markdown autolinks like <https://…> are.
_HTML = re.compile(r"<(?!https?://[^\s<>]+>)[ \t]*[A-Za-z!/?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Field:
    id: str  # GitHub field id: also the URL parameter that pre-fills it
    label: str
    kind: FieldKind = "input"
    help: str = ""
    required: bool = False
    placeholder: str = ""
    options: tuple[str, ...] = ()  # dropdown choices, or the boxes of a checkboxes field
    multiple: bool = False  # dropdown: more than one choice allowed

    @property
    def max_length(self) -> int:
        return MAX_TEXT_FIELD if self.kind == "textarea" else MAX_LINE_FIELD


@dataclass(frozen=True)
class Form:
    id: str  # file name of the GitHub form, without .yml
    name: str  # what the forges show in their template choosers
    description: str
    title: str  # the issue title GitHub pre-fills
    label: str  # the issue label that tells the workflow which form it is
    intro: str  # Markdown shown above the fields
    fields: tuple[Field, ...]
    gitlab_name: str = ""  # file name of the GitLab template, without .md

    def field(self, field_id: str) -> Field:
        return next(f for f in self.fields if f.id == field_id)

    @property
    def gitlab_file(self) -> str:
        return f"{self.gitlab_name or self.name}.md"


@dataclass
class Answers:
    """The values of one submitted form, each with its line (the first of its value, else its heading)."""

    form: Form
    path: Path
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    ticked: dict[str, set[str]] = field(default_factory=dict)  # checkboxes and GitLab choice lists
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True  # every heading once: only then do the values mean what the form asked

    def text(self, field_id: str) -> str:
        return self.values.get(field_id, "")

    def line(self, field_id: str) -> int:
        return self.lines.get(field_id, 1)

    def fail(self, field_id: str, message: str) -> None:
        label = self.form.field(field_id).label
        self.problems.append(error(self.path, self.line(field_id), f"{label}: {message}"))

    def attach(self, problems: list[Problem], field_of_key: dict[str, str]) -> None:
        """Add a file's problems ("<key>: message"), each at the form's field for that key where there is one."""
        for problem in problems:
            key, _, rest = problem.message.partition(": ")
            if key in field_of_key:
                self.fail(field_of_key[key], rest)
            else:
                self.problems.append(problem)

    def choices(self, field_id: str) -> list[str]:
        """A dropdown's chosen options (GitHub: "A, B"; GitLab: ticked task list items)."""
        spec = self.form.field(field_id)
        if field_id in self.ticked:
            chosen = sorted(self.ticked[field_id], key=spec.options.index)
        else:
            chosen = _split_choices(self.text(field_id), spec.options)
            if chosen is None:
                self.fail(field_id, f"'{_short(self.text(field_id))}' ist keine der Auswahlmöglichkeiten ({', '.join(spec.options)})")
                return []
        if len(chosen) > 1 and not spec.multiple:
            self.fail(field_id, "bitte genau eine Möglichkeit wählen")
            return []
        if spec.required and not chosen:
            self.fail(field_id, "Pflichtangabe fehlt: bitte eine Möglichkeit wählen")
        return chosen


def _split_choices(text: str, options: tuple[str, ...]) -> list[str] | None:
    """GitHub joins choices with ", "; an option's own comma must not split it."""
    if not text:
        return []
    chosen, pending = [], ""
    for part in text.split(", "):
        pending = f"{pending}, {part}" if pending else part
        if pending.strip() in options:
            chosen.append(pending.strip())
            pending = ""
    return None if pending else chosen


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def decode_body(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """The submitted text as str, or the problem that it is not UTF-8 or too long."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [error(path, line, f"Der Text ist nicht UTF-8-kodiert (Byte 0x{data[exc.start]:02x}); "
                                        "bitte die Angaben noch einmal eintippen statt einzufügen")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_BODY:
        return None, [error(path, 1, f"Der Text ist mit {len(text):,} Zeichen zu lang (höchstens {MAX_BODY:,})".replace(",", "."))]
    return text, []


def parse(form: Form, text: str, path: Path) -> Answers:
    """Read a submitted issue body; every problem is in ``answers.problems``."""
    answers = Answers(form, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Drop HTML comments (GitLab help texts) but keep the line count, for line numbers.
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    by_label = {f.label: f for f in form.fields}
    sections: dict[str, list[str]] = {}
    current: str | None = None
    # Only the form's own labels split the body: a "###" line in a text stays text. Fences are
    # not tracked, so an unclosed fence in one value cannot swallow the fields after it.
    for number, row in enumerate(text.split("\n"), start=1):
        heading = _HEADING.match(row)
        if heading and heading["label"] in by_label:
            spec = by_label[heading["label"]]
            if spec.id in sections:
                answers.problems.append(error(path, number, f"Abschnitt '### {spec.label}' kommt doppelt vor; bitte nur einmal ausfüllen"))
                answers.complete = False
                current = None
                continue
            current = spec.id
            sections[current] = []
            answers.lines[current] = number
        elif current is not None and not _QUICK_ACTION.match(row):
            if row.strip() and not any(r.strip() for r in sections[current]):
                answers.lines[current] = number  # problems point at the value, not its heading
            sections[current].append(row)
    for spec in form.fields:
        if spec.id not in sections:
            answers.problems.append(error(path, 1, f"Abschnitt '### {spec.label}' fehlt; bitte das Formular „{form.name}“ verwenden"))
            answers.complete = False
            continue
        _read_field(answers, spec, "\n".join(sections[spec.id]).strip())
    return answers


def _read_field(answers: Answers, spec: Field, value: str) -> None:
    if value == NO_RESPONSE:
        value = ""
    if len(value) > spec.max_length:
        answers.fail(spec.id, f"zu lang ({len(value)} Zeichen, höchstens {spec.max_length})")
        return
    if _CONTROL.search(value):
        answers.fail(spec.id, "enthält Steuerzeichen; bitte den Text neu eintippen")
        return
    if _HTML.search(value):
        answers.fail(spec.id, "HTML ist nicht erlaubt; bitte nur Text bzw. Markdown verwenden")
        return
    if spec.kind == "checkboxes" or (spec.kind == "dropdown" and _TASK.match(value.split("\n", 1)[0] if value else "")):
        _read_ticks(answers, spec, value)
        return
    if spec.kind in ("input", "dropdown") and "\n" in value:
        answers.fail(spec.id, "bitte nur eine Zeile angeben")
        return
    answers.values[spec.id] = value
    if spec.required and spec.kind != "dropdown" and not value:
        answers.fail(spec.id, "Pflichtangabe fehlt")


def _read_ticks(answers: Answers, spec: Field, value: str) -> None:
    ticked: set[str] = set()
    for row in value.split("\n"):
        if not row.strip():
            continue
        task = _TASK.match(row)
        if task is None or task["text"] not in spec.options:
            answers.fail(spec.id, f"unerwartete Zeile '{_short(row)}'; bitte nur die vorgegebenen Kästchen ankreuzen")
            return
        if task["mark"] != " ":
            ticked.add(task["text"])
    answers.ticked[spec.id] = ticked
    if spec.kind == "checkboxes" and spec.required:
        for option in spec.options:
            if option not in ticked:
                answers.fail(spec.id, f"bitte bestätigen: „{option}“")


def detect(forms: tuple[Form, ...], text: str) -> Form | None:
    """The form whose headings the body has: the one with every field's heading, if exactly one."""
    headings = {m["label"] for row in text.replace("\r\n", "\n").split("\n") if (m := _HEADING.match(row))}
    matching = [form for form in forms if all(f.label in headings for f in form.fields)]
    return matching[0] if len(matching) == 1 else None


# --- the forms' files on the forges ---------------------------------------------------

def github_form(form: Form) -> str:
    """``.github/ISSUE_TEMPLATE/<id>.yml``: GitHub's issue form syntax."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": form.intro}}]
    for spec in form.fields:
        attributes: dict = {"label": spec.label}
        if spec.help:
            attributes["description"] = spec.help
        if spec.kind == "checkboxes":
            attributes["options"] = [{"label": option, "required": spec.required} for option in spec.options]
            body.append({"type": "checkboxes", "id": spec.id, "attributes": attributes})
            continue
        if spec.kind == "dropdown":
            attributes["options"] = list(spec.options)
            attributes["multiple"] = spec.multiple
        elif spec.placeholder:
            attributes["placeholder"] = spec.placeholder
        element = {"type": spec.kind, "id": spec.id, "attributes": attributes}
        element["validations"] = {"required": spec.required}
        body.append(element)
    data = {"name": form.name, "description": form.description, "title": form.title,
            "labels": [form.label], "body": body}
    header = "# Generated from the form definitions in plugins/scschule: scschule intake --templates\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def gitlab_template(form: Form, prefill: dict[str, str] | None = None) -> str:
    """``.gitlab/issue_templates/<name>.md``: the same headings, help in HTML comments."""
    prefill = prefill or {}
    parts = [f"<!--\n{form.intro.strip()}\n\nBitte unter jeder Überschrift ausfüllen. Erklärungen wie diese (Kommentare) "
             "können stehen bleiben, sie werden nicht gelesen. Die Überschriften bitte nicht ändern.\n-->"]
    for spec in form.fields:
        need = "Pflichtangabe" if spec.required else ""
        if spec.kind == "checkboxes":
            need = "bitte ankreuzen: [x]"
        elif spec.kind == "dropdown":
            need = "mehrere ankreuzen möglich: [x]" if spec.multiple else "genau eines ankreuzen: [x]"
        help_text = " ".join(part for part in (spec.help, f"({need})" if need else "") if part)
        lines = [f"### {spec.label}", ""] + ([f"<!-- {help_text} -->"] if help_text else [])
        if spec.kind in ("dropdown", "checkboxes"):
            lines += [f"- [ ] {option}" for option in spec.options]
        else:
            lines.append(prefill.get(spec.id, ""))
        parts.append("\n".join(lines).rstrip("\n") + "\n")
    parts.append(f'/label ~"{form.label}"\n')
    return "\n".join(parts)


@dataclass(frozen=True)
class Submission:
    """What a submitted form wrote: the files (relative to the project) and the pull request's text."""

    paths: tuple[Path, ...]
    title: str  # pull request title
    summary: str  # Markdown for the pull request: what was written and what the reviewer checks


class SubmissionError(Exception):
    """The form's content cannot become a file; carries every problem, nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
