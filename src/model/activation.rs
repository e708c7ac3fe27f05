//! Activation functions, one block each: f and f′ side by side (so the chain rule is
//! visible: backprop multiplies the incoming gradient by f′(z)), with what the lab needs to
//! know about it: its output range, its peak slope (where it saturates), whether a unit can
//! die, the init that suits it and its label. Everything else (the config's names, the fast
//! loops, the gradient checks, the fuzzers, the page's lists) is generated from the blocks,
//! so a new activation is one new block.

use crate::config::Init;
use serde::{Deserialize, Serialize};

/// Declares the activations. Each block gives, as closures:
/// `f: |z, slope| f(z)`, `df: |z, a, slope| f′(z)` where a = f(z) (cheaper for σ and tanh),
/// `he_slope: |slope| …` (He et al.'s a: the leaky slope, else 0); and as values:
/// `histogram` (the fixed range of its output histograms), `peak_slope` (max f′ where the
/// function has flat tails, else None: it never saturates), `dies` (a unit can be 0 for every
/// input), `suits` (the init that keeps its layers level) and `label`.
macro_rules! activations {
    ($($(#[$doc:meta])* $variant:ident = $name:literal {
        f: $f:expr, df: $df:expr, he_slope: $neg:expr,
        histogram: $range:expr, peak_slope: $peak:expr, dies: $dies:expr, suits: $suits:expr, label: $label:expr $(,)?
    })+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Activation { $($(#[$doc])* #[serde(rename = $name)] $variant),+ }

        impl Activation {
            pub const ALL: &'static [Activation] = &[$(Activation::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            pub fn name(self) -> &'static str { match self { $(Activation::$variant => $name),+ } }
            /// The label the page shows where its strings have none.
            pub fn label(self) -> &'static str { match self { $(Activation::$variant => $label),+ } }
            /// The init whose variance keeps this activation's layers level.
            pub fn suited_init(self) -> Init { match self { $(Activation::$variant => $suits),+ } }
            /// Whether a unit can output 0 for every input (a dead unit).
            pub fn can_die(self) -> bool { match self { $(Activation::$variant => $dies),+ } }
            /// The largest slope f′ takes, for the activations with flat tails.
            pub fn peak_slope(self) -> Option<f64> { match self { $(Activation::$variant => $peak),+ } }
            /// He et al.'s a in Var = 2/((1 + a²)·n): the slope for z < 0 of a (leaky)
            /// rectifier, 0 for the others (He init is defined for rectifiers).
            pub fn he_slope(self, leaky_slope: f64) -> f64 {
                match self { $(Activation::$variant => ($neg)(leaky_slope)),+ }
            }
            /// Fixed histogram range of the outputs, so frames of an animation compare.
            pub fn output_range(self) -> (f64, f64) { match self { $(Activation::$variant => $range),+ } }
        }

        /// f(z)
        pub fn apply(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
            match kind { $(Activation::$variant => ($f)(z, leaky_slope)),+ }
        }

        /// f′(z)
        pub fn derivative(kind: Activation, leaky_slope: f64, z: f64) -> f64 {
            match kind { $(Activation::$variant => ($df)(z, ($f)(z, leaky_slope), leaky_slope)),+ }
        }

        /// f over a whole slice, the `match` hoisted out of the loop (the hot path of a
        /// forward pass: each arm is a plain loop the compiler vectorizes).
        pub fn apply_all(kind: Activation, leaky_slope: f64, z: &[f64], out: &mut [f64]) {
            let pairs = out.iter_mut().zip(z);
            match kind { $(Activation::$variant => pairs.for_each(|(a, &z)| *a = ($f)(z, leaky_slope))),+ }
        }

        /// grad ⊙ f′(z) in place, reading f′ off the forward pass's output a = f(z) where
        /// that is cheaper (σ′ = a(1 − a), tanh′ = 1 − a²): no second exp in backward.
        pub fn multiply_by_derivative(kind: Activation, leaky_slope: f64, z: &[f64], a: &[f64], grad: &mut [f64]) {
            let triples = grad.iter_mut().zip(z).zip(a);
            match kind { $(Activation::$variant => triples.for_each(|((g, &z), &a)| *g *= ($df)(z, a, leaky_slope))),+ }
        }
    };
}

activations! {
    /// σ(z) = 1/(1 + e^−z): output in (0, 1) with mean ½, σ′ = σ(1 − σ) ≤ ¼, the factor
    /// vanishing gradients are made of (D2L §4.8).
    Sigmoid = "sigmoid" {
        f: |z: f64, _: f64| sigmoid(z), df: |_: f64, a: f64, _: f64| a * (1.0 - a), he_slope: |_: f64| 0.0,
        histogram: (0.0, 1.0), peak_slope: Some(0.25), dies: false, suits: Init::Xavier, label: "sigmoid σ",
    }
    /// tanh z: zero-centred, output in (−1, 1), tanh′ = 1 − tanh² ≤ 1.
    Tanh = "tanh" {
        f: |z: f64, _: f64| fast_tanh(z), df: |_: f64, a: f64, _: f64| 1.0 - a * a, he_slope: |_: f64| 0.0,
        histogram: (-1.0, 1.0), peak_slope: Some(1.0), dies: false, suits: Init::Xavier, label: "tanh",
    }
    /// max(0, z): slope 1 where active, 0 elsewhere (taken as 0 at exactly 0).
    Relu = "relu" {
        f: |z: f64, _: f64| z.max(0.0), df: |z: f64, _: f64, _: f64| if z > 0.0 { 1.0 } else { 0.0 }, he_slope: |_: f64| 0.0,
        histogram: (-0.5, 4.0), peak_slope: None, dies: true, suits: Init::He, label: "ReLU",
    }
    /// z for z > 0, slope·z below: never quite dead.
    LeakyRelu = "leaky_relu" {
        f: |z: f64, s: f64| if z > 0.0 { z } else { s * z }, df: |z: f64, _: f64, s: f64| if z > 0.0 { 1.0 } else { s },
        he_slope: |s: f64| s,
        histogram: (-0.5, 4.0), peak_slope: None, dies: false, suits: Init::He, label: "Leaky ReLU",
    }
    /// The identity: a deep linear net is one linear map.
    Linear = "linear" {
        f: |z: f64, _: f64| z, df: |_: f64, _: f64, _: f64| 1.0, he_slope: |_: f64| 0.0,
        histogram: (-4.0, 4.0), peak_slope: None, dies: false, suits: Init::Xavier, label: "linear",
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
    series * two_to_the(k)
}

/// 2^k for an integer-valued k in [−1022, 1023], from the bits alone: k + (2⁵² + 1023) is
/// exact and holds k + 1023 in its low mantissa bits, which the shift moves into the
/// exponent field. The same bits as `((k as i64 + 1023) as u64) << 52`, but f64 → i64 has
/// no SIMD form, so that loop ran scalar; a shift does (the activation loops vectorize).
fn two_to_the(k: f64) -> f64 {
    const BIAS: f64 = 4_503_599_627_370_496.0 + 1023.0;
    f64::from_bits((k + BIAS).to_bits() << 52)
}

/// tanh through one exp: tanh z = sign(z)·(1 − 2/(e^{2|z|} + 1)), with an absolute error
/// below 1e-15 (its relative error near 0 is larger; every caller adds it to O(1) numbers).
pub fn fast_tanh(z: f64) -> f64 {
    let magnitude = 1.0 - 2.0 / (exp_clamped(2.0 * z.abs()) + 1.0);
    magnitude.copysign(z)
}

/// σ(z) = 1/(1 + e^−z), the one sigmoid of the crate (RBMs and the logistic loss use it too).
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp_clamped(-z))
}

/// A unit counts as saturated where its slope has fallen below this fraction of the
/// activation's largest slope: there backprop passes on less than a tenth of the signal.
pub const SATURATION_FRACTION: f64 = 0.1;

/// Whether pre-activation z sits in a flat tail: f′(z) < 0.1 · max f′ (sigmoid: σ′ < 0.025;
/// tanh: 1 − tanh² < 0.1). Activations without a peak slope (ReLU, …) never saturate.
pub fn is_saturated(kind: Activation, z: f64) -> bool {
    kind.peak_slope().is_some_and(|max| derivative(kind, 0.0, z) < SATURATION_FRACTION * max)
}

/// |z| beyond which `is_saturated` holds, for drawing the zone (sigmoid ≈ 3.637, tanh ≈
/// 1.818): found by bisection on f′, which falls monotonically with |z| in both tails.
pub fn saturation_threshold(kind: Activation) -> Option<f64> {
    let max = kind.peak_slope()?;
    let (mut inside, mut outside) = (0.0_f64, 64.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (inside + outside);
        if derivative(kind, 0.0, mid) < SATURATION_FRACTION * max {
            outside = mid;
        } else {
            inside = mid;
        }
    }
    Some(0.5 * (inside + outside))
}

/// Fixed histogram ranges per activation, so frames of an animation are comparable.
/// Pre-activations share one range: the flat tails of σ and tanh lie beyond ±4.
pub const PRE_ACTIVATION_RANGE: (f64, f64) = (-8.0, 8.0);

#[cfg(test)]
mod tests {
    use super::*;

    /// Building 2^k from the mantissa bits changes no bit of any result (the phenomena and
    /// lesson claims were tuned on these exact numbers): every k exp_clamped can produce.
    #[test]
    fn two_to_the_k_from_the_bits_is_the_integer_conversion_exactly() {
        for k in -1022..=1023 {
            let old = f64::from_bits(((k as i64 + 1023) as u64) << 52);
            assert_eq!(two_to_the(k as f64).to_bits(), old.to_bits(), "k = {k}");
        }
        let k_max = ((708.0 * std::f64::consts::LOG2_E) as f64).round();
        assert!(k_max <= 1023.0, "clamped inputs keep k in range");
    }

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
