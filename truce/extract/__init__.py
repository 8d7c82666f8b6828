"""Extraction: structured claims (when, where, who, what, consequences) from bulletins, statements and
news reports in English and Russian. Rules are data (``rules/*.toml``); see ``extractor`` for the flow."""

from truce.extract.extractor import Extractor
from truce.extract.result import ExtractedClaim, PlaceRef
from truce.extract.text import detect_language

__all__ = ["ExtractedClaim", "Extractor", "PlaceRef", "detect_language"]
