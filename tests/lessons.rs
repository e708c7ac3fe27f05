//! Every guided lesson step's claim, checked on seeds 1–10 (a claim that holds on one seed
//! is an anecdote). The steps' configs come from www/state/presets.js, the very data the page
//! opens: the lab's base, the step's preset over it, then the seed. A claim must hold on at
//! least 9 of the 10 seeds; the table of counts goes to test-artifacts/lesson-claims-native.md.
//! The browser test (tests/e2e/lessons.test.mjs) checks what only the page shows: captions,
//! views, links, screenshots.

use dlab::config::Config;
use dlab::capacity_table::{capacity_table, Fit};
use dlab::sweep::capacity_sweep;
use dlab::trainer::{Metrics, Trainer};
use dlab::units;
use serde_json::{json, Value};
use std::f64::consts::LN_2;
use std::fmt::Write as _;
use std::sync::Mutex;

const SEEDS: std::ops::RangeInclusive<u64> = 1..=10;
const REQUIRED: usize = 9;
static TABLE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// presets.js: a comment, then `export default <strict JSON>;`.
fn presets() -> Value {
    let text = include_str!("../www/state/presets.js");
    let (_, json) = text.split_once("\nexport default").expect("presets.js exports its data");
    serde_json::from_str(json.trim().trim_end_matches(';')).expect("presets.js holds strict JSON")
}

/// Deep merge as the page's `merge` (util.js): objects merge, everything else replaces.
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

struct Step {
    lesson: &'static str,
    k: usize,
    config: Value,
    ui: Value,
}

/// Lesson step k (from 1) as the page opens it.
fn step(lesson: &'static str, k: usize) -> Step {
    let data = presets();
    let spec = &data["lessons"][lesson];
    let lab = spec["lab"].as_str().expect("a lesson names its lab");
    let step = &spec["steps"][k - 1];
    let preset_id = step["preset"].as_str().expect("a step names its preset");
    let preset = data["labs"][lab]["presets"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == preset_id))
        .unwrap_or_else(|| panic!("{lesson} step {k}: no preset {preset_id} in lab {lab}"));
    let mut config = data["labs"][lab]["base"].clone();
    merge(&mut config, &preset["config"]);
    let mut ui = preset.get("ui").cloned().unwrap_or(json!({}));
    merge(&mut ui, step.get("ui").unwrap_or(&json!({})));
    Step { lesson, k, config, ui }
}

impl Step {
    /// A trainer for this step on `seed`, with `patch` merged over the step's config.
    fn trainer(&self, seed: u64, patch: Value) -> Trainer {
        let mut config = self.config.clone();
        merge(&mut config, &patch);
        config["seed"] = json!(seed);
        Trainer::new(Config::from_value(config).unwrap_or_else(|e| panic!("{} step {}: {e}", self.lesson, self.k)))
    }

    /// The run the init lab draws beside this one: the same config with `ui.compare`'s init.
    fn compared(&self, seed: u64) -> Trainer {
        let init = self.ui["compare"].as_str().expect("this step compares two inits");
        self.trainer(seed, json!({"model": {"init": init}}))
    }

    /// Asserts that `claim` holds on at least 9 of seeds 1–10 and records the count.
    fn claim(&self, claim: &str, holds: impl Fn(u64) -> (bool, String)) {
        let results: Vec<(u64, bool, String)> = SEEDS.map(|s| {
            let (ok, measured) = holds(s);
            (s, ok, measured)
        }).collect();
        let count = results.iter().filter(|r| r.1).count();
        let mut detail = String::new();
        for (s, ok, measured) in &results {
            let _ = write!(detail, "{}{s}: {measured}; ", if *ok { "" } else { "✗" });
        }
        let row = format!("| {} | {} | {claim} | {count}/10 | {} |", self.lesson, self.k, detail.trim_end_matches("; ").replace('|', "\\|"));
        println!("{row}");
        TABLE.lock().unwrap().push(row);
        write_table();
        assert!(count >= REQUIRED, "{} step {}: “{claim}” holds on {count} of 10 seeds: {detail}", self.lesson, self.k);
    }
}

fn write_table() {
    let mut rows = TABLE.lock().unwrap().clone();
    rows.sort();
    let text = format!("| lesson | step | claim | seeds 1–10 | measured per seed (✗ = fails) |\n|---|---|---|---|---|\n{}\n", rows.join("\n"));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-artifacts");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/lesson-claims-native.md"), text);
}

fn eval(t: &mut Trainer) -> Metrics {
    t.evaluate()
}

fn after(t: &mut Trainer, steps: usize) -> Metrics {
    t.step(steps);
    t.evaluate()
}

fn delta(m: &Metrics) -> Vec<f64> {
    m.layers.iter().map(|l| l.delta_rms).collect()
}

