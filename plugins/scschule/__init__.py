"""smartcities-schule: docs-as-code generator of the Smart Cities: Schule learning portal.

Layout: ``content`` is the plain-Python content model (no MkDocs import);
``taxonomy`` holds the region's reference data; each further subpackage is one
capability (guides, newsletter, registry, courses, widgets, search) with its
model, templates and assets beside it. ``plugin`` modules are thin MkDocs adapters,
``cli`` is the editors' command-line tool.
"""

__version__ = "0.1.0"
