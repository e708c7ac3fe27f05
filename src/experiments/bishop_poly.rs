//! Bishop, PRML (2006) §1.1, polynomial curve fitting: N = 10 points, x evenly spaced on
//! [0, 1], t = sin(2πx) + N(0, 0.3²), 100 test points, polynomials of degree M fitted exactly
//! by least squares (`optim.kind: exact`).
//!
//! How the numbers map onto the book's:
//! - Features are Bishop's xⁱ (`model.basis: power`), so coefficients compare with his
//!   Tables 1.1 and 1.2 directly (the noise draws differ, so magnitudes, not digits, agree).
//! - Our loss is the mean ½ squared error, so E_RMS = sqrt(2E/N) = sqrt(2·loss).
//! - Ridge: Bishop minimizes ½Σ(y − t)² + (λ/2)‖w‖²; we minimize ½·mean(y − t)² + (l2/2)‖w‖²,
//!   so l2 = λ/N gives the same minimizer. (Bishop also penalizes w₀; we leave the bias out,
//!   as everywhere in dlab.)

use super::{list, max_abs, num, trainer, Report};
use crate::sweep::capacity_sweep;
use serde_json::json;

pub const N: usize = 10;
pub const N_TEST: usize = 100;
pub const NOISE: f64 = 0.3;

pub fn config(n_train: usize, degree: usize, l2: f64, seed: u64) -> serde_json::Value {
    json!({
        "seed": seed,
        "data": {"kind": "sine", "n_train": n_train, "n_test": N_TEST, "noise": NOISE},
        "model": {"kind": "poly", "degree": degree, "basis": "power"},
        "reg": {"l2": l2},
        "optim": {"kind": "exact"}
    })
}

/// Our l2 for Bishop's ln λ on `n` points.
pub fn l2_of_ln_lambda(ln_lambda: f64, n: usize) -> f64 {
    ln_lambda.exp() / n as f64
}

#[derive(Clone, Debug)]
pub struct Fit {
    pub train_rms: f64,
    pub test_rms: f64,
    /// Coefficients of xⁱ, i = 0..M (Bishop's Table 1.1 basis).
    pub weights: Vec<f64>,
}

pub fn rms(loss: f64) -> f64 {
    (2.0 * loss).sqrt()
}

pub fn fit(n_train: usize, degree: usize, l2: f64, seed: u64) -> Fit {
    let mut t = trainer(config(n_train, degree, l2, seed));
    t.step(1);
    let m = t.evaluate();
    Fit {
        train_rms: rms(m.train_loss.unwrap_or(f64::NAN)),
        test_rms: rms(m.test_loss.unwrap_or(f64::NAN)),
        weights: t.coefficients(),
    }
}

