//! Property tests over random configs (proptest).
//!
//! Valid configs: every activation × init × depth (0..=6, and a few deep nets up to 32
//! layers of width ≤ 4) × width 1..=64 × l1/l2 (0 or log-uniform up to 100) × dropout ×
//! batch norm × optimizer (exact where it is valid) × lr log-uniform in (1e-4, 10] × data
//! kind × scale × features × n_train 1..=300 × batch_size 0..=n_train. Training a few steps
//! and epochs never panics; the metrics are finite (losses, every layer stat, histograms,
//! grid outputs) or `diverged` is true with null losses; `set` of a live path (or any other
//! path) followed by more steps never panics.
//!
//! Invalid configs: mutations of valid ones (wrong types, out-of-range, negative and huge
//! numbers, NaN-ish strings, unknown keys at any depth, empty and 40-layer lists, unknown
//! enum values, non-object sections, impossible combinations, broken JSON text) are
//! refused by `Config::from_json` with an error whose path is a real config path, and
//! never panic.
//!
//! Case counts: `PROPTEST_CASES` (default 400 valid, 600 single-mutation, 300 multi-mutation,
//! 300 damaged-text); each test prints how many cases it ran (`cargo test --release --test
//! fuzz_configs -- --nocapture` shows it). The draws come from a fixed seed so CI is
//! repeatable; `DLAB_FUZZ_SEED=<n>|random` explores others.
#![cfg(not(target_arch = "wasm32"))]

use dlab::config::{Config, FieldKind, FIELDS, LIVE_PATHS};
use dlab::diagnostics::HISTOGRAM_BINS;
use dlab::trainer::{Metrics, Trainer, PROBE_SIZE};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicUsize, Ordering};

const DATA_KINDS: &[&str] = &["circle", "xor", "gauss", "spiral", "poly", "sine", "linear"];
const FEATURES: &[&str] = &["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"];
const SCALES: &[&str] = &["none", "zscore", "minmax"];
const ACTIVATIONS: &[&str] = dlab::config::Activation::NAMES;
const INITS: &[&str] = dlab::config::Init::NAMES;
const ITERATIVE: &[&str] = &["sgd", "momentum", "adam"];
const SECTIONS: &[&str] = &["data", "model", "reg", "optim"];

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn log_uniform(lo: f64, hi: f64, u: f64) -> f64 {
    (lo.ln() + (hi.ln() - lo.ln()) * u).exp()
}

// ---------------------------------------------------------------------------------------
// Valid configs
// ---------------------------------------------------------------------------------------

/// The raw draws behind one valid config; `to_json` derives the dependent settings.
#[derive(Clone, Debug)]
struct Draw {
    seed: u64,
    kind: usize,
    n_train: usize,
    n_test: usize,
    noise: Option<f64>,
    feature_mask: u8,
    scale: usize,
    poly: bool,
    degree: usize,
    deep: bool,
    widths: Vec<usize>,
    deep_shape: (usize, usize),
    activation: usize,
    leaky_slope: f64,
    init: usize,
    rbm_epochs: usize,
    batch_norm: bool,
    keep: Option<f64>,
    l1: Option<f64>,
    l2: Option<f64>,
    exact: bool,
    optim: usize,
    lr: f64,
    batch_frac: f64,
}

/// 0 (a third of the time) or log-uniform in [1e-6, 100].
fn penalty() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), (0.0..=1.0f64).prop_map(|u| Some(log_uniform(1e-6, 100.0, u)))]
}

prop_compose! {
    fn data_draw()(seed in 0u64..(1 << 53), kind in 0..DATA_KINDS.len(), n_train in 1usize..=300,
                   n_test in 1usize..=120, noise in prop::option::of(0.0..=10.0f64),
                   feature_mask in 1u8..128, scale in 0..SCALES.len())
        -> (u64, usize, usize, usize, Option<f64>, u8, usize) {
        (seed, kind, n_train, n_test, noise, feature_mask, scale)
    }
}

prop_compose! {
    fn model_draw()(poly in any::<bool>(), degree in 0usize..=20, deep in prop::bool::weighted(0.08),
                    widths in prop::collection::vec(1usize..=64, 0..=6),
                    deep_shape in (7usize..=32, 1usize..=4), activation in 0..ACTIVATIONS.len(),
                    leaky_slope in 0.0..=1.0f64, init in 0..INITS.len(), rbm_epochs in 0usize..=2,
                    batch_norm in any::<bool>())
        -> (bool, usize, bool, Vec<usize>, (usize, usize), usize, f64, usize, usize, bool) {
        (poly, degree, deep, widths, deep_shape, activation, leaky_slope, init, rbm_epochs, batch_norm)
    }
}

