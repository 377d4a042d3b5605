"""`niangjia-projections`: serve (default), `rebuild [--model NAME]`, `catch-up`."""

from __future__ import annotations

import sys

from niangjia_kit.serve import load_settings, serve, tune_switching

from niangjia_projections.settings import ProjectionsSettings


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("rebuild", "catch-up", "-h", "--help"):
        from niangjia_projections.entrypoints.cli import run_cli

        raise SystemExit(run_cli(args))
    if args and args[0] != "serve":
        print(f"unknown command {args[0]!r}; use serve, rebuild or catch-up", file=sys.stderr)
        raise SystemExit(2)
    settings = load_settings(ProjectionsSettings)
    tune_switching()
    from niangjia_projections.bootstrap import build_app

    serve("projections", settings, lambda _: build_app(settings))


if __name__ == "__main__":
    main()
