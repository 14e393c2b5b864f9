"""The official AWS Encryption SDK for Python on the other side of engine/tests/esdk_interop.rs.

    interop.py encrypt IN.json OUT.json   the SDK encrypts each case of IN
    interop.py decrypt IN.json OUT.json   the SDK decrypts each message of IN and names the
                                          failure of those it rejects

The SDK runs unmodified with its own KMS master key provider (StrictAwsKmsMasterKeyProvider,
provider id "aws-kms") on a real botocore KMS client. Only the transport is replaced: a
`before-call` handler on the botocore session answers GenerateDataKey and Decrypt from the
lab's key material, after botocore has validated the request against the KMS API model, so
no request leaves the machine. The handler seals data keys in the lab's CiphertextBlob layout
(engine/src/crypto.rs), written here a second time from its description:

    "ELB1" | key-id length (1) | key id | nonce (12) | AES-256-GCM(data key) + tag (16)
    AAD = key id | 0x00 | pair count (u32 BE), then per pair sorted by key bytes:
          key length (u32 BE), key, value length (u32 BE), value

so a Decrypt with another encryption context fails as KMS's does (InvalidCiphertextException).
"""

import base64
import logging
import json
import os
import struct
import sys

import aws_encryption_sdk
import botocore.session
from aws_encryption_sdk.exceptions import (
    DecryptKeyError,
    MasterKeyProviderError,
    NotSupportedError,
    SerializationError,
    UnknownIdentityError,
)
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy
from botocore.awsrequest import AWSResponse
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"ELB1"


def canonical_context(ctx):
    pairs = sorted((k.encode(), v.encode()) for k, v in ctx.items())
    out = struct.pack(">I", len(pairs))
    for k, v in pairs:
        out += struct.pack(">I", len(k)) + k + struct.pack(">I", len(v)) + v
    return out


class LabKms:
    """KMS answers from the lab's key material for one key ARN."""

    def __init__(self, key_arn, material):
        self.key_arn = key_arn
        self.key_id = key_arn.rsplit("/", 1)[-1]
        self.aead = AESGCM(material)
        self.calls = []

    def aad(self, key_id, ctx):
        return key_id.encode() + b"\x00" + canonical_context(ctx)

    def generate_data_key(self, req):
        if req.get("KeyId") != self.key_arn or req.get("NumberOfBytes") != 32:
            return error("NotFoundException", "Key '{}' does not exist".format(req.get("KeyId")))
        data_key = os.urandom(32)
        nonce = os.urandom(12)
        ctx = req.get("EncryptionContext", {})
        sealed = self.aead.encrypt(nonce, data_key, self.aad(self.key_id, ctx))
        kid = self.key_id.encode()
        blob = MAGIC + bytes([len(kid)]) + kid + nonce + sealed
        return ok({"KeyId": self.key_arn, "Plaintext": data_key, "CiphertextBlob": blob})

    def decrypt(self, req):
        blob = base64.b64decode(req["CiphertextBlob"])
        ctx = req.get("EncryptionContext", {})
        if req.get("KeyId") != self.key_arn:
            return error("IncorrectKeyException", "")
        try:
            if not blob.startswith(MAGIC):
                raise ValueError("magic")
            n = blob[4]
            key_id = blob[5 : 5 + n].decode()
            nonce = blob[5 + n : 17 + n]
            if key_id != self.key_id:
                return error("IncorrectKeyException", "")
            plaintext = self.aead.decrypt(nonce, blob[17 + n :], self.aad(key_id, ctx))
        except (ValueError, IndexError, UnicodeDecodeError, InvalidTag):
            return error("InvalidCiphertextException", "")
        return ok({"KeyId": self.key_arn, "Plaintext": plaintext, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"})

    def handler(self, operation):
        def answer(params, **_):
            request = json.loads(params["body"])
            self.calls.append(operation)
            return getattr(self, operation)(request)

        return answer


def ok(parsed):
    parsed["ResponseMetadata"] = {"HTTPStatusCode": 200}
    return AWSResponse(None, 200, {}, None), parsed


def error(code, message):
    parsed = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 400}}
    return AWSResponse(None, 400, {}, None), parsed


def provider(spec):
    kms = LabKms(spec["key_arn"], bytes.fromhex(spec["key_material_hex"]))
    session = botocore.session.Session()
    session.set_credentials("AKIAIOSFODNN7EXAMPLE", "never-sent")
    session.set_config_variable("region", spec["key_arn"].split(":")[3])
    session.register("before-call.kms.GenerateDataKey", kms.handler("generate_data_key"))
    session.register("before-call.kms.Decrypt", kms.handler("decrypt"))
    mkp = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[spec["key_arn"]], botocore_session=session)
    return kms, mkp


def client():
    return aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)


def failure_name(e):
    """The lab's name (engine/src/esdk/error.rs) for the SDK's exception."""
    text = str(e)
    if isinstance(e, InvalidSignature):
        return "SignatureInvalid"
    if isinstance(e, InvalidTag):
        # Header tags are checked inside validate_header, which raises SerializationError;
        # an InvalidTag that escapes comes from a frame.
        return "BodyAuthenticationFailed"
    if isinstance(e, DecryptKeyError):
        return "DecryptDataKeyFailed"
    if isinstance(e, MasterKeyProviderError) and "Key commitment validation failed" in text:
        return "CommitmentMismatch"
    if isinstance(e, SerializationError) and "Header authorization failed" in text:
        return "HeaderAuthenticationFailed"
    if isinstance(e, (UnknownIdentityError, NotSupportedError)) and "algorithm" in text.lower():
        return "UnsupportedAlgorithmSuite"
    if isinstance(e, (SerializationError, NotSupportedError, UnknownIdentityError)):
        return "MalformedMessage"
    return "Unexpected:" + type(e).__name__


def encrypt(spec):
    kms, mkp = provider(spec)
    out = []
    for case in spec["cases"]:
        ciphertext, _ = client().encrypt(
            source=base64.b64decode(case["plaintext_b64"]),
            key_provider=mkp,
            encryption_context=case["context"],
            algorithm=Algorithm.__members__[case["suite"]],
            frame_length=case["frame_length"],
        )
        out.append({"suite": case["suite"], "ciphertext_b64": base64.b64encode(ciphertext).decode()})
    return {"messages": out, "kms_calls": kms.calls}


def decrypt(spec):
    kms, mkp = provider(spec)
    out = []
    for m in spec["messages"]:
        result = {"label": m["label"]}
        try:
            plaintext, header = client().decrypt(source=base64.b64decode(m["ciphertext_b64"]), key_provider=mkp)
            result["ok"] = True
            result["plaintext_b64"] = base64.b64encode(plaintext).decode()
            result["suite"] = header.algorithm.name
            result["context"] = {k: v for k, v in header.encryption_context.items()}
        except Exception as e:  # every failure is reported by name, none is fatal
            result["ok"] = False
            result["error"] = failure_name(e)
            result["detail"] = "{}: {}".format(type(e).__name__, e)
        out.append(result)
    return {"results": out, "kms_calls": kms.calls, "sdk_version": aws_encryption_sdk.__version__}


def main():
    # The SDK logs a rejected message's stack trace as well as raising; the test reads names.
    logging.disable(logging.CRITICAL)
    command, src, dst = sys.argv[1:4]
    with open(src) as f:
        spec = json.load(f)
    answer = {"encrypt": encrypt, "decrypt": decrypt}[command](spec)
    with open(dst, "w") as f:
        json.dump(answer, f)


if __name__ == "__main__":
    main()
