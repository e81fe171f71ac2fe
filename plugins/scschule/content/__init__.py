"""The content model: plain Python, no MkDocs import.

``source`` reads files, ``records`` validates them against pydantic schemas,
``problems`` is what every check reports, ``portal`` loads everything once.
"""

from .items import ItemRef
from .problems import ContentError, Problem, Severity
from .source import Source, read_markdown, read_yaml

__all__ = ["ContentError", "ItemRef", "Problem", "Severity", "Source", "read_markdown", "read_yaml"]
