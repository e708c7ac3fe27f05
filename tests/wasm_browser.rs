//! The bindings, run in headless Chromium by wasm-bindgen-test-runner
//! (`cargo test --release --target wasm32-unknown-unknown`, see the Makefile).
#![cfg(target_arch = "wasm32")]

use dlab::wasm::{activation_curve, default_config, schema, validate_config, Lab};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn error_message(e: JsValue) -> String {
    get(&e, "message").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_lab_trains_from_a_js_object_and_reports_metrics_per_layer() {
    let mut lab = Lab::new(js(
        r#"{"data": {"kind": "xor"}, "model": {"hidden": [6, 5]}}"#,
    ))
    .unwrap();
    let before = get(&lab.metrics().unwrap(), "train_loss").as_f64().unwrap();
    let metrics = lab.step(200).unwrap();
    assert_eq!(get(&metrics, "step").as_f64(), Some(200.0));
    assert!(get(&metrics, "train_loss").as_f64().unwrap() < before);
    let layers: Array = get(&metrics, "layers").into();
    assert_eq!(layers.length(), 3);
    assert!(get(&layers.get(0), "grad_norm").as_f64().unwrap() > 0.0);
    assert!(get(&metrics, "train_acc").as_f64().is_some());
}

#[wasm_bindgen_test]
fn an_invalid_config_throws_an_error_naming_the_field() {
    let e = Lab::new(js(r#"{"model": {"activation": "swish"}}"#))
        .err()
        .unwrap();
    let message = error_message(e.into());
    assert!(
        message.starts_with("model.activation: unknown value \"swish\""),
        "{message}"
    );
    let e = Lab::new(JsValue::from_str(r#"{"optim": {"lr": 50}}"#))
        .err()
        .unwrap();
    assert_eq!(error_message(e.into()), "optim.lr: 50 is outside (0, 10]");
}

#[wasm_bindgen_test]
fn live_settings_keep_the_model_and_structural_ones_rebuild_it() {
    let mut lab = Lab::new(js("{}")).unwrap();
    lab.step(10).unwrap();
    assert!(!lab.set("optim.lr", JsValue::from_f64(0.1)).unwrap());
    assert_eq!(lab.epoch(), 0); // 10 steps of batch 10 on 200 points: half an epoch
    assert!(lab
        .set("model.activation", JsValue::from_str("relu"))
        .unwrap());
    assert_eq!(
        get(&get(&lab.config().unwrap(), "model"), "activation")
            .as_string()
            .unwrap(),
        "relu"
    );
    let e = lab.set("reg.l2", JsValue::from_f64(-1.0)).err().unwrap();
    assert!(error_message(e.into()).starts_with("reg.l2:"));
}

#[wasm_bindgen_test]
fn bulk_data_crosses_as_typed_arrays_of_the_right_size() {
    let mut lab = Lab::new(js(r#"{"model": {"hidden": [4, 3]}}"#)).unwrap();
    assert_eq!(lab.grid(50).length(), 2500);
    assert_eq!(lab.histogram(0, "pre").unwrap().length(), 2 + 40);
    assert!(lab.histogram(5, "pre").is_err());
    assert_eq!(lab.weights(0).length(), 2 * 4);
    assert_eq!(lab.weight_grads(1).length(), 4 * 3);
    assert_eq!(lab.layer_sizes().to_vec(), vec![2, 4, 3, 1]);
    assert_eq!(lab.train_points().length(), 200 * 3);
    lab.step(5).unwrap();
    assert_eq!(lab.history().length(), 2 * 4);
    assert_eq!(lab.grad_norms().length(), 3);
}

#[wasm_bindgen_test]
fn the_overfitting_lab_fits_curves_and_sweeps_capacity() {
    let lab = Lab::new(js(
        r#"{"data": {"kind": "sine", "n_train": 10}, "model": {"kind": "poly", "degree": 9},
        "optim": {"kind": "exact"}}"#,
    ))
    .unwrap();
    let mut lab = lab;
    lab.step(1).unwrap();
    assert_eq!(lab.coefficients().length(), 10);
    assert_eq!(lab.curve(&[0.0, 0.5, 1.0]).length(), 3);
    let rows = lab.sweep(&[0, 3, 9], 1).unwrap().to_vec();
    assert_eq!(rows.len(), 9);
    assert!(
        rows[7] < 1e-10,
        "degree 9 through 10 points: train loss {}",
        rows[7]
    );
    assert!(rows[8] > rows[5], "degree 9 test loss above degree 3's");
}

#[wasm_bindgen_test]
fn the_schema_and_defaults_describe_every_setting() {
    let fields: Array = schema().unwrap().into();
    assert!(fields.length() >= 20);
    let config = default_config().unwrap();
    assert_eq!(get(&get(&config, "optim"), "lr").as_f64(), Some(0.03));
    let filled = validate_config(js(r#"{"seed": 5}"#)).unwrap();
    assert_eq!(
        get(&get(&filled, "model"), "activation")
            .as_string()
            .unwrap(),
        "tanh"
    );
    assert_eq!(
        activation_curve("sigmoid", 0.0, 3, -1.0, 1.0)
            .unwrap()
            .get_index(4),
        0.5
    );
}

/// The dense kernels' f64x2 form (wasm only) gives the bits of the plain scalar loops, for
/// shapes that hit full tiles, leftover rows and columns, and the single output column.
#[wasm_bindgen_test]
fn dense_kernels_in_simd_give_the_plain_loops_bits() {
    use dlab::model::layers::dense::Dense;
    use dlab::rng::{seeded, uniform};
    use ndarray::Array2;
    let mut rng = seeded(5);
    for (batch, n_in, n_out) in [(10, 2, 8), (10, 8, 1), (32, 32, 32), (7, 5, 9), (100, 20, 1), (3, 6, 64)] {
        let mut value = |i: usize| if i % 9 == 0 { -0.0 } else { uniform(&mut rng, -3.0, 3.0) };
        let w = Array2::from_shape_fn((n_in, n_out), |(i, j)| value(i * n_out + j + 1));
        let x = Array2::from_shape_fn((batch, n_in), |(i, j)| value(i * n_in + j + 2));
        let g = Array2::from_shape_fn((batch, n_out), |(i, j)| value(i * n_out + j + 3));
        let mut dense = Dense::new(w.clone(), true);
        dense.b.iter_mut().enumerate().for_each(|(j, b)| *b = 0.1 * j as f64 - 0.2);
        let (mut y, mut gx) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        dense.forward(&x, &mut y);
        dense.backward(&x, &g, Some(&mut gx));
        let bits = |a: &Array2<f64>| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        // The plain loops, written out: each element from its start, terms in order.
        let plain = |m: usize, k: usize, n: usize, a: &dyn Fn(usize, usize) -> f64, b: &dyn Fn(usize, usize) -> f64, start: &dyn Fn(usize) -> f64| {
            Array2::from_shape_fn((m, n), |(i, j)| (0..k).fold(start(j), |s, p| s + a(i, p) * b(p, j)))
        };
        let y_plain = if n_out == 1 {
            plain(batch, n_in, 1, &|i, p| x[[i, p]], &|p, j| w[[p, j]], &|_| -0.0).mapv(|s| dense.b[0] + s)
        } else {
            plain(batch, n_in, n_out, &|i, p| x[[i, p]], &|p, j| w[[p, j]], &|j| dense.b[j])
        };
        let gw_plain = plain(n_in, batch, n_out, &|i, p| x[[p, i]], &|p, j| g[[p, j]], &|_| 0.0);
        let gx_plain = plain(batch, n_out, n_in, &|i, p| g[[i, p]], &|p, j| w[[j, p]], &|_| -0.0);
        let shape = format!("{batch}×{n_in}×{n_out}");
        assert_eq!(bits(&y), bits(&y_plain), "forward {shape}");
        assert_eq!(bits(&dense.grad_w), bits(&gw_plain), "∂L/∂W {shape}");
        assert_eq!(bits(&gx), bits(&gx_plain), "∂L/∂x {shape}");
    }
}
