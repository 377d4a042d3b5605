"""Sealing a person's data with her data key (AES-256-GCM), and opening it again.

The nonce is synthetic: an HMAC of the command id and the plaintext under the key, cut to 96 bits.
A retried command seals to the same bytes (the store answers the retry as the first), and two
different plaintexts never share a nonce under one key (but for a 2^-96 chance).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from niangjia_contracts import STORED, PersonalData, Sealed

NONCE_BYTES = 12


class SealError(ValueError):
    """The sealed data does not open with this key (altered, or sealed for another member)."""


def seal(key: bytes, key_id: str, member_id: str, personal: PersonalData, command_id: UUID) -> Sealed:
    """`personal` sealed with `key`, bound to `member_id`."""
    plaintext = personal.model_dump_json().encode()
    nonce = hmac.new(key, b"nonce\n" + command_id.bytes + plaintext, hashlib.sha256).digest()[:NONCE_BYTES]
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, member_id.encode())
    return Sealed(key_id=key_id, ciphertext=base64.urlsafe_b64encode(nonce + ciphertext).decode())


def unseal(key: bytes, member_id: str, sealed: Sealed) -> PersonalData:
    """The personal data in `sealed`; `SealError` when it does not open."""
    raw = base64.urlsafe_b64decode(sealed.ciphertext)
    try:
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], member_id.encode())
    except InvalidTag as error:
        raise SealError(f"the personal data of {member_id} does not open with key {sealed.key_id}") from error
    return PersonalData.model_validate(json.loads(plaintext), context=STORED)
