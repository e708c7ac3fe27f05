//! Activation functions, each with its derivative right beside it, so the chain rule is
//! visible: backprop multiplies the incoming gradient by `derivative(z)`.

use crate::config::Activation;

/// f(z)
pub fn apply(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
    match kind {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::LeakyRelu => if z > 0.0 { z } else { leaky_slope * z },
        Activation::Linear => z,
    }
}

/// f'(z). For sigmoid, σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4: the factor that vanishing gradients
/// are made of (D2L §4.8). ReLU's derivative at exactly 0 is taken as 0.
pub fn derivative(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
    match kind {
        Activation::Sigmoid => {
            let s = apply(kind, leaky_slope, z);
            s * (1.0 - s)
        }
        Activation::Tanh => 1.0 - z.tanh().powi(2),
        Activation::Relu => if z > 0.0 { 1.0 } else { 0.0 },
        Activation::LeakyRelu => if z > 0.0 { 1.0 } else { leaky_slope },
        Activation::Linear => 1.0,
    }
}

/// The asymptotes an output is "saturated" near (within 0.01), for the activations that have them.
pub fn asymptotes(kind: Activation) -> Option<(f64, f64)> {
    match kind {
        Activation::Sigmoid => Some((0.0, 1.0)),
        Activation::Tanh => Some((-1.0, 1.0)),
        _ => None,
    }
}

pub fn is_saturated(kind: Activation, a: f64) -> bool {
    match asymptotes(kind) {
        Some((lo, hi)) => a - lo < 0.01 || hi - a < 0.01,
        None => false,
    }
}

/// Fixed histogram ranges per activation, so frames of an animation are comparable.
/// Pre-activations share one range: the flat tails of σ and tanh lie beyond ±4.
pub const PRE_ACTIVATION_RANGE: (f64, f64) = (-8.0, 8.0);

pub fn output_range(kind: Activation) -> (f64, f64) {
    match kind {
        Activation::Sigmoid => (0.0, 1.0),
        Activation::Tanh => (-1.0, 1.0),
        Activation::Relu | Activation::LeakyRelu => (-0.5, 4.0),
        Activation::Linear => (-4.0, 4.0),
    }
}
