"""Child mode: running a conversation on a tablet and saving every answer the moment it is given."""
