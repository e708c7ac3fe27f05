//! D2L (v0.17) §4.5, weight decay: y = 0.05 + Σᵢ 0.01·xᵢ + ε over 200 inputs, ε ~ N(0, 0.01²),
//! 20 training and 100 test points; linear regression (`hidden: []`) with weights from
//! N(0, 1) (`init: large`) and bias 0; SGD lr 0.003, batch 5, 100 epochs; λ = 0 vs λ = 3.
//! D2L's from-scratch code uses the ½ squared loss and the λ/2‖w‖² penalty on weights only,
//! exactly our loss and `reg.l2`, so its lr carries over unchanged.

use super::{num, trainer, Report};
use serde_json::json;

pub const EPOCHS: usize = 100;

pub fn config(l2: f64, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "linear", "n_train": 20, "n_test": 100, "noise": 0.01},
        "model": {"hidden": [], "init": "large"},
        "reg": {"l2": l2},
        "optim": {"kind": "sgd", "lr": 0.003, "batch_size": 5}
    })
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub initial_test_loss: f64,
    pub train_loss: f64,
    pub test_loss: f64,
    /// ‖w‖₂ of the weights (not the bias).
    pub weight_norm: f64,
}

pub fn train(l2: f64, seed: u64, epochs: usize) -> Outcome {
    let mut t = trainer(config(l2, seed));
    let start = t.evaluate();
    t.train_epochs(epochs);
    let m = t.evaluate();
    Outcome {
        initial_test_loss: start.test_loss.unwrap_or(f64::NAN),
        train_loss: m.train_loss.unwrap_or(f64::NAN),
        test_loss: m.test_loss.unwrap_or(f64::NAN),
        weight_norm: m.layers.first().map_or(f64::NAN, |l| l.weight_norm),
    }
}

pub fn run() -> Report {
    let mut report = Report::new(
        "d2l-weight-decay",
        "D2L v0.17 §4.5; 200 dims, 20/100 points, init N(0,1), SGD lr 0.003, batch 5, 100 epochs, seed 1",
    );
    let plain = train(0.0, 1, EPOCHS);
    let decayed = train(3.0, 1, EPOCHS);
    report.row(
        "λ = 0: ‖w‖",
        "about 13",
        num(plain.weight_norm),
        (9.0..=17.0).contains(&plain.weight_norm),
    );
    report.row(
        "λ = 0: train / test loss",
        "train falls, test stays high",
        format!(
            "{} / {} (test at init {})",
            num(plain.train_loss),
            num(plain.test_loss),
            num(plain.initial_test_loss)
        ),
        plain.train_loss < 0.01 && plain.test_loss > 0.5 * plain.initial_test_loss,
    );
    report.row(
        "λ = 3: ‖w‖",
        "about 0.3-0.4",
        num(decayed.weight_norm),
        (0.2..=0.5).contains(&decayed.weight_norm),
    );
    let shrink = plain.weight_norm / decayed.weight_norm;
    report.row(
        "‖w‖ shrink factor, λ = 0 → 3",
        "more than an order of magnitude",
        format!("{}×", num(shrink)),
        shrink > 10.0,
    );
    report.row(
        "λ = 3: test loss",
        "falls a lot (below λ = 0's)",
        format!(
            "{} (λ = 0: {})",
            num(decayed.test_loss),
            num(plain.test_loss)
        ),
        decayed.test_loss < 0.1 * plain.test_loss,
    );
    report.record("weight_norms", [plain.weight_norm, decayed.weight_norm]);
    report.record("train_losses", [plain.train_loss, decayed.train_loss]);
    report.record("test_losses", [plain.test_loss, decayed.test_loss]);
    report.record("initial_test_loss", plain.initial_test_loss);
    report
}
