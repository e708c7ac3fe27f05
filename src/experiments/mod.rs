//! The published experiments (`dlab experiment NAME`): each runs dlab on the published
//! setup and sets our numbers beside the published ones (`../shared/reference/
//! published-results.md`). The tests in `tests/experiments.rs` assert the claims.
//!
//! One file per experiment, each `pub fn run() -> Report`; the setups are `pub` functions so
//! the tests (and a curious reader) can rerun them with other seeds or sizes.

mod report;

pub mod batch_norm;
pub mod bishop_poly;
pub mod d2l_poly;
pub mod d2l_weight_decay;
pub mod dropout;
pub mod glorot;
pub mod he;
pub mod rbm;
pub mod scaling;
pub mod vanishing;
pub mod zero_init;

pub use report::{num, Report, Row};

use crate::config::Config;
use crate::trainer::Trainer;

pub struct Experiment {
    pub name: &'static str,
    pub title: &'static str,
    pub run: fn() -> Report,
}

pub const ALL: &[Experiment] = &[
    Experiment {
        name: "d2l-poly",
        title: "D2L §4.4: a cubic by SGD; degree 1 underfits, degree 19 overfits few points",
        run: d2l_poly::run,
    },
    Experiment {
        name: "bishop-poly",
        title: "Bishop §1.1: exact polynomial fits of sin(2πx); degree 9 overfits, N or λ tame it",
        run: bishop_poly::run,
    },
    Experiment {
        name: "d2l-weight-decay",
        title: "D2L §4.5: weight decay λ = 3 shrinks ‖w‖ and the test loss in 200 dims",
        run: d2l_weight_decay::run,
    },
    Experiment {
        name: "vanishing",
        title: "sigmoid gradients vanish toward the input; ReLU+He keeps them level",
        run: vanishing::run,
    },
    Experiment {
        name: "glorot",
        title: "Glorot & Bengio 2010: standard vs normalized init; the sigmoid top layer saturates",
        run: glorot::run,
    },
    Experiment {
        name: "he",
        title:
            "He et al. 2015: 30-layer ReLU nets, Xavier halves the variance per layer, He keeps it",
        run: he::run,
    },
    Experiment {
        name: "zero-init",
        title: "zero init: hidden units stay identical; tanh/ReLU hidden weights never move",
        run: zero_init::run,
    },
    Experiment {
        name: "batch-norm",
        title: "Ioffe & Szegedy 2015: a deep sigmoid net trains faster with batch norm",
        run: batch_norm::run,
    },
    Experiment {
        name: "dropout",
        title: "D2L §4.6: dropout and L2 shrink the train/test gap of an overfitting MLP",
        run: dropout::run,
    },
    Experiment {
        name: "rbm",
        title:
            "Hinton 2006 / Bengio 2007: RBM pre-training vs random init, deep narrow sigmoid net",
        run: rbm::run,
    },
    Experiment {
        name: "scaling",
        title: "LeCun et al. 1998: inputs in raw units saturate the first layer; z-score or min-max fixes it",
        run: scaling::run,
    },
];

/// Trains `config` (JSON) for `epochs` and returns the trainer.
pub fn trained(config: &str, epochs: usize) -> Trainer {
    let mut trainer = Trainer::from_json(config).expect("experiment configs are valid");
    trainer.train_epochs(epochs);
    trainer
}

/// A trainer for a config given as a JSON value (`serde_json::json!`).
pub fn trainer(config: serde_json::Value) -> Trainer {
    Trainer::new(Config::from_value(config).expect("experiment configs are valid"))
}

/// `[a, b, c]` with each number by `num`.
pub fn list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|&v| num(v)).collect();
    format!("[{}]", items.join(", "))
}

/// ‖·‖₂ of a slice.
pub fn norm(values: &[f64]) -> f64 {
    values.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// max |·| of a slice.
pub fn max_abs(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |m, v| m.max(v.abs()))
}
