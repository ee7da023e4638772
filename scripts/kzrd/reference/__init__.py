"""Reference data: the region registry, the papers' typed-in tables, the source list, the exhibit registry, labels."""
