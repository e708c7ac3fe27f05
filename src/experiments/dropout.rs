//! Dropout (D2L §4.6; Srivastava et al. 2014): inverted dropout keeps each hidden unit with
//! probability p and scales it by 1/p while training, so E[h'] = h; evaluation keeps every
//! unit. On an overfitting net it shrinks the train/test gap, as L2 does.
//!
//! Our setup: Bishop's 10 points of sin(2πx) + N(0, 0.3²) (200 test points), z-scored, an MLP
//! with two tanh layers of 128 units (≈ 17 000 weights for 10 points), Xavier init, Adam
//! lr 0.01 on the full batch, 1000 epochs. The losses are averaged over the last 100 epochs
//! (every 10th), since a dropout run's loss jitters from step to step.

use super::{num, trainer, Report};
use crate::layers::Mode;
use crate::rng;
use serde_json::json;

pub const EPOCHS: usize = 1000;
pub const L2: f64 = 0.01;
/// The noise floor E[½ε²] = 0.3²/2.
pub const FLOOR: f64 = 0.045;

pub fn config(keep: f64, l2: f64, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "sine", "n_train": 10, "n_test": 200, "noise": 0.3},
        "scale": "zscore",
        "model": {"hidden": [128, 128], "activation": "tanh", "init": "xavier",
                  "dropout_keep": keep},
        "reg": {"l2": l2},
        "optim": {"kind": "adam", "lr": 0.01, "batch_size": 0}
    })
}

/// (train loss, test loss), each the mean of the evaluations at the last 10 multiples of
/// `epochs / 100` epochs.
pub fn train(config: serde_json::Value, epochs: usize) -> (f64, f64) {
    let mut t = trainer(config);
    let every = (epochs / 100).max(1);
    let (mut train, mut test, mut count) = (0.0, 0.0, 0.0);
    let mut epoch = 0;
    while epoch < epochs {
        t.train_epochs(every);
        epoch += every;
        if epoch + 10 * every > epochs {
            let m = t.evaluate();
            train += m.train_loss.unwrap_or(f64::NAN);
            test += m.test_loss.unwrap_or(f64::NAN);
            count += 1.0;
        }
    }
    (train / count, test / count)
}

/// Mean over `draws` dropout masks of the first hidden layer's output, against the output
/// without dropout: |Σ mean-dropped − Σ kept| / Σ |kept| over the probe batch.
pub fn expectation_error(keep: f64, draws: usize) -> f64 {
    let mut t = trainer(config(keep, 0.0, 1));
    let x = t.dataset().train.x.clone();
    // The network sees the z-scored inputs: rebuild them as the trainer does.
    let pipeline = crate::data::InputPipeline::fit(t.config(), &x);
    let inputs = pipeline.transform(&x);
    let mut masks = rng::seeded(7);
    let network = t.network_mut();
    network.forward(&inputs, Mode::Eval, &mut masks);
    let kept = network.hidden[0].activation_output.clone();
    let mut dropped_sum = 0.0;
    for _ in 0..draws {
        network.forward(&inputs, Mode::Train, &mut masks);
        dropped_sum += network.hidden[0].output().sum();
    }
    let mean_dropped = dropped_sum / draws as f64;
    (mean_dropped - kept.sum()).abs() / kept.iter().map(|v| v.abs()).sum::<f64>()
}

pub fn run() -> Report {
    let mut report = Report::new(
        "dropout",
        "D2L §4.6; 10 points of sin(2πx), MLP 128-128 tanh, Adam lr 0.01, full batch, 1000 epochs, seed 1",
    );
    let expectation = expectation_error(0.5, 1000);
    report.row(
        "inverted dropout, keep 0.5: E[h'] vs h (1000 masks)",
        "E[h'] = h",
        format!("relative difference {}", num(expectation)),
        expectation < 0.02,
    );
    let plain = train(config(1.0, 0.0, 1), EPOCHS);
    let gap = |(train, test): (f64, f64)| test - train;
    let show = |(train, test): (f64, f64)| {
        format!("{} / {} (gap {})", num(train), num(test), num(test - train))
    };
    report.row(
        "no regularization: train / test loss",
        "overfits: train far below test",
        show(plain),
        plain.0 < FLOOR / 4.0 && gap(plain) > FLOOR,
    );
    let mut record = vec![("plain", plain)];
    for keep in [0.5, 0.7] {
        let dropped = train(config(keep, 0.0, 1), EPOCHS);
        report.row(
            format!("dropout keep {keep}: train / test loss"),
            "gap shrinks",
            show(dropped),
            gap(dropped) < 0.75 * gap(plain),
        );
        record.push((if keep == 0.5 { "keep_0.5" } else { "keep_0.7" }, dropped));
    }
    let decayed = train(config(1.0, L2, 1), EPOCHS);
    report.row(
        format!("L2 {L2}: train / test loss"),
        "gap shrinks",
        show(decayed),
        gap(decayed) < 0.75 * gap(plain),
    );
    record.push(("l2", decayed));
    for (key, (train, test)) in record {
        report.record(key, [train, test]);
    }
    report.record("expectation_error", expectation);
    report
}
