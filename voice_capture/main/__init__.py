"""The dashboard, the health check and the about page."""