prop_compose! {
    fn training_draw()(keep in prop_oneof![Just(None), (0.01..=1.0f64).prop_map(Some)],
                       l1 in penalty(), l2 in penalty(), exact in prop::bool::weighted(0.3),
                       optim in 0..ITERATIVE.len(), lr_u in 0.0..=1.0f64, batch_frac in 0.0..=1.0f64)
        -> (Option<f64>, Option<f64>, Option<f64>, bool, usize, f64, f64) {
        // lr log-uniform in (1e-4, 10]: u = 0 maps to 1e-4·(1 + ε).
        let lr = log_uniform(1e-4, 10.0, lr_u).clamp(1.0001e-4, 10.0);
        (keep, l1, l2, exact, optim, lr, batch_frac)
    }
}

prop_compose! {
    fn draw()(d in data_draw(), m in model_draw(), t in training_draw()) -> Draw {
        Draw {
            seed: d.0, kind: d.1, n_train: d.2, n_test: d.3, noise: d.4, feature_mask: d.5, scale: d.6,
            poly: m.0, degree: m.1, deep: m.2, widths: m.3, deep_shape: m.4, activation: m.5,
            leaky_slope: m.6, init: m.7, rbm_epochs: m.8, batch_norm: m.9,
            keep: t.0, l1: t.1, l2: t.2, exact: t.3, optim: t.4, lr: t.5, batch_frac: t.6,
        }
    }
}

impl Draw {
    fn to_json(&self) -> Value {
        let kind = DATA_KINDS[self.kind];
        let one_d = matches!(kind, "poly" | "sine");
        let regression = matches!(kind, "poly" | "sine" | "linear");
        let poly = self.poly && one_d;
        let hidden: Vec<usize> = if self.deep {
            vec![self.deep_shape.1; self.deep_shape.0]
        } else {
            self.widths.clone()
        };
        let linear_model = poly || hidden.is_empty();
        let optim = if self.exact && linear_model && regression {
            "exact"
        } else {
            ITERATIVE[self.optim]
        };
        let features: Vec<&str> = FEATURES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.feature_mask & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect();
        // The exact fit with l1 > 0 is coordinate descent that often uses all its 100 000
        // sweeps (seconds at 100 points in 200 dimensions): fewer points keep cases quick.
        let n_train = if optim == "exact" && self.l1.is_some() { self.n_train.min(40) } else { self.n_train };
        // Batch norm refuses one point (a batch of one has no variance).
        let n_train = if self.batch_norm { n_train.max(2) } else { n_train };
        let batch_size = ((n_train + 1) as f64 * self.batch_frac).floor() as usize;
        let batch_size = if self.batch_norm && batch_size == 1 { 2 } else { batch_size };
        let mut data = json!({"kind": kind, "n_train": n_train, "n_test": self.n_test,
                              "features": features});
        if let Some(noise) = self.noise {
            data["noise"] = json!(noise);
        }
        let mut model = json!({
            "kind": if poly { "poly" } else { "mlp" },
            "hidden": hidden,
            "activation": ACTIVATIONS[self.activation],
            "leaky_slope": self.leaky_slope,
            "init": INITS[self.init],
            "batch_norm": self.batch_norm,
            "degree": self.degree,
            "rbm_epochs": self.rbm_epochs,
            "basis": BASES[(self.seed % 2) as usize],
        });
        // The loss: the data's default, or either one where it applies (the seed's bits pick).
        let classification = !matches!(kind, "poly" | "sine" | "linear");
        match (self.seed >> 1) % 3 {
            1 => model["loss"] = json!("mse"),
            2 if classification => model["loss"] = json!("cross_entropy"),
            _ => {}
        }
        if let Some(keep) = self.keep {
            model["dropout_keep"] = json!(keep);
        }
        json!({
            "seed": self.seed,
            "data": data,
            "scale": SCALES[self.scale],
            "model": model,
            "reg": {"l1": self.l1.unwrap_or(0.0), "l2": self.l2.unwrap_or(0.0)},
            "optim": {"kind": optim, "lr": self.lr, "batch_size": batch_size.min(n_train)},
        })
    }
}

/// What to change on a running trainer: a live path (or, now and then, one that rebuilds).
#[derive(Clone, Debug)]
struct Change {
    path: usize,
    u: f64,
    pick: usize,
}

prop_compose! {
    fn change()(path in 0..LIVE_PATHS.len() + 2, u in 0.0..=1.0f64, pick in 0usize..8) -> Change {
        Change { path, u, pick }
    }
}

