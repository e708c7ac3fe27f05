//! Activation functions, each with its derivative right beside it, so the chain rule is
//! visible: backprop multiplies the incoming gradient by `derivative(z)`.

use crate::config::Activation;

/// f(z)
pub fn apply(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
    match kind {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => fast_tanh(z),
        Activation::Relu => z.max(0.0),
        Activation::LeakyRelu => {
            if z > 0.0 {
                z
            } else {
                leaky_slope * z
            }
        }
        Activation::Linear => z,
    }
}

/// tanh through one exp: tanh z = sign(z)·(1 − 2/(e^{2|z|} + 1)). About twice as fast as
/// libm's tanh (which goes through expm1), with an absolute error below 1e-16; its relative
/// error near 0 is larger, which no caller notices (outputs are added to O(1) numbers).
pub fn fast_tanh(z: f64) -> f64 {
    let magnitude = 1.0 - 2.0 / ((2.0 * z.abs()).exp() + 1.0);
    magnitude.copysign(z)
}

/// f'(z). For sigmoid, σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4: the factor that vanishing gradients
/// are made of (D2L §4.8). ReLU's derivative at exactly 0 is taken as 0.
pub fn derivative(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
    match kind {
        Activation::Sigmoid => {
            let s = apply(kind, leaky_slope, z);
            s * (1.0 - s)
        }
        Activation::Tanh => 1.0 - fast_tanh(z) * fast_tanh(z),
        Activation::Relu => {
            if z > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::LeakyRelu => {
            if z > 0.0 {
                1.0
            } else {
                leaky_slope
            }
        }
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

/// f over a whole slice, the `match` hoisted out of the loop (the hot path of a forward pass).
pub fn apply_all(kind: Activation, leaky_slope: f64, z: &[f64], out: &mut [f64]) {
    let pairs = out.iter_mut().zip(z);
    match kind {
        Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = 1.0 / (1.0 + (-z).exp())),
        Activation::Tanh => pairs.for_each(|(a, &z)| *a = fast_tanh(z)),
        Activation::Relu => pairs.for_each(|(a, &z)| *a = z.max(0.0)),
        Activation::LeakyRelu => {
            pairs.for_each(|(a, &z)| *a = if z > 0.0 { z } else { leaky_slope * z })
        }
        Activation::Linear => pairs.for_each(|(a, &z)| *a = z),
    }
}

/// grad ⊙ f'(z) in place, reading f' off the forward pass's output a = f(z) where that is
/// cheaper (σ' = a(1 − a), tanh' = 1 − a²): no second exp or tanh in backward.
pub fn multiply_by_derivative(
    kind: Activation,
    leaky_slope: f64,
    z: &[f64],
    a: &[f64],
    grad: &mut [f64],
) {
    let triples = grad.iter_mut().zip(z).zip(a);
    match kind {
        Activation::Sigmoid => triples.for_each(|((g, _), &a)| *g *= a * (1.0 - a)),
        Activation::Tanh => triples.for_each(|((g, _), &a)| *g *= 1.0 - a * a),
        Activation::Relu => triples.for_each(|((g, &z), _)| {
            if z <= 0.0 {
                *g = 0.0
            }
        }),
        Activation::LeakyRelu => triples.for_each(|((g, &z), _)| {
            if z <= 0.0 {
                *g *= leaky_slope
            }
        }),
        Activation::Linear => {}
    }
}
