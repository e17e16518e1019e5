"""Conversation scripts: the questions a respondent is asked, one step at a time."""
