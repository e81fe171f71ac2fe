"""Flipped-classroom courses and the school calendar."""
