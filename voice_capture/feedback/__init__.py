"""Closing the loop: responses to views, "You said … We did …" letters, and "Did we listen?"."""
