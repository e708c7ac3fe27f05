//! Activation functions, each with its derivative right beside it, so the chain rule is
//! visible: backprop multiplies the incoming gradient by `derivative(z)`.

use crate::config::Activation;

/// f(z)
pub fn apply(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
    match kind {
        Activation::Sigmoid => sigmoid(z),
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

/// e^x for x clamped to [−708, 708] (beyond it σ and tanh are exactly 0 or ±1 anyway):
/// Cody–Waite reduction x = k·ln 2 + r, |r| ≤ ln2/2, then e^r by its Taylor series to r¹²
/// (truncation below 3e-16 relative) and 2^k from the exponent bits. Branch- and call-free,
/// so the activation loops vectorize and overlap; libm's exp is a call per element.
pub fn exp_clamped(x: f64) -> f64 {
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    // Adding and subtracting 1.5·2⁵² rounds to the nearest integer with no call to round().
    const ROUNDER: f64 = 6_755_399_441_055_744.0;
    // 1/n! for n = 12 down to 0: Horner's rule on the Taylor series of e^r.
    const COEFFICIENTS: [f64; 13] = [
        1.0 / 479_001_600.0, 1.0 / 39_916_800.0, 1.0 / 3_628_800.0, 1.0 / 362_880.0, 1.0 / 40_320.0,
        1.0 / 5_040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0,
    ];
    let x = x.clamp(-708.0, 708.0);
    let k = (x * std::f64::consts::LOG2_E + ROUNDER) - ROUNDER;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let series = COEFFICIENTS.iter().fold(0.0, |p, &c| p * r + c);
    series * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// tanh through one exp: tanh z = sign(z)·(1 − 2/(e^{2|z|} + 1)), with an absolute error
/// below 1e-15 (its relative error near 0 is larger; every caller adds it to O(1) numbers).
pub fn fast_tanh(z: f64) -> f64 {
    let magnitude = 1.0 - 2.0 / (exp_clamped(2.0 * z.abs()) + 1.0);
    magnitude.copysign(z)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp_clamped(-z))
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

/// A unit counts as saturated where its slope has fallen below this fraction of the
/// activation's largest slope: there backprop passes on less than a tenth of the signal.
pub const SATURATION_FRACTION: f64 = 0.1;

/// The largest slope f′ takes, for the activations with flat tails (σ′(0) = 1/4, tanh′(0) = 1).
pub fn max_derivative(kind: Activation) -> Option<f64> {
    match kind {
        Activation::Sigmoid => Some(0.25),
        Activation::Tanh => Some(1.0),
        _ => None,
    }
}

/// Whether pre-activation z sits in a flat tail: f′(z) < 0.1 · max f′ (sigmoid: σ′ < 0.025;
/// tanh: 1 − tanh² < 0.1). ReLU, Leaky ReLU and linear never saturate.
pub fn is_saturated(kind: Activation, z: f64) -> bool {
    max_derivative(kind).is_some_and(|max| derivative(kind, 0.0, z) < SATURATION_FRACTION * max)
}

/// |z| beyond which `is_saturated` holds, for drawing the zone: tanh′ < 0.1 where
/// |tanh z| > √0.9, i.e. |z| > atanh √0.9 ≈ 1.818; σ(z) = (1 + tanh(z/2))/2 doubles it (≈ 3.637).
pub fn saturation_threshold(kind: Activation) -> Option<f64> {
    let tanh_edge = (1.0 - SATURATION_FRACTION).sqrt().atanh();
    match kind {
        Activation::Sigmoid => Some(2.0 * tanh_edge),
        Activation::Tanh => Some(tanh_edge),
        _ => None,
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
        Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = sigmoid(z)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_exp_agrees_with_libm_to_a_few_ulps() {
        let mut worst: f64 = 0.0;
        for i in 0..=200_000 {
            let x = -700.0 + 1400.0 * i as f64 / 200_000.0;
            worst = worst.max((exp_clamped(x) / x.exp() - 1.0).abs());
        }
        assert!(worst < 1e-15, "max relative error {worst:e}");
        assert_eq!(exp_clamped(0.0), 1.0);
        assert!(sigmoid(-1000.0) < 1e-300);
        assert_eq!(sigmoid(1000.0), 1.0);
    }

    #[test]
    fn saturation_is_where_the_slope_is_below_a_tenth_of_its_peak() {
        let sigmoid_edge = saturation_threshold(Activation::Sigmoid).unwrap();
        let tanh_edge = saturation_threshold(Activation::Tanh).unwrap();
        assert!((sigmoid_edge - 3.6369).abs() < 1e-3, "{sigmoid_edge}");
        assert!((tanh_edge - 1.8184).abs() < 1e-3, "{tanh_edge}");
        for (kind, edge) in [(Activation::Sigmoid, sigmoid_edge), (Activation::Tanh, tanh_edge)] {
            for z in [edge + 1e-6, -edge - 1e-6, edge + 5.0, -40.0] {
                assert!(is_saturated(kind, z), "{kind:?} at {z}");
            }
            for z in [edge - 1e-6, -edge + 1e-6, 0.0, 0.5] {
                assert!(!is_saturated(kind, z), "{kind:?} at {z}");
            }
        }
        for kind in [Activation::Relu, Activation::LeakyRelu, Activation::Linear] {
            assert!(!is_saturated(kind, -100.0) && !is_saturated(kind, 100.0));
            assert_eq!(saturation_threshold(kind), None);
        }
    }

    #[test]
    fn the_fast_tanh_agrees_with_libm() {
        for i in 0..=20_000 {
            let z = -20.0 + 40.0 * i as f64 / 20_000.0;
            assert!((fast_tanh(z) - z.tanh()).abs() < 1e-15, "tanh({z})");
        }
        assert_eq!(fast_tanh(800.0), 1.0);
        assert_eq!(fast_tanh(-800.0), -1.0);
    }
}
