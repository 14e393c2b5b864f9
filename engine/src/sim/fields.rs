//! Scenario fields and the names AWS gives them. A scenario says `encryption.kms_key`
//! where a CloudFormation template says `KMSEncryptionConfig.AWSKMSKeyARN` and the console
//! says "AWS KMS key": the lesson editors show the AWS name beside each field a learner
//! types, and place the scenario's validation errors on the editor's own lines. The names
//! are CloudFormation properties (the resource's own fields name the resource type) or, for
//! the timed events, the API operation and its parameters. Fields AWS has no name for (the
//! simulator's own settings: how often the producer runs, when an event happens) get none.

use crate::policy::json::{self, Node, Pos, Value};

/// One line of an editor's text that holds a field with an AWS name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    /// 1-based line of the editor's text.
    pub line: usize,
    /// The field as the scenario names it, relative to the editor (`encryption.kms_key`).
    pub field: String,
    /// The AWS name (`KMSEncryptionConfig.AWSKMSKeyARN`).
    pub aws: &'static str,
}

/// A resource's fields: (scenario field path below one element, AWS name).
type Table = &'static [(&'static str, &'static str)];

const STREAM: Table = &[
    ("", "AWS::Kinesis::Stream"),
    ("name", "Name"),
    ("shards", "ShardCount"),
    ("retention_hours", "RetentionPeriodHours"),
    ("encryption", "StreamEncryption"),
    ("encryption.type", "StreamEncryption.EncryptionType"),
    ("encryption.key", "StreamEncryption.KeyId"),
    ("policy", "AWS::Kinesis::ResourcePolicy ResourcePolicy"),
];

const KEY: Table = &[
    ("", "AWS::KMS::Key"),
    ("key_id", "KeyId"),
    ("aliases", "AWS::KMS::Alias AliasName"),
    ("description", "Description"),
    ("policy", "KeyPolicy"),
    ("state", "KeyState (DescribeKey)"),
    ("grants", "CreateGrant"),
    ("grants.*.grantee_principal", "GranteePrincipal"),
    ("grants.*.operations", "Operations"),
    (
        "grants.*.encryption_context_equals",
        "Constraints.EncryptionContextEquals",
    ),
    (
        "grants.*.encryption_context_subset",
        "Constraints.EncryptionContextSubset",
    ),
];

const ROLE: Table = &[
    ("", "AWS::IAM::Role"),
    ("name", "RoleName"),
    ("trust_policy", "AssumeRolePolicyDocument"),
    ("inline_policies", "Policies"),
    ("inline_policies.*.name", "PolicyName"),
    ("inline_policies.*.document", "PolicyDocument"),
    ("attached_policies", "ManagedPolicyArns"),
    ("permissions_boundary", "PermissionsBoundary"),
];

const PRODUCER: Table = &[
    ("", "AWS::Lambda::Function"),
    ("name", "FunctionName"),
    ("role", "Role"),
    ("stream", "StreamName (PutRecord)"),
    ("partition_key", "PartitionKey (PutRecord)"),
    ("api", "PutRecord / PutRecords"),
];

const DELIVERY_STREAM: Table = &[
    ("", "AWS::KinesisFirehose::DeliveryStream"),
    ("name", "DeliveryStreamName"),
    (
        "source_stream",
        "KinesisStreamSourceConfiguration.KinesisStreamARN",
    ),
    ("source_role", "KinesisStreamSourceConfiguration.RoleARN"),
    (
        "destination_role",
        "ExtendedS3DestinationConfiguration.RoleARN",
    ),
    ("bucket", "ExtendedS3DestinationConfiguration.BucketARN"),
    ("prefix", "ExtendedS3DestinationConfiguration.Prefix"),
    ("buffering", "BufferingHints"),
    ("buffering.size_mb", "BufferingHints.SizeInMBs"),
    (
        "buffering.interval_seconds",
        "BufferingHints.IntervalInSeconds",
    ),
    ("compression", "CompressionFormat"),
    ("encryption", "EncryptionConfiguration.KMSEncryptionConfig"),
    ("encryption.kms_key", "KMSEncryptionConfig.AWSKMSKeyARN"),
    ("cloudwatch_logging", "CloudWatchLoggingOptions"),
    (
        "cloudwatch_logging.enabled",
        "CloudWatchLoggingOptions.Enabled",
    ),
    (
        "cloudwatch_logging.log_group",
        "CloudWatchLoggingOptions.LogGroupName",
    ),
    (
        "cloudwatch_logging.log_stream",
        "CloudWatchLoggingOptions.LogStreamName",
    ),
];

