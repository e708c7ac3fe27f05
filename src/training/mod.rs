//! Training one config: the trainer's loop, its loss history, the per-layer diagnostics the
//! labs draw, and the capacity sweep (one model per capacity).

pub mod diagnostics;
pub mod history;
pub mod sweep;
pub mod trainer;
