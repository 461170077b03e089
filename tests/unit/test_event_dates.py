"""Event times: typed and read in Paris time, written the French way."""

from datetime import date, datetime, time

from portal.events.dates import paris_day_bounds, paris_to_utc, when_fr


def test_one_day_is_written_the_french_way():
    start, end = paris_to_utc(date(2026, 12, 8), time(14)), paris_to_utc(date(2026, 12, 8), time(17))
    assert when_fr(start, end) == "mardi 8 décembre 2026, 14 h – 17 h"


def test_minutes_are_written_after_the_h():
    start, end = paris_to_utc(date(2026, 12, 8), time(9, 30)), paris_to_utc(date(2026, 12, 8), time(12, 5))
    assert when_fr(start, end) == "mardi 8 décembre 2026, 9 h 30 – 12 h 05"


def test_several_days_say_from_and_to():
    start, end = paris_to_utc(date(2026, 12, 7), time(9)), paris_to_utc(date(2026, 12, 9), time(17))
    assert when_fr(start, end) == "du lundi 7 décembre 2026, 9 h au mercredi 9 décembre 2026, 17 h"


def test_paris_time_becomes_utc_with_summer_and_winter_time():
    assert paris_to_utc(date(2026, 12, 8), time(14)) == datetime(2026, 12, 8, 13, 0)
    assert paris_to_utc(date(2026, 7, 8), time(14)) == datetime(2026, 7, 8, 12, 0)


def test_a_paris_day_in_utc():
    assert paris_day_bounds(date(2026, 7, 8)) == (datetime(2026, 7, 7, 22, 0), datetime(2026, 7, 8, 22, 0))
