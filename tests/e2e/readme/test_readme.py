"""The README's recording example runs as written: the same bodies, the same answers."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import httpx
import pytest

from tests.support.processes import issue_token, start_service

README = Path(__file__).resolve().parents[3] / "README.md"


def readme_requests() -> list[list[str]]:
    """The curl commands of the README's 'Recording' block, split into words as a shell would."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## Recording, in a few requests", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    words = shlex.split(re.sub(r"\\\n", " ", block), comments=True)
    commands: list[list[str]] = []
    for word in words:
        if word == "curl":
            commands.append([])
        elif commands:
            commands[-1].append(word)
    return commands


def option(words: list[str], flag: str) -> list[str]:
    return [words[i + 1] for i, word in enumerate(words) if word == flag]


@pytest.mark.e2e
def test_the_readme_example_records_and_counts(tmp_path: Path) -> None:
    requests = readme_requests()
    assert len(requests) == 2, "the README's example changed shape: update this test with it"
    token = issue_token(tmp_path / "tokens.json", "readme", "admin")
    env = {"NIANGJIA_DATA_DIR": str(tmp_path), "NIANGJIA_LOG_LEVEL": "WARNING"}
    orgs = start_service("orgs", env=env, log_dir=tmp_path)
    projections = start_service("projections", env=env, log_dir=tmp_path)
    try:
        post, counts = requests
        headers = dict(h.split(": ", 1) for h in option(post, "-H"))
        headers["Authorization"] = f"Bearer {token}"
        body = json.loads(option(post, "-d")[0])
        first = httpx.post(orgs.url + "/federations", headers=headers, content=json.dumps(body).encode())
        assert first.status_code == 201, first.text
        answer = first.json()
        assert answer["id"] == body["federation_id"]
        assert answer["stream_id"] == f"federation-{body['federation_id']}"
        assert answer["stream_version"] == 0
        again = httpx.post(orgs.url + "/federations", headers=headers, content=json.dumps(body).encode())
        assert again.json() == answer, "the Idempotency-Key retry must answer as the first time"

        params = dict(p.split("=", 1) for p in option(counts, "--data-urlencode"))
        params["min_position"] = str(answer["position"])
        report = httpx.get(
            projections.url + "/counts", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert report.status_code == 200, report.text
        assert report.json()["region"] == params["region"]
        assert report.json()["federations"]["by_domain"] == {body["domain"]: 1}
    finally:
        orgs.stop()
        projections.stop()
