"""One module per command: its request body, what it reads before the decision, and the handler call."""

from niangjia_orgs.use_cases import (
    appoint_member,
    change_member_role,
    close_micro_home,
    complete_project,
    dissolve_federation,
    erase_member,
    found_federation,
    inspect_federation,
    member_leaves,
    open_micro_home,
    pledge_project,
    recognise_federation,
    recognise_micro_home,
)

__all__ = [
    "appoint_member",
    "change_member_role",
    "close_micro_home",
    "complete_project",
    "dissolve_federation",
    "erase_member",
    "found_federation",
    "inspect_federation",
    "member_leaves",
    "open_micro_home",
    "pledge_project",
    "recognise_federation",
    "recognise_micro_home",
]
