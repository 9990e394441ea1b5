// The A2AClient module. See docs/architecture.md for what it owns.
