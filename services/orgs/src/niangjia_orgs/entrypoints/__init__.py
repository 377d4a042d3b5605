"""HTTP routes of the orgs service."""
