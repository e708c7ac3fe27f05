//! Greedy layer-wise RBM pre-training (Hinton, Osindero & Teh 2006; Hinton & Salakhutdinov
//! 2006; Bengio et al. 2007): CD-1 on each layer's input in turn, the stacked weights as the
//! deep net's initial hidden weights, then fine-tuning by backprop. Bengio et al.: the
//! pre-trained deep net beats the same net from random init, most of all when deep and narrow.
//!
//! Our setup: the circle set with all seven input features, z-scored (Gaussian visible
//! units), 1000 training and 1000 test points; a deep, narrow sigmoid net (5 hidden layers of
//! 10 units); `init: rbm` with 100 CD-1 epochs per layer (the core's RBM lr 0.05, batch 10:
//! 10 000 updates a layer); fine-tuning and the random-init baselines (`xavier`, `standard`)
//! by SGD lr 0.1, batch 10, for 20 epochs.
//!
//! What it takes: with few CD updates (the default 10 epochs on 200 points = 200 updates a
//! layer) the RBMs above the first barely learn (their input varies little and the weights
//! stay near their N(0, 0.01²) start), and the pre-trained net is stuck with the random ones.
//! With 10 000 updates a layer every layer learns and the gain is large. The random-init nets
//! are not hopeless, only slow: from Xavier, this net leaves its plateau after ≈ 175 epochs.

use super::{list, num, trainer, Report};
use serde_json::json;

pub const HIDDEN: [usize; 5] = [10; 5];
pub const RBM_EPOCHS: usize = 100;
pub const EPOCHS: usize = 20;

pub fn config(init: &str, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "circle", "n_train": 1000, "n_test": 1000,
                 "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]},
        "scale": "zscore",
        "model": {"hidden": HIDDEN, "activation": "sigmoid", "init": init,
                  "rbm_epochs": RBM_EPOCHS},
        "optim": {"kind": "sgd", "lr": 0.1, "batch_size": 10}
    })
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub test_loss: f64,
    pub test_acc: f64,
    /// Reconstruction error of each layer's RBM after its first and last epoch (rbm only).
    pub reconstruction: Vec<(f64, f64)>,
}

pub fn train(config: serde_json::Value, epochs: usize) -> Outcome {
    let mut t = trainer(config);
    let errors = t.rbm_errors().to_vec();
    let layers = errors.iter().map(|e| e.0 + 1).max().unwrap_or(0);
    let reconstruction = (0..layers)
        .map(|l| {
            let mine: Vec<f64> = errors.iter().filter(|e| e.0 == l).map(|e| e.2).collect();
            (mine[0], mine[mine.len() - 1])
        })
        .collect();
    t.train_epochs(epochs);
    let m = t.evaluate();
    Outcome {
        test_loss: m.test_loss.unwrap_or(f64::NAN),
        test_acc: m.test_acc.unwrap_or(f64::NAN),
        reconstruction,
    }
}

pub fn run() -> Report {
    let mut report = Report::new(
        "rbm",
        "Hinton et al. 2006; Bengio et al. 2007 (NIPS); circle, 5×10 sigmoid, CD-1 100 epochs, 20 epochs fine-tuning, seed 1",
    );
    let pretrained = train(config("rbm", 1), EPOCHS);
    let xavier = train(config("xavier", 1), EPOCHS);
    let standard = train(config("standard", 1), EPOCHS);
    let first: Vec<f64> = pretrained.reconstruction.iter().map(|r| r.0).collect();
    let last: Vec<f64> = pretrained.reconstruction.iter().map(|r| r.1).collect();
    report.row(
        "CD-1 reconstruction error per layer, first → last epoch",
        "falls (each RBM learns)",
        format!("{} → {}", list(&first), list(&last)),
        !first.is_empty() && first.iter().zip(&last).all(|(a, b)| b < &(0.5 * a)),
    );
    report.row(
        format!("test loss after {EPOCHS} epochs: Xavier / standard / pre-trained"),
        "pre-trained lower",
        format!(
            "{} / {} / {}",
            num(xavier.test_loss),
            num(standard.test_loss),
            num(pretrained.test_loss)
        ),
        pretrained.test_loss < 0.5 * xavier.test_loss.min(standard.test_loss),
    );
    report.row(
        format!("test accuracy after {EPOCHS} epochs: Xavier / standard / pre-trained"),
        "pre-trained higher",
        format!(
            "{:.0}% / {:.0}% / {:.0}%",
            100.0 * xavier.test_acc,
            100.0 * standard.test_acc,
            100.0 * pretrained.test_acc
        ),
        pretrained.test_acc > xavier.test_acc.max(standard.test_acc) + 0.1,
    );
    report.record(
        "test_loss",
        [xavier.test_loss, standard.test_loss, pretrained.test_loss],
    );
    report.record(
        "test_acc",
        [xavier.test_acc, standard.test_acc, pretrained.test_acc],
    );
    report.record("inits", ["xavier", "standard", "rbm"]);
    report.record("reconstruction_first", &first);
    report.record("reconstruction_last", &last);
    report
}