impl Change {
    /// (path, value): mostly valid values, sometimes invalid ones (which `set` must refuse).
    fn value(&self, n_train: usize) -> (&'static str, Value) {
        let invalid = self.pick == 7;
        let path = match self.path {
            i if i < LIVE_PATHS.len() => LIVE_PATHS[i],
            i if i == LIVE_PATHS.len() => "model.activation",
            _ => "data.n_train",
        };
        let value = match path {
            "optim.lr" if invalid => json!(-self.u),
            "optim.lr" => json!(log_uniform(1e-4, 10.0, self.u).clamp(1.0001e-4, 10.0)),
            "optim.batch_size" if invalid => json!(-1),
            "optim.batch_size" => json!(((n_train + 1) as f64 * self.u).floor().min(n_train as f64) as usize),
            "optim.kind" => json!(["sgd", "momentum", "adam", "exact", "sgd", "adam", "momentum", "nesterov"][self.pick]),
            "reg.l1" | "reg.l2" if invalid => json!(100.0 + self.u + 1e-6),
            "reg.l1" | "reg.l2" if self.pick < 2 => json!(0.0),
            "reg.l1" | "reg.l2" => json!(log_uniform(1e-6, 100.0, self.u)),
            "model.dropout_keep" if invalid => json!(0.0),
            "model.dropout_keep" => json!((self.u).max(0.01)),
            "model.activation" => json!(ACTIVATIONS[self.pick % ACTIVATIONS.len()]),
            "data.n_train" if invalid => json!(0),
            "data.n_train" => json!(1 + (self.u * 60.0) as usize),
            _ => json!(null),
        };
        (path, value)
    }
}

/// Everything a page or the CLI reads after a step: metrics, histograms, the grid.
fn check_state(trainer: &mut Trainer, m: &Metrics, context: &str) -> Result<(), TestCaseError> {
    let classification = !trainer.is_regression();
    if m.diverged {
        prop_assert!(m.train_loss.is_none() && m.test_loss.is_none(), "{context}: diverged but losses {m:?}");
        prop_assert!(m.train_acc.is_none() && m.test_acc.is_none(), "{context}: diverged but accuracies {m:?}");
        prop_assert!(trainer.diverged(), "{context}: metrics diverged, trainer not");
        // A diverged run stops: more steps change nothing and do not panic.
        let step = trainer.steps_taken();
        trainer.step(3);
        prop_assert_eq!(trainer.steps_taken(), step);
        return Ok(());
    }
    let (train, test) = (m.train_loss, m.test_loss);
    prop_assert!(
        matches!(train, Some(v) if v.is_finite() && v >= 0.0) && matches!(test, Some(v) if v.is_finite() && v >= 0.0),
        "{context}: not diverged but losses {train:?} {test:?}"
    );
    if classification {
        for acc in [m.train_acc, m.test_acc] {
            prop_assert!(matches!(acc, Some(a) if (0.0..=1.0).contains(&a)), "{context}: accuracy {acc:?}");
        }
    } else {
        prop_assert!(m.train_acc.is_none() && m.test_acc.is_none(), "{context}: regression with accuracy");
    }
    let layers = trainer.network().num_weight_layers();
    prop_assert_eq!(m.layers.len(), layers, "{}: one stats entry per weight layer", context);
    for (i, s) in m.layers.iter().enumerate() {
        let values = [s.weight_norm, s.grad_norm, s.act_mean, s.act_std, s.saturated, s.dead];
        prop_assert!(values.iter().all(|v| v.is_finite()), "{context}: layer {i} stats not finite while not diverged: {s:?}");
        prop_assert!((0.0..=1.0).contains(&s.saturated) && (0.0..=1.0).contains(&s.dead), "{context}: layer {i} fractions {s:?}");
    }
    // Histograms of every hidden layer (the probe ran inside `evaluate`).
    let hidden = trainer.network().hidden.len();
    let probe_rows = trainer.config().data.n_train.min(PROBE_SIZE);
    for l in 0..hidden {
        let units = trainer.network().hidden[l].dense.n_out();
        for pre in [true, false] {
            let Some(((lo, hi), counts)) = trainer.histogram(l, pre) else {
                return Err(TestCaseError::fail(format!("{context}: no histogram for hidden layer {l}")));
            };
            prop_assert!(lo.is_finite() && hi.is_finite() && lo < hi, "{context}: histogram range {lo} {hi}");
            prop_assert_eq!(counts.len(), HISTOGRAM_BINS);
            prop_assert!(counts.iter().all(|c| c.is_finite() && *c >= 0.0));
            let total: f64 = counts.iter().sum();
            prop_assert!(total <= (probe_rows * units) as f64, "{context}: histogram counts {total} > {probe_rows}×{units}");
        }
    }
    prop_assert!(trainer.histogram(hidden, true).is_none(), "{context}: histogram past the last hidden layer");
    // The decision surface of the 2-D sets, and whatever `grid` says for the others.
    let two_d = dlab::data::raw_dim(trainer.config().data.kind) == 2;
    let grid = trainer.grid(7);
    if two_d {
        prop_assert_eq!(grid.len(), 49);
        prop_assert!(grid.iter().all(|v| v.is_finite()), "{context}: grid output not finite while not diverged");
    }
    Ok(())
}

