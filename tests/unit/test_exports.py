"""Spreadsheet exports: cells never run as formulas, and French Excel reads the file as it is."""

import pytest

from portal.exports import csv_text, safe_cell


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+33 6 00", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "expected"), [("Léa Durand", "Léa Durand"), (None, ""), (12, "12"), ("a=b", "a=b")])
def test_other_cells_are_left_as_they_are(value, expected):
    assert safe_cell(value) == expected


def test_the_csv_is_for_french_spreadsheets():
    text = csv_text(["Nom", "Adresse"], [["=1+1", "a;b@exemple.fr"]])
    assert text == '\ufeffNom;Adresse\r\n\'=1+1;"a;b@exemple.fr"\r\n'
