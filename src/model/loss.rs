//! The data losses and the weight penalties. Regression uses ½·(o − t)² averaged over the
//! batch (D2L); the ±1 sets use the logistic loss of a sigmoid output by default, or ½
//! squared error of a tanh output (`model.loss: mse`, TF Playground's choice).

use crate::config::LossKind;
use crate::network::Network;
use ndarray::{Array1, Array2};

/// The batch's mean data loss of the network's last forward pass.
pub fn data_loss(kind: LossKind, network: &Network, target: &Array1<f64>) -> f64 {
    match kind {
        LossKind::Mse => half_squared_error(network.output_values(), target),
        LossKind::CrossEntropy => logistic_loss(&network.output_pre_activation, target),
    }
}

/// The data loss of the last forward pass, and its gradient back-propagated through the
/// network (`grad` is a buffer the caller keeps).
pub fn backpropagate(kind: LossKind, network: &mut Network, target: &Array1<f64>, grad: &mut Array2<f64>) -> f64 {
    let value = data_loss(kind, network, target);
    match kind {
        LossKind::Mse => {
            half_squared_error_gradient_into(network.output_values(), target, grad);
            network.backward(grad);
        }
        LossKind::CrossEntropy => {
            logistic_loss_gradient_into(&network.output_pre_activation, target, grad);
            network.backward_from_logits(grad);
        }
    }
    value
}

/// −log p(t | z) averaged over the batch, for labels t = ±1 and p(y = +1) = σ(z):
/// mean softplus(−t·z), in nats, computed without overflow for any z.
pub fn logistic_loss(logits: &Array2<f64>, target: &Array1<f64>) -> f64 {
    let n = target.len().max(1) as f64;
    logits.column(0).iter().zip(target).map(|(&z, &t)| softplus(-label_sign(t) * z)).sum::<f64>() / n
}

/// ∂/∂z of `logistic_loss`: (σ(z) − [t = +1])/n. Taken at the logit, it never vanishes for a
/// confidently wrong point (½ squared error through a saturated tanh does).
pub fn logistic_loss_gradient_into(logits: &Array2<f64>, target: &Array1<f64>, grad: &mut Array2<f64>) {
    crate::layers::dense::ensure_shape(grad, logits.nrows(), logits.ncols());
    let n = target.len().max(1) as f64;
    for ((g, &z), &t) in grad.column_mut(0).iter_mut().zip(logits.column(0)).zip(target) {
        let positive = if label_sign(t) > 0.0 { 1.0 } else { 0.0 };
        *g = (crate::activation::sigmoid(z) - positive) / n;
    }
}

/// ln(1 + eᵘ), stable for large |u|.
pub fn softplus(u: f64) -> f64 {
    u.max(0.0) + (-u.abs()).exp().ln_1p()
}

fn label_sign(t: f64) -> f64 {
    if t >= 0.0 {
        1.0
    } else {
        -1.0
    }
}

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

/// Fraction of points whose score has the sign of their ±1 label. Pass the output layer's
/// pre-activation: its sign is the decision for a tanh output (tanh 0 = 0) and for a
/// sigmoid one (p ≥ ½ where z ≥ 0) alike.
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
