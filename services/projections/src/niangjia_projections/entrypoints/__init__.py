"""HTTP routes and the console entry of the projections service."""