pub fn run() -> Report {
    let mut report = Report::new(
        "bishop-poly",
        "Bishop PRML §1.1, Fig. 1.4-1.7, Tables 1.1-1.2; exact least squares, seed 1",
    );
    let seed = 1;
    let [m0, m1, m3, m9] = [0, 1, 3, 9].map(|m| fit(N, m, 0.0, seed));
    let rms_pair = |f: &Fit| format!("{} / {}", num(f.train_rms), num(f.test_rms));

    report.row(
        "M = 0, 1 (underfit): train / test E_RMS",
        "high, both above M = 3's",
        format!("{}; {}", rms_pair(&m0), rms_pair(&m1)),
        [&m0, &m1]
            .iter()
            .all(|f| f.train_rms > 1.5 * m3.train_rms && f.test_rms > m3.test_rms),
    );
    report.row(
        "M = 3: train / test E_RMS",
        "fits well",
        rms_pair(&m3),
        m3.test_rms < 0.5,
    );
    report.row(
        "M = 9: train E_RMS",
        "0 (through every point)",
        num(m9.train_rms),
        m9.train_rms < 1e-6,
    );
    report.row(
        "M = 9 vs M = 3: test E_RMS",
        "M = 9 higher (oscillates)",
        format!("{} vs {}", num(m9.test_rms), num(m3.test_rms)),
        m9.test_rms > m3.test_rms,
    );
    let (raw3, raw9) = (max_abs(&m3.weights), max_abs(&m9.weights));
    report.row(
        "max |w|, M = 3 / M = 9 (Table 1.1, basis xʲ)",
        "25.43 / 1 061 800.52",
        format!("{} / {}", num(raw3), num(raw9)),
        (5.0..100.0).contains(&raw3) && (1e5..1e7).contains(&raw9),
    );

    let [n15, n100] = [15, 100].map(|n| fit(n, 9, 0.0, seed));
    report.row(
        "M = 9, N = 15 / 100: test E_RMS",
        "over-fitting shrinks with N",
        format!(
            "{} / {} (N = 10: {})",
            num(n15.test_rms),
            num(n100.test_rms),
            num(m9.test_rms)
        ),
        n15.test_rms < m9.test_rms && n100.test_rms < m9.test_rms,
    );

    let ridge = fit(N, 9, l2_of_ln_lambda(-18.0, N), seed);
    report.row(
        "M = 9, ln λ = -18 (l2 = λ/N): train / test E_RMS",
        "good fit (test near M = 3's)",
        rms_pair(&ridge),
        ridge.test_rms < m9.test_rms && ridge.test_rms < 1.2 * m3.test_rms,
    );
    report.row(
        "M = 9, ln λ = -18: max |w| (Table 1.2)",
        "91.53 (tens, not a million)",
        format!("{} (unregularized {})", num(max_abs(&ridge.weights)), num(raw9)),
        (10.0..1000.0).contains(&max_abs(&ridge.weights)),
    );
    let smooth = fit(N, 9, l2_of_ln_lambda(0.0, N), seed);
    report.row(
        "M = 9, ln λ = 0: max |w| (Table 1.2)",
        "at most 0.13 (all small)",
        num(max_abs(&smooth.weights)),
        max_abs(&smooth.weights) < 1.0,
    );
    report.row(
        "M = 9, ln λ = 0: train / test E_RMS",
        "over-smooths (underfits)",
        rms_pair(&smooth),
        smooth.train_rms > 1.5 * ridge.train_rms && smooth.test_rms > ridge.test_rms,
    );

    let degrees: Vec<usize> = (0..=9).collect();
    let sweep = capacity_sweep(
        &crate::config::Config::from_value(config(N, 0, 0.0, seed)).expect("a valid config"),
        &degrees,
        1,
    )
    .expect("valid degrees");
    let train_curve: Vec<f64> = sweep.iter().map(|r| rms(r.1)).collect();
    let test_curve: Vec<f64> = sweep.iter().map(|r| rms(r.2)).collect();
    let best = (0..test_curve.len())
        .min_by(|&a, &b| test_curve[a].total_cmp(&test_curve[b]))
        .unwrap_or(0);
    let lowest = test_curve[best];
    report.row(
        "test E_RMS over M = 0..9 (capacity_sweep)",
        "U-curve: high, low near M = 3, up at 9",
        format!("{} (min at M = {best})", list(&test_curve)),
        (2..=8).contains(&best) && test_curve[0] > 1.5 * lowest && test_curve[9] > 1.5 * lowest,
    );

    report.record(
        "train_rms",
        [m0.train_rms, m1.train_rms, m3.train_rms, m9.train_rms],
    );
    report.record(
        "test_rms",
        [m0.test_rms, m1.test_rms, m3.test_rms, m9.test_rms],
    );
    report.record("degrees", [0, 1, 3, 9]);
    report.record("m3_weights", &m3.weights);
    report.record("m9_weights", &m9.weights);
    report.record("m9_n15_rms", [n15.train_rms, n15.test_rms]);
    report.record("m9_n100_rms", [n100.train_rms, n100.test_rms]);
    report.record(
        "m9_ln_lambda_minus18_rms",
        [ridge.train_rms, ridge.test_rms],
    );
    report.record("m9_ln_lambda_minus18_weights", &ridge.weights);
    report.record("m9_ln_lambda_0_weights", &smooth.weights);
    report.record("m9_ln_lambda_0_rms", [smooth.train_rms, smooth.test_rms]);
    report.record("sweep_train_rms", &train_curve);
    report.record("sweep_test_rms", &test_curve);
    report
}
