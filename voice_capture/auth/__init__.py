"""Accounts, login and who may see what."""
