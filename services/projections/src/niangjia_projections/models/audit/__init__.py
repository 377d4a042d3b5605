"""Every event with its whole envelope, for auditors: `schema`, `projection`, and `queries` (filtered
pages, entity timelines, CSV and JSON Lines exports)."""
