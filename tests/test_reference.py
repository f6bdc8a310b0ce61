"""docs/theory.md, the reference every output cites: its sections, contents and cited numbers agree.

Outputs cite ``docs/theory.md section N`` (``symden.reference.cite``), so every section key of
``symden.reference.SECTIONS`` must be a heading ``## N. Title`` with exactly that title, every
subsection in the table of contents must exist under its section with a working anchor, and every
section number that symden's source cites must exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symden.reference import REFERENCE, SECTIONS, cite

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / REFERENCE
SECTION_HEADING = re.compile(r"^(?P<num>[0-9]+[a-z]?)\. (?P<title>\S.*)$")
SUBSECTION_HEADING = re.compile(r"^(?P<num>(?P<parent>[0-9]+[a-z]?)\.[0-9]+) (?P<title>\S.*)$")
CONTENTS_ENTRY = re.compile(r"^(?P<indent> *)- \[(?P<text>[^\]]+)\]\(#(?P<anchor>[^)]+)\)$")


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation other than - and _ dropped, spaces to -.

    >>> github_slug("6b.1 No kink crosses a ball")
    '6b1-no-kink-crosses-a-ball'
    """
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _headings(text: str) -> list:
    """``(level, heading text, enclosing level-2 heading)`` for every heading outside code fences."""
    out, fenced, current = [], False, None
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = re.match(r"^(#{1,6}) (.+?)\s*$", line)
        if m:
            level = len(m.group(1))
            if level == 2:
                current = m.group(2)
            out.append((level, m.group(2), current))
    assert not fenced, "docs/theory.md has an unclosed code fence"
    return out


def _contents(text: str) -> list:
    """``(level, entry text, anchor)`` for every line of the table of contents."""
    lines = text.splitlines()
    start = lines.index("## Contents") + 1
    entries = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if not line.strip():
            continue
        m = CONTENTS_ENTRY.match(line)
        assert m, f"malformed line in the table of contents: {line!r}"
        entries.append((2 if not m.group("indent") else 3, m.group("text"), m.group("anchor")))
    assert entries, "the table of contents is empty"
    return entries


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def headings(text) -> list:
    return _headings(text)


def test_every_section_is_a_heading_with_its_exact_title(headings):
    numbered = [SECTION_HEADING.match(h) for level, h, _ in headings if level == 2]
    found = [(m.group("num"), m.group("title")) for m in numbered if m]
    assert found == list(SECTIONS.items())  # every key, exactly its title, in the order of SECTIONS


def test_no_numbered_heading_outside_the_section_table(headings):
    for level, heading, _ in headings:
        if level == 2 and heading[0].isdigit():
            assert SECTION_HEADING.match(heading), f"section heading {heading!r} is not '## N. Title'"


def test_every_subsection_sits_in_its_section_once(headings):
    seen = set()
    for level, heading, parent in headings:
        if level != 3:
            continue
        m = SUBSECTION_HEADING.match(heading)
        assert m, f"subsection heading {heading!r} is not '### N.M Title'"
        assert parent is not None and parent.startswith(m.group("parent") + ". "), (
            f"subsection {m.group('num')} is under {parent!r}, not under section {m.group('parent')}")
        assert m.group("num") not in seen, f"subsection {m.group('num')} appears twice"
        seen.add(m.group("num"))


def test_contents_entries_exist_with_working_anchors(text, headings):
    by_text = {(level, h) for level, h, _ in headings}
    for level, entry, anchor in _contents(text):
        assert (level, entry) in by_text, f"the contents list {entry!r}, which is not a heading of its level"
        assert anchor == github_slug(entry), f"the contents link for {entry!r} is #{anchor}, not #{github_slug(entry)}"


def test_contents_list_every_section_and_subsection(text, headings):
    listed = {(level, entry) for level, entry, _ in _contents(text)}
    for level, heading, _ in headings:
        if level in (2, 3) and heading[0].isdigit():
            assert (level, heading) in listed, f"heading {heading!r} is missing from the contents"


def test_anchors_are_unique(headings):
    slugs = [github_slug(h) for level, h, _ in headings if level in (2, 3)]
    assert len(slugs) == len(set(slugs))


def _cited_numbers() -> set:
    """Section numbers that symden's source cites, through ``cite("N")`` or the literal reference text."""
    cited = set()
    patterns = (re.compile(r"""\bcite\(\s*["']([^"']+)["']"""),
                re.compile(r"docs/theory\.md section ([0-9]+[a-z]?(?:\.[0-9]+)?)"))
    for path in (ROOT / "symden").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for pattern in patterns:
            cited.update(pattern.findall(source))
    return cited


def test_every_cited_section_exists(headings):
    numbers = set(SECTIONS)
    for level, heading, _ in headings:
        m = SUBSECTION_HEADING.match(heading) if level == 3 else None
        if m:
            numbers.add(m.group("num"))
    missing = sorted(n for n in _cited_numbers() if n not in numbers)
    assert not missing, f"symden cites sections that docs/theory.md does not have: {missing}"


def test_cite_names_this_document():
    assert DOC.is_file()
    assert cite("6b") == f"{REFERENCE} section 6b"
    assert cite("3.6") == f"{REFERENCE} section 3.6"