static VALID_CASES: AtomicUsize = AtomicUsize::new(0);
static DIVERGED_CASES: AtomicUsize = AtomicUsize::new(0);
static SET_REFUSED: AtomicUsize = AtomicUsize::new(0);

fn run_valid(draw: &Draw, steps: usize, epochs: usize, change: &Change) -> Result<(), TestCaseError> {
    let json = draw.to_json();
    let text = json.to_string();
    let config = Config::from_json(&text)
        .map_err(|e| TestCaseError::fail(format!("a valid config was refused: {e}\n{text}")))?;
    // The exact fit re-solves the same problem each step, and with l1 > 0 (coordinate
    // descent, up to 100 000 sweeps) one solve can take a second: one or two are enough.
    let (steps, epochs) = if config.optim.kind == dlab::config::OptimKind::Exact {
        (steps.min(2), epochs.min(1))
    } else {
        (steps, epochs)
    };
    let started = std::time::Instant::now();
    let n_train = config.data.n_train;
    let result = train_and_check(config, &text, steps, epochs, change, n_train);
    let seconds = started.elapsed().as_secs_f64();
    if seconds > 1.0 {
        println!("fuzz_configs: slow case ({seconds:.1} s): {text} steps {steps} epochs {epochs}");
    }
    result
}

fn train_and_check(config: Config, text: &str, steps: usize, epochs: usize, change: &Change, n_train: usize) -> Result<(), TestCaseError> {
    let mut trainer = Trainer::new(config);
    let m0 = trainer.evaluate();
    check_state(&mut trainer, &m0, &format!("initial state of {text}"))?;
    trainer.step(steps);
    let m1 = trainer.evaluate();
    check_state(&mut trainer, &m1, &format!("after {steps} steps of {text}"))?;
    if !m1.diverged {
        prop_assert!(trainer.steps_taken() == steps, "{text}: {} steps taken of {steps}", trainer.steps_taken());
    }
    trainer.train_epochs(epochs);
    let m2 = trainer.evaluate();
    check_state(&mut trainer, &m2, &format!("after {epochs} more epochs of {text}"))?;
    let _ = trainer.probe();
    let (path, value) = change.value(n_train);
    let shown = value.to_string();
    match trainer.set(path, value) {
        Ok(_) => {
            trainer.step(steps.min(5));
            let m3 = trainer.evaluate();
            check_state(&mut trainer, &m3, &format!("after set({path}, {shown}) of {text}"))?;
        }
        Err(e) => {
            SET_REFUSED.fetch_add(1, Ordering::Relaxed);
            prop_assert_eq!(e.path.as_str(), path, "set({}, {}) refused with another path: {}", path, shown, e);
        }
    }
    if trainer.diverged() {
        DIVERGED_CASES.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

#[test]
fn valid_configs_train_without_panicking() {
    let strategy = (draw(), 1usize..=12, 0usize..=2, change());
    run_property("valid configs", cases(400), &strategy, &VALID_CASES, |(d, steps, epochs, c)| {
        run_valid(&d, steps, epochs, &c)
    });
    println!(
        "  of which {} diverged, {} set() calls were refused",
        DIVERGED_CASES.load(Ordering::Relaxed),
        SET_REFUSED.load(Ordering::Relaxed)
    );
}

// ---------------------------------------------------------------------------------------
// Invalid configs
// ---------------------------------------------------------------------------------------

/// One change that makes a valid config invalid.
#[derive(Clone, Debug)]
enum Mutation {
    /// FIELDS[field] gets a value its kind refuses (`pick` chooses which, `x` scales it).
    BadValue { field: usize, pick: usize, x: f64 },
    /// An unknown key in the root (`section` = None) or in a section, maybe holding an object.
    UnknownKey { section: Option<usize>, key: String, nested: bool },
    /// A section (or the root, `section` = None) that is not an object.
    NotAnObject { section: Option<usize>, pick: usize },
    /// Settings valid alone but not together.
    Combination { pick: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let key = prop_oneof![
        "[a-z_]{1,12}",
        Just(String::new()),
        Just("model.kind".to_string()),
        Just("hidden ".to_string()),
        Just("Seed".to_string()),
        Just("n_train".to_string()),
        Just("lr".to_string()),
        "\\PC{1,6}",
    ];
    prop_oneof![
        6 => (0..FIELDS.len(), 0usize..64, -1e6..1e6f64).prop_map(|(field, pick, x)| Mutation::BadValue { field, pick, x }),
        2 => (prop::option::of(0..SECTIONS.len()), key, any::<bool>())
            .prop_map(|(section, key, nested)| Mutation::UnknownKey { section, key, nested }),
        1 => (prop::option::of(0..SECTIONS.len()), 0usize..8).prop_map(|(section, pick)| Mutation::NotAnObject { section, pick }),
        1 => (0usize..4).prop_map(|pick| Mutation::Combination { pick }),
    ]
}

const BASES: [&str; 2] = ["scaled", "power"];

const WRONG_TYPES: &[&str] = &[
    r#""fast""#, r#""NaN""#, r#""Infinity""#, r#""-inf""#, r#""1e999""#, r#""""#, "true", "[]", "{}", r#"{"a": 1}"#,
    "[1, 2]",
];

/// A value the field's kind refuses. `pick` chooses among the kind's bad values.
fn bad_value(kind: FieldKind, pick: usize, x: f64) -> Value {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    let wrong_type = |pick: usize| parse(WRONG_TYPES[pick % WRONG_TYPES.len()]);
    let big = x.abs() + 1.0;
    match kind {
        FieldKind::Number { min, max, .. } | FieldKind::OptionalNumber { min, max } if pick % 2 == 0 => {
            let exclusive = matches!(kind, FieldKind::Number { min_exclusive: true, .. });
            match (pick / 2) % 8 {
                0 if exclusive => json!(min),
                0 | 1 => json!(min - big),
                2 => json!(max + big),
                3 => json!(max * (1.0 + 1e-9) + 1e-12),
                4 => json!(1e308),
                5 => json!(-1e308),
                6 => json!(-1),
                _ => json!(max + 1e300),
            }
        }
        FieldKind::Number { .. } => {
            if pick % 6 == 1 { Value::Null } else { wrong_type(pick / 2) }
        }
        FieldKind::OptionalNumber { .. } => wrong_type(pick / 2),
        FieldKind::Integer { min, max } => match pick % 10 {
            0 => json!(-1),
            1 => json!(-(big.floor()) as i64 - 1),
            2 => json!(max as f64 * 2.0 + 1e6),
            3 => json!(2.5),
            4 if max < u64::MAX => json!(max + 1 + (big as u64 % 1000)),
            5 if min > 0 => json!(min - 1),
            6 => parse("18446744073709551616"),
            7 => Value::Null,
            8 => json!(1e30),
            _ => wrong_type(pick / 10),
        },
        FieldKind::Enum(names) => match pick % 8 {
            0 => json!("swish"),
            1 => json!(names[pick % names.len()].to_uppercase()),
            2 => json!(format!("{} ", names[pick % names.len()])),
            3 => json!(""),
            4 => json!(pick),
            5 => Value::Null,
            6 => json!([names[0]]),
            _ => wrong_type(pick / 8),
        },
        // Null is its default ("the data's own"), so only bad names and wrong types.
        FieldKind::OptionalEnum(names) => match pick % 6 {
            0 => json!("swish"),
            1 => json!(names[pick % names.len()].to_uppercase()),
            2 => json!(""),
            3 => json!(pick),
            4 => json!([names[0]]),
            _ => wrong_type(pick / 6),
        },
        FieldKind::Bool => match pick % 6 {
            0 => json!("true"),
            1 => json!(1),
            2 => Value::Null,
            3 => json!([]),
            4 => json!(0),
            _ => json!(["false", "yes", "on", "1"][pick / 6 % 4]),
        },
        FieldKind::IntList { min, max, max_len } => match pick % 12 {
            0 => json!(vec![4; max_len + 1 + pick % 8]),
            1 => json!(vec![8; 40]),
            2 => json!([min.saturating_sub(1)]),
            3 => json!([8, max + 1 + (big as u64 % 1000)]),
            4 => json!([8, -1]),
            5 => json!([2.5]),
            6 => json!(["8"]),
            7 => json!([null]),
            8 => json!(8),
            9 => json!("8,8"),
            10 => Value::Null,
            _ => json!([1e30]),
        },
        FieldKind::EnumList(names) => match pick % 8 {
            0 => json!([]),
            1 => json!(["x3"]),
            2 => json!([names[0], names[0]]),
            3 => json!(names[0]),
            4 => Value::Null,
            5 => json!([1]),
            6 => json!([names[1], names[pick % names.len()], names[1]]),
            _ => json!([names[0], "NaN"]),
        },
    }
}

/// Sets `path` (dotted) in `root`, turning whatever is in the way into objects.
fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut node = root;
    let keys: Vec<&str> = path.split('.').collect();
    for key in &keys[..keys.len() - 1] {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        node = node.as_object_mut().unwrap().entry(key.to_string()).or_insert_with(|| json!({}));
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    node.as_object_mut().unwrap().insert(keys[keys.len() - 1].to_string(), value);
}

/// What a mutation's error may name: (exact paths, or for an unknown key its parent too).
fn apply(root: &mut Value, m: &Mutation) -> Vec<String> {
    match m {
        Mutation::BadValue { field, pick, x } => {
            let field = &FIELDS[*field];
            set_path(root, field.path, bad_value(field.kind, *pick, *x));
            vec![field.path.to_string()]
        }
        Mutation::UnknownKey { section, key, nested } => {
            let known: Vec<&str> = FIELDS.iter().map(|f| f.path.rsplit('.').next().unwrap()).chain(SECTIONS.iter().copied()).collect();
            let key = if known.contains(&key.as_str()) { format!("{key}_unknown") } else { key.clone() };
            let value = if *nested { json!({"deeper": {"x": 1}}) } else { json!(1) };
            let parent = section.map(|s| SECTIONS[s]).unwrap_or("");
            if parent.is_empty() {
                if !root.is_object() {
                    *root = json!({});
                }
                root.as_object_mut().unwrap().insert(key.clone(), value);
                vec![key, String::new()]
            } else {
                set_path(root, &format!("{parent}.__placeholder__"), Value::Null);
                let object = root[parent].as_object_mut().unwrap();
                object.remove("__placeholder__");
                object.insert(key.clone(), value);
                vec![format!("{parent}.{key}"), parent.to_string()]
            }
        }
        Mutation::NotAnObject { section, pick } => {
            let value = [json!(3), json!("data"), Value::Null, json!(true), json!([]), json!([1, 2]), json!(["circle"]), json!(-1.5)][*pick].clone();
            match section {
                None => {
                    *root = value;
                    vec![String::new()]
                }
                Some(s) => {
                    if !root.is_object() {
                        *root = json!({});
                    }
                    root[SECTIONS[*s]] = value;
                    vec![SECTIONS[*s].to_string()]
                }
            }
        }
        Mutation::Combination { pick } => match pick {
            0 => {
                set_path(root, "data.kind", json!("circle"));
                set_path(root, "model.kind", json!("poly"));
                vec!["model.kind".into()]
            }
            1 => {
                set_path(root, "data.kind", json!("sine"));
                set_path(root, "model.kind", json!("mlp"));
                set_path(root, "model.hidden", json!([4]));
                set_path(root, "model.loss", Value::Null);
                set_path(root, "optim.kind", json!("exact"));
                vec!["optim.kind".into()]
            }
            2 => {
                set_path(root, "data.kind", json!("poly"));
                set_path(root, "model.loss", json!("cross_entropy"));
                vec!["model.loss".into()]
            }
            _ => {
                set_path(root, "data.kind", json!("spiral"));
                set_path(root, "model.kind", json!("mlp"));
                set_path(root, "model.hidden", json!([]));
                set_path(root, "optim.kind", json!("exact"));
                vec!["optim.kind".into()]
            }
        },
    }
}

/// Every path an error may name: FIELDS' paths, the sections, the root.
fn real_paths() -> Vec<String> {
    FIELDS.iter().map(|f| f.path.to_string()).chain(SECTIONS.iter().map(|s| s.to_string())).chain([String::new()]).collect()
}

static INVALID_SINGLE: AtomicUsize = AtomicUsize::new(0);
static INVALID_MULTI: AtomicUsize = AtomicUsize::new(0);
static INVALID_TEXT: AtomicUsize = AtomicUsize::new(0);

fn refused(text: &str) -> Result<dlab::config::ConfigError, TestCaseError> {
    match Config::from_json(text) {
        Ok(c) => Err(TestCaseError::fail(format!("an invalid config was accepted: {text}\nas {c:?}"))),
        Err(e) => {
            let shown = e.to_string();
            if !e.path.is_empty() {
                prop_assert!(shown.starts_with(&format!("{}: ", e.path)), "error display {shown:?} does not start with its path");
                prop_assert!(!e.message.is_empty());
            }
            // serde's backticks are gone and quotes pair up (no stray `3", expected`).
            let quotes = shown.matches('"').count();
            let odd_key = e.path.contains(['`', '"', '\\']);
            prop_assert!(odd_key || (!shown.contains('`') && (shown.contains('\\') || quotes % 2 == 0)), "unreadable message {shown:?}");
            Ok(e)
        }
    }
}

/// One mutation: the error names exactly the mutated path (or an unknown key's parent).
fn one_invalid(d: Draw, m: Mutation) -> Result<(), TestCaseError> {
    let mut value = d.to_json();
    let expected = apply(&mut value, &m);
    let text = value.to_string();
    let e = refused(&text)?;
    prop_assert!(expected.contains(&e.path), "{m:?} on {text}\n  error {e} names {:?}, expected one of {expected:?}", e.path);
    // The same value through `with` (what `set` uses) is refused too, naming the field.
    if let Mutation::BadValue { field, .. } = &m {
        let field = &FIELDS[*field];
        let at = field.path.split('.').try_fold(&value, |node, key| node.get(key)).cloned().unwrap();
        let base = Config::from_json(&d.to_json().to_string()).unwrap();
        let err = base.with(field.path, at.clone()).err();
        prop_assert!(err.as_ref().is_some_and(|e| e.path == field.path), "with({}, {at}) gave {err:?}", field.path);
    }
    Ok(())
}

/// Several mutations: refused, naming a real config path (or one of the unknown keys).
fn several_invalid(d: Draw, ms: Vec<Mutation>) -> Result<(), TestCaseError> {
    let mut value = d.to_json();
    let mut allowed = real_paths();
    for m in &ms {
        allowed.extend(apply(&mut value, m));
    }
    let text = value.to_string();
    let e = refused(&text)?;
    prop_assert!(allowed.contains(&e.path), "{ms:?} on {text}\n  error {e} names {:?}", e.path);
    Ok(())
}

const TOKENS: &[&str] = &[
    "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "nan", "0x10", "+1", "01", ".5", "1.", "\"\\ud800\"", ",", "}",
    "]", "\u{0}", "\"", "{\"seed\":", "1e-999", "-0", "123456789012345678901234567890",
];

/// Text-level damage (NaN/Infinity tokens, huge exponents, truncation): no panic; an error
/// names a real path or says the JSON is invalid.
fn damaged_text(d: Draw, at: f64, token: usize, truncate: bool) -> Result<(), TestCaseError> {
    let text = d.to_json().to_string();
    // Replace one value: the text after a ':' up to the next ',' or '}'.
    let colons: Vec<usize> = text.match_indices(':').map(|(i, _)| i).collect();
    let i = colons[((colons.len() as f64) * at) as usize % colons.len()];
    let end = text[i + 1..].find([',', '}']).map(|j| i + 1 + j).unwrap_or(text.len());
    let mut damaged = format!("{}{}{}", &text[..=i], TOKENS[token], &text[end..]);
    if truncate {
        let cut = (damaged.len() as f64 * at) as usize;
        let cut = (0..=cut).rev().find(|&c| damaged.is_char_boundary(c)).unwrap_or(0);
        damaged.truncate(cut);
    }
    if let Err(e) = Config::from_json(&damaged) {
        prop_assert!(
            real_paths().contains(&e.path) || (e.path.is_empty() && e.message.starts_with("not valid JSON")),
            "{damaged}\n  error {e} names {:?}", e.path
        );
    }
    Ok(())
}

#[test]
fn one_invalid_setting_is_refused_naming_its_path() {
    run_property("single-mutation invalid configs", cases(300) * 2, &(draw(), mutation()), &INVALID_SINGLE, |(d, m)| {
        one_invalid(d, m)
    });
}

#[test]
fn mutated_configs_are_refused_naming_a_real_path() {
    let strategy = (draw(), prop::collection::vec(mutation(), 2..=4));
    run_property("multi-mutation invalid configs", cases(300), &strategy, &INVALID_MULTI, |(d, ms)| {
        several_invalid(d, ms)
    });
}

#[test]
fn damaged_json_text_never_panics() {
    let strategy = (draw(), 0.0..1.0f64, 0..TOKENS.len(), any::<bool>());
    run_property("damaged JSON texts", cases(300), &strategy, &INVALID_TEXT, |(d, at, token, truncate)| {
        damaged_text(d, at, token, truncate)
    });
}

/// Runs `test` over `cases` draws of `strategy` from a fixed seed (`DLAB_FUZZ_SEED` picks
/// another, `DLAB_FUZZ_SEED=random` a fresh one), shrinks a failure to a minimal input and
/// prints how many cases ran.
fn run_property<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: &S,
    counter: &AtomicUsize,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let seed: u64 = match std::env::var("DLAB_FUZZ_SEED").as_deref() {
        Ok("random") => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64,
        Ok(s) => s.parse().expect("DLAB_FUZZ_SEED: a number or random"),
        Err(_) => 0xD1AB,
    };
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = ProptestConfig { cases, max_shrink_iters: 4000, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    quiet_panics_inside_cases();
    let started = std::time::Instant::now();
    let result = runner.run(strategy, |value| {
        counter.fetch_add(1, Ordering::Relaxed);
        IN_CASE.with(|c| c.set(true));
        let outcome = test(value);
        IN_CASE.with(|c| c.set(false));
        outcome
    });
    println!(
        "fuzz_configs: {name}: {} cases run (seed {seed}, {:.1} s, counting shrink attempts)",
        counter.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{name} (seed {seed}): {e}");
    }
}

thread_local! {
    static IN_CASE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Shrinking re-runs a panicking case hundreds of times; proptest reports the panic of the
/// minimal input, so the hook stays quiet inside cases (`DLAB_FUZZ_VERBOSE=1` shows all).
fn quiet_panics_inside_cases() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_case = IN_CASE.with(|c| c.get());
            if !in_case || std::env::var_os("DLAB_FUZZ_VERBOSE").is_some() {
                default_hook(info);
            }
        }));
    });
}

