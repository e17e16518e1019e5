"""Plans, their items and the agencies involved."""
