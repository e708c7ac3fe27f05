//! The data loss and the weight penalties. The data loss is ½·(o − t)² averaged over the
//! batch, for regression and for the ±1 sets alike, as in D2L and TF Playground.

use crate::network::Network;
use ndarray::{Array1, Array2};

/// ½·mean_i (o_i − t_i)²
pub fn half_squared_error(output: &Array2<f64>, target: &Array1<f64>) -> f64 {
    let n = target.len().max(1) as f64;
    output
        .column(0)
        .iter()
        .zip(target)
        .map(|(o, t)| 0.5 * (o - t) * (o - t))
        .sum::<f64>()
        / n
}

/// ∂/∂o of `half_squared_error`: (o − t)/n.
pub fn half_squared_error_gradient(output: &Array2<f64>, target: &Array1<f64>) -> Array2<f64> {
    let mut grad = Array2::zeros(output.dim());
    half_squared_error_gradient_into(output, target, &mut grad);
    grad
}

/// The same, into a buffer the caller keeps (the training step allocates nothing).
pub fn half_squared_error_gradient_into(
    output: &Array2<f64>,
    target: &Array1<f64>,
    grad: &mut Array2<f64>,
) {
    crate::layers::dense::ensure_shape(grad, output.nrows(), output.ncols());
    let n = target.len().max(1) as f64;
    for ((g, o), t) in grad
        .column_mut(0)
        .iter_mut()
        .zip(output.column(0))
        .zip(target)
    {
        *g = (o - t) / n;
    }
}

/// Fraction of points whose output has the sign of their ±1 label.
pub fn sign_accuracy(output: &Array2<f64>, target: &Array1<f64>) -> f64 {
    let n = target.len().max(1) as f64;
    output
        .column(0)
        .iter()
        .zip(target)
        .filter(|(o, t)| (**o >= 0.0) == (**t >= 0.0))
        .count() as f64
        / n
}

/// l2/2·‖w‖² + l1·‖w‖₁ over the weights of every layer, never biases or batch-norm γ, β.
pub fn penalty(network: &Network, l1: f64, l2: f64) -> f64 {
    (0..network.num_weight_layers())
        .flat_map(|i| network.dense(i).w.iter().copied())
        .map(|w| 0.5 * l2 * w * w + l1 * w.abs())
        .sum()
}

/// ∂ penalty / ∂w for one weight: l2·w + l1·sign(w) (the subgradient 0 at w = 0).
pub fn penalty_gradient(w: f64, l1: f64, l2: f64) -> f64 {
    let sign = if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    };
    l2 * w + l1 * sign
}
