"""Writing and changing conversation scripts, with a preview exactly as the respondent will see it."""
