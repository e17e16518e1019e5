"""Accounts and teams, managed by administrators."""
