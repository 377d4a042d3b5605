"""Executive members and their "one member, one deed" projects: counts, and the chairs' directory."""
