"""Leitfäden: versioned best-practice guides."""
