"""Media every app server sees: in the database, in S3-compatible storage, or in a (shared) folder."""
from .store import DatabaseStore, FolderStore, S3Store, media_store

__all__ = ["DatabaseStore", "FolderStore", "S3Store", "media_store"]