/// ∂L/∂z of the first layer ÷ the output layer's: how far the gradient has faded at the input.
fn first_over_output(m: &Metrics) -> f64 {
    let d = delta(m);
    d[0] / d[d.len() - 1]
}

fn hidden(m: &Metrics) -> &[dlab::diagnostics::LayerStats] {
    &m.layers[..m.layers.len() - 1]
}

fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(f64::NEG_INFINITY, f64::max)
}

fn mean_of(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn g(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-2 || x.abs() >= 1e4) {
        format!("{x:.2e}")
    } else {
        format!("{x:.3}")
    }
}

fn test_loss(m: &Metrics) -> f64 {
    m.test_loss.unwrap_or(f64::INFINITY)
}

// ------------------------------------------------------------------ vanishing gradient

#[test]
fn vanishing_1_sigmoid_gradients_shrink_layer_by_layer_toward_the_input() {
    let s = step("vanishing", 1);
    s.claim("at the start ∂L/∂z grows at every layer from h1 to the output, and h1's is ≤ 1/100 of the output's", |seed| {
        let m = eval(&mut s.trainer(seed, json!({})));
        let d = delta(&m);
        (d.windows(2).all(|w| w[0] < w[1]) && first_over_output(&m) <= 1e-2, format!("h1/out {}", g(first_over_output(&m))))
    });
    s.claim("after 300 steps the net is still at chance (test loss ≥ 0.95 ln 2)", |seed| {
        let m = after(&mut s.trainer(seed, json!({})), 300);
        (test_loss(&m) >= 0.95 * LN_2, g(test_loss(&m)))
    });
}

#[test]
fn vanishing_2_ten_sigmoid_layers_fade_it_exponentially() {
    let s = step("vanishing", 2);
    let five = step("vanishing", 1);
    s.claim("ten layers: h1's ∂L/∂z ≤ 1e-5 of the output's, ≥ 100× below five layers' (same seed)", |seed| {
        let r10 = first_over_output(&eval(&mut s.trainer(seed, json!({}))));
        let r5 = first_over_output(&eval(&mut five.trainer(seed, json!({}))));
        (r10 <= 1e-5 && r10 * 100.0 <= r5, format!("{} vs {}", g(r10), g(r5)))
    });
}

#[test]
fn vanishing_3_saturated_sigmoid_units_pass_no_gradient_back() {
    let s = step("vanishing", 3);
    s.claim("large weights: ≥ 50 % of some layer's units saturated, ≥ 40 % on average", |seed| {
        let m = eval(&mut s.trainer(seed, json!({})));
        let sat: Vec<f64> = hidden(&m).iter().map(|l| l.saturated).collect();
        (max_of(sat.iter().copied()) >= 0.5 && mean_of(&sat) >= 0.4, format!("max {} mean {}", g(max_of(sat.iter().copied())), g(mean_of(&sat))))
    });
    s.claim("after 50 steps h1's ∂L/∂z is ≤ 1/100 of the output's", |seed| {
        let r = first_over_output(&after(&mut s.trainer(seed, json!({})), 50));
        (r <= 1e-2, g(r))
    });
    s.claim("after 300 steps it has not learned (test loss ≥ 0.9 ln 2)", |seed| {
        let m = after(&mut s.trainer(seed, json!({})), 300);
        (test_loss(&m) >= 0.9 * LN_2, g(test_loss(&m)))
    });
    s.claim("the diagram's thumbnails are hard steps: ≥ 40 % of map pixels within 0.02 of 0 or 1 in the mean hidden layer, ≥ 25 % in every one", |seed| {
        let maps = units::unit_maps(&s.trainer(seed, json!({})), 0);
        let hidden = &maps.layers[..maps.layers.len() - 1];
        let shares: Vec<f64> = hidden.iter().map(|l| {
            l.values.iter().filter(|&&v| !(0.02..=0.98).contains(&v)).count() as f64 / l.values.len() as f64
        }).collect();
        let least = shares.iter().copied().fold(f64::INFINITY, f64::min);
        (mean_of(&shares) >= 0.4 && least >= 0.25, format!("mean {} min {}", g(mean_of(&shares)), g(least)))
    });
}

#[test]
fn vanishing_4_tanh_keeps_more_of_the_gradient() {
    let s = step("vanishing", 4);
    let sigmoid = step("vanishing", 2);
    s.claim("tanh: h1's ∂L/∂z ≥ 1e-2 of the output's and ≥ 1000× sigmoid's (step 2, same seed)", |seed| {
        let r = first_over_output(&eval(&mut s.trainer(seed, json!({}))));
        let rs = first_over_output(&eval(&mut sigmoid.trainer(seed, json!({}))));
        (r >= 1e-2 && r >= 1000.0 * rs, format!("{} vs {}", g(r), g(rs)))
    });
    s.claim("it learns where sigmoid cannot: after 300 steps test loss ≤ 0.85 ln 2, sigmoid's (step 2) ≥ 0.95 ln 2", |seed| {
        let tanh = test_loss(&after(&mut s.trainer(seed, json!({})), 300));
        let sig = test_loss(&after(&mut sigmoid.trainer(seed, json!({})), 300));
        (tanh <= 0.85 * LN_2 && sig >= 0.95 * LN_2, format!("{} vs {}", g(tanh), g(sig)))
    });
}

