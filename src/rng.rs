//! Every random draw in dlab flows from one seeded generator, so a config and its seed
//! reproduce a run exactly. Xoshiro256++ is named explicitly (not `SmallRng`) because
//! `SmallRng` is a different algorithm on 32-bit targets: native and wasm must agree.

use rand::{rngs::Xoshiro256PlusPlus, RngExt, SeedableRng};

pub type Rng = Xoshiro256PlusPlus;

pub fn seeded(seed: u64) -> Rng {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// Uniform on [lo, hi).
pub fn uniform(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.random::<f64>()
}

/// Standard normal by Box–Muller (one draw per call; simple beats fast here).
/// Generic over the generator: the RBM tests draw from their own.
pub fn normal<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = 1.0 - rng.random::<f64>(); // in (0, 1], so ln is finite
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Fisher–Yates shuffle of `order` in place.
pub fn shuffle(rng: &mut Rng, order: &mut [usize]) {
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
}

/// Bernoulli(p).
pub fn bernoulli(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}
