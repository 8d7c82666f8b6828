"""Country codes the event datasets use, for the countries a pack's places lie in.

Looked up once, by hand, and kept here as data (a pack whose countries are missing simply gets empty
cells, never a guess):

- ``ISO_NUMERIC``: ISO 3166-1 numeric codes, which ACLED's ``iso`` column holds (as a plain number);
- ``GLEDITSCH_WARD``: Gleditsch and Ward state numbers, which UCDP's ``country_id``, ``gwnoa`` and
  ``gwnob`` hold;
- ``ACLED_REGIONS``: ACLED's region of each country (its regions list: "Caucasus and Central Asia",
  "Europe", "Middle East"...);
- ``UCDP_REGIONS``: UCDP's region, which follows the Gleditsch-Ward number (Europe 200-399, Africa
  400-626, Middle East 630-698, Asia 700-990, Americas 2-165).

>>> ISO_NUMERIC["AZ"], GLEDITSCH_WARD["AZ"], ACLED_REGIONS["AZ"], UCDP_REGIONS["AZ"]
(31, 373, 'Caucasus and Central Asia', 'Europe')
"""

from __future__ import annotations

__all__ = ["ACLED_REGIONS", "GLEDITSCH_WARD", "ISO_NUMERIC", "UCDP_REGIONS"]

#: ISO 3166-1 alpha-2 -> ISO 3166-1 numeric.
ISO_NUMERIC = {"AM": 51, "AZ": 31, "GE": 268, "IR": 364, "RU": 643, "TR": 792}

#: ISO 3166-1 alpha-2 -> Gleditsch-Ward state number.
GLEDITSCH_WARD = {"AM": 371, "AZ": 373, "GE": 372, "IR": 630, "RU": 365, "TR": 640}

ACLED_REGIONS = {
    "AM": "Caucasus and Central Asia",
    "AZ": "Caucasus and Central Asia",
    "GE": "Caucasus and Central Asia",
    "IR": "Middle East",
    "RU": "Europe",
    "TR": "Middle East",
}

UCDP_REGIONS = {
    "AM": "Europe",
    "AZ": "Europe",
    "GE": "Europe",
    "IR": "Middle East",
    "RU": "Europe",
    "TR": "Middle East",
}
