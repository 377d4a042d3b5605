"""The bulk rebuild: read models built from position 0 into fresh files and swapped in whole.

- `read_models`: what the CLI calls, by model name, in this process or fanned out over processes
- `workers`: the worker processes of a fan-out, and how the parent listens to them
- `build`: building models into fresh files and swapping them in
- `load`: loading every event, through the store port or from a SQLite store's file (`raw`)
- `fresh`: the fresh files' SQLite settings while they load, and making them durable after
- `trusted`: decoding stored events without validating them again (they were, when written)
- `hints`: what a read model tells the rebuild about itself (`RebuildHints`)
- `progress`: progress across processes, and the report at the end

The live runner, which keeps the same models up to date event by event, is `niangjia_kit.projection`.
"""
