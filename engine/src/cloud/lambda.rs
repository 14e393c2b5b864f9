//! Lambda producers: the seed function that puts ticker records into a stream, run under
//! its execution role's assumed-role session (session name = function name, as Lambda
//! does). Concurrent execution environments each get their own credentials.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::runtime::clock::SimTime;
use crate::runtime::rng::SimRng;

/// The tickers the seed function picks from.
pub const TICKERS: [&str; 5] = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"];

/// The Kinesis write API a producer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ProducerApi {
    /// `PutRecord`: one record per call.
    #[default]
    PutRecord,
    /// `PutRecords`: a batch per call; the response reports each record.
    PutRecords,
}

/// A Lambda function producing records.
#[derive(Debug, Clone)]
pub struct Producer {
    /// Function name.
    pub name: String,
    /// `Lambda <name>` (trace actor).
    pub actor: Arc<str>,
    /// Role index.
    pub role: u16,
    /// Stream index.
    pub stream: u16,
    /// One session per execution environment (created on first use).
    pub sessions: Vec<Option<u16>>,
    /// Partition key.
    pub partition_key: Arc<str>,
    /// MD5 hash key of the partition key (computed once: it never changes).
    pub hash_key: u128,
    /// Number of invocations.
    pub invocations: u32,
    /// Records per invocation.
    pub records_per_invocation: u32,
    /// µs between records.
    pub spacing: i64,
    /// µs between invocation waves.
    pub interval: i64,
    /// First invocation time.
    pub start: SimTime,
    /// Concurrent environments.
    pub concurrency: u32,
    /// `PutRecord` per record or `PutRecords` per invocation.
    pub api: ProducerApi,
    /// Records put successfully.
    pub put_ok: u64,
    /// Records rejected.
    pub put_failed: u64,
    /// Client-side encryption of each record before it is put (None: plain records).
    pub client_side: Option<super::client_side::ClientSide>,
}

/// Lambda state.
#[derive(Debug, Clone, Default)]
pub struct Lambda {
    /// Producers in scenario order.
    pub producers: Vec<Producer>,
}

impl Producer {
    /// When invocation `n` starts: waves of `concurrency` invocations, `interval` apart.
    pub fn invocation_time(&self, n: u32) -> SimTime {
        let wave = n / self.concurrency.max(1);
        self.start.plus(self.interval.saturating_mul(wave as i64))
    }

    /// Which execution environment runs invocation `n`.
    pub fn environment(&self, n: u32) -> usize {
        (n % self.concurrency.max(1)) as usize
    }
}

/// Python's `repr` of `cents / 100` as `round(random() * 100, 2)` prints it.
pub fn python_price(cents: u64) -> String {
    let whole = cents / 100;
    let frac = cents % 100;
    if frac == 0 {
        format!("{whole}.0")
    } else if frac.is_multiple_of(10) {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// One record as the seed function builds it: `json.dumps({"EVENT_TIME": …, "TICKER": …,
/// "PRICE": …})` with Python's default separators.
pub fn ticker_record(rng: &mut SimRng, time: SimTime) -> Vec<u8> {
    let ticker = TICKERS[rng.below(TICKERS.len() as u64) as usize % TICKERS.len()];
    let cents = rng.below(10_000);
    // Built by pushing pieces rather than format!: this runs once per record.
    let mut out = Vec::with_capacity(80);
    out.extend_from_slice(b"{\"EVENT_TIME\": \"");
    out.extend_from_slice(time.python_isoformat().as_bytes());
    out.extend_from_slice(b"\", \"TICKER\": \"");
    out.extend_from_slice(ticker.as_bytes());
    out.extend_from_slice(b"\", \"PRICE\": ");
    out.extend_from_slice(python_price(cents).as_bytes());
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_print_like_python() {
        assert_eq!(python_price(6197), "61.97");
        assert_eq!(python_price(7000), "70.0");
        assert_eq!(python_price(510), "5.1");
        assert_eq!(python_price(5), "0.05");
    }

    #[test]
    fn record_shape() {
        let mut rng = SimRng::new(1);
        let t = SimTime::parse_rfc3339("2024-03-27T10:57:58Z").unwrap();
        let r = String::from_utf8(ticker_record(&mut rng, t)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&r).unwrap();
        assert_eq!(v["EVENT_TIME"], "2024-03-27T10:57:58");
        assert!(TICKERS.contains(&v["TICKER"].as_str().unwrap()));
    }
}
