"""Core: errors, atomic I/O, output schemas, config checks, the rule runner, code dependencies."""
