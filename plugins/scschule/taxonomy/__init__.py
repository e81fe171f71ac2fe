"""The region's reference data: Handlungsfelder, Maßnahmenbündel and the municipalities.

They are read from the site's own ``region/`` folder (:mod:`.region`), never from the
package: the code only reads them.
"""

from .model import (BUNDLE_PAGES, BUNDLE_TEXTS, HANDLUNGSFELD_PAGES, MUNICIPALITY_PAGES, REGION, Bundle, Handlungsfeld,
                    Measure, RegionMunicipality, Taxonomy, load_taxonomy)
from .region import REGION_FOLDER, Region

__all__ = ["BUNDLE_PAGES", "BUNDLE_TEXTS", "HANDLUNGSFELD_PAGES", "MUNICIPALITY_PAGES", "REGION", "REGION_FOLDER", "Bundle",
           "Handlungsfeld", "Measure", "Region", "RegionMunicipality", "Taxonomy", "load_taxonomy"]
