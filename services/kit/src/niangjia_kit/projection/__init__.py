"""A domain-free live projection runner: read models in SQLite files, each with its checkpoint in the
same transaction as each change, following the store from there.

Both the projections service (its read models) and the activities service (its organiser registry)
run on it; the projections service adds its bulk rebuild on top (`niangjia_projections.rebuild`).
"""

from niangjia_kit.projection.checkpoint import (
    Failure,
    ModelStatus,
    Moved,
    VersionMismatch,
    apply_page,
    in_checkpoint_transaction,
    open_model,
)
from niangjia_kit.projection.events import (
    DecodeFailed,
    Decoder,
    Item,
    PayloadDecoder,
    Projection,
    Recorded,
    from_us,
    recorded_from,
    to_us,
    uuid_text,
)
from niangjia_kit.projection.files import ModelFiles, connect, remove
from niangjia_kit.projection.runner import ModelPlace, ProjectionRunner
from niangjia_kit.projection.tail import STORE_FAULTS, check_position, store_failure, verify_checkpoints

__all__ = [
    "STORE_FAULTS",
    "DecodeFailed",
    "Decoder",
    "Failure",
    "Item",
    "ModelFiles",
    "ModelPlace",
    "ModelStatus",
    "Moved",
    "PayloadDecoder",
    "Projection",
    "ProjectionRunner",
    "Recorded",
    "VersionMismatch",
    "apply_page",
    "check_position",
    "connect",
    "from_us",
    "in_checkpoint_transaction",
    "open_model",
    "recorded_from",
    "remove",
    "store_failure",
    "to_us",
    "uuid_text",
    "verify_checkpoints",
]
