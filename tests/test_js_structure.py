"""The browser JavaScript stays in small units: no function in static/js longer than 60 lines,
counted from its first line to its closing brace, nested functions and closures included."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent.parent / "static" / "js"
LONGEST = 60
NOT_METHODS = {"if", "for", "while", "switch", "catch", "with", "function"}
# After these a "/" starts a regular expression, not a division.
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void"}
WORD = re.compile(r"[A-Za-z_$][\w$]*")
NUMBER = re.compile(r"\d[\w.]*")


@dataclass
class Token:
    text: str
    line: int


@dataclass
class Function:
    name: str
    first: int
    last: int

    @property
    def lines(self) -> int:
        return self.last - self.first + 1


def _skip_string(source: str, at: int, quote: str) -> int:
    at += 1
    while source[at] != quote:
        at += 2 if source[at] == "\\" else 1
    return at + 1


def _skip_regex(source: str, at: int) -> int:
    at += 1
    in_class = False
    while in_class or source[at] != "/":
        if source[at] == "\\":
            at += 1
        elif source[at] == "[":
            in_class = True
        elif source[at] == "]":
            in_class = False
        at += 1
    at += 1
    while at < len(source) and (source[at].isalnum() or source[at] == "_"):
        at += 1  # flags
    return at


def tokens(source: str) -> list[Token]:
    """Words, numbers and punctuation with their line numbers; strings, template literals (their
    ${…} parts are tokenised as code), comments and regular expressions are left out."""
    found: list[Token] = []
    line = 1
    at = 0
    templates: list[int] = []  # for each open ${ in a template literal, the brace depth it opened at
    depth = 0
    while at < len(source):
        char = source[at]
        start = at
        if char == "\n" or char.isspace():
            at += 1
        elif source.startswith("//", at):
            at = source.find("\n", at)
            at = len(source) if at < 0 else at
        elif source.startswith("/*", at):
            at = source.index("*/", at) + 2
        elif char in "'\"":
            at = _skip_string(source, at, char)
        elif char == "`" or (char == "}" and templates and templates[-1] == depth):
            if char == "}":
                templates.pop()
            at += 1
            while source[at] != "`" and not source.startswith("${", at):
                at += 2 if source[at] == "\\" else 1
            if source[at] == "`":
                at += 1
            else:
                at += 2
                templates.append(depth)
        elif char == "/" and (not found or found[-1].text in REGEX_AFTER):
            at = _skip_regex(source, at)
        elif match := WORD.match(source, at) or NUMBER.match(source, at):
            found.append(Token(match.group(), line))
            at = match.end()
        elif source.startswith("=>", at):
            found.append(Token("=>", line))
            at += 2
        else:
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            found.append(Token(char, line))
            at += 1
        line += source.count("\n", start, at)
    return found


def _matching_open(found: list[Token], close: int) -> int:
    pair = {")": "(", "}": "{", "]": "["}[found[close].text]
    depth = 0
    for index in range(close, -1, -1):
        if found[index].text == found[close].text:
            depth += 1
        elif found[index].text == pair:
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unbalanced {found[close].text!r} on line {found[close].line}")


def _function_head(found: list[Token], brace: int) -> tuple[str, int] | None:
    """If the `{` at `brace` opens a function's body: its name and the token its head starts at."""
    before = found[brace - 1] if brace else None
    if before is None:
        return None
    if before.text == "=>":  # an arrow function with a block: (a, b) => { or a => {
        params = brace - 2
        if found[params].text == ")":
            params = _matching_open(found, params)
        name = found[params - 2].text if params >= 2 and found[params - 1].text in "=:" else "(arrow)"
        return name, params
    if before.text != ")":
        return None
    opening = _matching_open(found, brace - 1)
    head = found[opening - 1] if opening else None
    if head is None:
        return None
    if head.text == "function":  # function (…) {
        return "(function)", opening - 1
    if not WORD.fullmatch(head.text) or head.text in NOT_METHODS:
        return None
    if opening >= 2 and found[opening - 2].text == "function":  # function name(…) {
        return head.text, opening - 2
    return head.text, opening - 1  # a method: name(…) {


def functions(source: str) -> list[Function]:
    found = tokens(source)
    result = []
    opened: list[tuple[int, tuple[str, int] | None]] = []
    for index, token in enumerate(found):
        if token.text == "{":
            opened.append((index, _function_head(found, index)))
        elif token.text == "}":
            if not opened:
                raise ValueError(f"unbalanced '}}' on line {token.line}")
            _, head = opened.pop()
            if head:
                name, start = head
                result.append(Function(name, found[start].line, token.line))
    if opened:
        raise ValueError(f"unclosed '{{' on line {found[opened[-1][0]].line}")
    return result


def too_long(source: str) -> list[Function]:
    return [function for function in functions(source) if function.lines > LONGEST]


# --- the checker checks ----------------------------------------------------------------------

def _body(lines: int) -> str:
    return "\n".join(f"  total += {n};" for n in range(lines - 2))


def test_the_checker_finds_a_function_one_line_too_long_whatever_its_shape():
    for head in ("function long() {", "async function long() {", "const long = (a) => {", "const long = async () => {",
                 "  long(a, b) {", "export function long() {", "const long = function () {"):
        source = f"{head}\n{_body(LONGEST + 1)}\n}}\n"
        assert [f.lines for f in too_long(source)] == [LONGEST + 1], head
        assert not too_long(f"{head}\n{_body(LONGEST)}\n}}\n"), head


def test_the_checker_counts_a_closure_with_what_it_holds_and_is_not_fooled_by_strings_or_comments():
    inner = "\n".join(f"  function inner{n}() {{ return `a {{ ${{x}} }}` + '}}' + \"{{\" + /[}}]/.source; }}"
                      for n in range(LONGEST))
    source = f"// function fake() {{\nfunction outer() {{\n  /* }} */\n{inner}\n}}\nif (x) {{\n}}\n"
    found = functions(source)
    assert [f.name for f in too_long(source)] == ["outer"]
    assert len(found) == LONGEST + 1 and all(f.lines == 1 for f in found if f.name != "outer")


def test_the_checker_reads_every_module():
    assert sorted(JS.glob("*.js")), "no JavaScript found"
    for path in JS.glob("*.js"):
        functions(path.read_text(encoding="utf-8"))  # balanced, or it raises


# --- the code itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(JS.glob("*.js")), ids=lambda path: path.name)
def test_no_javascript_function_is_longer_than_60_lines(path):
    long = too_long(path.read_text(encoding="utf-8"))
    assert not long, "\n".join(f"{path.name}:{f.first} {f.name} is {f.lines} lines (at most {LONGEST})" for f in long)
