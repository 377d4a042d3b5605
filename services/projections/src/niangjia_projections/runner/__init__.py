"""A domain-free projection runner: read models in SQLite files, checkpoints in the same
transaction as each change, atomic swaps of rebuilt files."""

from niangjia_projections.runner.files import ModelFiles
from niangjia_projections.runner.projection import DecodeFailed, Decoder, Item, Projection
from niangjia_projections.runner.runner import Failure, ModelStatus, ProjectionRunner

__all__ = [
    "DecodeFailed",
    "Decoder",
    "Failure",
    "Item",
    "ModelFiles",
    "ModelStatus",
    "Projection",
    "ProjectionRunner",
]
