//! Vanishing gradients (D2L §4.8; Glorot & Bengio 2010): in a deep sigmoid net the
//! gradient reaching the first layer is orders of magnitude below the last hidden layer's;
//! ReLU with He init keeps the layers level.

use super::report::num;
use super::Report;
use crate::trainer::Trainer;

/// grad_norm of every weight layer at initialization, on the probe batch.
pub fn grad_norms_at_init(activation: &str, init: &str, depth: usize, width: usize) -> Vec<f64> {
    let hidden = vec![width.to_string(); depth].join(",");
    let config = format!(
        r#"{{"seed": 1, "data": {{"kind": "circle"}}, "model": {{"hidden": [{hidden}],
        "activation": "{activation}", "init": "{init}"}}}}"#
    );
    let mut trainer = Trainer::from_json(&config).expect("a valid config");
    trainer.probe().iter().map(|l| l.grad_norm).collect()
}

pub fn run() -> Report {
    let mut report = Report::new("vanishing", "D2L §4.8; Glorot & Bengio 2010");
    let sigmoid = grad_norms_at_init("sigmoid", "xavier", 10, 16);
    let relu = grad_norms_at_init("relu", "he", 10, 16);
    let ratio = |g: &[f64]| g[g.len() - 2] / g[0]; // last hidden layer over first
    report.row(
        "10-layer sigmoid: last hidden / first layer grad",
        "orders of magnitude",
        num(ratio(&sigmoid)),
        ratio(&sigmoid) >= 100.0,
    );
    report.row(
        "10-layer ReLU+He: last hidden / first layer grad",
        "about level",
        num(ratio(&relu)),
        (0.1..=10.0).contains(&ratio(&relu)),
    );
    report.record("sigmoid_grad_norms", &sigmoid);
    report.record("relu_he_grad_norms", &relu);
    report
}
