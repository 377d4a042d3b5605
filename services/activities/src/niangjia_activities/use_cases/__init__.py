"""The use cases: one module each (its HTTP body, what it reads before deciding, the command handled)."""
