"""Check a Dockerfile against the deployment rules; print each problem and exit 1 if there are any.

    python3 deploy/check_dockerfile.py deploy/Dockerfile

Rules: every base image pinned to an exact version (x.y.z tag or a digest, never `latest`); the
final stage runs as a non-root USER and has a HEALTHCHECK; nothing secret is copied in (no COPY or
ADD of tokens, .env files, keys, certificates or the whole build context) or set with ENV/ARG; uv is
installed at a pinned version. Standard library only, so CI can run it before anything is installed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

SECRET_SOURCE = re.compile(
    r"(^|/)(\.env(\.|$)|[^/]*\.env$|secrets?(/|$)|[^/]*tokens?[^/]*$|[^/]*\.(pem|key|crt|p12|pfx)$|id_(rsa|ed25519)|\.netrc$|\.git(/|$))",
    re.IGNORECASE,
)
SECRET_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)", re.IGNORECASE)
ROOT_USERS = {"root", "0", "0:0", "root:root"}


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    args: str


def parse(text: str) -> list[Instruction]:
    """Instructions with their first line number; continuation lines joined, comments dropped."""
    instructions: list[Instruction] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer.append(stripped[:-1].strip())
            continue
        buffer.append(stripped)
        joined = " ".join(part for part in buffer if part)
        buffer = []
        keyword, _, args = joined.partition(" ")
        instructions.append(Instruction(start, keyword.upper(), args.strip()))
    return instructions


def _pinned(image: str) -> bool:
    """True for `name:1.2.3...` or `name@sha256:<digest>`; a variable, `latest` or `3.11` is not pinned."""
    if "$" in image:
        return False
    if re.search(r"@sha256:[0-9a-f]{64}$", image):
        return True
    name = image.rsplit("/", 1)[-1]
    tag = name.partition(":")[2]
    return re.match(r"\d+\.\d+\.\d+", tag) is not None


def _words(args: str) -> list[str]:
    """The arguments of COPY/ADD in either form, without --flags."""
    words = re.findall(r'"((?:[^"\\]|\\.)*)"', args) if args.startswith("[") else args.split()
    return [word for word in words if not word.startswith("--")]


def check(text: str) -> list[str]:
    """Every rule the Dockerfile breaks, one message each ("line N: ...")."""
    instructions = parse(text)
    problems: list[str] = []
    stages: set[str] = set()
    final: list[Instruction] = []
    for item in instructions:
        if item.keyword == "FROM":
            words = [w for w in item.args.split() if not w.startswith("--")]
            image = words[0] if words else ""
            if image.lower() not in stages and image != "scratch" and not _pinned(image):
                problems.append(
                    f"line {item.line}: base image {image!r} is not pinned to an exact version (x.y.z tag or digest)"
                )
            if len(words) >= 3 and words[1].upper() == "AS":
                stages.add(words[2].lower())
            final = []
        final.append(item)
        if item.keyword in ("COPY", "ADD"):
            sources = _words(item.args)[:-1]
            from_stage = "--from=" in item.args
            for source in sources:
                if source in (".", "./", "*") and not from_stage:
                    problems.append(f"line {item.line}: copies the whole build context; copy named paths only")
                elif SECRET_SOURCE.search(source) and not from_stage:
                    problems.append(
                        f"line {item.line}: copies {source!r}, which looks like a secret; mount it at run time"
                    )
        if item.keyword in ("ENV", "ARG"):
            for name in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)", item.args):
                if SECRET_NAME.search(name):
                    problems.append(
                        f"line {item.line}: {item.keyword} {name} puts a secret into the image; pass it at run time"
                    )
        if item.keyword == "RUN" and re.search(r"pip\S* install\b.*\buv\b(?!==)", item.args):
            problems.append(f"line {item.line}: uv is installed without a pinned version (uv==x.y.z)")
    if not any(item.keyword == "FROM" for item in instructions):
        problems.append("no FROM instruction")
        return problems
    users = [item for item in final if item.keyword == "USER"]
    if not users:
        problems.append("the final stage has no USER: it would run as root")
    elif users[-1].args.split()[0].lower() in ROOT_USERS:
        problems.append(f"line {users[-1].line}: the final stage runs as root")
    health = [item for item in final if item.keyword == "HEALTHCHECK"]
    if not health:
        problems.append("the final stage has no HEALTHCHECK")
    elif health[-1].args.upper().startswith("NONE"):
        problems.append(f"line {health[-1].line}: HEALTHCHECK NONE disables the health check")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [Path(__file__).with_name("Dockerfile")]
    failed = False
    for path in paths:
        problems = check(path.read_text(encoding="utf-8"))
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        if problems:
            failed = True
        else:
            print(f"{path}: ok (pinned base, non-root USER, HEALTHCHECK, no secrets copied)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
