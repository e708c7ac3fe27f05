//! The bindings: the only code that knows JavaScript (docs/wasm-api.md).

#[cfg(target_arch = "wasm32")]
pub mod wasm;