const BUCKET: Table = &[
    ("", "AWS::S3::Bucket"),
    ("name", "BucketName"),
    (
        "default_encryption",
        "BucketEncryption.ServerSideEncryptionConfiguration",
    ),
    (
        "default_encryption.sse",
        "ServerSideEncryptionByDefault.SSEAlgorithm",
    ),
    (
        "default_encryption.kms_key",
        "ServerSideEncryptionByDefault.KMSMasterKeyID",
    ),
    ("default_encryption.bucket_key", "BucketKeyEnabled"),
    ("policy", "AWS::S3::BucketPolicy PolicyDocument"),
    (
        "object_ownership",
        "OwnershipControls.Rules.ObjectOwnership",
    ),
];

/// An event's fields (the API operation's parameters); `action` is named by [`event_api`].
const EVENT: Table = &[
    ("key", "KeyId"),
    ("stream", "StreamName"),
    ("pending_window_days", "PendingWindowInDays"),
    ("bucket", "Bucket"),
    ("encryption", "ServerSideEncryptionConfiguration"),
    (
        "encryption.sse",
        "ServerSideEncryptionByDefault.SSEAlgorithm",
    ),
    (
        "encryption.kms_key",
        "ServerSideEncryptionByDefault.KMSMasterKeyID",
    ),
    ("encryption.bucket_key", "BucketKeyEnabled"),
    ("sse", "ServerSideEncryption"),
    ("kms_key", "SSEKMSKeyId"),
    ("bucket_key_enabled", "BucketKeyEnabled"),
    ("encryption_context", "EncryptionContext"),
    ("ciphertext_from", "CiphertextBlob"),
    ("operation", "KMS API operation"),
];

/// The API operation an event's `action` stands for.
fn event_api(action: &str) -> Option<&'static str> {
    Some(match action {
        "disable_key" => "DisableKey",
        "enable_key" => "EnableKey",
        "schedule_key_deletion" => "ScheduleKeyDeletion",
        "cancel_key_deletion" => "CancelKeyDeletion",
        "start_stream_encryption" => "StartStreamEncryption",
        "stop_stream_encryption" => "StopStreamEncryption",
        "set_bucket_encryption" => "PutBucketEncryption",
        "copy_in_place" => "CopyObject (S3 Batch Operations)",
        "get_object" => "GetObject",
        "kms_request" => "KMS API request",
        _ => return None,
    })
}

fn table(section: &str) -> Option<Table> {
    Some(match section {
        "streams" => STREAM,
        "keys" => KEY,
        "roles" => ROLE,
        "producers" => PRODUCER,
        "delivery_streams" => DELIVERY_STREAM,
        "buckets" => BUCKET,
        "events" => EVENT,
        _ => return None,
    })
}

fn is_index(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The AWS name of the scenario field at `path` (segments from the scenario's root,
/// indices as digits). For an event's `action`, `action` is the event's action value.
pub fn aws_name(path: &[&str], action: Option<&str>) -> Option<&'static str> {
    match path {
        ["account"] => Some("AWS account ID"),
        ["region"] => Some("Region"),
        ["kms", "request_quota_per_second"] => Some("KMS request quota (per second)"),
        ["events", i, "action"] if is_index(i) => action.and_then(event_api),
        [section, i, rest @ ..] if is_index(i) => {
            let field: Vec<&str> = rest
                .iter()
                .map(|s| if is_index(s) { "*" } else { s })
                .collect();
            let field = field.join(".");
            table(section)?
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, aws)| *aws)
        }
        _ => None,
    }
}

