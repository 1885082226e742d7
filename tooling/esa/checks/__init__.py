"""Project convention checks and lint support (issue 5)."""
