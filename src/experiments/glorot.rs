//! Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
//! networks": 5 hidden layers; 'standard' init U[−1/√n, 1/√n] vs 'normalized' init
//! U[±√6/√(n_in + n_out)] (our `xavier_uniform`).
//!
//! Our setups (the paper used 1000-unit layers on Shapeset/MNIST/CIFAR images):
//! - tanh at initialization: 5 × 256 units (256 is our per-layer limit), the circle set with
//!   all seven input features, z-scored, probed on its 200 training points. Activation std
//!   per hidden layer, and the back-propagated gradient ‖∂L/∂z‖ per layer
//!   (`grad_pre_activation` after the probe's backward pass).
//! - sigmoid during training: 5 × 128 sigmoid units, standard init, the D2L cubic regression
//!   (200 points of x ~ N(0, 1), z-scored), SGD lr 0.1, batch 10, 100 epochs; the mean of
//!   every hidden layer's output on the probe batch after every epoch. (On our ±1 sets with
//!   the tanh output unit the top layer's mean also falls, to ≈ 0.04 in 100 epochs at lr 0.3,
//!   but the nets never learn; the cubic shows the paper's whole picture, see `run`.)

use super::{list, num, trainer, Report};
use serde_json::json;

pub const DEPTH: usize = 5;
pub const TANH_WIDTH: usize = 256;
pub const SIGMOID_WIDTH: usize = 128;
pub const SIGMOID_EPOCHS: usize = 100;
/// The top layer counts as saturated at 0 while its mean output is below this.
pub const NEAR_ZERO: f64 = 0.05;

pub fn tanh_config(init: &str, width: usize) -> serde_json::Value {
    json!({
        "seed": 1,
        "data": {"kind": "circle", "n_train": 200,
                 "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]},
        "scale": "zscore",
        "model": {"hidden": vec![width; DEPTH], "activation": "tanh", "init": init}
    })
}

#[derive(Clone, Debug)]
pub struct Profile {
    /// Std of each hidden layer's output on the probe batch, input side first.
    pub act_std: Vec<f64>,
    /// ‖∂L/∂z‖ of each hidden layer on the probe batch.
    pub grad_z: Vec<f64>,
}

/// Activation and back-propagated gradient per hidden layer at initialization.
pub fn profile_at_init(config: serde_json::Value) -> Profile {
    let mut t = trainer(config);
    let stats = t.probe();
    let hidden = t.network().hidden.len();
    Profile {
        act_std: stats[..hidden].iter().map(|l| l.act_std).collect(),
        grad_z: t
            .network()
            .hidden
            .iter()
            .map(|h| {
                h.grad_pre_activation
                    .iter()
                    .map(|g| g * g)
                    .sum::<f64>()
                    .sqrt()
            })
            .collect(),
    }
}

pub fn sigmoid_config(width: usize, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "poly", "n_train": 200, "n_test": 200},
        "scale": "zscore",
        "model": {"hidden": vec![width; DEPTH], "activation": "sigmoid", "init": "standard"},
        "optim": {"kind": "sgd", "lr": 0.1, "batch_size": 10}
    })
}

#[derive(Clone, Debug)]
pub struct Saturation {
    /// `act_mean[e][l]`: mean output of hidden layer l after e epochs (e = 0: at init).
    pub act_mean: Vec<Vec<f64>>,
    /// Fraction of the top layer's outputs within 0.01 of 0 or 1, per epoch.
    pub top_saturated: Vec<f64>,
    /// Training loss every 10 epochs (epoch 0, 10, …).
    pub train_loss: Vec<f64>,
}

pub fn sigmoid_training(config: serde_json::Value, epochs: usize) -> Saturation {
    let mut t = trainer(config);
    let mut out = Saturation {
        act_mean: Vec::new(),
        top_saturated: Vec::new(),
        train_loss: Vec::new(),
    };
    for epoch in 0..=epochs {
        if epoch > 0 {
            t.train_epochs(1);
        }
        let stats = if epoch % 10 == 0 {
            let m = t.evaluate();
            out.train_loss.push(m.train_loss.unwrap_or(f64::NAN));
            m.layers
        } else {
            t.probe()
        };
        let hidden = &stats[..stats.len() - 1];
        out.act_mean
            .push(hidden.iter().map(|l| l.act_mean).collect());
        out.top_saturated
            .push(hidden.last().map_or(f64::NAN, |l| l.saturated));
    }
    out
}

/// last / first.
fn ratio(values: &[f64]) -> f64 {
    values[values.len() - 1] / values[0]
}

fn decreasing(values: &[f64]) -> bool {
    values.windows(2).all(|w| w[1] < w[0])
}

