"""The school's OKR matrix: objectives, key results measured from the portal's own data, reviews."""
