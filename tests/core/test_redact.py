"""Redaction for publication (sync/redact.py): the table of what goes and what stays.

Each case is a text the way a cadre or a resident types it on a phone in 新郑, with the
personal data in {braces}: the public text must be the same text with every braced
character replaced by ＊ and nothing else changed. The texts that must stay are listed
whole: a public text full of ＊ is useless, and surname characters and numbers are
everywhere (3号楼前路灯, 周边, 马路, 12345热线). The labelled sets are in
tests/core/test_redact_sets.py.
"""

import re

import pytest

from sync.redact import KINDS, MASK, Span, redact
from sync.redact_lexicon import lexicon
from tests.core.redact_cases import CONTACTS, HOUSES, KEEP, KINDED, NAMES, NUMBERS, WHOLE_REPORTS


def _case(marked: str) -> tuple[str, str]:
    """The text of a marked case and its expected public text."""
    text = marked.replace("{", "").replace("}", "")
    public = re.sub(r"\{([^}]*)\}", lambda m: MASK * len(m.group(1)), marked)
    return text, public


ALL_MARKED = NUMBERS + CONTACTS + HOUSES + NAMES + WHOLE_REPORTS


@pytest.mark.parametrize("marked", NUMBERS)
def test_phone_id_and_bank_numbers_go(marked):
    text, public = _case(marked)
    assert redact(text).text == public


@pytest.mark.parametrize("marked", CONTACTS)
def test_wechat_qq_email_plates_and_phone_tails_go(marked):
    text, public = _case(marked)
    assert redact(text).text == public


@pytest.mark.parametrize("marked", HOUSES)
def test_room_and_household_numbers_go(marked):
    text, public = _case(marked)
    assert redact(text).text == public


@pytest.mark.parametrize("marked", NAMES)
def test_names_of_people_go(marked):
    text, public = _case(marked)
    assert redact(text).text == public


@pytest.mark.parametrize("marked", WHOLE_REPORTS)
def test_whole_reports(marked):
    text, public = _case(marked)
    assert redact(text).text == public


@pytest.mark.parametrize("text", KEEP)
def test_what_is_not_personal_stays(text):
    result = redact(text)
    assert result.text == text, [text[s.start:s.end] for s in result.spans]
    assert result.spans == ()


@pytest.mark.parametrize("text,datum,kind", KINDED)
def test_each_span_says_what_it_is(text, datum, kind):
    spans = redact(text).spans
    assert [(text[s.start:s.end], s.kind) for s in spans] == [(datum, kind)]


def test_the_kinds_and_the_mask_are_the_interface():
    assert MASK == "\uff0a"
    assert KINDS == ("phone", "id_card", "plate", "email", "wechat", "qq", "bank_card",
                     "house", "name")
    assert {kind for _, _, kind in KINDED} == set(KINDS)


@pytest.mark.parametrize("marked", ALL_MARKED)
def test_spans_are_sorted_apart_and_line_up_with_the_public_text(marked):
    text, public = _case(marked)
    result = redact(text)
    assert len(result.text) == len(text)
    ends = [0]
    for span in result.spans:
        assert isinstance(span, Span) and span.kind in KINDS
        assert ends[-1] <= span.start < span.end <= len(text)
        assert result.text[span.start:span.end] == MASK * (span.end - span.start)
        ends.append(span.end)
    masked = {i for s in result.spans for i in range(s.start, s.end)}
    assert all(result.text[i] == text[i] for i in range(len(text)) if i not in masked)


@pytest.mark.parametrize("marked", ALL_MARKED)
def test_the_public_text_redacted_again_is_the_same(marked):
    public = redact(_case(marked)[0]).text
    assert redact(public).text == public


def test_empty_and_plain_texts():
    assert redact("").text == "" and redact("").spans == ()
    assert redact("路灯不亮").spans == ()


def test_the_surnames_are_data_with_the_common_and_compound_ones():
    lx = lexicon()
    assert len(lx.common | lx.word) >= 300 and {"王", "李", "张", "常"} <= lx.common
    assert {"欧阳", "司马", "诸葛", "上官"} <= lx.compound
    assert "安" in lx.word and "安" not in lx.common
