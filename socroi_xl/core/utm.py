"""UTM tagging: build tracked links, read their parameters back.

The one text-processing corner of the library: URLs are parsed with the standard
library's :mod:`urllib.parse`, one URL at a time (there is no array form of URL parsing).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

import numpy as np

from ..errors import ERROR_OBJECTS, NA, VALUE, error
from ..xl.coerce import ShapeError, broadcast, is_scalar, merge_codes, texts

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def _text_args(*args: Any) -> tuple[tuple[np.ndarray, ...], np.ndarray, bool] | str:
    """Read text arguments, broadcast them; (arrays, error codes, scalar) or ``#VALUE!``."""
    scalar = is_scalar(*args)
    read_ = [texts(a) for a in args]
    try:
        values = broadcast(*(v for v, _ in read_))
    except ShapeError:
        return error(VALUE)
    codes = merge_codes(values[0].shape, *(c for _, c in read_))
    return values, (np.zeros(values[0].shape, np.int8) if codes is None else codes), scalar


def _finish(out: np.ndarray, codes: np.ndarray, scalar: bool) -> Any:
    bad = codes != 0
    out[bad] = np.array(ERROR_OBJECTS, dtype=object)[codes[bad]]
    return out.item() if scalar else out


def _tag(url: str, pairs: list[tuple[str, str | None]]) -> str:
    parts = urlsplit(url)
    ours = {k for k, v in pairs if v}
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0].casefold() not in ours]
    added = [f"{k}={quote(v.strip(), safe='')}" for k, v in pairs if v]
    return urlunsplit(parts._replace(query="&".join(kept + added)))


def utm(
    url: Any,
    source: Any,
    medium: Any,
    campaign: Any,
    term: Any = None,
    content: Any = None,
) -> Any:
    """The URL with utm_source, utm_medium, utm_campaign (and utm_term, utm_content) added.

    The existing query and fragment are kept; a utm parameter already in the URL is
    replaced, not repeated; values are percent-encoded (a space becomes ``%20``).

    Parameters
    ----------
    url : text or range
        The link to tag, e.g. https://shop.example/spring?ref=bio#top.
    source : text or range
        utm_source: the platform, e.g. facebook, linkedin, newsletter.
    medium : text or range
        utm_medium: the kind of traffic, e.g. social, paid_social, cpc.
    campaign : text or range
        utm_campaign: the campaign name, e.g. spring_sale.
    term : text or range, optional
        utm_term: the paid keyword or audience; left out when blank.
    content : text or range, optional
        utm_content: which ad or link; left out when blank.

    Returns
    -------
    text or array
        The tagged URL.

    Notes
    -----
    A blank url, source, medium or campaign gives ``#VALUE!`` (a link without them cannot
    be attributed). Numbers are written as Excel shows them (2024, not 2024.0).

    Examples
    --------
    >>> utm("https://shop.example/spring?ref=bio#top", "facebook", "paid_social", "Spring Sale")
    'https://shop.example/spring?ref=bio&utm_source=facebook&utm_medium=paid_social&utm_campaign=Spring%20Sale#top'
    """
    read_ = _text_args(url, source, medium, campaign, term, content)
    if isinstance(read_, str):
        return read_
    (u, s, m, c, t, n), codes, scalar = read_
    required_blank = np.vectorize(lambda *v: any(x is None or not x.strip() for x in v), otypes=[bool])
    np.putmask(codes, (codes == 0) & required_blank(u, s, m, c), VALUE)
    out = np.empty(u.shape, dtype=object)
    for i in map(tuple, np.argwhere(codes == 0)):
        out[i] = _tag(u[i].strip(), list(zip(UTM_KEYS, (s[i], m[i], c[i], t[i], n[i]), strict=True)))
    return _finish(out, codes, scalar)


def utm_param(url: Any, name: Any) -> Any:
    """The value of a query parameter of a URL (e.g. "utm_source"); #N/A if it is absent.

    Parameters
    ----------
    url : text or range
        A URL, e.g. a landing page from your analytics.
    name : text or range
        The parameter to read, e.g. utm_campaign; matched ignoring case.

    Returns
    -------
    text or array
        The decoded value (``%20`` and ``+`` read as spaces) of the first occurrence.

    Notes
    -----
    An absent parameter, or a blank URL, gives ``#N/A``, like a failed lookup; a blank
    name gives ``#VALUE!``.

    Examples
    --------
    >>> utm_param("https://shop.example/?utm_source=facebook&utm_campaign=Spring%20Sale", "UTM_CAMPAIGN")
    'Spring Sale'
    >>> utm_param("https://shop.example/", "utm_source")
    '#N/A'
    """
    read_ = _text_args(url, name)
    if isinstance(read_, str):
        return read_
    (u, k), codes, scalar = read_
    out = np.empty(u.shape, dtype=object)
    for i in map(tuple, np.argwhere(codes == 0)):
        key = (k[i] or "").strip().casefold()
        if not key:
            codes[i] = VALUE
            continue
        query = urlsplit((u[i] or "").strip()).query
        found = [v for q, v in parse_qsl(query, keep_blank_values=True) if q.casefold() == key]
        if found:
            out[i] = found[0]
        else:
            codes[i] = NA
    return _finish(out, codes, scalar)
