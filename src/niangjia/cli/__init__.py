"""The `niangjia` command line (console script `niangjia = niangjia.cli:main`)."""

from niangjia.cli.app import build_app, main

__all__ = ["build_app", "main"]
