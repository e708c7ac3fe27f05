//! He, Zhang, Ren, Sun 2015, "Delving deep into rectifiers": in a ReLU net
//! Var[y_L] = Var[y_1]·Π_l (n_l·Var[w_l]/2). Xavier (Var 1/n for our square layers) halves the
//! variance at every layer; He (Var 2/n) keeps it level; a 30-layer ReLU net trains with He
//! and stalls with Xavier.
//!
//! Our setup: 30 hidden ReLU layers of 64 units, the circle set (x1, x2, z-scored), 200
//! training points (the probe batch). At initialization: the std of every hidden layer's
//! output. Training: SGD lr 0.01, batch 10, 10 epochs (2000 steps, well under a second).
//! Layer 1 → 30 is 29 layer-to-layer steps, so Xavier's expected std ratio is 2^(−29/2) ≈
//! 4.3e-5 (the paper rounds "30 layers" to 2^−15 ≈ 3e-5).

use super::{num, trainer, Report};
use serde_json::json;

pub const DEPTH: usize = 30;
pub const WIDTH: usize = 64;
pub const EPOCHS: usize = 10;

pub fn config(init: &str, depth: usize, width: usize, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "circle", "n_train": 200, "n_test": 200},
        "scale": "zscore",
        "model": {"hidden": vec![width; depth], "activation": "relu", "init": init},
        "optim": {"kind": "sgd", "lr": 0.01, "batch_size": 10}
    })
}

/// Std of every hidden layer's output on the probe batch at initialization.
pub fn act_std_at_init(config: serde_json::Value) -> Vec<f64> {
    let mut t = trainer(config);
    let stats = t.probe();
    stats[..stats.len() - 1].iter().map(|l| l.act_std).collect()
}

/// The geometric mean over layers of Var[layer l+1] / Var[layer l].
pub fn variance_ratio_per_layer(act_std: &[f64]) -> f64 {
    let steps = (act_std.len() - 1) as f64;
    (act_std[act_std.len() - 1] / act_std[0])
        .powi(2)
        .powf(1.0 / steps)
}

/// (train loss at init, after `epochs`; test accuracy after).
pub fn train(config: serde_json::Value, epochs: usize) -> (f64, f64, f64) {
    let mut t = trainer(config);
    let start = t.evaluate().train_loss.unwrap_or(f64::NAN);
    t.train_epochs(epochs);
    let m = t.evaluate();
    (
        start,
        m.train_loss.unwrap_or(f64::NAN),
        m.test_acc.unwrap_or(f64::NAN),
    )
}

pub fn run() -> Report {
    let mut report = Report::new(
        "he",
        "He et al. 2015 (ICCV) §2.2, Fig. 3; 30 ReLU layers of 64, circle set, seed 1",
    );
    let expected = 2f64.powf(-((DEPTH - 1) as f64) / 2.0);
    let xavier = act_std_at_init(config("xavier", DEPTH, WIDTH, 1));
    let he = act_std_at_init(config("he", DEPTH, WIDTH, 1));
    let ratio = |s: &[f64]| s[s.len() - 1] / s[0];
    report.row(
        "Xavier: act std layer 30 / layer 1",
        format!("2^-15 ≈ 3e-5 (29 steps: {})", num(expected)),
        num(ratio(&xavier)),
        (expected / 10.0..=expected * 10.0).contains(&ratio(&xavier)),
    );
    report.row(
        "Xavier: variance ratio per layer (geometric mean)",
        "1/2",
        num(variance_ratio_per_layer(&xavier)),
        (0.4..=0.6).contains(&variance_ratio_per_layer(&xavier)),
    );
    report.row(
        "He: act std layer 30 / layer 1",
        "≈ 1 (level)",
        num(ratio(&he)),
        (0.1..=10.0).contains(&ratio(&he)),
    );
    report.row(
        "He: variance ratio per layer (geometric mean)",
        "1",
        num(variance_ratio_per_layer(&he)),
        (0.8..=1.25).contains(&variance_ratio_per_layer(&he)),
    );
    let (x0, x1, x_acc) = train(config("xavier", DEPTH, WIDTH, 1), EPOCHS);
    let (h0, h1, h_acc) = train(config("he", DEPTH, WIDTH, 1), EPOCHS);
    report.row(
        format!("Xavier, {EPOCHS} epochs SGD: train loss, test acc"),
        "stalls",
        format!("{} → {}, {:.0}%", num(x0), num(x1), 100.0 * x_acc),
        x1 > 0.9 * x0.min(0.5),
    );
    report.row(
        format!("He, {EPOCHS} epochs SGD: train loss, test acc"),
        "converges",
        format!("{} → {}, {:.0}%", num(h0), num(h1), 100.0 * h_acc),
        h1 < 0.25 * x1 && h_acc > 0.9,
    );
    report.record("xavier_act_std", &xavier);
    report.record("he_act_std", &he);
    report.record("expected_xavier_ratio", expected);
    report.record("xavier_train_loss", [x0, x1]);
    report.record("he_train_loss", [h0, h1]);
    report.record("test_acc", [x_acc, h_acc]);
    report
}