#[test]
fn vanishing_5_relu_with_he_keeps_the_gradient_level() {
    let s = step("vanishing", 5);
    s.claim("ReLU + He: h1's ∂L/∂z within 10× of the last hidden layer's (0.1–10)", |seed| {
        let d = delta(&eval(&mut s.trainer(seed, json!({}))));
        let r = d[0] / d[d.len() - 2];
        ((0.1..=10.0).contains(&r), g(r))
    });
    s.claim("some units die (dead > 0 in some layer after 50 steps)", |seed| {
        let m = after(&mut s.trainer(seed, json!({})), 50);
        let dead = max_of(hidden(&m).iter().map(|l| l.dead));
        (dead > 0.0, format!("max dead {}", g(dead)))
    });
}

#[test]
fn vanishing_6_leaky_relu_keeps_every_unit_alive() {
    let s = step("vanishing", 6);
    s.claim("Leaky ReLU: no dead unit after 300 steps, and test accuracy ≥ 80 %", |seed| {
        let m = after(&mut s.trainer(seed, json!({})), 300);
        let dead = max_of(hidden(&m).iter().map(|l| l.dead));
        let acc = m.test_acc.unwrap_or(0.0);
        (dead == 0.0 && acc >= 0.8, format!("dead {} acc {}", g(dead), g(acc)))
    });
}

#[test]
fn vanishing_7_batch_norm_lets_ten_sigmoid_layers_learn() {
    let s = step("vanishing", 7);
    let plain = step("vanishing", 2);
    s.claim("with batch norm h1's ∂L/∂z is ≥ 0.1 of the output's", |seed| {
        let r = first_over_output(&eval(&mut s.trainer(seed, json!({}))));
        (r >= 0.1, g(r))
    });
    s.claim("after 300 steps it has left chance (test loss ≤ 0.95 ln 2, accuracy ≥ 60 %) while the same net without it stays ≥ 0.95 ln 2", |seed| {
        let bn = after(&mut s.trainer(seed, json!({})), 300);
        let no = test_loss(&after(&mut plain.trainer(seed, json!({})), 300));
        let acc = bn.test_acc.unwrap_or(0.0);
        (test_loss(&bn) <= 0.95 * LN_2 && acc >= 0.6 && no >= 0.95 * LN_2, format!("{} (acc {}) vs {}", g(test_loss(&bn)), g(acc), g(no)))
    });
    s.claim("init large: with batch norm < 1 % saturated (at 0 and 300 steps), without ≥ 10 % in some layer", |seed| {
        let sat = |m: &Metrics| max_of(hidden(m).iter().map(|l| l.saturated));
        let mut bn = s.trainer(seed, json!({"model": {"init": "large"}}));
        let mut no = s.trainer(seed, json!({"model": {"init": "large", "batch_norm": false}}));
        let (b0, n0) = (sat(&eval(&mut bn)), sat(&eval(&mut no)));
        let (b1, n1) = (sat(&after(&mut bn, 300)), sat(&after(&mut no, 300)));
        (b0.max(b1) < 0.01 && n0.min(n1) >= 0.1, format!("with {}/{} without {}/{}", g(b0), g(b1), g(n0), g(n1)))
    });
}

// ------------------------------------------------------------------ initialization

/// Max over hidden layers of max_ij |w_ij − w_i0|: 0 when every unit has the same weights.
fn unit_spread(t: &Trainer) -> f64 {
    let net = t.network();
    max_of((0..net.hidden.len()).map(|l| {
        let w = &net.dense(l).w;
        max_of(w.rows().into_iter().flat_map(|row| row.iter().map(|x| (x - row[0]).abs()).collect::<Vec<_>>()))
    }))
}

