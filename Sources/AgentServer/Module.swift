// The AgentServer module. See docs/architecture.md for what it owns.
