//! dlab: the training core of the deep-learning pitfalls lab.
pub fn _probe() -> f64 { use rand::{SeedableRng, RngExt}; let mut r = rand::rngs::SmallRng::seed_from_u64(1); r.random_range(0.0..1.0) }
