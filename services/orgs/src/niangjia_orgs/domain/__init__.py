"""The pure deciders of the orgs service: federations and micro-homes."""
