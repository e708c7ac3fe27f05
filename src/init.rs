//! Initial weights. Biases always start at 0; the scheme sets the spread of W (n_in × n_out).

use crate::config::{Activation, Init};
use crate::rng::{normal, uniform, Rng};
use ndarray::Array2;

/// The standard deviation (normal schemes) or half-width (uniform schemes) for one layer.
pub fn spread(
    scheme: Init,
    n_in: usize,
    n_out: usize,
    activation: Activation,
    leaky_slope: f64,
) -> f64 {
    let (fan_in, fan_out) = (n_in as f64, n_out as f64);
    match scheme {
        Init::Zero => 0.0,
        Init::Small => 0.01,
        Init::Large => 1.0,
        // LeCun 1998: Var = 1/n_in.
        Init::Lecun => (1.0 / fan_in).sqrt(),
        // Glorot & Bengio 2010, eq. 16's variance with a normal draw: Var = 2/(n_in + n_out).
        // RBM init draws the layers it does not pre-train (the output) this way too.
        Init::Xavier | Init::Rbm => (2.0 / (fan_in + fan_out)).sqrt(),
        // Glorot & Bengio 2010, eq. 16: U[±√6/√(n_in + n_out)].
        Init::XavierUniform => (6.0 / (fan_in + fan_out)).sqrt(),
        // He et al. 2015: Var = 2/((1 + a²)·n_in), a the leaky slope (0 for ReLU).
        Init::He => {
            let a = if activation == Activation::LeakyRelu {
                leaky_slope
            } else {
                0.0
            };
            (2.0 / ((1.0 + a * a) * fan_in)).sqrt()
        }
        // Glorot & Bengio's "standard" heuristic U[−1/√n, 1/√n].
        Init::Standard => 1.0 / fan_in.sqrt(),
    }
}

pub fn is_uniform(scheme: Init) -> bool {
    matches!(scheme, Init::XavierUniform | Init::Standard)
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
    if is_uniform(scheme) {
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