#[test]
fn init_1_zero_init_never_breaks_symmetry() {
    let s = step("init", 1);
    s.claim("after 200 steps every unit of a layer has the same weights and the same output", |seed| {
        let mut t = s.trainer(seed, json!({}));
        let m = after(&mut t, 200);
        let std = max_of(hidden(&m).iter().map(|l| l.act_std));
        (unit_spread(&t) == 0.0 && std == 0.0, format!("spread {} act std {}", g(unit_spread(&t)), g(std)))
    });
    s.claim("it never learns (test loss ≥ 0.95 ln 2); the compared Xavier run gets ≤ 0.8 × that", |seed| {
        let zero = test_loss(&after(&mut s.trainer(seed, json!({})), 200));
        let other = test_loss(&after(&mut s.compared(seed), 200));
        (zero >= 0.95 * LN_2 && other <= 0.8 * zero, format!("{} vs {}", g(zero), g(other)))
    });
    s.claim("the diagram's thumbnails of a layer are identical copies: after 200 steps every unit's map equals the first's", |seed| {
        let mut t = s.trainer(seed, json!({}));
        after(&mut t, 200);
        let maps = units::unit_maps(&t, 0);
        let (w, h) = (maps.width, maps.height);
        let differing = maps.layers[..maps.layers.len() - 1].iter()
            .map(|l| (1..l.units).filter(|&u| l.map(u, w, h) != l.map(0, w, h)).count())
            .sum::<usize>();
        (differing == 0, format!("{differing} differing maps"))
    });
}

#[test]
fn init_2_too_small_weights_shrink_the_signal_to_nothing() {
    let s = step("init", 2);
    s.claim("activations collapse: act std of the last hidden layer ≤ 1e-6 × the first's", |seed| {
        let m = eval(&mut s.trainer(seed, json!({})));
        let std: Vec<f64> = hidden(&m).iter().map(|l| l.act_std).collect();
        (std[std.len() - 1] <= 1e-6 * std[0], format!("{} → {}", g(std[0]), g(std[std.len() - 1])))
    });
    s.claim("… and the back-propagated gradient too: h1's ∂L/∂z ≤ 1e-6 of the output's", |seed| {
        let r = first_over_output(&eval(&mut s.trainer(seed, json!({}))));
        (r <= 1e-6, g(r))
    });
}

#[test]
fn init_3_too_large_weights_saturate_tanh() {
    let s = step("init", 3);
    s.claim("every hidden layer ≥ 20 % saturated, act std ≥ 0.7 (histograms pile at ±1)", |seed| {
        let m = eval(&mut s.trainer(seed, json!({})));
        let sat = hidden(&m).iter().map(|l| l.saturated).fold(f64::INFINITY, f64::min);
        let std = hidden(&m).iter().map(|l| l.act_std).fold(f64::INFINITY, f64::min);
        (sat >= 0.2 && std >= 0.7, format!("min sat {} min std {}", g(sat), g(std)))
    });
}

#[test]
fn init_4_xavier_keeps_tanh_layers_level() {
    let s = step("init", 4);
    let large = step("init", 3);
    s.claim("act std level across layers (max/min ≤ 4); every layer under ⅓ of “large”'s least saturated one", |seed| {
        let m = eval(&mut s.trainer(seed, json!({})));
        let std: Vec<f64> = hidden(&m).iter().map(|l| l.act_std).collect();
        let spread = max_of(std.iter().copied()) / std.iter().copied().fold(f64::INFINITY, f64::min);
        let sat = max_of(hidden(&m).iter().map(|l| l.saturated));
        let l = eval(&mut large.trainer(seed, json!({})));
        let large_sat = hidden(&l).iter().map(|l| l.saturated).fold(f64::INFINITY, f64::min);
        (spread <= 4.0 && sat < large_sat / 3.0, format!("spread {} sat {} vs {}", g(spread), g(sat), g(large_sat)))
    });
}

#[test]
fn init_5_relu_needs_he_not_xavier() {
    let s = step("init", 5);
    let ratio = |m: &Metrics| {
        let h = hidden(m);
        h[h.len() - 1].act_std / h[0].act_std
    };
    s.claim("ReLU + Xavier: the last of 20 layers keeps ≤ 1e-2 of the first's act std", |seed| {
        let r = ratio(&eval(&mut s.trainer(seed, json!({}))));
        (r <= 1e-2, g(r))
    });
    s.claim("He keeps it level: ≥ 0.1", |seed| {
        let r = ratio(&eval(&mut s.compared(seed)));
        (r >= 0.1, g(r))
    });
    s.claim("after 100 steps He's test loss ≤ 0.7 ln 2 while Xavier's is ≥ 0.95 ln 2", |seed| {
        let xavier = test_loss(&after(&mut s.trainer(seed, json!({})), 100));
        let he = test_loss(&after(&mut s.compared(seed), 100));
        (he <= 0.7 * LN_2 && xavier >= 0.95 * LN_2, format!("He {} Xavier {}", g(he), g(xavier)))
    });
    s.claim("the diagram's deep thumbnails: the last hidden layer's maps keep ≥ 0.1 of the first's spread under He, ≤ 1e-2 under Xavier", |seed| {
        let kept = |t: &Trainer| {
            let maps = units::unit_maps(t, 0);
            let (w, h) = (maps.width, maps.height);
            let spread = |l: &units::LayerMaps| mean_of(&(0..l.units).map(|u| units::spread(l.map(u, w, h))).collect::<Vec<_>>());
            let hidden = &maps.layers[..maps.layers.len() - 1];
            spread(&hidden[hidden.len() - 1]) / spread(&hidden[0])
        };
        let (xavier, he) = (kept(&s.trainer(seed, json!({}))), kept(&s.compared(seed)));
        (he >= 0.1 && xavier <= 1e-2, format!("He {} Xavier {}", g(he), g(xavier)))
    });
}