/// What the value at a pointer is in AWS: the resource type, then the property when the
/// pointer names one (`/keys/0/policy` → `AWS::KMS::Key › KeyPolicy`; `/delivery_streams/0`
/// → `AWS::KinesisFirehose::DeliveryStream`). `None` for the simulator's own sections.
pub fn aws_context(pointer: &str) -> Option<String> {
    let segments = pointer_segments(pointer);
    let [section, i, rest @ ..] = segments.as_slice() else {
        return None;
    };
    if !is_index(i) {
        return None;
    }
    let resource = table(section)?.iter().find(|(f, _)| f.is_empty())?.1;
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (rest.is_empty(), aws_name(&parts, None)) {
        (false, Some(property)) => Some(format!("{resource} › {property}")),
        _ => Some(resource.to_string()),
    }
}

/// The segments of an RFC 6901 pointer (`/delivery_streams/0` → `["delivery_streams", "0"]`).
fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The AWS names of the fields an editor's text holds, one per line that has one. `pointer`
/// is where the text's value sits in the scenario; text that is not JSON gives none.
pub fn annotate(pointer: &str, text: &str) -> Vec<FieldName> {
    let Ok(root) = json::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let base = pointer_segments(pointer);
    let mut path: Vec<String> = base.clone();
    walk(&root, &mut path, base.len(), None, &mut out);
    out.sort_by_key(|f| f.line);
    out.dedup_by_key(|f| f.line);
    out
}

