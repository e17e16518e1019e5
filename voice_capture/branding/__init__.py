"""The service's own name, logo and contact line, set by an administrator and shown on letters and summaries."""
