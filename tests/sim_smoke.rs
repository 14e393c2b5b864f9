use envelope_lab::sim::{Scenario, Simulation};

#[test]
fn default_runs() {
    let mut sim = Simulation::new(&Scenario::default(), 1).unwrap();
    sim.run_to_end();
    for s in sim.steps() {
        println!("{}", s.text_line());
    }
    println!("{}", serde_json::to_string_pretty(&sim.summary()).unwrap());
}