#[test]
fn init_6_rbm_pretraining_then_fine_tuning() {
    let s = step("init", 6);
    s.claim("the reconstruction error falls in every layer (last ≤ ½ first)", |seed| {
        let t = s.trainer(seed, json!({}));
        let layers = t.network().hidden.len();
        let drops: Vec<f64> = (0..layers).map(|l| {
            let e: Vec<f64> = t.rbm_errors().iter().filter(|r| r.0 == l).map(|r| r.2).collect();
            e[e.len() - 1] / e[0]
        }).collect();
        (drops.iter().all(|&d| d <= 0.5), drops.iter().map(|&d| g(d)).collect::<Vec<_>>().join(","))
    });
    s.claim("after 400 steps the pre-trained net is ≥ 5 % below Xavier, which sits at chance (≥ 0.95 ln 2)", |seed| {
        let pre = test_loss(&after(&mut s.trainer(seed, json!({})), 400));
        let xavier = test_loss(&after(&mut s.compared(seed), 400));
        (pre <= 0.95 * xavier && xavier >= 0.95 * LN_2, format!("{} vs {}", g(pre), g(xavier)))
    });
    s.claim("after 1600 steps (200 epochs) pre-trained ≤ 0.7 ln 2; Xavier has not caught up (≥ 0.95 ln 2)", |seed| {
        let pre = test_loss(&after(&mut s.trainer(seed, json!({})), 1600));
        let xavier = test_loss(&after(&mut s.compared(seed), 1600));
        (pre <= 0.7 * LN_2 && xavier >= 0.95 * LN_2, format!("{} vs {}", g(pre), g(xavier)))
    });
}

// ------------------------------------------------------------------ overfitting

fn weight_norm(m: &Metrics) -> f64 {
    m.layers[0].weight_norm
}

#[test]
fn overfitting_1_to_3_degree_picks_under_good_and_over_fitting() {
    let (cubic, line, nine) = (step("overfitting", 1), step("overfitting", 2), step("overfitting", 3));
    cubic.claim("cubic on 10 points: both losses near the noise floor ½σ² = 0.045 (train ≤ 0.06, test ≤ 0.1)", |seed| {
        let m = after(&mut cubic.trainer(seed, json!({})), 1);
        (m.train_loss.unwrap() <= 0.06 && test_loss(&m) <= 0.1, format!("{} / {}", g(m.train_loss.unwrap()), g(test_loss(&m))))
    });
    line.claim("a straight line underfits: train ≥ 2× and test ≥ 1.5× the cubic's", |seed| {
        let m = after(&mut line.trainer(seed, json!({})), 1);
        let c = after(&mut cubic.trainer(seed, json!({})), 1);
        (m.train_loss.unwrap() >= 2.0 * c.train_loss.unwrap() && test_loss(&m) >= 1.5 * test_loss(&c),
         format!("{} / {} vs {} / {}", g(m.train_loss.unwrap()), g(test_loss(&m)), g(c.train_loss.unwrap()), g(test_loss(&c))))
    });
    nine.claim("degree 9 passes through every point (train ≤ 1e-10), tests worse than the cubic (> 1.2×), ‖w‖ ≥ 1e3× the cubic's", |seed| {
        let m = after(&mut nine.trainer(seed, json!({})), 1);
        let c = after(&mut cubic.trainer(seed, json!({})), 1);
        (m.train_loss.unwrap() <= 1e-10 && test_loss(&m) > 1.2 * test_loss(&c) && weight_norm(&m) >= 1e3 * weight_norm(&c),
         format!("train {} test {} vs {} ‖w‖ {} vs {}", g(m.train_loss.unwrap()), g(test_loss(&m)), g(test_loss(&c)), g(weight_norm(&m)), g(weight_norm(&c))))
    });
}

#[test]
fn overfitting_4_the_capacity_sweep_is_a_u() {
    let s = step("overfitting", 4);
    s.claim("sweeping degree 0–20: train loss only falls; test loss is lowest at an inner degree and ≥ 2× that at 9", |seed| {
        let mut config = s.config.clone();
        config["seed"] = json!(seed);
        let rows = capacity_sweep(&Config::from_value(config).unwrap(), &(0..=20).collect::<Vec<_>>(), 1).unwrap();
        let falls = rows.windows(2).all(|w| w[1].1 <= w[0].1 * 1.05 + 1e-9);
        let best = rows.iter().min_by(|a, b| a.2.total_cmp(&b.2)).unwrap();
        let at9 = rows[9].2;
        (falls && (1..9).contains(&best.0) && at9 >= 2.0 * best.2 && rows[0].2 > best.2,
         format!("best degree {} ({}), degree 9 {}", best.0, g(best.2), g(at9)))
    });
}

