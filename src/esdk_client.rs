//! The page's client-side cryptography: HKDF-SHA512 and ECDSA P-384 live in a separate
//! Wasm module (`src/bin/esdk_module.rs`, 154 KB, 48 KB gzip; docs/SIZE.md) that the page loads on first need —
//! when the scenario to run has a client-side producer or reader — and installs into the
//! engine (`esdk::primitives::install`). Until it is there the runner waits with a visible
//! state (`src/app/run_loop.rs`); if it cannot be loaded the page says why and keeps the
//! learner's work. Opening the preset list, where the client-side presets are, starts the
//! download in the background ([`preload`]). Natively (tests, server rendering) the engine
//! has its own primitives and nothing is loaded.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Callback;

use envelope_lab::esdk::primitives;

use crate::esdk_wire::{Remote, Transport, ABI_VERSION};
use crate::web;

/// The module's Wasm on the served site (index.html copies it next to the app).
pub const MODULE_URL: &str = "envelope-lab-esdk_bg.wasm";
/// The data block that carries it in the single-file build (scripts/bundle.mjs).
pub const MODULE_BLOCK: &str = "envelope-lab-esdk-wasm";

/// Where the module stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not asked for yet.
    Idle,
    /// Being downloaded and compiled.
    Loading,
    /// Installed (or not needed: the engine has its own).
    Ready,
    /// It could not be loaded, and why (the browser's words).
    Failed(String),
}

#[derive(Default)]
struct Loader {
    loading: bool,
    failed: Option<String>,
    waiting: Vec<Callback<Result<(), String>>>,
}

thread_local! {
    static LOADER: RefCell<Loader> = RefCell::new(Loader::default());
}

/// The module's state.
pub fn status() -> Status {
    if primitives::available() {
        return Status::Ready;
    }
    LOADER.with(|l| {
        let l = l.borrow();
        match (&l.failed, l.loading) {
            (_, true) => Status::Loading,
            (Some(why), false) => Status::Failed(why.clone()),
            (None, false) => Status::Idle,
        }
    })
}

/// Calls `done` once the module is installed (at once when it is), or with why it could
/// not be loaded; starts loading it (again, after a failure) unless it is on its way.
pub fn ensure(done: Callback<Result<(), String>>) {
    if primitives::available() {
        done.emit(Ok(()));
        return;
    }
    let start = LOADER.with(|l| {
        let mut l = l.borrow_mut();
        l.waiting.push(done);
        !l.loading
    });
    if start {
        load();
    }
}

/// Starts loading the module in the background if it was never asked for (a failure is
/// retried only when a run needs it).
pub fn preload() {
    if status() == Status::Idle {
        load();
    }
}

fn load() {
    LOADER.with(|l| {
        let mut l = l.borrow_mut();
        (l.loading, l.failed) = (true, None);
    });
    web::load_raw_wasm(MODULE_URL, MODULE_BLOCK, Callback::from(loaded));
}

/// The module's exports as the engine's transport.
struct Module(web::RawWasm);

impl Transport for Module {
    fn exchange(&self, op: u32, input: &[u8]) -> Option<Vec<u8>> {
        self.0.exchange(op, input)
    }
}

fn loaded(result: Result<web::RawWasm, String>) {
    let result = result.and_then(|module| match module.abi() {
        Some(ABI_VERSION) => Ok(module),
        other => Err(format!(
            "the module speaks interface {other:?}, the page {ABI_VERSION} (a stale copy?)"
        )),
    });
    let outcome = match result {
        Ok(module) => {
            primitives::install(Rc::new(Remote(Module(module))));
            Ok(())
        }
        Err(why) => Err(why),
    };
    let waiting = LOADER.with(|l| {
        let mut l = l.borrow_mut();
        l.loading = false;
        l.failed = outcome.as_ref().err().cloned();
        std::mem::take(&mut l.waiting)
    });
    for done in waiting {
        done.emit(outcome.clone());
    }
}

#[cfg(all(test, feature = "native-crypto"))]
mod tests {
    use super::*;

    #[test]
    fn natively_the_engine_has_its_own_and_nothing_is_loaded() {
        assert_eq!(status(), Status::Ready);
        let got = Rc::new(RefCell::new(None));
        let seen = got.clone();
        ensure(Callback::from(move |r| *seen.borrow_mut() = Some(r)));
        assert_eq!(*got.borrow(), Some(Ok(())));
        preload();
        assert_eq!(status(), Status::Ready);
    }
}
