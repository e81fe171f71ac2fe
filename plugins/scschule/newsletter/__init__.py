"""Schülerzeitung: the school's newsletter, its feeds and e-mail edition."""
