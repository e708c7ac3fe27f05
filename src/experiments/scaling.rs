//! Input scaling (the lecture notes' standardization / normalization; LeCun et al. 1998,
//! "Efficient BackProp" §4.3: inputs of mean 0 and of one scale). Real columns come in their
//! own units; fed raw, a feature in the hundreds drives every first-layer unit deep into
//! saturation, and the loss is far steeper along its weight than along the others, so
//! gradient descent zig-zags. z-score (x − mean)/std and min-max (x − min)/(max − min),
//! both fitted on the training split only, put the columns on one scale.
//!
//! Our setup: the circle set in raw units (`data.raw_units`: x1 = 50·x1 + 300, x2 = x2/50),
//! 200 points, two tanh layers of 8, Xavier, Adam lr 0.01, batch 10, 1000 steps, seeds 1–10.

use super::{num, trainer, Report};
use crate::data::InputPipeline;
use serde_json::json;

pub const STEPS: usize = 1000;
pub const SEEDS: std::ops::RangeInclusive<u64> = 1..=10;
pub const SCALES: [&str; 3] = ["none", "zscore", "minmax"];

pub fn config(scale: &str, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "circle", "n_train": 200, "n_test": 200, "raw_units": true},
        "scale": scale,
        "model": {"hidden": [8, 8], "activation": "tanh", "init": "xavier"},
        "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
    })
}

/// One run: first-layer saturation at the start, test accuracy after `STEPS`, and the
/// curvature spread: the largest over the smallest E[x_j²] of the network's inputs (the bias
/// as a column of ones), the ratio of the squared loss's curvature along those weights.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub saturated_at_start: f64,
    pub test_acc: f64,
    pub curvature_spread: f64,
}

pub fn outcome(scale: &str, seed: u64) -> Outcome {
    let mut t = trainer(config(scale, seed));
    let saturated_at_start = t.evaluate().layers[0].saturated;
    let raw = &t.dataset().train.x;
    let inputs = InputPipeline::fit(t.config(), raw).transform(raw);
    let mut second_moments: Vec<f64> = inputs
        .columns()
        .into_iter()
        .map(|c| c.mapv(|v| v * v).mean().unwrap_or(0.0))
        .collect();
    second_moments.push(1.0);
    let max = second_moments.iter().copied().fold(0.0, f64::max);
    let min = second_moments.iter().copied().fold(f64::INFINITY, f64::min);
    t.step(STEPS);
    Outcome {
        saturated_at_start,
        test_acc: t.evaluate().test_acc.unwrap_or(f64::NAN),
        curvature_spread: max / min,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub fn run() -> Report {
    let mut report = Report::new(
        "scaling",
        "LeCun et al. 1998 §4.3; circle set in raw units (x1 ≈ 0…600, x2 ≈ ±0.12), tanh 8-8, Adam lr 0.01, 1000 steps, seeds 1–10 (medians)",
    );
    let runs: Vec<Vec<Outcome>> = SCALES
        .iter()
        .map(|s| SEEDS.map(|seed| outcome(s, seed)).collect())
        .collect();
    let med = |i: usize, f: fn(&Outcome) -> f64| median(runs[i].iter().map(f).collect());
    let (none, zscore, minmax) = (0, 1, 2);
    report.row(
        "first-layer units saturated at the start: raw → z-score → min-max",
        "raw: nearly all (tanh′ ≈ 0); scaled: few",
        format!(
            "{:.0}% → {:.0}% → {:.0}%",
            100.0 * med(none, |o| o.saturated_at_start),
            100.0 * med(zscore, |o| o.saturated_at_start),
            100.0 * med(minmax, |o| o.saturated_at_start)
        ),
        med(none, |o| o.saturated_at_start) > 0.9 && med(zscore, |o| o.saturated_at_start) < 0.5,
    );
    report.row(
        "curvature spread max/min E[x²]: raw → z-score → min-max",
        "raw: the loss is a narrow valley (zig-zag); scaled: round",
        format!(
            "{} → {} → {}",
            num(med(none, |o| o.curvature_spread)),
            num(med(zscore, |o| o.curvature_spread)),
            num(med(minmax, |o| o.curvature_spread))
        ),
        med(none, |o| o.curvature_spread) > 1e6 && med(zscore, |o| o.curvature_spread) < 10.0,
    );
    report.row(
        "test accuracy after 1000 steps: raw → z-score → min-max",
        "raw: stuck at chance; scaled: learns",
        format!(
            "{:.0}% → {:.0}% → {:.0}%",
            100.0 * med(none, |o| o.test_acc),
            100.0 * med(zscore, |o| o.test_acc),
            100.0 * med(minmax, |o| o.test_acc)
        ),
        med(none, |o| o.test_acc) < 0.6 && med(zscore, |o| o.test_acc) > 0.9 && med(minmax, |o| o.test_acc) > 0.85,
    );
    for (name, outcomes) in SCALES.iter().zip(&runs) {
        report.record(&format!("{name}_saturated_at_start"), outcomes.iter().map(|o| o.saturated_at_start).collect::<Vec<_>>());
        report.record(&format!("{name}_test_acc"), outcomes.iter().map(|o| o.test_acc).collect::<Vec<_>>());
        report.record(&format!("{name}_curvature_spread"), outcomes.iter().map(|o| o.curvature_spread).collect::<Vec<_>>());
    }
    report
}
