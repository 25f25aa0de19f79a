"""Excel's rules that are not functions, shared by the engine, the importers and the templates.

* :mod:`.coerce` — cells read as Excel reads them (numbers, text, errors) into arrays, and
  broadcasting, for the numpy core and the engine's operators;
* :mod:`.numtext` — numbers as text in formulas (``"1,200.5"`` read as a number, ``=A1&""``);
* :mod:`.dates` — date serials in the 1900 date system (with its fictitious 29 February 1900)
  and the 1904 system, date and time text as Excel reads it, Excel's calendar arithmetic
  (DATE's rolling months, EDATE, 30/360 and the YEARFRAC day counts);
* :mod:`.numfmt` — number-format codes rendered as Excel renders them (``TEXT`` and the
  display of a cell).

Nothing here imports the engine: these are plain functions on Python values.
"""