#[test]
fn overfitting_5_6_more_data_or_ridge_tame_degree_9() {
    let (nine, more, ridge) = (step("overfitting", 3), step("overfitting", 5), step("overfitting", 6));
    more.claim("100 points: degree 9 no longer interpolates (train > 1e-3) and tests ≤ ½ the 10-point fit", |seed| {
        let m = after(&mut more.trainer(seed, json!({})), 1);
        let o = after(&mut nine.trainer(seed, json!({})), 1);
        (m.train_loss.unwrap() > 1e-3 && test_loss(&m) <= 0.5 * test_loss(&o), format!("{} vs {}", g(test_loss(&m)), g(test_loss(&o))))
    });
    ridge.claim("ridge (Bishop's ln λ = −18): ‖w‖ ≥ 20× smaller than unregularized, lower test loss and gap", |seed| {
        let m = after(&mut ridge.trainer(seed, json!({})), 1);
        let o = after(&mut nine.trainer(seed, json!({})), 1);
        let gap = |m: &Metrics| test_loss(m) - m.train_loss.unwrap();
        (weight_norm(&m) * 20.0 <= weight_norm(&o) && test_loss(&m) < test_loss(&o) && gap(&m) < gap(&o),
         format!("‖w‖ {} vs {}, test {} vs {}", g(weight_norm(&m)), g(weight_norm(&o)), g(test_loss(&m)), g(test_loss(&o))))
    });
}

/// Trains `steps` in chunks of `chunk`, returning (epoch, train, test) after each.
fn curve(t: &mut Trainer, steps: usize, chunk: usize) -> Vec<(usize, f64, f64)> {
    (0..steps / chunk).map(|_| {
        let m = after(t, chunk);
        (m.epoch, m.train_loss.unwrap_or(f64::NAN), test_loss(&m))
    }).collect()
}

#[test]
fn overfitting_7_8_a_wide_net_overfits_and_dropout_helps() {
    let (plain, dropout) = (step("overfitting", 7), step("overfitting", 8));
    plain.claim("after 1800 steps train < test / 3, and the test loss has risen ≥ 5 % above its best", |seed| {
        let c = curve(&mut plain.trainer(seed, json!({})), 1800, 15);
        let best = c.iter().map(|r| r.2).fold(f64::INFINITY, f64::min);
        let last = c[c.len() - 1];
        (last.1 < last.2 / 3.0 && last.2 > 1.05 * best, format!("train {} test {} best {}", g(last.1), g(last.2), g(best)))
    });
    dropout.claim("keep 0.5–0.7: after 1800 steps a smaller train/test gap and a lower test loss than without", |seed| {
        let keep = dropout.config["model"]["dropout_keep"].as_f64().unwrap();
        let d = after(&mut dropout.trainer(seed, json!({})), 1800);
        let p = after(&mut dropout.trainer(seed, json!({"model": {"dropout_keep": 1.0}})), 1800);
        let gap = |m: &Metrics| test_loss(m) - m.train_loss.unwrap();
        ((0.5..=0.7).contains(&keep) && gap(&d) < gap(&p) && test_loss(&d) < test_loss(&p),
         format!("test {} vs {}", g(test_loss(&d)), g(test_loss(&p))))
    });
}

#[test]
fn overfitting_9_lasso_zeroes_coefficients_where_ridge_shrinks_them_all() {
    let (lasso, ridge, nine) = (step("overfitting", 9), step("overfitting", 6), step("overfitting", 3));
    let zeros = |t: &Trainer| t.coefficients()[1..].iter().filter(|w| **w == 0.0).count();
    lasso.claim("L1 (lasso): ≥ 3 of w1…w9 exactly 0, L2 (ridge) none; test loss ≤ 1.25× ridge's and below the unregularized fit's", |seed| {
        let (mut l, mut r, mut o) = (lasso.trainer(seed, json!({})), ridge.trainer(seed, json!({})), nine.trainer(seed, json!({})));
        let (ml, mr, mo) = (after(&mut l, 1), after(&mut r, 1), after(&mut o, 1));
        let (zl, zr) = (zeros(&l), zeros(&r));
        (zl >= 3 && zr == 0 && test_loss(&ml) <= 1.25 * test_loss(&mr) && test_loss(&ml) < test_loss(&mo),
         format!("zeros {zl} vs {zr}, test {} vs ridge {} / plain {}", g(test_loss(&ml)), g(test_loss(&mr)), g(test_loss(&mo))))
    });
}

