//! Zero initialization (D2L §4.8, "breaking the symmetry"): every unit of a hidden layer
//! computes the same function and receives the same gradient, so the units stay identical
//! forever. With tanh or ReLU (f(0) = 0) the hidden outputs are 0, so neither the output
//! weights nor any hidden weight gets a gradient: only the output bias learns. With sigmoid
//! (σ(0) = ½) the weights move, but every unit of a layer moves alike.
//!
//! Setup: the circle set, two hidden layers of 8 units, `init: zero`, SGD lr 0.03, batch 10,
//! 50 epochs.

use super::{num, trainer, Report};
use crate::network::Network;
use serde_json::json;

pub const EPOCHS: usize = 50;

pub fn config(activation: &str) -> serde_json::Value {
    json!({
        "seed": 1,
        "data": {"kind": "circle"},
        "model": {"hidden": [8, 8], "activation": activation, "init": "zero"},
        "optim": {"kind": "sgd", "lr": 0.03, "batch_size": 10}
    })
}

/// Largest difference between any unit's incoming weights (and bias) and unit 0's, over
/// every hidden layer: 0 means every layer's units are identical.
pub fn unit_spread(network: &Network) -> f64 {
    let mut spread: f64 = 0.0;
    for block in &network.hidden {
        let (w, b) = (&block.dense.w, &block.dense.b);
        for j in 0..w.ncols() {
            for i in 0..w.nrows() {
                spread = spread.max((w[[i, j]] - w[[i, 0]]).abs());
            }
            spread = spread.max((b[j] - b[0]).abs());
        }
    }
    spread
}

/// Largest |w| over every hidden layer's weights.
pub fn hidden_max_abs(network: &Network) -> f64 {
    network
        .hidden
        .iter()
        .flat_map(|h| h.dense.w.iter())
        .fold(0.0, |m: f64, w| m.max(w.abs()))
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub hidden_max_abs: f64,
    pub unit_spread: f64,
    pub train_loss: f64,
}

pub fn train(activation: &str, epochs: usize) -> Outcome {
    let mut t = trainer(config(activation));
    t.train_epochs(epochs);
    let m = t.evaluate();
    Outcome {
        hidden_max_abs: hidden_max_abs(t.network()),
        unit_spread: unit_spread(t.network()),
        train_loss: m.train_loss.unwrap_or(f64::NAN),
    }
}

pub fn run() -> Report {
    let mut report = Report::new(
        "zero-init",
        "D2L §4.8 (symmetry); circle set, hidden [8, 8], init zero, SGD lr 0.03, 50 epochs",
    );
    let [tanh, relu, sigmoid] = ["tanh", "relu", "sigmoid"].map(|a| train(a, EPOCHS));
    for (name, o) in [("tanh", &tanh), ("ReLU", &relu)] {
        report.row(
            format!("{name}: max |hidden weight| after training"),
            "0: no hidden weight ever moves",
            num(o.hidden_max_abs),
            o.hidden_max_abs == 0.0,
        );
    }
    report.row(
        "sigmoid: max |hidden weight| after training",
        "moves",
        num(sigmoid.hidden_max_abs),
        sigmoid.hidden_max_abs > 0.0,
    );
    report.row(
        "all three: largest difference between units of a layer",
        "0: units identical forever",
        format!(
            "{} / {} / {}",
            num(tanh.unit_spread),
            num(relu.unit_spread),
            num(sigmoid.unit_spread)
        ),
        [&tanh, &relu, &sigmoid]
            .iter()
            .all(|o| o.unit_spread == 0.0),
    );
    report.record(
        "hidden_max_abs",
        [
            tanh.hidden_max_abs,
            relu.hidden_max_abs,
            sigmoid.hidden_max_abs,
        ],
    );
    report.record(
        "unit_spread",
        [tanh.unit_spread, relu.unit_spread, sigmoid.unit_spread],
    );
    report.record(
        "train_loss",
        [tanh.train_loss, relu.train_loss, sigmoid.train_loss],
    );
    report.record("activations", ["tanh", "relu", "sigmoid"]);
    report
}
