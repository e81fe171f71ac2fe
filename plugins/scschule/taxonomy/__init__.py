"""The region's reference data: Handlungsfelder, Maßnahmenbündel and the 59 municipalities.

The files in ``data/`` are copied verbatim from the project's reference material and
are facts; the code only reads them.
"""

from .model import (BUNDLE_PAGES, BUNDLE_TEXTS, HANDLUNGSFELD_PAGES, MUNICIPALITY_PAGES, Bundle, Handlungsfeld,
                    Measure, RegionMunicipality, Taxonomy, load_taxonomy)

__all__ = ["BUNDLE_PAGES", "BUNDLE_TEXTS", "HANDLUNGSFELD_PAGES", "MUNICIPALITY_PAGES", "Bundle", "Handlungsfeld",
           "Measure", "RegionMunicipality", "Taxonomy", "load_taxonomy"]
