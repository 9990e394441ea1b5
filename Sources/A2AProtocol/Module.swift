// The A2AProtocol module. See docs/architecture.md for what it owns.
