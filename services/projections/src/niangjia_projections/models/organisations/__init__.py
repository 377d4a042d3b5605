"""Federations and micro-homes, every change dated on both clocks: `schema`, `projection`, and the
questions it answers: `counts`, `dormant` (organisations gone quiet), `guided` (the "1+N" tree)."""
