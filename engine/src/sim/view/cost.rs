//! The monthly KMS cost of a pipeline at a learner-chosen scale: requests per month and
//! their price (the reference prices, Kinesis's five-minute data-key reuse, and Bucket Keys
//! modelled as one request per requester per five minutes).

/// The scale the estimate uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Shards of the stream.
    pub shards: u32,
    /// Records per second put.
    pub records_per_second: u32,
    /// Producer credentials.
    pub producers: u32,
    /// Consumer credentials.
    pub consumers: u32,
    /// Objects Firehose writes per hour.
    pub objects_per_hour: u32,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            shards: 1,
            records_per_second: 100,
            producers: 1,
            consumers: 1,
            objects_per_hour: 12,
        }
    }
}

/// Requests per month and the monthly price at a scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// GenerateDataKey / Decrypt requests Kinesis makes.
    pub kinesis_requests: f64,
    /// Requests S3 makes without a Bucket Key (one per object).
    pub s3_without_bucket_key: f64,
    /// Requests S3 makes with a Bucket Key.
    pub s3_with_bucket_key: f64,
    /// All requests (S3 as configured).
    pub total_requests: f64,
    /// Price of the requests past the free tier (USD).
    pub request_cost: f64,
    /// Price of the customer managed keys (USD).
    pub key_cost: f64,
}

/// Seconds in a 30-day month.
pub const SECONDS_PER_MONTH: f64 = 30.0 * 24.0 * 3600.0;
/// Five-minute reuse periods in a month.
const REUSE_PER_MONTH: f64 = SECONDS_PER_MONTH / 300.0;
/// Requests free each month.
const FREE_REQUESTS: f64 = 20_000.0;
/// USD per 10,000 requests.
const PRICE_PER_10K_REQUESTS: f64 = 0.03;
/// USD per customer managed key and month.
const PRICE_PER_KEY_MONTH: f64 = 1.0;

/// The monthly estimate at `scale`, S3 with or without a Bucket Key, for `customer_keys`
/// customer managed keys.
pub fn estimate(scale: &Scale, bucket_key: bool, customer_keys: u64) -> Estimate {
    let credentials = f64::from(scale.producers) + f64::from(scale.consumers);
    let kinesis_requests = credentials * f64::from(scale.shards.max(1)) * REUSE_PER_MONTH;
    let objects = f64::from(scale.objects_per_hour) * 24.0 * 30.0;
    let s3_without_bucket_key = objects;
    let s3_with_bucket_key = objects.min(REUSE_PER_MONTH);
    let s3 = if bucket_key {
        s3_with_bucket_key
    } else {
        s3_without_bucket_key
    };
    let total_requests = kinesis_requests + s3;
    let request_cost =
        ((total_requests - FREE_REQUESTS).max(0.0) / 10_000.0) * PRICE_PER_10K_REQUESTS;
    Estimate {
        kinesis_requests,
        s3_without_bucket_key,
        s3_with_bucket_key,
        total_requests,
        request_cost,
        key_cost: customer_keys as f64 * PRICE_PER_KEY_MONTH,
    }
}

/// GenerateDataKey requests per month of client-side producers at a scale: without data
/// key caching (one per record) and with it (one per producer per `max_age_ms`, more when
/// `max_messages` records arrive sooner), as the SDK's caching materials manager decides.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientSideEstimate {
    pub without_caching: f64,
    pub with_caching: f64,
}

/// The client-side estimate at `scale` (records_per_second spread over the producers).
pub fn client_side_estimate(
    scale: &Scale,
    max_age_ms: u64,
    max_messages: u64,
) -> ClientSideEstimate {
    let records = f64::from(scale.records_per_second) * SECONDS_PER_MONTH;
    let producers = f64::from(scale.producers.max(1));
    let max_age_s = (max_age_ms.max(1) as f64) / 1000.0;
    let periods = SECONDS_PER_MONTH / max_age_s;
    let per_period = f64::from(scale.records_per_second) / producers * max_age_s;
    let keys_per_period = if per_period <= 0.0 {
        0.0
    } else {
        (per_period / max_messages.max(1) as f64).ceil().max(1.0)
    };
    ClientSideEstimate {
        without_caching: records,
        with_caching: (producers * periods * keys_per_period).min(records),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_keys_cut_s3_requests_and_keys_cost_a_dollar_a_month() {
        let scale = Scale {
            shards: 1,
            records_per_second: 100,
            producers: 1,
            consumers: 1,
            objects_per_hour: 3600,
        };
        let off = estimate(&scale, false, 2);
        let on = estimate(&scale, true, 2);
        assert!(on.total_requests < off.total_requests);
        assert_eq!(off.key_cost, 2.0);
        assert!((off.kinesis_requests - 2.0 * 8640.0).abs() < 1e-6);
        // Under the free tier nothing is billed for requests.
        let small = Scale {
            consumers: 0,
            objects_per_hour: 1,
            ..Scale::default()
        };
        let small = estimate(&small, true, 1);
        assert!(small.total_requests < 20_000.0);
        assert_eq!(small.request_cost, 0.0);
    }

    #[test]
    fn caching_turns_a_call_per_record_into_a_call_per_max_age() {
        let scale = Scale::default(); // 100 records/s, 1 producer
        let e = client_side_estimate(&scale, 300_000, 1 << 32);
        assert!((e.without_caching - 100.0 * SECONDS_PER_MONTH).abs() < 1e-3);
        assert!((e.with_caching - 8640.0).abs() < 1e-6);
        // max_messages 1,000 with 30,000 records per 5 minutes: 30 data keys per period.
        let e = client_side_estimate(&scale, 300_000, 1000);
        assert!((e.with_caching - 30.0 * 8640.0).abs() < 1e-6);
        // Never more than one per record.
        let slow = Scale {
            records_per_second: 0,
            ..Scale::default()
        };
        assert_eq!(client_side_estimate(&slow, 1, 1).with_caching, 0.0);
    }
}
