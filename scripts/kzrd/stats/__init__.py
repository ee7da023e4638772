"""Generic statistics: one concentration and one correlation implementation."""
