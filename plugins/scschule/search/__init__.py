"""Full-text search: a German lunr index built at build time, loaded by lunr.js in the browser."""

from ..content.collection import Capability

SEARCH_CAPABILITY = Capability("scschule-search")
