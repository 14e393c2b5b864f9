//! The client-side cryptography module: HKDF-SHA512 and ECDSA P-384 (the engine's
//! `esdk::primitives::Native`) as a small Wasm module the page loads on first need — when a
//! scenario has a client-side producer or reader (`src/esdk_client.rs`; issue 24,
//! docs/SIZE.md). Trunk builds it (index.html, `data-type="worker"`, though it runs on the
//! page's thread: only its `_bg.wasm` is used, without wasm-bindgen's glue). It needs
//! nothing from the page (wasm-bindgen's one import, its externref table's set-up, is given
//! a no-op) and exports three functions over one buffer in its memory:
//!
//! - `esdk_buffer(len) -> ptr`: makes the buffer `len` bytes long and returns where it is;
//! - `esdk_call(op, len) -> i32`: answers the request in the buffer's first `len` bytes
//!   (`src/esdk_wire.rs`), leaves the answer in the buffer, returns its length (-1 when the
//!   request is malformed);
//! - `esdk_abi() -> u32`: the interface's version (1), checked by the page.
//!
//! Natively it is an empty program (the crate's native build and clippy cover it).

#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use envelope_lab::esdk::primitives::Native;
    use envelope_lab_web::esdk_wire;

    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static NATIVE: Native = Native::default();
    }

    #[no_mangle]
    pub extern "C" fn esdk_abi() -> u32 {
        esdk_wire::ABI_VERSION
    }

    #[no_mangle]
    pub extern "C" fn esdk_buffer(len: u32) -> *mut u8 {
        BUFFER.with(|b| {
            let mut b = b.borrow_mut();
            b.resize(len as usize, 0);
            b.as_mut_ptr()
        })
    }

    #[no_mangle]
    pub extern "C" fn esdk_call(op: u32, len: u32) -> i32 {
        BUFFER.with(|b| {
            let mut b = b.borrow_mut();
            let input = b.get(..len as usize).unwrap_or_default();
            match NATIVE.with(|n| esdk_wire::answer(n, op, input)) {
                Some(out) => {
                    *b = out;
                    b.len() as i32
                }
                None => -1,
            }
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("envelope-lab-esdk is the web app's client-side cryptography module, loaded by the page; the command-line tool runs client-side scenarios itself (envelope-lab run).");
}
