// The HTTPClient module. See docs/architecture.md for what it owns.
