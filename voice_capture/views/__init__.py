"""Reading views: which are current, which steps are on the path a conversation took, whole mats."""
