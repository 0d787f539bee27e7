"""Writes message pacts with the official Pact implementation, for the interop test.

Run by the test with the oracle's Python: `python official_messages.py OUT_DIR`. It uses
pact-python 4.x (the official Rust core through its FFI) to describe the messages of the
interop message provider (interop/messages.rs): asynchronous messages in specification V3
and V4, and a synchronous message in V4. Each message is handed to a handler, as a consumer
test does, before the pact files are written into OUT_DIR/v3 and OUT_DIR/v4 (the test then
verifies them with our verifier). Example values differ from what the provider sends
wherever a rule allows it, so a verifier comparing examples instead of rules would fail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pact import Pact, match

CONSUMER = "official-message-consumer"
PROVIDER = "interop-message-provider"


def handler(body, metadata):
    """The consumer's handler: the example must be readable as what it claims to be."""
    if metadata.get("contentType", "").startswith("application/json"):
        json.loads(body)
    elif not body:
        raise ValueError("an empty message")


def user_created(pact: Pact):
    (
        pact.upon_receiving("a user created event", "Async")
        .given("a user is created", {"id": 42})
        .with_body(
            {
                "id": match.int(1),
                "name": match.like("Alice"),
                "email": match.regex("alice@example.com", regex=r"^[^@\s]+@[^@\s]+$"),
                "roles": match.each_like("admin", min=1),
            },
            "application/json",
        )
        .with_metadata(
            {
                "topic": match.regex("users.created", regex=r"^users\.\w+$"),
                "contentType": "application/json",
            }
        )
    )


def notice(pact: Pact):
    (
        pact.upon_receiving("a maintenance notice", "Async")
        .with_body("maintenance at noon", "text/plain")
        .with_metadata({"contentType": "text/plain", "channel": "ops"})
    )


def quote(pact: Pact):
    (
        pact.upon_receiving("a price quote", "Sync")
        .given("sku A-1 is in stock")
        .with_body({"sku": match.like("B-2")}, "application/json")
        .will_respond_with()
        .with_body(
            {"sku": match.like("B-2"), "price": match.decimal(99.5), "currency": "EUR"},
            "application/json",
        )
    )


def write(version: str, out: Path):
    pact = Pact(CONSUMER, PROVIDER).with_specification(version)
    user_created(pact)
    notice(pact)
    pact.verify(handler, "Async")
    if version == "V4":
        quote(pact)
    directory = out / version.lower()
    directory.mkdir(parents=True, exist_ok=True)
    pact.write_file(directory, overwrite=True)


def main():
    out = Path(sys.argv[1])
    for version in ("V3", "V4"):
        write(version, out)


if __name__ == "__main__":
    main()
