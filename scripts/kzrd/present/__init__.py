"""Presentation: figures, the report's context and tables, the numbers registry, rendering."""
