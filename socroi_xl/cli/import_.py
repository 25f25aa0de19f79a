"""``socroi import``: append ad-platform and analytics exports to a workbook's Campaigns table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..atomic import printable
from . import LibraryChoice

if TYPE_CHECKING:
    from ..importers import ImportReport

EPILOG = """\b
Examples:
  socroi import meta_ads.csv linkedin.csv --into my_roi.xlsx
  socroi import "Campaign report.csv" --into my_roi.xlsx --platform google-ads
  socroi import meta_usd.csv --into eur_book.xlsx --fx USD=0.92
  socroi import ga4.csv --into my_roi.xlsx --currency EUR
  socroi import ga4.csv --into my_roi.xlsx && socroi recalc my_roi.xlsx --in-place

\b
Formats (recognised by their header row with --platform auto):
  meta        Meta Ads Manager CSV or XLSX (English, French, German, Spanish)
  linkedin    LinkedIn Campaign Manager campaign performance CSV or XLSX
  google-ads  Google Ads report download (UTF-16 TSV, CSV or XLSX)
  ga4         GA4 traffic acquisition CSV (social rows only)

Rows with the same platform, campaign and date as a row already in the table replace
it, so importing an export again changes nothing. Rows without a date or a campaign
name are skipped. Rows keep the currency their export states; one in another currency
than the book's needs a rate (--fx, or the FX table on Inputs). GA4 paid-social rows
that duplicate an imported ad platform's rows (same platform family and day) get
Counted = No, whichever was imported first. The workbook is changed only if every
export reads cleanly and nothing would mix.
"""


def summary(report: ImportReport) -> list[str]:
    """One line per export, then the totals."""
    lines = []
    for f in report.files:
        extra = []
        if f.merged:
            extra.append(f"{f.merged} merged into rows with the same platform, campaign and date")
        if f.ignored:
            extra.append(f"{f.ignored} not social, ignored")
        tail = f" ({'; '.join(extra)})" if extra else ""
        lines.append(
            f"{printable(f.path)} [{f.platform}]: {f.added} added, {f.replaced} replaced, "
            f"{f.skipped} skipped{tail}"
        )
        lines.extend(f"  {printable(f.path)}: {printable(note)}" for note in f.notes)
    lines.extend(f"{printable(report.book)}: {printable(note)}" for note in report.notes)
    lines.append(
        f"{printable(report.book)}: {report.added} added, {report.replaced} replaced, "
        f"{report.skipped} skipped; run 'socroi recalc' to update the figures"
    )
    return lines


@click.command(
    "import", epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.argument("exports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--into", "book", required=True, type=click.Path(dir_okay=False),
    help="Workbook made from the socroi template; its Campaigns table grows (in place).",
)
@click.option(
    "--platform", type=LibraryChoice("socroi_xl.importers.detect:PLATFORMS"), default="auto", show_default=True,
    help="Format of every export; auto recognises each file by its header row.",
)
@click.option(
    "--fx", "fx", multiple=True, metavar="CODE=RATE",
    help="Exchange rate to record in the book's FX table: book-currency units per one unit "
         "of CODE (e.g. --fx USD=0.92 in a EUR book). Repeat for several currencies.",
)
@click.option(
    "--currency", "currency", metavar="CODE",
    help="Currency of exports that do not state theirs (GA4; Google Ads without its "
         "Currency code column). Default: the book's currency, and the report says so.",
)
@click.option(
    "--keep-duplicates", is_flag=True,
    help="Count GA4 paid-social rows even where an imported ad platform's rows cover the "
         "same platform and days (default: Counted = No, so each sale counts once).",
)
def import_(exports: tuple[str, ...], book: str, platform: str, fx: tuple[str, ...],
            currency: str | None, keep_duplicates: bool) -> None:
    """Append ad-platform and analytics EXPORTS to the Campaigns table of BOOK.

    Reports, per export, the rows added, replaced and skipped, and what it assumed.
    """
    from ..importers import ExportError, ImportRefused, import_into
    from ..importers.currency import parse_fx
    from ..xlsx import WorkbookError

    try:
        rates = parse_fx(fx)
        report = import_into(list(exports), book, platform, fx=rates, currency_code=currency,
                             keep_duplicates=keep_duplicates)
    except (ExportError, WorkbookError, ImportRefused) as exc:
        raise click.ClickException(printable(exc)) from None
    except OSError as exc:
        where = exc.filename or book
        raise click.ClickException(f"{printable(where)}: {printable(exc.strerror or exc)}") from None
    for line in summary(report):
        click.echo(line)
