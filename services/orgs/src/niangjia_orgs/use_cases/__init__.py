"""One module per command: its request body, what it reads before the decision, and the handler call."""

from niangjia_orgs.use_cases import (
    close_micro_home,
    dissolve_federation,
    found_federation,
    inspect_federation,
    open_micro_home,
    recognise_federation,
    recognise_micro_home,
)

__all__ = [
    "close_micro_home",
    "dissolve_federation",
    "found_federation",
    "inspect_federation",
    "open_micro_home",
    "recognise_federation",
    "recognise_micro_home",
]
