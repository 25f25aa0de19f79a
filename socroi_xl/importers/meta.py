"""Meta Ads Manager exports ("Export table data", CSV or XLSX), in English, French, German
or Spanish.

The column names below are those Ads Manager writes when the account's language is one of
these four; the currency code in the amount-spent header varies with the ad account
(``Amount spent (USD)``, ``Montant dépensé (EUR)``...). English exports write plain
numbers (``1234.56``); French, German and Spanish ones may use decimal commas and point or
space grouping (``1.234,56``), which is recognised file by file.

The currency is the code in the amount-spent header (``Amount spent (USD)``); a header
without one (``Amount spent``) states no currency.

Mapping to the canonical columns: spend = amount spent; clicks = link clicks (or, when the
export has no link clicks, clicks (all)); engagements = post engagement; leads = leads;
conversions = purchases; revenue = purchases conversion value. When there is no leads or
purchases column, ``Results`` counts as leads or conversions if its result indicator names
a lead or purchase action. Every row is Paid. The platform is ``Meta``, or, when the
export is broken down by platform (``Platform`` column: facebook, instagram,
audience_network, messenger, threads), ``Facebook``, ``Instagram``, ``Audience Network``,
``Messenger`` or ``Threads``, the names the template's per-platform tables use.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import canonical
from .table import RawTable, find
from .values import (
    currency_code,
    dates,
    distinct,
    has_grouping,
    is_decimal_comma,
    numbers,
    texts,
)

PLATFORM = "Meta"

#: Column names by role, in English, French, German and Spanish (in that order).
NAMES: dict[str, tuple[str, ...]] = {
    "day": ("Day", "Jour", "Tag", "Día"),
    "start": ("Reporting starts", "Début des rapports", "Berichtsbeginn", "Inicio del informe"),
    "placement": ("Platform", "Plateforme", "Plattform", "Plataforma"),
    "campaign": ("Campaign name", "Nom de la campagne", "Kampagnenname", "Nombre de la campaña"),
    "impressions": ("Impressions", "Impressions", "Impressionen", "Impresiones"),
    "reach": ("Reach", "Couverture", "Reichweite", "Alcance", "Portée"),
    "link_clicks": (
        "Link clicks", "Clics sur un lien", "Link-Klicks", "Clics en el enlace",
        "Clics sur le lien",
    ),
    "all_clicks": ("Clicks (all)", "Clics (tous)", "Klicks (alle)", "Clics (todos)"),
    "engagements": (
        "Post engagement", "Interactions avec la publication", "Beitragsinteraktion",
        "Interacción con la publicación", "Post engagements", "Beitragsinteraktionen",
    ),
    "leads": ("Leads", "Prospects", "Leads", "Clientes potenciales"),
    "purchases": (
        "Purchases", "Achats", "Käufe", "Compras",
        "Website purchases", "Achats sur le site web", "Käufe auf der Website",
        "Compras en el sitio web",
    ),
    "revenue": (
        "Purchases conversion value", "Valeur de conversion des achats",
        "Conversionwert der Käufe", "Valor de conversión de compras",
        "Website purchases conversion value", "Valeur de conversion des achats sur le site web",
        "Conversion-Wert der Käufe", "Purchase conversion value",
    ),
    "results": ("Results", "Résultats", "Ergebnisse", "Resultados"),
    "indicator": (
        "Result indicator", "Indicateur de résultats", "Ergebnisindikator",
        "Indicador de resultado", "Result type", "Type de résultat", "Ergebnistyp",
        "Tipo de resultado",
    ),
}
#: ``Amount spent (XXX)`` in the four languages; the currency part is optional.
SPEND = re.compile(
    r"^(?P<label>amount spent|montant dépensé|ausgegebener betrag|importe gastado)"
    r"(?:\s*\((?P<currency>[^)]*)\))?$",
    re.IGNORECASE,
)
_LANGUAGE = {"amount spent": "en", "montant dépensé": "fr", "ausgegebener betrag": "de",
             "importe gastado": "es"}
#: Date formats by language: ISO as Meta writes it, then the language's own.
DATE_FORMATS = {
    "en": ("%Y-%m-%d", "%m/%d/%Y"),
    "fr": ("%Y-%m-%d", "%d/%m/%Y"),
    "de": ("%Y-%m-%d", "%d.%m.%Y"),
    "es": ("%Y-%m-%d", "%d/%m/%Y"),
}
#: Names of the ``Platform`` breakdown values.
PLACEMENTS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "audience_network": "Audience Network",
    "audience network": "Audience Network",
    "messenger": "Messenger",
    "threads": "Threads",
}
#: Column names a Meta export must have (shown when a file is refused).
EXPECTED = "Campaign name, Amount spent (<currency>), Impressions, Day or Reporting starts"


def spend_column(names: list[str]) -> str | None:
    """The amount-spent column among ``names``, whatever its currency."""
    for n in names:
        if SPEND.match(" ".join(n.split())):
            return n
    return None


def is_header(names: list[str]) -> bool:
    """True for the header row of a Meta Ads Manager export."""
    return find(names, *NAMES["campaign"]) is not None and spend_column(names) is not None


class Reader(canonical.Reader):
    """Meta Ads Manager export, block by block.

    Whether a French, German or Spanish file writes decimal commas is decided over the
    whole file (a file is one or the other): blocks without any comma are read with a
    decimal point, and when a comma appears only after a block that held a point or a
    space in a number, the file is read again with decimal commas (:class:`Restart`).
    """

    def __init__(self, names: list[str], preamble: list[str], *, comma: bool | None = None,
                 **options: object) -> None:
        super().__init__(names, preamble)
        self.col = {role: find(names, *cands) for role, cands in NAMES.items()}
        self.spend = spend_column(names)
        match = SPEND.match(" ".join(self.spend.split()))
        self.language = _LANGUAGE[match.group("label").lower()]
        self.currency = currency_code(match.group("currency") or "")
        self.comma = False if self.language == "en" else comma
        self._pointed = False  # a block read with a decimal point held "." or a space
        self.numbers = [self.spend] + [
            self.col[r] for r in ("impressions", "reach", "link_clicks", "all_clicks",
                                  "engagements", "leads", "purchases", "revenue", "results")
            if self.col[r] is not None
        ]

    def _decimal_comma(self, table: RawTable) -> bool:
        if self.comma is not None:
            return self.comma
        columns = [table.column(c) for c in self.numbers]
        if is_decimal_comma(columns):
            if self._pointed:
                raise canonical.Restart(comma=True)
            self.comma = True
            return True
        self._pointed = self._pointed or has_grouping(columns)
        return False

    @property
    def used(self) -> list[str | None]:
        """The columns read."""
        return [self.spend, *self.col.values()]

    def read(self, table: RawTable) -> pd.DataFrame:
        """The canonical frame of a block of a Meta Ads Manager export."""
        col = self.col
        comma = self._decimal_comma(table)

        def num(role: str | None, name: str | None = None) -> np.ndarray:
            return numbers(table, name if role is None else col[role], decimal_comma=comma)

        day = col["day"] or col["start"]
        clicks = num("link_clicks") if col["link_clicks"] else num("all_clicks")
        leads, conversions = num("leads"), num("purchases")
        if col["results"] and col["indicator"] and not (col["leads"] and col["purchases"]):
            results = num("results")
            indicator = texts(table, col["indicator"])
            if not col["leads"]:
                leads = np.where(_contains(indicator, "lead"), results, np.nan)
            if not col["purchases"]:
                conversions = np.where(_contains(indicator, "purchase"), results, np.nan)
        return canonical.frame(
            len(table.data),
            date=dates(table, day, DATE_FORMATS[self.language]),
            platform=_platforms(table, col["placement"]),
            type="Paid",
            campaign=texts(table, col["campaign"]),
            currency=self.currency,
            spend=num(None, self.spend),
            impressions=num("impressions"),
            reach=num("reach"),
            clicks=clicks,
            engagements=num("engagements"),
            leads=leads,
            conversions=conversions,
            revenue=num("revenue"),
        )


def _platforms(table: RawTable, column: str | None) -> np.ndarray | str:
    """``Meta``, or the network of each row when broken down by platform."""
    if column is None:
        return PLATFORM
    codes, uniques = distinct(pd.Series(texts(table, column), dtype=object))
    raw = pd.Series(uniques, dtype=object).str.strip()
    named = raw.str.casefold().map(PLACEMENTS)
    names = named.fillna(raw.str.title()).mask(raw == "", PLATFORM).to_numpy(dtype=object)
    return names[codes]


def _contains(values: np.ndarray, word: str) -> np.ndarray:
    """Which of ``values`` (texts) contain ``word``, ignoring case; each distinct text once."""
    codes, uniques = distinct(pd.Series(values, dtype=object))
    hit = np.array([word in str(u).lower() for u in uniques], dtype=bool)
    return hit[codes] if len(hit) else np.zeros(len(values), dtype=bool)
