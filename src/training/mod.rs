//! Training one config: the trainer's loop, its loss history, the per-layer diagnostics the
//! labs draw, the capacity sweep (one model per capacity), every unit's map over the input plane and the cost model of work done
//! in slices.

pub mod capacity_table;
pub mod diagnostics;
pub mod history;
pub mod sweep;
pub mod trainer;
pub mod units;
pub mod work;
