"""How a table's numbers are written: on the page (the active language's decimal mark and digit
grouping: "77,8 %" in Swedish), in the Swedish Excel CSV (semicolons, a decimal comma) and in the
plain CSV for programs (commas, a decimal point, nothing for a missing value)."""

from typing import Any

from django.utils.formats import number_format

from backend.reports.tables import MISSING, Column


def page_cell(value: Any, column: Column) -> str:
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    if column.percent:
        return f"{number_format(value, decimal_pos=1, use_l10n=True)}\xa0%"
    return number_format(value, use_l10n=True, force_grouping=True)


def excel_cell(value: Any, column: Column) -> Any:
    """For Swedish Excel: a decimal comma, a dash for a missing value."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


def plain_cell(value: Any, column: Column) -> Any:
    return "" if value is None else value


def sheet_cell(value: Any, column: Column) -> Any:
    """For the Excel workbook: numbers stay numbers (Excel shows them in the reader's locale)."""
    return MISSING if value is None else value
