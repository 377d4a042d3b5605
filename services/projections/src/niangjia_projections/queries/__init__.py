"""The questions the read models answer: plain functions over SQLite connections."""
