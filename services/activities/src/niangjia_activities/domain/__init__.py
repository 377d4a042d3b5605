"""The care-activity aggregate: commands, state and the pure decider."""
