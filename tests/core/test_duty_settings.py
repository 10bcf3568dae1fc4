"""The duty rule read from the settings, and a bad setting stopping the app at start."""

import pytest

from server import create_app
from server.config import DEFAULTS
from server.services.duty_settings import parse_weekdays, rule_from


def test_defaults_are_fridays_and_five_days():
    rule = rule_from(DEFAULTS)
    assert rule.weekdays == frozenset({4}) and rule.month_days == 5
    assert rule.rotation_weeks == 4


@pytest.mark.parametrize("text,days", [("5", {4}), ("1,5", {0, 4}), ("1， 5", {0, 4}),
                                       ("", set()), ("7", {6})])
def test_weekdays(text, days):
    assert parse_weekdays(text) == frozenset(days)


@pytest.mark.parametrize("text", ["0", "8", "Fri", "1;5"])
def test_bad_weekdays(text):
    with pytest.raises(ValueError):
        parse_weekdays(text)


def test_a_bad_setting_stops_the_app(tmp_path):
    with pytest.raises(ValueError):
        create_app({"DATA_DIR": str(tmp_path), "DUTY_WEEKDAYS": "Friday"})
    with pytest.raises(ValueError):
        create_app({"DATA_DIR": str(tmp_path), "ROTATION_WEEKS": 0})