fn walk(
    node: &Node,
    path: &mut Vec<String>,
    base: usize,
    action: Option<&str>,
    out: &mut Vec<FieldName>,
) {
    match &node.value {
        Value::Object(members) => {
            let action = action.or_else(|| {
                members
                    .iter()
                    .find(|m| m.key == "action")
                    .and_then(|m| m.value.as_str())
            });
            for m in members {
                path.push(m.key.clone());
                let segments: Vec<&str> = path.iter().map(String::as_str).collect();
                if let Some(aws) = aws_name(&segments, action) {
                    out.push(FieldName {
                        line: m.key_pos.line,
                        field: relative(&path[base..]),
                        aws,
                    });
                }
                walk(&m.value, path, base, action, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(item, path, base, None, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `encryption.kms_key`, `[1].at`: a path below the editor's value as the scenario's
/// errors write paths.
fn relative(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        if is_index(s) {
            out.push_str(&format!("[{s}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(s);
        }
    }
    out
}

/// The segments of a scenario error's path (`delivery_streams[0].encryption.kms_key`).
fn error_segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty() && *p != "?") {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(rest[..open].to_string());
            }
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                out.push(rest[1..close].to_string());
                rest = &rest[close + 1..];
            }
        } else {
            out.push(rest.to_string());
        }
    }
    out
}

/// Where a scenario error's `path` lies in an editor's text placed at `pointer`: the
/// position of the deepest member or element of the path the text holds (the start of the
/// editor's value when the path stops at it). `None` when the path is outside the
/// editor's value or the text is not JSON.
pub fn locate(pointer: &str, text: &str, path: &str) -> Option<Pos> {
    let base = pointer_segments(pointer);
    let segments = error_segments(path);
    let below = segments.strip_prefix(base.as_slice())?;
    let root = json::parse(text).ok()?;
    let mut node = &root;
    let mut at = root.pos;
    for s in below {
        let next = match &node.value {
            Value::Object(_) => node.get(s).map(|m| (m.key_pos, &m.value)),
            Value::Array(items) => s
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|n| (n.pos, n)),
            _ => None,
        };
        match next {
            Some((pos, n)) => {
                at = pos;
                node = n;
            }
            None => break,
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREHOSE: &str = "{\n  \"name\": \"f\",\n  \"buffering\": {\n    \"size_mb\": 5\n  },\n  \"encryption\": {}\n}";

    #[test]
    fn fields_get_their_cloudformation_names() {
        assert_eq!(
            aws_name(&["delivery_streams", "0", "encryption", "kms_key"], None),
            Some("KMSEncryptionConfig.AWSKMSKeyARN")
        );
        assert_eq!(
            aws_name(&["streams", "2", "encryption", "key"], None),
            Some("StreamEncryption.KeyId")
        );
        assert_eq!(
            aws_name(&["events", "1", "action"], Some("start_stream_encryption")),
            Some("StartStreamEncryption")
        );
        assert_eq!(aws_name(&["events", "1", "at"], Some("enable_key")), None);
        assert_eq!(aws_name(&["producers", "0", "invocations"], None), None);
        let names = annotate("/delivery_streams/0", FIREHOSE);
        let lines: Vec<(usize, &str, &str)> = names
            .iter()
            .map(|f| (f.line, f.field.as_str(), f.aws))
            .collect();
        assert_eq!(
            lines,
            vec![
                (2, "name", "DeliveryStreamName"),
                (3, "buffering", "BufferingHints"),
                (4, "buffering.size_mb", "BufferingHints.SizeInMBs"),
                (
                    6,
                    "encryption",
                    "EncryptionConfiguration.KMSEncryptionConfig"
                ),
            ]
        );
        let events = "[\n  {\n    \"action\": \"disable_key\",\n    \"at\": \"5m\",\n    \"key\": \"K\"\n  }\n]";
        let names = annotate("/events", events);
        assert_eq!(names.len(), 2);
        assert_eq!((names[0].line, names[0].aws), (3, "DisableKey"));
        assert_eq!(
            (names[1].field.as_str(), names[1].aws),
            ("[0].key", "KeyId")
        );
        assert!(annotate("/events", "[ not json").is_empty());
    }

    #[test]
    fn an_editors_value_is_named_as_aws_names_it() {
        assert_eq!(
            aws_context("/keys/0/policy").as_deref(),
            Some("AWS::KMS::Key › KeyPolicy")
        );
        assert_eq!(
            aws_context("/roles/3/inline_policies/0/document").as_deref(),
            Some("AWS::IAM::Role › PolicyDocument")
        );
        assert_eq!(
            aws_context("/delivery_streams/0").as_deref(),
            Some("AWS::KinesisFirehose::DeliveryStream")
        );
        assert_eq!(aws_context("/events"), None);
        assert_eq!(aws_context("/events/0").as_deref(), None);
    }

    #[test]
    fn errors_are_placed_on_the_editors_own_lines() {
        let at = |path| locate("/delivery_streams/0", FIREHOSE, path);
        // A missing field is reported at the object that lacks it.
        assert_eq!(
            at("delivery_streams[0].encryption"),
            Some(Pos { line: 6, column: 3 })
        );
        // The deepest part the text holds.
        assert_eq!(
            at("delivery_streams[0].encryption.kms_key"),
            Some(Pos { line: 6, column: 3 })
        );
        assert_eq!(
            at("delivery_streams[0].buffering.size_mb"),
            Some(Pos { line: 4, column: 5 })
        );
        assert_eq!(at("delivery_streams[0]"), Some(Pos { line: 1, column: 1 }));
        assert_eq!(at("delivery_streams[1].name"), None);
        assert_eq!(at("buckets[0].name"), None);
        let events =
            "[\n  {\"action\": \"enable_key\"},\n  {\"action\": \"disable_key\", \"at\": \"x\"}\n]";
        assert_eq!(
            locate("/events", events, "events[1].at"),
            Some(Pos {
                line: 3,
                column: 29
            })
        );
    }
}