#[test]
fn vanishing_8_sigmoid_outputs_average_one_half_not_zero() {
    let s = step("vanishing", 8);
    let means = |m: &Metrics| hidden(m).iter().map(|l| l.act_mean).collect::<Vec<f64>>();
    s.claim("sigmoid: every hidden layer's mean activation in [0.3, 0.7] at the start and after 300 steps; the same net with tanh: every |mean| ≤ 0.05 at the start, ≤ 0.15 on average over layers after 300 steps", |seed| {
        let (mut sig, mut tanh) = (s.trainer(seed, json!({})), s.trainer(seed, json!({"model": {"activation": "tanh"}})));
        let (s0, t0) = (means(&eval(&mut sig)), means(&eval(&mut tanh)));
        let (s1, t1) = (means(&after(&mut sig, 300)), means(&after(&mut tanh, 300)));
        let sig_all: Vec<f64> = s0.iter().chain(&s1).copied().collect();
        let sig_ok = sig_all.iter().all(|m| (0.3..=0.7).contains(m));
        let tanh_start = max_of(t0.iter().map(|m| m.abs()));
        let tanh_after = mean_of(&t1.iter().map(|m| m.abs()).collect::<Vec<_>>());
        (sig_ok && tanh_start <= 0.05 && tanh_after <= 0.15,
         format!("sigmoid {}–{}, tanh {} / {}", g(sig_all.iter().copied().fold(f64::INFINITY, f64::min)), g(max_of(sig_all.iter().copied())), g(tanh_start), g(tanh_after)))
    });
}

/// RBM `layer`'s mean ‖x − x̂‖ as drawn (0 epochs) and after pre-training, the page's way:
/// a deferred trainer advanced one item at a time.
fn reconstruction_before_after(t: &mut Trainer, layers: usize) -> Vec<(f64, f64)> {
    let mut before = vec![f64::NAN; layers];
    while t.pretraining_pending() {
        t.advance_pretraining(1);
        for (l, b) in before.iter_mut().enumerate() {
            if let Some(r) = t.rbm_reconstruction(l, usize::MAX) {
                if b.is_nan() && r.epochs == 0 {
                    *b = r.mean_distance();
                }
            }
        }
    }
    (0..layers).map(|l| (before[l], t.rbm_reconstruction(l, usize::MAX).map_or(f64::NAN, |r| r.mean_distance()))).collect()
}

#[test]
fn init_7_pretraining_brings_each_reconstruction_close_to_its_input() {
    let s = step("init", 7);
    s.claim("after pre-training the mean ‖x − x̂‖ is ≤ 0.3 × its value before in the first layer, and ≤ 0.5 × in every layer", |seed| {
        let mut config = s.config.clone();
        config["seed"] = json!(seed);
        let mut t = Trainer::deferred(Config::from_value(config).unwrap());
        let layers = t.network().hidden.len();
        let d = reconstruction_before_after(&mut t, layers);
        let ratios: Vec<f64> = d.iter().map(|(b, a)| a / b).collect();
        (ratios[0] <= 0.3 && ratios.iter().all(|&r| r <= 0.5), format!("x₁: {} → {}; ratios {}", g(d[0].0), g(d[0].1), ratios.iter().map(|&r| g(r)).collect::<Vec<_>>().join(",")))
    });
}

#[test]
fn overfitting_10_batch_norm_narrows_the_gap_of_the_wide_net() {
    let (bn, plain) = (step("overfitting", 10), step("overfitting", 7));
    bn.claim("with batch norm, after 1800 steps the train/test gap ≤ ⅕ of the plain net's and the test loss lower", |seed| {
        let b = after(&mut bn.trainer(seed, json!({})), 1800);
        let p = after(&mut plain.trainer(seed, json!({})), 1800);
        let gap = |m: &Metrics| test_loss(m) - m.train_loss.unwrap();
        (gap(&b) <= gap(&p) / 5.0 && test_loss(&b) < test_loss(&p), format!("gap {} vs {}, test {} vs {}", g(gap(&b)), g(gap(&p)), g(test_loss(&b)), g(test_loss(&p))))
    });
}

#[test]
fn overfitting_11_12_fewer_features_shrink_the_gap() {
    let (all, two) = (step("overfitting", 11), step("overfitting", 12));
    all.claim("all seven features, 8-8 net: after 1600 steps train < test / 3", |seed| {
        let m = after(&mut all.trainer(seed, json!({})), 1600);
        (m.train_loss.unwrap() < test_loss(&m) / 3.0, format!("train {} test {}", g(m.train_loss.unwrap()), g(test_loss(&m))))
    });
    two.claim("x1², x2² only: after 1600 steps the gap ≤ ½ of all seven's and the test loss lower", |seed| {
        let t = after(&mut two.trainer(seed, json!({})), 1600);
        let a = after(&mut all.trainer(seed, json!({})), 1600);
        let gap = |m: &Metrics| test_loss(m) - m.train_loss.unwrap();
        (gap(&t) <= 0.5 * gap(&a) && test_loss(&t) < test_loss(&a), format!("gap {} vs {}, test {} vs {}", g(gap(&t)), g(gap(&a)), g(test_loss(&t)), g(test_loss(&a))))
    });
}

