"""Worries: answers that may show a child is at risk, kept in front of the worker until acted on."""
