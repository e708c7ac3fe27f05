//! The phenomena the lab teaches, as statements checked on small, fast setups (each well
//! under a second). The published experiments, on their published setups, are in
//! `tests/experiments.rs`; the CLI's contract in `tests/cli.rs`.

use dlab::config::Config;
use dlab::experiments::{batch_norm, dropout, he, zero_init};
use dlab::trainer::Trainer;
use serde_json::{json, Value};

fn trainer(config: Value) -> Trainer {
    Trainer::new(Config::from_value(config).expect("a valid config"))
}

/// grad_norm (‖∂L/∂W‖ on the probe batch) of every weight layer at initialization.
fn grad_norms_at_init(activation: &str, init: &str, depth: usize) -> Vec<f64> {
    let mut t = trainer(json!({
        "seed": 1,
        "data": {"kind": "circle"},
        "model": {"hidden": vec![16; depth], "activation": activation, "init": init}
    }));
    t.probe().iter().map(|l| l.grad_norm).collect()
}

#[test]
fn gradients_vanish_toward_the_input_in_a_10_layer_sigmoid_net() {
    let g = grad_norms_at_init("sigmoid", "xavier", 10);
    let (first, last_hidden) = (g[0], g[9]);
    assert!(
        first * 100.0 <= last_hidden,
        "first hidden layer {first:e}, last hidden layer {last_hidden:e}"
    );
}

#[test]
fn relu_with_he_init_keeps_the_gradients_of_10_layers_within_10x() {
    let g = grad_norms_at_init("relu", "he", 10);
    let hidden = &g[..10];
    let (lo, hi) = hidden.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    assert!(hi / lo <= 10.0, "{hidden:?}");
}

#[test]
fn xavier_halves_relu_activation_variance_per_layer_while_he_keeps_it_level_over_30_layers() {
    for seed in [1, 2] {
        let xavier = he::act_std_at_init(he::config("xavier", 30, 64, seed));
        let level = he::act_std_at_init(he::config("he", 30, 64, seed));
        let per_layer_xavier = he::variance_ratio_per_layer(&xavier);
        let per_layer_he = he::variance_ratio_per_layer(&level);
        assert!(
            (0.4..=0.6).contains(&per_layer_xavier),
            "seed {seed}: Xavier {per_layer_xavier}"
        );
        assert!(
            (0.8..=1.25).contains(&per_layer_he),
            "seed {seed}: He {per_layer_he}"
        );
        // End to end: 29 halvings is 2^-14.5 ≈ 4e-5 in std.
        assert!(
            xavier[29] / xavier[0] < 1e-3,
            "seed {seed}: {:e}",
            xavier[29] / xavier[0]
        );
        assert!(
            level[29] / level[0] > 0.1,
            "seed {seed}: {}",
            level[29] / level[0]
        );
    }
}

#[test]
fn zero_init_keeps_the_units_of_a_layer_identical_and_tanh_hidden_weights_at_exactly_zero() {
    for activation in ["tanh", "relu", "sigmoid"] {
        let mut t = trainer(zero_init::config(activation));
        t.train_epochs(20);
        let net = t.network();
        assert_eq!(
            zero_init::unit_spread(net),
            0.0,
            "{activation}: units differ"
        );
        let moved = zero_init::hidden_max_abs(net);
        if activation == "sigmoid" {
            assert!(moved > 0.0, "sigmoid hidden weights should move (alike)");
        } else {
            assert_eq!(moved, 0.0, "{activation}: a hidden weight moved");
        }
    }
}

#[test]
fn dropout_and_l2_shrink_the_train_test_gap_on_an_overfitting_setup() {
    // The dropout experiment's setup (10 points of sin(2πx), Adam, full batch) with a
    // smaller net (64-64) and 400 epochs, on three seeds.
    for seed in [1, 2, 3] {
        let small = |keep: f64, l2: f64| {
            let mut c = dropout::config(keep, l2, seed);
            c["model"]["hidden"] = json!([64, 64]);
            let (train, test) = dropout::train(c, 400);
            test - train
        };
        let plain = small(1.0, 0.0);
        let dropped = small(0.5, 0.0);
        let decayed = small(1.0, 0.01);
        assert!(
            plain > 0.05,
            "seed {seed}: the plain net should overfit (gap {plain})"
        );
        assert!(
            dropped < 0.75 * plain,
            "seed {seed}: dropout gap {dropped} vs {plain}"
        );
        assert!(
            decayed < 0.75 * plain,
            "seed {seed}: L2 gap {decayed} vs {plain}"
        );
    }
}

