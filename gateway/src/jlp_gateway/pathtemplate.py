"""Path templates of `google.api.http` rules: parse, match a request path, expand a name.

Grammar (google/api/http.proto):

    Template = "/" Segments [ Verb ] ;
    Segments = Segment { "/" Segment } ;
    Segment  = "*" | "**" | LITERAL | Variable ;
    Variable = "{" FieldPath [ "=" Segments ] "}" ;
    FieldPath = IDENT { "." IDENT } ;
    Verb     = ":" LITERAL ;

Matching works on the raw (still percent-encoded) path split at "/", as the rule's
documentation asks: a single-segment variable is fully percent-decoded, a multi-segment one
(`{name=notes/*}`, `**`) is decoded except `%2F`, which stays encoded so that a "/" inside an
id cannot forge an extra segment.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TemplateError(ValueError):
    """A `google.api.http` path that does not follow the grammar; names the template."""


@dataclass(frozen=True)
class Segment:
    """One path segment of a template: a literal, `*` or `**`, possibly inside a variable."""

    kind: str  # "literal" | "*" | "**"
    text: str = ""
    variable: str | None = None  # field path of the enclosing variable, if any


@dataclass(frozen=True)
class Variable:
    """`{field.path=sub/pattern}`: the segments `start:end` of the template bind the field."""

    field_path: str
    start: int
    end: int  # exclusive
    pattern: str  # the sub-pattern as written ("*" when the variable had none)

    @property
    def multi_segment(self) -> bool:
        return self.pattern != "*"


@dataclass(frozen=True)
class PathTemplate:
    """A parsed template; `match` returns the bound variables or None."""

    source: str
    segments: tuple[Segment, ...]
    variables: tuple[Variable, ...]
    verb: str = ""

    @classmethod
    def parse(cls, template: str) -> PathTemplate:
        return _Parser(template).parse()

    @functools.cached_property
    def literal_count(self) -> int:
        """How specific the template is: routes with more literals win ties."""
        return sum(1 for s in self.segments if s.kind == "literal")

    @functools.cached_property
    def has_double_wildcard(self) -> bool:
        return any(s.kind == "**" for s in self.segments)

    def split_verb(self, raw_path: str) -> str | None:
        """The path without this template's `:verb` suffix, or None when the suffix is absent."""
        if not self.verb:
            return raw_path
        suffix = ":" + self.verb
        if not raw_path.endswith(suffix):
            return None
        return raw_path[: -len(suffix)]

    def match(self, raw_path: str) -> dict[str, str] | None:
        """Bind the variables of this template to `raw_path` (percent-encoded, no query)."""
        path = self.split_verb(raw_path)
        if path is None or not path.startswith("/"):
            return None
        parts = path[1:].split("/")
        if len(parts) != len(self.segments) and not self.has_double_wildcard:
            return None  # without `**` a template matches only its own number of segments
        bound = _match_segments(self.segments, parts)
        if bound is None:
            return None
        out: dict[str, str] = {}
        for var in self.variables:
            values = bound[var.start:var.end]
            joined = "/".join(v for group in values for v in group)
            if var.multi_segment:
                out[var.field_path] = _decode_keep_slash(joined)
            else:
                out[var.field_path] = unquote(joined)
        return out

    def expand(self, values: dict[str, str]) -> str | None:
        """The path for `values` (field path → value) if each value fits its sub-pattern."""
        out: list[str] = []
        index = 0
        while index < len(self.segments):
            seg = self.segments[index]
            if seg.variable is None:
                if seg.kind != "literal":
                    return None  # a bare wildcard outside a variable cannot be expanded
                out.append(seg.text)
                index += 1
                continue
            var = next(v for v in self.variables if v.start == index)
            value = values.get(var.field_path)
            if not value:
                return None
            sub = self.segments[var.start:var.end]
            if _match_segments(sub, value.split("/")) is None:
                return None
            out.append(value)
            index = var.end
        return "/" + "/".join(out) + (":" + self.verb if self.verb else "")


