"""Children, their families, and how each of them communicates."""
