"""Symbols a child chooses from: the OpenMoji vocabulary and the child's own photos."""
