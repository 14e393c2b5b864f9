//! The AWS managed policies a pipeline like this one attaches, with their documents as AWS
//! publishes them (AWS Managed Policy Reference, default versions). A role that attaches
//! any other AWS managed policy gets a notice naming it: the lab does not know its
//! document, so it does not simulate it.

use serde_json::{json, Value};

/// `(name, ARN path after arn:aws:iam::aws:policy/, document as JSON)` for each known policy.
/// (JSON text rather than `json!`: data instead of code that builds each value, several KB
/// less Wasm.)
const KNOWN: [(&str, &str, &str); 5] = [
    (
        "AWSLambdaBasicExecutionRole",
        "service-role/AWSLambdaBasicExecutionRole",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"
        ], "Resource": "*"}]}"#,
    ),
    (
        "AWSLambdaKinesisExecutionRole",
        "service-role/AWSLambdaKinesisExecutionRole",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
            "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
            "kinesis:SubscribeToShard", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"
        ], "Resource": "*"}]}"#,
    ),
    (
        "AmazonKinesisFullAccess",
        "AmazonKinesisFullAccess",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}"#,
    ),
    (
        "AmazonKinesisFirehoseFullAccess",
        "AmazonKinesisFirehoseFullAccess",
        r#"{"Version": "2012-10-17", "Statement": [{"Action": ["firehose:*"], "Effect": "Allow", "Resource": "*"}]}"#,
    ),
    (
        "CloudWatchEventsInvocationAccess",
        "service-role/CloudWatchEventsInvocationAccess",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "CloudWatchEventsInvocationAccess", "Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": "*"}]}"#,
    ),
];

/// The name and document of the AWS managed policy `arn`, when the lab knows it.
pub fn lookup(arn: &str) -> Option<(&'static str, Value)> {
    let (_, rest) = arn.split_once(":iam::aws:policy/")?;
    let (name, _, doc) = KNOWN.iter().find(|(_, path, _)| *path == rest)?;
    // The documents are constants (every one is read by the test below).
    Some((name, serde_json::from_str(doc).ok()?))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_document_reads_as_a_policy() {
        for (name, path, _) in KNOWN {
            let (found, doc) = lookup(&format!("arn:aws:iam::aws:policy/{path}")).unwrap();
            assert_eq!(found, name);
            assert_eq!(doc["Version"], "2012-10-17");
            assert!(
                crate::policy::parse_policy(&doc.to_string()).is_ok(),
                "{name}"
            );
        }
        assert_eq!(
            lookup("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
                .unwrap()
                .1,
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})
        );
        assert!(lookup("arn:aws:iam::aws:policy/AdministratorAccess").is_none());
    }
}
