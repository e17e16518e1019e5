"""The views summary for a plan review, and which agencies it was shared with."""
