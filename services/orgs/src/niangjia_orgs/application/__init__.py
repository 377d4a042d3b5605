"""The orgs service's command handlers."""
