//! The closed-form fit of a model linear in its parameters (the `exact` optimizer): ridge
//! by a Householder QR solve, elastic net (any L1) by coordinate descent, both on the same
//! objective gradient descent minimizes: ½·mean (x·w − y)² + (l2/2)‖w‖² + l1‖w‖₁.
//! Why it exists: by SGD the high-order polynomial weights hardly move, so only the exact
//! fit shows Bishop's degree-9 picture.

pub mod linalg;

use crate::linalg::{elastic_net_coordinate_descent, ridge_least_squares};
use ndarray::{concatenate, Array1, Array2, Axis};

const COORDINATE_DESCENT_SWEEPS: usize = 100_000;

/// Returns (weights, bias); the bias (an appended column of ones) is never penalized.
pub fn fit(
    x: &Array2<f64>,
    y: &Array1<f64>,
    with_bias: bool,
    l1: f64,
    l2: f64,
) -> (Array1<f64>, f64) {
    let design = if with_bias {
        concatenate![Axis(1), x.view(), Array2::ones((x.nrows(), 1)).view()]
    } else {
        x.clone()
    };
    let mut penalized = vec![true; design.ncols()];
    if with_bias {
        penalized[x.ncols()] = false;
    }
    let solution = if l1 > 0.0 {
        elastic_net_coordinate_descent(&design, y, l1, l2, &penalized, COORDINATE_DESCENT_SWEEPS)
    } else {
        ridge_least_squares(&design, y, l2, &penalized)
    };
    let bias = if with_bias { solution[x.ncols()] } else { 0.0 };
    (solution.slice(ndarray::s![..x.ncols()]).to_owned(), bias)
}
