"""Live data-platform widgets: NGSI-LD context broker and CKAN open data portal.

``spec`` (fence syntax, options, sources) is plain Python used by ``scschule check``;
``fetch`` and ``render`` do the build-time work; ``plugin`` is the MkDocs adapter.
"""