#[test]
fn batch_norm_lets_a_deep_sigmoid_net_train_faster() {
    // The batch-norm experiment's setup (10 sigmoid layers of 16, SGD lr 0.1, 20 epochs) on
    // seeds other than the published run's.
    for seed in [2, 3, 4] {
        let plain = batch_norm::train(batch_norm::config(false, seed), 20);
        let normalized = batch_norm::train(batch_norm::config(true, seed), 20);
        let (p, n) = (plain.train_loss[20], normalized.train_loss[20]);
        assert!(
            n < 0.5 * p,
            "seed {seed}: after 20 epochs, with BN {n}, without {p}"
        );
    }
}

#[test]
fn a_diverging_run_is_flagged_with_null_losses_and_never_panics() {
    let mut t = trainer(json!({
        "data": {"kind": "linear", "n_train": 20},
        "model": {"hidden": [], "init": "large"},
        "optim": {"lr": 10.0, "batch_size": 5}
    }));
    t.train_epochs(50);
    let m = t.evaluate();
    assert!(m.diverged && t.diverged());
    assert_eq!((m.train_loss, m.test_loss), (None, None));
    let line: Value = serde_json::to_value(&m).unwrap();
    assert_eq!(line["train_loss"], Value::Null);
    assert_eq!(line["diverged"], true);
    // Training on after divergence is a no-op, not a panic.
    t.step(10);
    t.train_epochs(1);
    assert!(t.evaluate().diverged);
}

#[test]
fn a_loss_a_million_times_its_start_is_divergence_even_while_finite() {
    // ReLU, N(0, 1) weights and lr 10: the loss climbs to ~1e48 without overflowing.
    let mut t = trainer(json!({"seed": 1, "data": {"kind": "sine"},
        "model": {"hidden": [16, 16, 16], "activation": "relu", "init": "large"}, "optim": {"lr": 10}}));
    let start = t.evaluate().train_loss.unwrap();
    t.step(50);
    let m = t.evaluate();
    assert!(m.diverged && m.train_loss.is_none() && m.layers.is_empty(), "start {start}, then {m:?}");
    let stopped_at = t.steps_taken();
    t.step(10);
    assert_eq!(t.steps_taken(), stopped_at, "a diverged run stops");
    // A run that learns never trips the rule.
    let mut calm = trainer(json!({"seed": 1, "data": {"kind": "sine"}, "model": {"hidden": [16]}}));
    calm.step(500);
    assert!(!calm.evaluate().diverged);
}

#[test]
fn batch_norm_never_normalizes_over_one_point() {
    // 21 points in batches of 10: the last batch of one joins the one before (10 + 11).
    let mut t = trainer(json!({"seed": 1, "data": {"kind": "circle", "n_train": 21},
        "model": {"hidden": [4], "batch_norm": true}, "optim": {"batch_size": 10}}));
    t.train_epochs(3);
    assert_eq!(t.steps_taken(), 6, "two steps an epoch");
    // Without batch norm the last point is a batch of its own.
    let mut plain = trainer(json!({"seed": 1, "data": {"kind": "circle", "n_train": 21},
        "model": {"hidden": [4]}, "optim": {"batch_size": 10}}));
    plain.train_epochs(3);
    assert_eq!(plain.steps_taken(), 9);
    for (config, path) in [
        (json!({"data": {"n_train": 1}, "model": {"batch_norm": true}}), "data.n_train"),
        (json!({"model": {"batch_norm": true}, "optim": {"batch_size": 1}}), "optim.batch_size"),
    ] {
        assert_eq!(Config::from_value(config).unwrap_err().path, path);
    }
}

#[test]
fn batch_norm_keeps_the_unbiased_batch_variance_as_its_running_average() {
    use dlab::layers::{batch_norm::BatchNorm, Mode};
    let mut bn = BatchNorm::new(1);
    let x = ndarray::array![[1.0], [2.0], [3.0], [6.0]];
    bn.forward(&x, Mode::Train);
    // Batch variance 3.5 (biased), × 4/3 = 14/3 unbiased; running = 0.9 · 1 + 0.1 · 14/3.
    assert!((bn.running_var[0] - (0.9 + 0.1 * 14.0 / 3.0)).abs() < 1e-12, "{}", bn.running_var[0]);
    assert!((bn.running_mean[0] - 0.1 * 3.0).abs() < 1e-12);
}