pub fn run() -> Report {
    let mut report = Report::new(
        "glorot",
        "Glorot & Bengio 2010 (AISTATS), Fig. 2, 6, 7; 5 hidden layers of 256 (tanh) / 128 (sigmoid), paper 1000",
    );
    let standard = profile_at_init(tanh_config("standard", TANH_WIDTH));
    let normalized = profile_at_init(tanh_config("xavier_uniform", TANH_WIDTH));
    report.row(
        "tanh, standard init: act std, layer 1 → 5",
        "shrinks layer by layer",
        format!(
            "{} (×{})",
            list(&standard.act_std),
            num(ratio(&standard.act_std))
        ),
        decreasing(&standard.act_std) && ratio(&standard.act_std) < 0.3,
    );
    report.row(
        "tanh, normalized init: act std, layer 1 → 5",
        "roughly level",
        format!(
            "{} (×{})",
            list(&normalized.act_std),
            num(ratio(&normalized.act_std))
        ),
        (0.5..=2.0).contains(&ratio(&normalized.act_std)),
    );
    let down = |p: &Profile| p.grad_z[0] / p.grad_z[p.grad_z.len() - 1];
    report.row(
        "tanh, standard: ‖∂L/∂z‖ layer 1 / layer 5",
        "smaller toward the input",
        format!("{} ({})", num(down(&standard)), list(&standard.grad_z)),
        standard.grad_z.windows(2).all(|w| w[0] < w[1]) && down(&standard) < 0.3,
    );
    report.row(
        "tanh, normalized: ‖∂L/∂z‖ layer 1 / layer 5",
        "roughly level",
        format!("{} ({})", num(down(&normalized)), list(&normalized.grad_z)),
        (0.5..=2.0).contains(&down(&normalized)),
    );

    let run = sigmoid_training(sigmoid_config(SIGMOID_WIDTH, 1), SIGMOID_EPOCHS);
    let top: Vec<f64> = run.act_mean.iter().map(|m| m[DEPTH - 1]).collect();
    let first_low = top.iter().position(|&m| m < NEAR_ZERO);
    report.row(
        "sigmoid, standard, cubic data: top hidden layer mean",
        "drops quickly toward 0",
        match first_low {
            Some(e) => format!("{} at init → {} at epoch {e}", num(top[0]), num(top[e])),
            None => format!("{} at init, never below {NEAR_ZERO}", num(top[0])),
        },
        first_low.is_some_and(|e| e <= 10),
    );
    // The saturated stretch: the first run of epochs with most of the top layer's outputs
    // within 0.01 of 0 (or 1).
    let start = run.top_saturated.iter().position(|&s| s >= 0.5);
    let stay = start.map_or(0, |s| {
        run.top_saturated[s..]
            .iter()
            .take_while(|&&f| f >= 0.5)
            .count()
    });
    let loss_at = |epoch: usize| run.train_loss[epoch / 10];
    let last = run.train_loss.len() - 1;
    report.row(
        "... epochs with > 50% of its outputs within 0.01 of 0",
        "stays saturated for a long time",
        match start {
            Some(s) => format!(
                "{stay}: epochs {s}-{}; train loss {} → {} (plateau: a constant fit) → {} at epoch {}",
                s + stay - 1,
                num(loss_at(0)),
                num(loss_at(10)),
                num(run.train_loss[last]),
                10 * last
            ),
            None => "none".into(),
        },
        stay >= 30,
    );
    let during: Vec<&Vec<f64>> =
        start.map_or(vec![], |s| run.act_mean[s..s + stay].iter().collect());
    let lower: Vec<f64> = (0..DEPTH - 1)
        .map(|l| during.iter().map(|m| m[l]).sum::<f64>() / during.len().max(1) as f64)
        .collect();
    report.row(
        "... layers 1-4 mean output meanwhile",
        "near 0.5 (not saturated)",
        list(&lower),
        !during.is_empty() && lower.iter().all(|m| (0.3..=0.85).contains(m)),
    );

    report.record("tanh_standard_act_std", &standard.act_std);
    report.record("tanh_normalized_act_std", &normalized.act_std);
    report.record("tanh_standard_grad_z", &standard.grad_z);
    report.record("tanh_normalized_grad_z", &normalized.grad_z);
    report.record("sigmoid_top_act_mean", &top);
    let every_10: Vec<&Vec<f64>> = run.act_mean.iter().step_by(10).collect();
    report.record("sigmoid_act_mean_every_10", every_10);
    report.record("sigmoid_top_saturated", &run.top_saturated);
    report.record("sigmoid_train_loss_every_10", &run.train_loss);
    report.record("sigmoid_first_epoch_near_zero", first_low);
    report.record("sigmoid_saturated_from", start);
    report.record("sigmoid_saturated_epochs", stay);
    report.record("sigmoid_lower_layers_mean_while_saturated", &lower);
    report
}
