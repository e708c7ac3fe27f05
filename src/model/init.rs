//! Initial weights, one block per scheme with its paper. Biases always start at 0; the
//! scheme sets the spread of W (n_in × n_out).

use crate::activation::Activation;
use serde::{Deserialize, Serialize};
use crate::rng::{normal, uniform, Rng};
use ndarray::Array2;

/// Declares the initialization schemes, one block each: the spread of W for a layer of
/// n_in → n_out units (`|fan_in, fan_out, he_slope| …`: the standard deviation of a normal
/// draw, or the half-width of a uniform one), whether the draw is uniform, and the label.
/// The config's names, the page's list and the fuzzers come from these blocks.
macro_rules! inits {
    ($($(#[$doc:meta])* $variant:ident = $name:literal {
        spread: $spread:expr, uniform: $uniform:expr, label: $label:expr $(,)?
    })+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Init { $($(#[$doc])* #[serde(rename = $name)] $variant),+ }

        impl Init {
            pub const ALL: &'static [Init] = &[$(Init::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($name),+];
            pub fn name(self) -> &'static str { match self { $(Init::$variant => $name),+ } }
            /// The label the page shows where its strings have none.
            pub fn label(self) -> &'static str { match self { $(Init::$variant => $label),+ } }
            pub fn is_uniform(self) -> bool { match self { $(Init::$variant => $uniform),+ } }
            fn spread_of(self, fan_in: f64, fan_out: f64, he_slope: f64) -> f64 {
                match self { $(Init::$variant => ($spread)(fan_in, fan_out, he_slope)),+ }
            }
        }
    };
}

inits! {
    /// Every weight 0: the units of a layer never become different.
    Zero = "zero" { spread: |_: f64, _: f64, _: f64| 0.0, uniform: false, label: "zero" }
    /// N(0, 0.01²): the signal shrinks layer by layer.
    Small = "small" { spread: |_: f64, _: f64, _: f64| 0.01, uniform: false, label: "small N(0, 0.01²)" }
    /// N(0, 1): sums of many large weights push σ and tanh into their tails.
    Large = "large" { spread: |_: f64, _: f64, _: f64| 1.0, uniform: false, label: "large N(0, 1)" }
    /// LeCun 1998: Var = 1/n_in.
    Lecun = "lecun" { spread: |n_in: f64, _: f64, _: f64| (1.0 / n_in).sqrt(), uniform: false, label: "LeCun (1/n)" }
    /// Glorot & Bengio 2010, eq. 16's variance with a normal draw: Var = 2/(n_in + n_out).
    Xavier = "xavier" { spread: |n_in: f64, n_out: f64, _: f64| (2.0 / (n_in + n_out)).sqrt(), uniform: false, label: "Xavier (Glorot)" }
    /// Glorot & Bengio 2010, eq. 16: U[±√6/√(n_in + n_out)].
    XavierUniform = "xavier_uniform" { spread: |n_in: f64, n_out: f64, _: f64| (6.0 / (n_in + n_out)).sqrt(), uniform: true, label: "Xavier uniform" }
    /// He et al. 2015: Var = 2/((1 + a²)·n_in), a the leaky slope (0 for ReLU).
    He = "he" { spread: |n_in: f64, _: f64, a: f64| (2.0 / ((1.0 + a * a) * n_in)).sqrt(), uniform: false, label: "He (2/n)" }
    /// Greedy RBM pre-training (Hinton et al. 2006), then fine-tuning; the layers it does
    /// not pre-train (the output) are drawn as Xavier.
    Rbm = "rbm" { spread: |n_in: f64, n_out: f64, _: f64| (2.0 / (n_in + n_out)).sqrt(), uniform: false, label: "RBM pre-training" }
    /// Glorot & Bengio's "commonly used heuristic" U[−1/√n, 1/√n].
    Standard = "standard" { spread: |n_in: f64, _: f64, _: f64| 1.0 / n_in.sqrt(), uniform: true, label: "standard U[−1/√n, 1/√n]" }
}

/// The standard deviation (normal schemes) or half-width (uniform schemes) for one layer.
pub fn spread(scheme: Init, n_in: usize, n_out: usize, activation: Activation, leaky_slope: f64) -> f64 {
    scheme.spread_of(n_in as f64, n_out as f64, activation.he_slope(leaky_slope))
}

pub fn weights(
    scheme: Init,
    n_in: usize,
    n_out: usize,
    activation: Activation,
    leaky_slope: f64,
    rng: &mut Rng,
) -> Array2<f64> {
    let s = spread(scheme, n_in, n_out, activation, leaky_slope);
    if scheme.is_uniform() {
        Array2::from_shape_simple_fn((n_in, n_out), || uniform(rng, -s, s))
    } else if s == 0.0 {
        Array2::zeros((n_in, n_out))
    } else {
        Array2::from_shape_simple_fn((n_in, n_out), || s * normal(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    fn variance(w: &Array2<f64>) -> f64 {
        w.mapv(|v| v * v).mean().unwrap()
    }

    #[test]
    fn each_scheme_draws_its_published_variance() {
        let (n_in, n_out) = (200, 100);
        let cases = [
            (Init::Small, 1e-4),
            (Init::Large, 1.0),
            (Init::Lecun, 1.0 / 200.0),
            (Init::Xavier, 2.0 / 300.0),
            (Init::XavierUniform, 2.0 / 300.0),
            (Init::He, 2.0 / 200.0),
            (Init::Standard, 1.0 / (3.0 * 200.0)),
        ];
        for (scheme, expected) in cases {
            let w = weights(scheme, n_in, n_out, Activation::Relu, 0.0, &mut seeded(1));
            let v = variance(&w);
            assert!(
                (v / expected - 1.0).abs() < 0.05,
                "{scheme:?}: variance {v}, expected {expected}"
            );
        }
        assert!(
            weights(Init::Zero, 5, 5, Activation::Tanh, 0.0, &mut seeded(1))
                .iter()
                .all(|&v| v == 0.0)
        );
    }

    #[test]
    fn he_for_leaky_relu_divides_by_one_plus_slope_squared() {
        let plain = spread(Init::He, 100, 10, Activation::LeakyRelu, 0.0);
        let leaky = spread(Init::He, 100, 10, Activation::LeakyRelu, 0.5);
        assert!((plain * plain / (leaky * leaky) - 1.25).abs() < 1e-12);
    }
}
