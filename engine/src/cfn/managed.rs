//! The AWS managed policies a pipeline like this one attaches, with their documents as AWS
//! publishes them (AWS Managed Policy Reference, default versions). A role that attaches
//! any other AWS managed policy gets a notice naming it: the lab does not know its
//! document, so it does not simulate it.

use serde_json::{json, Value};

/// `(name, ARN path after arn:aws:iam::aws:policy/, document)` for each known policy.
pub fn known() -> Vec<(&'static str, &'static str, Value)> {
    let logs = [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    ];
    vec![
        (
            "AWSLambdaBasicExecutionRole",
            "service-role/AWSLambdaBasicExecutionRole",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": logs, "Resource": "*"}]}),
        ),
        (
            "AWSLambdaKinesisExecutionRole",
            "service-role/AWSLambdaKinesisExecutionRole",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
                "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                "kinesis:SubscribeToShard", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"
            ], "Resource": "*"}]}),
        ),
        (
            "AmazonKinesisFullAccess",
            "AmazonKinesisFullAccess",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}),
        ),
        (
            "AmazonKinesisFirehoseFullAccess",
            "AmazonKinesisFirehoseFullAccess",
            json!({"Version": "2012-10-17", "Statement": [{"Action": ["firehose:*"], "Effect": "Allow", "Resource": "*"}]}),
        ),
        (
            "CloudWatchEventsInvocationAccess",
            "service-role/CloudWatchEventsInvocationAccess",
            json!({"Version": "2012-10-17", "Statement": [{"Sid": "CloudWatchEventsInvocationAccess", "Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": "*"}]}),
        ),
    ]
}

/// The name and document of the AWS managed policy `arn`, when the lab knows it.
pub fn lookup(arn: &str) -> Option<(&'static str, Value)> {
    let (_, rest) = arn.split_once(":iam::aws:policy/")?;
    known()
        .into_iter()
        .find(|(_, path, _)| *path == rest)
        .map(|(name, _, doc)| (name, doc))
}

/// The key policy KMS gives a key created without one (through the API, as
/// CloudFormation creates it): the account may use IAM policies for every KMS action.
pub fn default_key_policy(partition: &str, account: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:{partition}:iam::{account}:root")},
            "Action": "kms:*",
            "Resource": "*"
        }]
    })
}
