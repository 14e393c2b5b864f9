//! Throughput of the policy engine on the seed's Kinesis producer request (KinesisKey key
//! policy + DataSourceLambdaPolicy identity policy): fast path and explained path.
//! Run with `cargo bench --bench policy`.

use envelope_lab::policy::*;
use std::hint::black_box;
use std::time::Instant;

const KEY_POLICY: &str = r#"{"Version": "2012-10-17", "Id": "dva-02-005-kinesis", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*",
   "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "kinesis.ap-northeast-1.amazonaws.com"}}},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "*", "Resource": "*"}]}"#;

const IDENTITY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["kms:GenerateDataKey"], "Resource": ["arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"]},
  {"Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": ["arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream"]}]}"#;

fn time<F: FnMut() -> bool>(label: &str, iters: u32, mut f: F) -> f64 {
    // Warm up.
    for _ in 0..iters / 10 {
        black_box(f());
    }
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(iters);
    println!("{label:<44} {ns:>9.1} ns/eval  {:>12.0} evals/s", 1e9 / ns);
    ns
}

fn main() {
    let key = NamedPolicy::parse("KinesisKey", KEY_POLICY).expect("key policy");
    let identity = [NamedPolicy::parse("DataSourceLambdaPolicy", IDENTITY).expect("identity")];
    let set = PolicySet::new(&identity).with_resource(&key);
    let mut ctx = Context::new();
    ctx.set("kms:CallerAccount", "123456789012")
        .set("kms:ViaService", "kinesis.ap-northeast-1.amazonaws.com")
        .set(
            "kms:EncryptionContext:aws:kinesis:arn",
            "arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream",
        )
        .set_list("kms:EncryptionContextKeys", vec!["aws:kinesis:arn".into()]);
    let req = Request::new(
        "arn:aws:sts::123456789012:assumed-role/DataSourceLambdaRole/DataSourceLambda",
        "kms:GenerateDataKey",
        "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    )
    .with_context(ctx);
    assert_eq!(evaluate(&req, &set), Decision::Allowed);
    assert_eq!(explain(&req, &set).decision, Decision::Allowed);

    // The delegation path (statement 0's condition fails, statement 1 + identity allow).
    let mut req2 = req.clone();
    req2.context
        .set("kms:ViaService", "s3.ap-northeast-1.amazonaws.com");

    println!("policy engine, seed Kinesis producer request (key policy + 1 identity policy)");
    let iters = 500_000;
    time("evaluate (fast), allowed by key policy", iters, || {
        evaluate(&req, &set).is_allowed()
    });
    time("explain, allowed by key policy", iters / 5, || {
        explain(&req, &set).decision.is_allowed()
    });
    time("evaluate (fast), delegation to IAM", iters, || {
        evaluate(&req2, &set).is_allowed()
    });
    time("explain, delegation to IAM", iters / 5, || {
        explain(&req2, &set).decision.is_allowed()
    });
    time("parse_policy (key policy)", iters / 10, || {
        parse_policy(KEY_POLICY).is_ok()
    });
}
