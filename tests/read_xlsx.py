#!/usr/bin/env python3
"""Prints every non-empty cell of an .xlsx workbook, read by openpyxl (an independent reader), one
per line: sheet<TAB>cell<TAB>kind<TAB>value, kind being number, date, text or bool; bold cells
get "bold" after the value. Used by tests/attendance_report_test.cpp."""
import datetime
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
for sheet in book.worksheets:
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                continue
            if isinstance(value, bool):
                kind = "bool"
            elif isinstance(value, (int, float)):
                kind = "number"
            elif isinstance(value, (datetime.datetime, datetime.date)):
                kind = "date"
                value = value.strftime("%Y-%m-%d")
                if cell.number_format:
                    value += " " + cell.number_format
            else:
                kind = "text"
            line = f"{sheet.title}\t{cell.coordinate}\t{kind}\t{value}"
            if cell.font is not None and cell.font.b:
                line += "\tbold"
            print(line)
    print(f"{sheet.title}\tfrozen\t{sheet.freeze_panes}")