// ---------------------------------------------------------------------------------------
// Memory limits
// ---------------------------------------------------------------------------------------

/// Every size past the DESIGN.md limits is refused, naming its setting.
#[test]
fn sizes_past_the_limits_are_refused_naming_the_setting() {
    let cases = [
        (json!({"data": {"n_train": 20001}}), "data.n_train"),
        (json!({"data": {"n_test": 20001}}), "data.n_test"),
        (json!({"data": {"n_train": 1u64 << 40}}), "data.n_train"),
        (json!({"model": {"hidden": vec![4; 33]}}), "model.hidden"),
        (json!({"model": {"hidden": [257]}}), "model.hidden"),
        (json!({"model": {"hidden": [u64::MAX]}}), "model.hidden"),
        (json!({"optim": {"batch_size": 20001}}), "optim.batch_size"),
        (json!({"data": {"kind": "sine"}, "model": {"kind": "poly", "degree": 21}}), "model.degree"),
        (json!({"model": {"rbm_epochs": 201}}), "model.rbm_epochs"),
    ];
    for (json, path) in cases {
        let e = Config::from_value(json.clone()).expect_err(&json.to_string());
        assert_eq!(e.path, path, "{json} → {e}");
    }
    let largest = json!({"data": {"n_train": 20000, "n_test": 20000}, "model": {"hidden": vec![256; 32]},
                         "optim": {"batch_size": 20000}});
    Config::from_value(largest).expect("the largest allowed config is valid");
}

