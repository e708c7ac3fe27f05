//! dlab: the training core of the deep-learning pitfalls lab. Pure Rust, no web types;
//! `bindings/wasm.rs` is the only file that knows JavaScript.
//!
//! - `config`: every setting, declared once; `data`: the seeded datasets; `rng`.
//! - `model`: activations, inits, layers, network, losses, optimizers.
//! - `training`: the trainer, its history, the diagnostics, the capacity sweep.
//! - `exact`: the closed-form (ridge / elastic-net) fit and its linear algebra.
//! - `pretraining`: greedy RBM pre-training.
//! - `experiments`: the published results, rerun; `bench`: the speed workloads.

pub mod bench;
pub mod bindings;
pub mod config;
pub mod data;
pub mod exact;
pub mod experiments;
pub mod model;
pub mod pretraining;
pub mod rng;
pub mod training;

// The modules under their short names, as the tests, the CLI and the bindings use them.
pub use exact::linalg;
pub use model::{activation, init, layers, loss, network, optim};
pub use pretraining::{pretrain, rbm, slices};
pub use training::{capacity_table, diagnostics, history, sweep, trainer, units, work};
#[cfg(target_arch = "wasm32")]
pub use bindings::wasm;
