//! dlab: the training core of the deep-learning pitfalls lab. Pure Rust, no web types;
//! `wasm.rs` is the only file that knows JavaScript.

pub mod activation;
pub mod bench;
pub mod config;
pub mod data;
pub mod diagnostics;
pub mod exact;
pub mod experiments;
pub mod init;
pub mod layers;
pub mod linalg;
pub mod loss;
pub mod network;
pub mod optim;
pub mod pretrain;
pub mod rbm;
pub mod rng;
pub mod sweep;
pub mod trainer;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
