"""Runs the producer code of an exported template (engine/tests/cfn_client_side_code.rs).

    producer.py IN.json OUT.json

IN holds the function's inline code (Code.ZipFile), its environment (Environment.Variables,
intrinsics already resolved by the test) and the key material the test's KMS answers with.
The code runs unmodified, with the official AWS Encryption SDK for Python and real botocore
clients; only the transport is replaced, as in interop.py: `before-call` handlers answer
KMS GenerateDataKey/Decrypt from the key material (LabKms) and Kinesis PutRecord/PutRecords,
after botocore has validated each request against the service's API model. OUT lists every
record put (its Data, base64) and the KMS calls made.
"""

import base64
import json
import logging
import os
import sys
import types

import aws_encryption_sdk
import boto3
import botocore.session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop import LabKms, ok  # noqa: E402


def main():
    logging.disable(logging.CRITICAL)
    src, dst = sys.argv[1:3]
    with open(src) as f:
        spec = json.load(f)
    region = spec["key_arn"].split(":")[3]
    kms = LabKms(spec["key_arn"], bytes.fromhex(spec["key_material_hex"]))
    session = botocore.session.Session()
    session.set_credentials("AKIAIOSFODNN7EXAMPLE", "never-sent")
    session.set_config_variable("region", region)
    session.register("before-call.kms.GenerateDataKey", kms.handler("generate_data_key"))
    session.register("before-call.kms.Decrypt", kms.handler("decrypt"))

    records = []

    def put_record(params, **_):
        records.append(
            {
                "stream": params["StreamName"],
                "partition_key": params["PartitionKey"],
                "data_b64": base64.b64encode(params["Data"]).decode(),
            }
        )

    def put_records(params, **_):
        for r in params["Records"]:
            put_record({"StreamName": params["StreamName"], **r})

    # The API parameters as the code passed them (Data as bytes); the answer comes after
    # botocore validated them.
    session.register("before-parameter-build.kinesis.PutRecord", put_record)
    session.register("before-parameter-build.kinesis.PutRecords", put_records)
    session.register(
        "before-call.kinesis.PutRecord",
        lambda **_: ok({"ShardId": "shardId-000000000000", "SequenceNumber": str(len(records))}),
    )
    session.register(
        "before-call.kinesis.PutRecords",
        lambda **_: ok({"FailedRecordCount": 0, "Records": []}),
    )

    # The code's own clients, on that session.
    boto3.client = lambda name, **kw: session.create_client(name, region_name=region)
    real_provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider
    aws_encryption_sdk.StrictAwsKmsMasterKeyProvider = lambda **kw: real_provider(botocore_session=session, **kw)

    os.environ.update(spec["environment"])
    module = types.ModuleType("index")
    exec(compile(spec["code"], "index.py", "exec"), module.__dict__)
    module.lambda_handler({}, None)
    with open(dst, "w") as f:
        json.dump({"records": records, "kms_calls": kms.calls, "sdk_version": aws_encryption_sdk.__version__}, f)


if __name__ == "__main__":
    main()
