//! Inverted dropout (D2L §4.6): while training each hidden unit is kept with probability
//! `keep` and scaled by 1/keep, so E[h'] = h; evaluation keeps every unit, unscaled.

use crate::rng::{bernoulli, Rng};
use ndarray::Array2;

/// Draws a mask of 0 and 1/keep.
pub fn mask(shape: (usize, usize), keep: f64, rng: &mut Rng) -> Array2<f64> {
    Array2::from_shape_simple_fn(shape, || {
        if bernoulli(rng, keep) {
            1.0 / keep
        } else {
            0.0
        }
    })
}

/// Forward and backward are the same product: h' = h ⊙ mask, ∂L/∂h = ∂L/∂h' ⊙ mask.
pub fn apply(values: &Array2<f64>, mask: &Array2<f64>) -> Array2<f64> {
    values * mask
}