def _match_segments(segments: tuple[Segment, ...] | list[Segment],
                    parts: list[str]) -> list[list[str]] | None:
    """Per template segment, the path parts it consumed; `**` (last only) takes the rest."""
    consumed: list[list[str]] = []
    pos = 0
    for seg in segments:
        if seg.kind == "**":  # the parser keeps it last: it takes every remaining part
            consumed.append(parts[pos:])
            pos = len(parts)
            continue
        if pos >= len(parts):
            return None
        part = parts[pos]
        if seg.kind == "literal":
            if part != seg.text and ("%" not in part or unquote(part) != seg.text):
                return None
        elif part == "":
            return None  # `*` matches exactly one non-empty segment
        consumed.append([part])
        pos += 1
    if pos != len(parts):
        return None
    return consumed


def _decode_keep_slash(text: str) -> str:
    """Percent-decode everything except an encoded "/" (multi-segment variables)."""
    if "%" not in text:
        return text  # nothing encoded (the usual id): no regular-expression split
    pieces = re.split(r"(%2[Ff])", text)
    return "".join(p if re.fullmatch(r"%2[Ff]", p) else unquote(p) for p in pieces)


class _Parser:
    def __init__(self, template: str) -> None:
        self.src = template
        self.pos = 0
        self.segments: list[Segment] = []
        self.variables: list[Variable] = []

    def fail(self, why: str) -> TemplateError:
        return TemplateError(f"path template {self.src!r}: {why} at offset {self.pos}")

    def peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def parse(self) -> PathTemplate:
        if not self.src.startswith("/"):
            raise self.fail("must start with '/'")
        self.pos = 1
        self.parse_segments(variable=None)
        verb = ""
        if self.peek() == ":":
            self.pos += 1
            verb = self.literal()
            if not verb:
                raise self.fail("empty verb")
        if self.pos != len(self.src):
            raise self.fail("unexpected character")
        kinds = [s.kind for s in self.segments]
        if "**" in kinds[:-1]:
            raise self.fail("'**' must be the last segment")
        names = [v.field_path for v in self.variables]
        if len(set(names)) != len(names):
            raise self.fail("a field is bound twice")
        return PathTemplate(self.src, tuple(self.segments), tuple(self.variables), verb)

    def parse_segments(self, variable: str | None) -> None:
        while True:
            self.parse_segment(variable)
            if self.peek() != "/":
                return
            self.pos += 1

    def parse_segment(self, variable: str | None) -> None:
        if self.src.startswith("**", self.pos):
            self.pos += 2
            self.segments.append(Segment("**", variable=variable))
        elif self.peek() == "*":
            self.pos += 1
            self.segments.append(Segment("*", variable=variable))
        elif self.peek() == "{":
            if variable is not None:
                raise self.fail("nested variable")
            self.parse_variable()
        else:
            text = self.literal()
            if not text:
                raise self.fail("empty segment")
            self.segments.append(Segment("literal", unquote(text), variable))

    def parse_variable(self) -> None:
        self.pos += 1  # "{"
        names = []
        while True:
            m = _IDENT.match(self.src, self.pos)
            if not m:
                raise self.fail("expected a field name")
            names.append(m.group())
            self.pos = m.end()
            if self.peek() != ".":
                break
            self.pos += 1
        field_path = ".".join(names)
        start = len(self.segments)
        pattern_start = self.pos + 1
        if self.peek() == "=":
            self.pos += 1
            self.parse_segments(variable=field_path)
            pattern = self.src[pattern_start:self.pos]
        else:
            self.segments.append(Segment("*", variable=field_path))
            pattern = "*"
        if self.peek() != "}":
            raise self.fail("expected '}'")
        self.pos += 1
        self.variables.append(Variable(field_path, start, len(self.segments), pattern))

    def literal(self) -> str:
        start = self.pos
        while self.pos < len(self.src) and self.src[self.pos] not in "/{}*:=":
            self.pos += 1
        return self.src[start:self.pos]
