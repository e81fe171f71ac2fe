"""MkDocs adapters shared by every capability: the portal plugin and page generation."""
