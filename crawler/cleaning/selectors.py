"""CSS selectors compiled to XPath that libxml2 evaluates quickly.

cssselect writes `div.x` as `descendant-or-self::div[@class and contains(concat(' ',
normalize-space(@class), ' '), ' x ')]` and `[data-role=x]` as `descendant-or-self::*[@data-role
= 'x']`. libxml2 evaluates the second shape four to five times slower than an attribute step,
`descendant-or-self::*/@data-role[. = 'x']/parent::*`, which visits only the elements that have the
attribute; a cheap `contains(., 'x')` before the whitespace-normalising class test halves that
test's cost. On the corpus pages the site selectors took about 0.9 ms a page in cssselect's form.

Only the simple selectors site modules are written in are translated here: type, `*`, `.class`,
`#id`, `[attr]`, `[attr=v]`, `[attr*=v]`, `[attr^=v]`, joined by descendant or child
combinators. Anything else (pseudo-classes, sibling combinators, escapes, quotes inside values)
goes to cssselect, so every selector still works; tests/cleaning/test_selectors.py holds the two
translations to the same results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from lxml.cssselect import CSSSelector
from lxml.etree import XPath, _Element

_IDENT = r"-?[_a-zA-Z][-_a-zA-Z0-9]*"
_VALUE = rf"(?:'[^'\\]*'|\"[^\"\\]*\"|{_IDENT})"
_ATTRIBUTE = rf"\[\s*({_IDENT})\s*(?:([*^]?=)\s*({_VALUE})\s*)?\]"
_PART = re.compile(rf"\.({_IDENT})|#({_IDENT})|{_ATTRIBUTE}")
_TYPE = re.compile(rf"\*|{_IDENT}")
_COMBINATOR = re.compile(r"\s*>\s*|\s+")


Selector = Callable[[_Element], list[_Element]]


class _Test(NamedTuple):
    attribute: str
    predicate: str  # about the attribute node itself, as `.`
    check: Callable[[str], bool]  # the same test of the attribute's value, in Python


class _Compound(NamedTuple):
    tag: str  # "*" for any
    tests: tuple[_Test, ...]


class _Typed:
    """A selector of one compound with a rare element name ("h1.title", "time[datetime]"):
    lxml's walk over the elements of that name, in C, and the tests in Python on the few it
    yields. A third faster than libxml2's XPath for h1, article or time; for a common name the
    tests in Python cost more than the walk saves (div.x: 88 against 65 µs on a page of 235
    <div>; a[data-x=y]: 73 against 19 µs, where the XPath visits only the elements that have the
    attribute). `matches` asks the same of one element (any element for "*"), as `_Within`
    does."""

    def __init__(self, compound: _Compound) -> None:
        self.tag = compound.tag
        self.tests = tuple((test.attribute, test.check) for test in compound.tests)

    def __call__(self, context: _Element) -> list[_Element]:
        return [el for el in context.iter(self.tag) if self.passes(el)]

    def matches(self, el: _Element) -> bool:
        """Whether `el` itself is one this compound selects."""
        return (self.tag == "*" or el.tag == self.tag) and self.passes(el)

    def passes(self, el: _Element) -> bool:
        for attribute, check in self.tests:
            value = el.get(attribute)
            if value is None or not check(value):
                return False
        return True


class _Within:
    """ "div.title_news h1", "div.box > h1": a rare element (few on a page) inside or right under
    another. Its few elements are found first and their ancestors asked, where XPath would test
    every <div> of the page for the class (four to six times the cost on the vnexpress pages)."""

    def __init__(self, outer: _Compound, combinator: str, inner: _Compound) -> None:
        self.outer = _Typed(outer)
        self.child = combinator == ">"
        self.inner = _Typed(inner)

    def __call__(self, context: _Element) -> list[_Element]:
        return [el for el in self.inner(context) if el is not context and self._placed(el, context)]

    def _placed(self, el: _Element, context: _Element) -> bool:
        # Ancestors up to the context element, itself included: the outer element must be in it.
        for ancestor in el.iterancestors():
            if self.outer.matches(ancestor):
                return True
            if self.child or ancestor is context:
                return False
        return False


# Elements a page has few of: a selector ending in one is fastest found from them (`_Within`).
_RARE = frozenset("h1 h2 h3 h4 h5 h6 article time figure figcaption".split())


def compile_css(selector: str) -> Selector:
    """A callable that finds, from a context element, what `CSSSelector(selector)` finds, in
    document order."""
    return _compile(selector.strip())


@lru_cache(maxsize=1024)
def _compile(selector: str) -> Selector:
    steps = _parse(selector)
    if steps is None:
        return CSSSelector(selector)
    if len(steps) == 1 and steps[0][1].tag in _RARE:
        return _Typed(steps[0][1])
    if len(steps) == 2 and steps[1][1].tag in _RARE:
        return _Within(steps[0][1], steps[1][0], steps[1][1])
    return XPath(_xpath(steps))


def to_xpath(selector: str) -> str | None:
    """The fast XPath for `selector`, or None when it is outside the simple subset."""
    steps = _parse(selector)
    return None if steps is None else _xpath(steps)


def _xpath(steps: list[tuple[str, _Compound]]) -> str:
    return "".join(_step(axis, compound) for axis, compound in steps)


def _parse(selector: str) -> list[tuple[str, _Compound]] | None:
    """The compounds of `selector`, each with the combinator before it; None outside the
    simple subset."""
    steps: list[tuple[str, _Compound]] = []
    position, combinator = 0, ""
    while position < len(selector):
        compound, position = _compound(selector, position)
        if compound is None:
            return None
        steps.append((combinator, compound))
        if position == len(selector):
            break
        match = _COMBINATOR.match(selector, position)
        if match is None:
            return None
        combinator = ">" if ">" in match.group() else " "
        position = match.end()
    if not steps or position != len(selector):
        return None
    return steps


def _compound(selector: str, position: int) -> tuple[_Compound | None, int]:
    tag = "*"
    typed = _TYPE.match(selector, position)
    if typed:
        tag = typed.group()
        position = typed.end()
    tests: list[_Test] = []
    while (match := _PART.match(selector, position)) is not None:
        position = match.end()
        klass, ident, name, operator, value = match.groups()
        if klass is not None:
            tests.append(_Test("class", _class_predicate(klass), _class_check(klass)))
        elif ident is not None:
            tests.append(_Test("id", f". = '{ident}'", ident.__eq__))
        else:
            test = _attribute_test(name, operator, value)
            if test is None:
                return None, position
            tests.append(test)
    if typed is None and not tests:
        return None, position  # neither a type nor a test: not a selector we know
    return _Compound(tag, tuple(tests)), position


def _class_predicate(name: str) -> str:
    # The plain contains() rules out most class attributes before the costly exact-word test.
    return f"contains(., '{name}') and contains(concat(' ', normalize-space(.), ' '), ' {name} ')"


# XPath's whitespace, which normalize-space() collapses: class names are split on it alone.
_XPATH_SPACE = str.maketrans("\t\r\n", "   ")


def _class_check(name: str) -> Callable[[str], bool]:
    padded = f" {name} "
    return lambda value: name in value and padded in f" {value.translate(_XPATH_SPACE)} "


def _attribute_test(name: str, operator: str | None, value: str | None) -> _Test | None:
    if operator is None:
        return _Test(name, "true()", lambda _: True)
    assert value is not None
    text = value[1:-1] if value[0] in "'\"" else value
    if "'" in text:
        return None
    if operator == "=":
        return _Test(name, f". = '{text}'", text.__eq__)
    if not text:  # [a*=""] and [a^=""] match nothing (Selectors Level 3)
        return _Test(name, "false()", lambda _: False)
    if operator == "*=":
        return _Test(name, f"contains(., '{text}')", lambda v: text in v)
    return _Test(name, f"starts-with(., '{text}')", lambda v: v.startswith(text))


def _step(combinator: str, compound: _Compound) -> str:
    axis = {"": "descendant-or-self::", " ": "/descendant::", ">": "/"}[combinator]
    if not compound.tests:
        return f"{axis}{compound.tag}"
    first, *rest = compound.tests
    # The first test is an attribute step (only elements that have the attribute are visited);
    # the others are predicates on the element it leads back to.
    step = f"{axis}{compound.tag}/@{first.attribute}[{first.predicate}]/parent::*"
    return step + "".join(f"[@{t.attribute}[{t.predicate}]]" for t in rest)
