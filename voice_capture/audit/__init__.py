"""The audit trail of who saw and who changed each child's record."""
