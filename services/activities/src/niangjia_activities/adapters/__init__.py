"""Adapters: the organiser registry in its own SQLite file, and the subscription that feeds it."""