#[test]
fn overfitting_13_to_15_raw_units_saturate_and_scaling_fixes_it() {
    let (raw, zscore, minmax) = (step("overfitting", 13), step("overfitting", 14), step("overfitting", 15));
    raw.claim("raw units: after 300 steps ≥ 90 % of h1 saturated (the banner's threshold) and the test loss ≥ 0.95 ln 2", |seed| {
        let m = after(&mut raw.trainer(seed, json!({})), 300);
        (m.layers[0].saturated >= 0.9 && test_loss(&m) >= 0.95 * LN_2, format!("saturated {} test {}", g(m.layers[0].saturated), g(test_loss(&m))))
    });
    zscore.claim("z-score: h1 < 50 % saturated and test accuracy ≥ 95 % after 600 steps", |seed| {
        let m = after(&mut zscore.trainer(seed, json!({})), 600);
        let acc = m.test_acc.unwrap();
        (m.layers[0].saturated < 0.5 && acc >= 0.95, format!("saturated {} acc {}", g(m.layers[0].saturated), g(acc)))
    });
    minmax.claim("min–max: inputs in [0, 1], h1 < 10 % saturated, accuracy ≥ 85 % after 1000 steps, test loss ≥ z-score's", |seed| {
        let mut t = minmax.trainer(seed, json!({}));
        let raw_x = t.dataset().train.x.clone();
        let scaled = dlab::data::InputPipeline::fit(t.config(), &raw_x).transform(&raw_x);
        let in_unit = scaled.iter().all(|v| (-1e-12..=1.0 + 1e-12).contains(v));
        let m = after(&mut t, 1000);
        let z = after(&mut zscore.trainer(seed, json!({})), 1000);
        let acc = m.test_acc.unwrap();
        (in_unit && m.layers[0].saturated < 0.1 && acc >= 0.85 && test_loss(&m) >= test_loss(&z),
         format!("saturated {} acc {} test {} vs z {}", g(m.layers[0].saturated), g(acc), g(test_loss(&m)), g(test_loss(&z))))
    });
}

#[test]
fn overfitting_16_the_capacity_table_lines_up_degree_data_and_weights() {
    let s = step("overfitting", 16);
    let grid = &presets()["labs"]["overfitting"]["capacity_table"];
    let list = |key: &str| grid[key].as_array().expect("capacity_table lists").iter().map(|v| v.as_u64().unwrap() as usize).collect::<Vec<usize>>();
    let (degrees, sizes) = (list("capacities"), list("n_train"));
    assert_eq!((&degrees[..], &sizes[..]), (&[0, 1, 3, 6, 9][..], &[10, 15, 30, 100][..]), "the claim below names these cells");
    s.claim("degree 0–1 underfit at every n ≥ 15; degree 3 good at every n ≥ 15; degree 9 overfits 10 points with max|w| ≥ 1000× degree 3's, and is good on 100", |seed| {
        let mut config = s.config.clone();
        config["seed"] = json!(seed);
        let cells = capacity_table(&Config::from_value(config).unwrap(), &degrees, &sizes, 1).unwrap();
        let cell = |d: usize, n: usize| cells.iter().find(|c| c.capacity == d && c.n_train == n).unwrap();
        let low = [0, 1].iter().all(|&d| sizes[1..].iter().all(|&n| cell(d, n).fit == Fit::Under));
        let cubic = sizes[1..].iter().all(|&n| cell(3, n).fit == Fit::Good);
        let (over, tamed) = (cell(9, 10), cell(9, 100));
        let wide = over.max_abs_weight / cell(3, 10).max_abs_weight;
        (low && cubic && over.fit == Fit::Over && wide >= 1e3 && tamed.fit == Fit::Good,
         format!("low {low} cubic {cubic} 9@10 {:?} ({}/{}) max|w| {} (×{} deg 3), 9@100 {:?}", over.fit, g(over.train_loss), g(over.test_loss), g(over.max_abs_weight), g(wide), tamed.fit))
    });
}

#[test]
fn every_lesson_step_has_its_claims_here() {
    // The tests above by lesson: a new step fails this until its claims are written.
    let expected = [("vanishing", 8), ("init", 7), ("overfitting", 16)];
    let data = presets();
    for (lesson, steps) in expected {
        assert_eq!(data["lessons"][lesson]["steps"].as_array().map(Vec::len), Some(steps), "lesson {lesson}");
    }
    assert_eq!(data["lessons"].as_object().map(|o| o.len()), Some(expected.len()));
}
