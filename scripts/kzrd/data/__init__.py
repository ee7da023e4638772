"""Data: fetching, API clients, parsers of the official files, boundaries, validation (clean), features."""
