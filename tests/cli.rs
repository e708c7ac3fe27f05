//! The CLI's contract (DESIGN.md, "The CLI"): `dlab run` prints one JSON line per report,
//! the same bytes for the same config and seed; a bad config exits 2 naming its path; a
//! diverging run exits 0 with `"diverged": true`; `dlab schema` prints every setting.

use dlab::config::Config;
use dlab::trainer::Trainer;
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn trainer(config: Value) -> Trainer {
    Trainer::new(Config::from_value(config).expect("a valid config"))
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
