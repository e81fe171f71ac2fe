"""Registry of the municipalities that committed to the school."""