/// `grid` clamps its resolution and has no plane for the 1-D and `linear` sets.
#[test]
fn grid_resolution_is_clamped_and_1d_data_has_no_grid() {
    let small = json!({"data": {"kind": "xor", "n_train": 10, "n_test": 10}, "model": {"hidden": [2]}});
    let mut trainer = Trainer::new(Config::from_value(small).unwrap());
    let grid = trainer.grid(1_000_000);
    let res = dlab::trainer::MAX_GRID_RES;
    assert_eq!(grid.len(), res * res);
    assert!(grid.iter().all(|v| v.is_finite()));
    for kind in ["poly", "sine", "linear"] {
        let config = json!({"data": {"kind": kind, "n_train": 5, "n_test": 5}, "model": {"hidden": [30]}});
        let mut trainer = Trainer::new(Config::from_value(config).unwrap());
        assert!(trainer.grid(48).is_empty(), "{kind}");
    }
}

/// A capacity sweep trains at most `MAX_SWEEP_MODELS` models.
#[test]
fn a_capacity_sweep_has_a_bounded_number_of_models() {
    let config = Config::from_value(json!({"data": {"kind": "sine", "n_train": 10}, "model": {"kind": "poly"},
                                          "optim": {"kind": "exact"}})).unwrap();
    let too_many = vec![3; dlab::sweep::MAX_SWEEP_MODELS + 1];
    let e = dlab::sweep::capacity_sweep(&config, &too_many, 1).unwrap_err();
    assert_eq!(e.path, "capacities", "{e}");
    let rows = dlab::sweep::capacity_sweep(&config, &[0, 1, 3], 1).unwrap();
    assert_eq!(rows.len(), 3);
    // Each capacity is validated like the setting it changes.
    assert_eq!(dlab::sweep::capacity_sweep(&config, &[21], 1).unwrap_err().path, "model.degree");
}

/// Wide deep nets evaluate in chunks (bounded activation caches); the loss matches a
/// single pass over all points.
#[test]
fn chunked_evaluation_matches_one_pass() {
    let config = json!({"seed": 3, "data": {"kind": "linear", "n_train": 8, "n_test": 2500}, "scale": "none",
                        "model": {"hidden": vec![256; 17], "activation": "tanh"}});
    let mut trainer = Trainer::new(Config::from_value(config).unwrap());
    let m = trainer.evaluate();
    let (x, y) = (trainer.dataset().test.x.clone(), trainer.dataset().test.y.clone());
    let mut rng = dlab::rng::seeded(0);
    let output = trainer.network_mut().forward(&x, dlab::layers::Mode::Eval, &mut rng).clone();
    let one_pass = dlab::loss::half_squared_error(&output, &y);
    let chunked = m.test_loss.unwrap();
    assert!((chunked - one_pass).abs() <= 1e-12 * one_pass.abs().max(1.0), "{chunked} vs {one_pass}");
    // predict (and so grid) chunks too, row for row the same outputs.
    let predicted = trainer.predict(&x);
    let largest_gap = predicted.iter().zip(output.column(0)).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(largest_gap <= 1e-12, "{largest_gap}");
}
