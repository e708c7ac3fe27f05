//! Replays the committed seed corpus of the `config_json` fuzz target on stable Rust, so
//! CI exercises the target's body without nightly or libFuzzer (fuzz/README.md has the
//! fuzzing commands). Every file in fuzz/corpus/config_json/ goes through the same body.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/config_json_body.rs"]
mod body;

use std::path::Path;

#[test]
fn the_seed_corpus_replays_through_the_fuzz_target_body() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/config_json");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the seed corpus in {} has only {} files", dir.display(), files.len());
    let (mut accepted, mut refused) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let parsed = std::str::from_utf8(&bytes).ok().map(dlab::config::Config::from_json);
        match parsed {
            Some(Ok(_)) => accepted += 1,
            _ => refused += 1,
        }
        let outcome = std::panic::catch_unwind(|| body::run(&bytes));
        assert!(outcome.is_ok(), "the fuzz target body panicked on {}", path.display());
    }
    println!(
        "fuzz_corpus: {} corpus files replayed ({accepted} accepted configs trained, {refused} refused)",
        files.len()
    );
}

/// The capped copy the target trains stays valid for the largest config the schema allows.
#[test]
fn capping_keeps_the_largest_config_valid_and_small() {
    let deep = vec![256; 32];
    let json = serde_json::json!({
        "data": {"kind": "linear", "n_train": 20000, "n_test": 20000},
        "model": {"hidden": deep, "init": "rbm", "rbm_epochs": 200},
        "optim": {"batch_size": 20000},
    });
    let config = dlab::config::Config::from_value(json).expect("the largest config is valid");
    let small = body::capped(config);
    assert_eq!(small.data.n_train, body::MAX_POINTS);
    assert!(small.model.hidden.iter().all(|&w| w == body::MAX_UNITS));
    assert_eq!(small.model.hidden.len(), 32);
    assert_eq!(small.model.rbm_epochs, body::MAX_RBM_EPOCHS);
}
