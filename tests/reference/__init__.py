"""The plain per-object implementation: the reference twin the engine is tested against."""
