//! The body of the `config_json` fuzz target, shared by fuzz/fuzz_targets/config_json.rs
//! (libFuzzer, nightly) and tests/fuzz_corpus.rs (replays the seed corpus, stable).
//!
//! bytes → UTF-8 → `Config::from_json`:
//! - refused: the error names a real config path (a FIELDS path, a section, the root, or
//!   an unknown key's own path) and the message is not empty;
//! - accepted: the config round-trips, and a trainer on a capped copy (≤ 64 points a
//!   split, ≤ 16 units a layer, ≤ 2 RBM epochs, ≤ 16 training points for the exact fit
//!   with l1 > 0) steps, trains an epoch and evaluates
//!   without panicking; every reported number is finite unless `diverged` is set, and then
//!   the losses are null.

use dlab::config::{Config, OptimKind, FIELDS};
use dlab::trainer::Trainer;

pub const MAX_POINTS: usize = 64;
pub const MAX_UNITS: usize = 16;
pub const MAX_RBM_EPOCHS: usize = 2;
pub const MAX_POINTS_EXACT_L1: usize = 16;
const SECTIONS: &[&str] = &["data", "model", "reg", "optim"];

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match Config::from_json(text) {
        Ok(config) => config,
        Err(e) => {
            check_error_path(&e.path, &e.message, text);
            return;
        }
    };
    // What was accepted serializes back to the same config.
    let again = Config::from_value(config.to_value())
        .unwrap_or_else(|e| panic!("an accepted config does not round-trip: {e}\n{text}"));
    assert_eq!(again, config, "round trip changed the config of {text}");
    train(capped(config), text);
}

/// Real config paths: FIELDS, the sections, the root (""); an unknown key names itself.
fn check_error_path(path: &str, message: &str, text: &str) {
    assert!(!message.is_empty(), "empty error message for {text:?}");
    let real = path.is_empty() || SECTIONS.contains(&path) || FIELDS.iter().any(|f| f.path == path);
    let unknown_key = message.starts_with("unknown setting");
    assert!(real || unknown_key, "error path {path:?} ({message}) is not a config path, for {text:?}");
}

/// The same config, small enough to train in milliseconds.
pub fn capped(mut config: Config) -> Config {
    config.data.n_train = config.data.n_train.min(MAX_POINTS);
    config.data.n_test = config.data.n_test.min(MAX_POINTS);
    config.optim.batch_size = config.optim.batch_size.min(MAX_POINTS);
    for width in &mut config.model.hidden {
        *width = (*width).min(MAX_UNITS);
    }
    config.model.rbm_epochs = config.model.rbm_epochs.min(MAX_RBM_EPOCHS);
    // The exact fit with l1 > 0 runs coordinate descent for up to 100 000 sweeps; on an
    // ill-conditioned degree-20 design it uses them all (a second natively, far longer
    // under the sanitizer), so those fits get fewer rows.
    if config.optim.kind == OptimKind::Exact && config.reg.l1 > 0.0 {
        config.data.n_train = config.data.n_train.min(MAX_POINTS_EXACT_L1);
    }
    // Still a valid config: capping only lowers numbers within their ranges.
    Config::from_value(config.to_value()).unwrap_or_else(|e| panic!("capping made a config invalid: {e}"))
}

fn train(config: Config, text: &str) {
    let regression = config.data.kind.is_regression();
    // Each exact step re-solves the same problem: one solve per round is enough.
    let steps = if config.optim.kind == OptimKind::Exact { 1 } else { 3 };
    let two_d = dlab::data::raw_dim(config.data.kind) == 2;
    let mut trainer = Trainer::new(config);
    for round in 0..3 {
        match round {
            0 => {}
            1 => trainer.step(steps),
            _ => trainer.train_epochs(1),
        }
        let m = trainer.evaluate();
        let context = || format!("round {round} of {text}");
        if m.diverged {
            assert!(m.train_loss.is_none() && m.test_loss.is_none(), "diverged with losses: {}", context());
            assert!(m.layers.is_empty(), "diverged with layer stats: {}", context());
            return;
        }
        let losses = [m.train_loss, m.test_loss];
        assert!(losses.iter().all(|l| l.is_some_and(f64::is_finite)), "{losses:?} not finite: {}", context());
        if regression {
            assert!(m.train_acc.is_none() && m.test_acc.is_none(), "accuracy on regression: {}", context());
        } else {
            let accs = [m.train_acc, m.test_acc];
            assert!(accs.iter().all(|a| a.is_some_and(|a| (0.0..=1.0).contains(&a))), "{accs:?}: {}", context());
        }
        assert_eq!(m.layers.len(), trainer.network().num_weight_layers(), "{}", context());
        for (i, s) in m.layers.iter().enumerate() {
            let values = [s.weight_norm, s.grad_norm, s.act_mean, s.act_std, s.saturated, s.dead];
            assert!(values.iter().all(|v| v.is_finite()), "layer {i} {s:?}: {}", context());
        }
        for layer in 0..trainer.network().hidden.len() {
            for pre in [true, false] {
                let (_, counts) = trainer.histogram(layer, pre).expect("every hidden layer has a histogram");
                assert!(counts.iter().all(|c| c.is_finite()), "histogram {layer}: {}", context());
            }
        }
        let grid = trainer.grid(5);
        if two_d {
            assert_eq!(grid.len(), 25, "{}", context());
            assert!(grid.iter().all(|v| v.is_finite()), "grid not finite: {}", context());
        }
    }
}
