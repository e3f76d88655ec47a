"""Every report as CSV or Excel: the same table as the JSON, with the labels a person reads and
the column names in the active language. Chosen by `?format=` (DRF's format override) or by the
Accept header:

- `csv`: comma-separated, UTF-8 without a byte order mark, a decimal point: for programs;
- `csv-excel`: what Swedish Excel opens by a double click: semicolons, a byte order mark (so
  that å, ä, ö read right), a decimal comma;
- `xlsx`: an Excel workbook with the filters and notes under the table.
"""

import csv
import io
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rest_framework.renderers import BaseRenderer

from backend.reports.formats import excel_cell, plain_cell, sheet_cell
from backend.reports.tables import Column, ReportTable, missing_legend

# Characters Excel does not allow in a sheet's name.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _table(renderer_context: dict[str, Any] | None) -> ReportTable:
    return renderer_context["response"].table


def _csv(table: ReportTable, delimiter: str, cell: Callable[[Any, Column], Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(table.header())
    writer.writerows(table.body(cell))
    return buffer.getvalue()


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        return _csv(_table(renderer_context), ",", plain_cell).encode("utf-8")


class ExcelCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv-excel"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        # The byte order mark makes Excel read the file as UTF-8.
        return ("\ufeff" + _csv(_table(renderer_context), ";", excel_cell)).encode("utf-8")


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        table = _table(renderer_context)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(table.title).translate(SHEET_NAME_FORBIDDEN)[:31]
        sheet.append(table.header())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in table.body(sheet_cell):
            sheet.append(line)
        sheet.append([])
        sheet.append([_("Filters")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for name, value in table.filters:
            sheet.append([str(name), value])
        sheet.append([missing_legend()])
        for note in table.notes():
            sheet.append([note])
        sheet.freeze_panes = "A2"
        for index, title in enumerate(table.header(), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 2)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
