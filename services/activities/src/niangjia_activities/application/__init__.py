"""Use cases: look the organiser up, check the caller's scope, run the decider through the kit's handler."""
