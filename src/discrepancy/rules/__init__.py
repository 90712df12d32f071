"""Rules: pure functions of one compared group that yield findings (see :mod:`.registry`)."""
