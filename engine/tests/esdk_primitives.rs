//! The client-side cryptography behind `esdk::primitives`: an installed implementation (as
//! the web app installs the one that calls its separately loaded Wasm module) answers every
//! HKDF and ECDSA call and gives the same trace as the built-in one (so it draws from the
//! RNG exactly as before); an implementation that fails makes the SDK steps fail with
//! `CryptoUnavailable` instead of producing other bytes.

use std::cell::Cell;
use std::rc::Rc;

use envelope_lab::esdk::primitives::{self, Native, Primitives, Unavailable, P384_SECRET_LEN};
use envelope_lab::sim::{presets, SimOptions, Simulation};

/// Forwards to the native primitives and counts the calls (or fails every call).
#[derive(Default)]
struct Counting {
    inner: Native,
    calls: Rc<Cell<u32>>,
    fail: bool,
}

impl Counting {
    fn call<R>(&self, f: impl FnOnce(&Native) -> Result<R, Unavailable>) -> Result<R, Unavailable> {
        self.calls.set(self.calls.get() + 1);
        if self.fail {
            Err(Unavailable)
        } else {
            f(&self.inner)
        }
    }
}

impl Primitives for Counting {
    fn hkdf_sha512_32(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
    ) -> Result<[u8; 32], Unavailable> {
        self.call(|n| n.hkdf_sha512_32(salt, ikm, info))
    }
    fn p384_public_key(
        &self,
        secret: &[u8; P384_SECRET_LEN],
    ) -> Result<Option<Vec<u8>>, Unavailable> {
        self.call(|n| n.p384_public_key(secret))
    }
    fn p384_sign_sha384(
        &self,
        secret: &[u8; P384_SECRET_LEN],
        message: &[u8],
    ) -> Result<Option<Vec<u8>>, Unavailable> {
        self.call(|n| n.p384_sign_sha384(secret, message))
    }
    fn p384_public_key_valid(&self, sec1: &[u8]) -> Result<bool, Unavailable> {
        self.call(|n| n.p384_public_key_valid(sec1))
    }
    fn p384_verify_sha384(
        &self,
        sec1: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, Unavailable> {
        self.call(|n| n.p384_verify_sha384(sec1, message, signature))
    }
}

fn run(name: &str) -> Simulation {
    let scenario = presets::get(name).expect("preset");
    let mut sim = Simulation::with_options(&scenario, 1, SimOptions::keeping(true)).expect("runs");
    sim.run_to_end();
    sim
}

/// The trace SHA-256 of `name` with the built-in primitives (a fresh thread: nothing
/// installed there); engine/tests/sim_golden.rs pins these values.
fn native_hash(name: &'static str) -> String {
    std::thread::spawn(move || run(name).trace_sha256())
        .join()
        .expect("native run")
}

#[test]
fn an_installed_implementation_gives_the_native_trace() {
    // Each test runs on its own thread, and the installed implementation is per thread.
    let calls = Rc::new(Cell::new(0));
    primitives::install(Rc::new(Counting {
        calls: calls.clone(),
        ..Counting::default()
    }));
    // The signing suite, caching, and a tampered message (the verification fails).
    for name in [
        "client-side-happy-path",
        "client-side-caching",
        "client-side-tampered-object",
    ] {
        let before = calls.get();
        assert_eq!(run(name).trace_sha256(), native_hash(name), "{name}");
        assert!(
            calls.get() > before,
            "{name}: the installed implementation was not called"
        );
    }
}

#[test]
fn a_failing_implementation_fails_the_sdk_steps_by_name() {
    primitives::install(Rc::new(Counting {
        fail: true,
        ..Counting::default()
    }));
    let sim = run("client-side-happy-path");
    let json = serde_json::to_string(&sim.steps()).expect("steps serialise");
    assert!(
        json.contains("CryptoUnavailable"),
        "no step names the missing module"
    );
    assert_ne!(
        sim.trace_sha256(),
        native_hash("client-side-happy-path"),
        "the run went as if the cryptography were there"
    );
}
