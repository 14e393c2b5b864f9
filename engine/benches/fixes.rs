//! Time to compute the verified fixes of one failure (what the UI asks on demand), for each
//! distinct failure of each preset: cause, candidates, policy checks and probes, and the
//! same-seed re-run of every option. Run with `cargo bench --bench fixes`.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::Instant;

use envelope_lab::sim::{presets, Simulation};

fn main() {
    let mut total = 0.0;
    let mut count = 0;
    let mut worst: (f64, String) = (0.0, String::new());
    println!(
        "{:<42} {:>6} {:>8} {:>9}",
        "preset / failing step", "step", "options", "ms"
    );
    for p in presets::all() {
        let mut sim = Simulation::new(&p.scenario(), 1).expect("preset builds");
        sim.run_to_end();
        let mut seen = BTreeSet::new();
        let failed: Vec<(u32, String)> = sim
            .steps()
            .iter()
            .filter(|s| !s.outcome.is_ok())
            .filter(|s| seen.insert((s.operation, s.outcome.code(), s.principal.to_string())))
            .map(|s| (s.index, s.operation.to_string()))
            .collect();
        for (step, op) in failed {
            let rounds = 5;
            let start = Instant::now();
            let mut options = 0;
            for _ in 0..rounds {
                options = black_box(sim.fixes_for(step)).map_or(0, |f| f.options.len());
            }
            let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
            let label = format!("{} {op}", p.name);
            println!("{label:<42} {step:>6} {options:>8} {ms:>9.2}");
            total += ms;
            count += 1;
            if ms > worst.0 {
                worst = (ms, label);
            }
        }
    }
    println!(
        "{count} failures: mean {:.2} ms, worst {:.2} ms ({})",
        total / f64::from(count.max(1)),
        worst.0,
        worst.1
    );
}
