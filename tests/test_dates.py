"""Partial dates and what holds when."""

import pytest

from graph import dates


@pytest.mark.parametrize("value, parsed", [
    ("2016", (2016,)), (2016, (2016,)), ("2016-10", (2016, 10)), ("2016-10-12", (2016, 10, 12)),
    ("2016-13", None),  # no thirteenth month
    ("2019-02-29", None), ("2020-02-29", (2020, 2, 29)),  # leap years
    ("16-10", None), ("2016/10", None), ("October 2016", None), (True, None), (None, None), ("", None),
])
def test_parse(value, parsed):
    assert dates.parse(value) == parsed


@pytest.mark.parametrize("at, start, end, expected", [
    ("2016-10", "2016", None, True),  # a year starts on its first day
    ("2015-12-31", "2016", None, False),
    ("2020-12-31", None, "2020", True),  # and ends on its last
    ("2021-01", None, "2020", False),
    ("2020-01-31", "2016", "2020-01-31", True),
    ("2020-02", "2016", "2020-01-31", False),
    ("1990", None, None, True),  # undated: always
])
def test_holds(at, start, end, expected):
    assert dates.holds(at, start, end) is expected


def test_before_compares_whole_intervals():
    assert dates.before("2016", "2017-01") and not dates.before("2016", "2016-12")
    assert not dates.before("2016-10", "2016")  # they overlap


@pytest.mark.parametrize("value, text", [("2016", "2016"), ("2016-10", "October 2016"), ("2020-01-31", "31 January 2020")])
def test_human(value, text):
    assert dates.human(value) == text
