//! The phenomena the lab teaches, and the contracts of its CLI, as statements checked on
//! small, fast setups (each well under a second). The published experiments, on their
//! published setups, are in `tests/experiments.rs`.

use dlab::config::Config;
use dlab::experiments::{batch_norm, dropout, he, zero_init};
use dlab::trainer::Trainer;
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

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
fn the_same_config_and_seed_give_identical_metrics_json() {
    let config = json!({
        "seed": 42,
        "data": {"kind": "spiral"},
        "model": {"hidden": [8, 8], "activation": "relu", "init": "he",
                  "batch_norm": true, "dropout_keep": 0.8},
        "optim": {"kind": "adam", "lr": 0.01}
    });
    let metrics = |config: &Value| {
        let mut t = trainer(config.clone());
        t.train_epochs(3);
        serde_json::to_string(&t.evaluate()).unwrap()
    };
    assert_eq!(metrics(&config), metrics(&config));
    let mut other_seed = config.clone();
    other_seed["seed"] = json!(43);
    assert_ne!(metrics(&config), metrics(&other_seed));

    let text = config.to_string();
    let a = cli(&["run", "--config", "-", "--epochs", "3"], &text);
    let b = cli(&["run", "--config", "-", "--epochs", "3"], &text);
    assert!(a.status.success());
    assert_eq!(
        a.stdout, b.stdout,
        "CLI output differs between identical runs"
    );
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

fn cli(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dlab binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn every_class_of_invalid_config_exits_2_with_an_error_naming_its_path() {
    let cases = [
        // unknown value
        (
            r#"{"model": {"activation": "swish"}}"#,
            "model.activation: unknown value \"swish\"",
        ),
        // unknown setting
        (r#"{"model": {"widht": 3}}"#, "model"),
        // out of range
        (
            r#"{"optim": {"lr": -1}}"#,
            "optim.lr: -1 is outside (0, 10]",
        ),
        (r#"{"optim": {"lr": 20}}"#, "optim.lr:"),
        (r#"{"model": {"dropout_keep": 0}}"#, "model.dropout_keep:"),
        (r#"{"data": {"n_train": 20001}}"#, "data.n_train:"),
        (r#"{"reg": {"l2": -0.1}}"#, "reg.l2:"),
        (r#"{"model": {"degree": 21}}"#, "model.degree:"),
        (r#"{"seed": -3}"#, "seed:"),
        // wrong type
        (r#"{"optim": {"lr": "fast"}}"#, "optim.lr:"),
        (r#"{"model": {"hidden": 8}}"#, "model.hidden:"),
        // network size limits
        (r#"{"model": {"hidden": [300]}}"#, "model.hidden: 300 units"),
        (
            &format!(r#"{{"model": {{"hidden": {:?}}}}}"#, vec![4; 33]),
            "model.hidden: 33 layers",
        ),
        // impossible combinations
        (
            r#"{"model": {"kind": "poly"}}"#,
            "model.kind: poly needs 1-D data",
        ),
        (
            r#"{"data": {"kind": "sine"}, "optim": {"kind": "exact"}}"#,
            "optim.kind: exact needs",
        ),
        (
            r#"{"model": {"hidden": []}, "optim": {"kind": "exact"}}"#,
            "optim.kind: exact fits",
        ),
        (r#"{"data": {"features": []}}"#, "data.features:"),
        (r#"{"data": {"features": ["x1", "x1"]}}"#, "data.features:"),
    ];
    for (config, expected) in cases {
        let out = cli(&["run", "--config", "-", "--epochs", "1"], config);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert!(
            stderr.starts_with(expected),
            "{config}: stderr {stderr:?}, expected {expected:?}"
        );
        assert!(out.stdout.is_empty(), "{config}: printed a result");
    }
    let out = cli(&["run", "--config", "-"], r#"{"model": {"widht": 3}}"#);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown setting \"widht\""));
    let out = cli(&["run", "--config", "-"], "not json");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("not valid JSON"));
}

#[test]
fn a_diverging_cli_run_exits_0_and_prints_diverged_true_with_null_losses() {
    let config = r#"{"data": {"kind": "linear", "n_train": 20}, "model": {"hidden": [], "init": "large"},
                     "optim": {"lr": 10, "batch_size": 5}}"#;
    let out = cli(
        &["run", "--config", "-", "--epochs", "100", "--every", "10"],
        config,
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["diverged"], true);
    assert_eq!(last["train_loss"], Value::Null);
    assert_eq!(last["test_loss"], Value::Null);
    assert!(
        stdout.lines().count() < 10,
        "a diverged run stops printing: {stdout}"
    );
}

#[test]
fn steps_0_prints_the_initial_state() {
    let config = json!({"seed": 3, "data": {"kind": "xor"}, "model": {"hidden": [4]}});
    let out = cli(
        &["run", "--config", "-", "--steps", "0"],
        &config.to_string(),
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let line: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        (line["epoch"].as_u64(), line["step"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(line["diverged"], false);
    // Compared as text: serde_json's default float parser may be off by an ulp.
    let untrained = serde_json::to_string(&trainer(config).evaluate()).unwrap();
    assert_eq!(
        stdout.trim(),
        untrained,
        "the line is the untrained network's metrics"
    );
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

#[test]
fn the_schema_command_prints_every_setting_with_its_default() {
    let out = Command::new(env!("CARGO_BIN_EXE_dlab")).arg("schema").output().expect("dlab runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let schema: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entries = schema.as_array().expect("a list");
    let loss = entries.iter().find(|e| e["path"] == "model.loss").expect("model.loss");
    assert_eq!(loss["nullable"], true);
    assert_eq!(loss["options"], json!(["cross_entropy", "mse"]));
    assert_eq!(entries.len(), dlab::config::FIELDS.len());
}
