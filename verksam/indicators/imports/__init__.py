"""Importing measurements from files (CSV and XLSX), and exporting them in the same format.

A file holds one measurement a row: organisation, indicator, period, value and an
optional note, under headers in Swedish or English. The steps, each in its module:

- `files`: read the bytes into a header and rows (`read_table`), within limits;
- `columns`: guess which column holds which field (`guess_mapping`);
- `values`: read the numbers as people write them (`parse_value`);
- `checks`: check every row against the database (`validate_table`);
- `services`: the import as a whole, written all rows or none, and the export;
- `views` and `urls`: the pages, in the `imports` namespace.
"""
