//! Goal checks read per-producer and per-stream counts from the run's summary.

use envelope_lab::lessons::observe::Observation;
use envelope_lab::sim::presets;

#[test]
fn observation_counts_are_the_summary_counts() {
    for name in ["happy-path", "sse-enabled-mid-stream", "kms-throttling"] {
        let o = Observation::run(&presets::get(name).unwrap(), 1).unwrap();
        for p in &o.summary.producers {
            let f = &o.producers[&p.name];
            assert_eq!(
                (f.total, f.rejected, f.delivered),
                (p.produced, p.put_failed, p.delivered),
                "{name}"
            );
        }
        for s in &o.summary.streams {
            assert_eq!(
                o.stream_records[&s.name],
                (s.records_kms, s.records_plain),
                "{name}"
            );
        }
    }
}
