//! Finite-difference gradient checks in f64: for every activation, the dense layer, the
//! losses (½ squared error, logistic cross-entropy), both penalties, batch norm (training
//! statistics) and dropout (a fixed mask), the analytic gradient agrees with central
//! differences to a relative error below 1e-6.

use dlab::activation;
use dlab::config::{Activation, Config, LossKind};
use dlab::layers::Mode;
use dlab::loss;
use dlab::network::Network;
use dlab::rng::{normal, seeded};
use ndarray::{Array1, Array2};

const STEP: f64 = 1e-5;
const TOLERANCE: f64 = 1e-6;

fn relative_error(analytic: f64, numeric: f64) -> f64 {
    (analytic - numeric).abs() / analytic.abs().max(numeric.abs()).max(1e-7)
}

struct Setup {
    network: Network,
    x: Array2<f64>,
    y: Array1<f64>,
    l1: f64,
    l2: f64,
    mode: Mode,
    loss: LossKind,
}

impl Setup {
    fn new(config: &str, n_inputs: usize, mode: Mode) -> Setup {
        let config = Config::from_json(config).unwrap();
        let mut rng = seeded(11);
        let mut network = Network::new(&config, n_inputs, &mut rng);
        // Biases start at 0; nudge them so no ReLU sits exactly on its kink (z = 0) when a
        // whole layer below it is silent, where the derivative is one-sided.
        network.visit_params(|_, values, _, is_weight| {
            if !is_weight {
                values.iter_mut().for_each(|b| *b += 0.1 * normal(&mut rng));
            }
        });
        let x = Array2::from_shape_simple_fn((7, n_inputs), || normal(&mut rng));
        let loss = config.loss();
        let y = Array1::from_shape_simple_fn(7, || 0.5 * normal(&mut rng));
        // The classification losses take ±1 labels.
        let y = if config.data.kind.is_regression() { y } else { y.mapv(|t| if t >= 0.0 { 1.0 } else { -1.0 }) };
        Setup {
            network,
            x,
            y,
            l1: config.reg.l1,
            l2: config.reg.l2,
            mode,
            loss,
        }
    }

    /// The objective, with dropout masks drawn from the same seed every time (a fixed mask).
    fn objective(&self, network: &mut Network) -> f64 {
        network.forward(&self.x, self.mode, &mut seeded(99));
        loss::data_loss(self.loss, network, &self.y) + loss::penalty(network, self.l1, self.l2)
    }

    /// The largest relative error over every parameter of the network.
    fn max_error(&self) -> f64 {
        let mut network = self.network.clone();
        network.forward(&self.x, self.mode, &mut seeded(99));
        loss::backpropagate(self.loss, &mut network, &self.y, &mut Array2::zeros((0, 1)));
        let mut analytic: Vec<Vec<f64>> = Vec::new();
        network.visit_params(|_, values, grads, is_weight| {
            let penalty = |w: f64| {
                if is_weight {
                    loss::penalty_gradient(w, self.l1, self.l2)
                } else {
                    0.0
                }
            };
            analytic.push(
                values
                    .iter()
                    .zip(grads)
                    .map(|(&w, &g)| g + penalty(w))
                    .collect(),
            );
        });
        let mut worst: f64 = 0.0;
        for (index, grads) in analytic.iter().enumerate() {
            for (k, &g) in grads.iter().enumerate() {
                let shifted = |delta: f64| {
                    let mut net = self.network.clone();
                    net.visit_params(|i, values, _, _| {
                        if i == index {
                            values[k] += delta
                        }
                    });
                    self.objective(&mut net)
                };
                let numeric = (shifted(STEP) - shifted(-STEP)) / (2.0 * STEP);
                worst = worst.max(relative_error(g, numeric));
            }
        }
        worst
    }
}

fn assert_checks(component: &str, error: f64) {
    println!("| {component:<40} | {error:.2e} |");
    assert!(
        error < TOLERANCE,
        "{component}: max relative error {error:.3e}"
    );
}

#[test]
fn every_activation_derivative_matches_finite_differences() {
    for &kind in Activation::ALL {
        let mut worst: f64 = 0.0;
        for i in 0..200 {
            let z = -6.0 + 12.0 * (i as f64 + 0.37) / 200.0; // never exactly at ReLU's kink
            let numeric = (activation::apply(kind, 0.1, z + STEP)
                - activation::apply(kind, 0.1, z - STEP))
                / (2.0 * STEP);
            worst = worst.max(relative_error(
                activation::derivative(kind, 0.1, z),
                numeric,
            ));
        }
        assert_checks(&format!("activation {}", kind.name()), worst);
    }
}

#[test]
fn the_loss_gradient_matches_finite_differences() {
    let output = Array2::from_shape_vec((3, 1), vec![0.3, -1.2, 2.0]).unwrap();
    let target = Array1::from(vec![1.0, -1.0, 0.5]);
    let analytic = loss::half_squared_error_gradient(&output, &target);
    let mut worst: f64 = 0.0;
    for i in 0..3 {
        let shifted = |delta: f64| {
            let mut o = output.clone();
            o[[i, 0]] += delta;
            loss::half_squared_error(&o, &target)
        };
        worst = worst.max(relative_error(
            analytic[[i, 0]],
            (shifted(STEP) - shifted(-STEP)) / (2.0 * STEP),
        ));
    }
    assert_checks("loss ½·squared error", worst);
}

#[test]
fn a_dense_layer_matches_finite_differences() {
    let setup = Setup::new(
        r#"{"data": {"kind": "linear"}, "model": {"hidden": [], "init": "large"}}"#,
        4,
        Mode::Probe,
    );
    assert_checks("dense layer (linear output)", setup.max_error());
}

#[test]
fn every_activation_in_a_network_matches_finite_differences() {
    for act in Activation::NAMES {
        let config = format!(
            r#"{{"data": {{"kind": "sine"}}, "model": {{"hidden": [5, 4], "activation": "{act}", "leaky_slope": 0.1, "init": "xavier"}}}}"#
        );
        assert_checks(
            &format!("network [5,4] {act}"),
            Setup::new(&config, 3, Mode::Probe).max_error(),
        );
    }
}

#[test]
fn the_tanh_output_of_the_classification_sets_matches_finite_differences() {
    let setup = Setup::new(
        r#"{"data": {"kind": "circle"}, "model": {"hidden": [4], "activation": "tanh", "loss": "mse"}}"#,
        2,
        Mode::Probe,
    );
    assert_checks("tanh output layer, ½ squared error", setup.max_error());
}

#[test]
fn the_logistic_loss_of_a_sigmoid_output_matches_finite_differences() {
    // Every hidden activation, and weights large enough that some logits are far from 0.
    for act in Activation::NAMES {
        for init in ["xavier", "large"] {
            let config = format!(
                r#"{{"data": {{"kind": "xor"}}, "model": {{"hidden": [5, 4], "activation": "{act}", "leaky_slope": 0.1, "init": "{init}", "loss": "cross_entropy"}}}}"#
            );
            assert_checks(
                &format!("cross-entropy, network [5,4] {act}, {init}"),
                Setup::new(&config, 2, Mode::Probe).max_error(),
            );
        }
    }
    let bn = Setup::new(
        r#"{"data": {"kind": "circle"}, "model": {"hidden": [5, 3], "activation": "sigmoid", "batch_norm": true}, "reg": {"l2": 0.2}}"#,
        2,
        Mode::Probe,
    );
    assert_checks("cross-entropy (default) + batch norm + L2", bn.max_error());
}

#[test]
fn the_logistic_loss_gradient_at_the_logit_matches_finite_differences() {
    let logits = ndarray::array![[-30.0], [-2.0], [-0.1], [0.0], [0.7], [3.0], [25.0]];
    let target = ndarray::array![1.0, -1.0, 1.0, -1.0, 1.0, -1.0, -1.0];
    let mut analytic = Array2::zeros((0, 1));
    loss::logistic_loss_gradient_into(&logits, &target, &mut analytic);
    let mut worst: f64 = 0.0;
    for i in 0..logits.nrows() {
        let at = |delta: f64| {
            let mut z = logits.clone();
            z[[i, 0]] += delta;
            loss::logistic_loss(&z, &target)
        };
        worst = worst.max(relative_error(analytic[[i, 0]], (at(STEP) - at(-STEP)) / (2.0 * STEP)));
    }
    assert_checks("logistic loss ∂/∂z", worst);
    // A confidently wrong point keeps a full gradient ((σ − t)/n → ±1/n), where ½ squared
    // error through a saturated tanh gives it none.
    assert!((analytic[[0, 0]] + 1.0 / 7.0).abs() < 1e-12 && (analytic[[6, 0]] - 1.0 / 7.0).abs() < 1e-9);
    // Stable at any logit: softplus, never log(0).
    assert!(loss::logistic_loss(&ndarray::array![[800.0]], &ndarray::array![-1.0]).is_finite());
}

#[test]
fn the_l2_and_l1_penalties_match_finite_differences() {
    let l2 = Setup::new(
        r#"{"data": {"kind": "sine"}, "model": {"hidden": [4]}, "reg": {"l2": 0.7}}"#,
        2,
        Mode::Probe,
    );
    assert_checks("L2 penalty l2/2·‖w‖²", l2.max_error());
    let l1 = Setup::new(
        r#"{"data": {"kind": "sine"}, "model": {"hidden": [4]}, "reg": {"l1": 0.3}}"#,
        2,
        Mode::Probe,
    );
    assert_checks("L1 penalty l1·‖w‖₁", l1.max_error());
}

#[test]
fn batch_norm_in_training_mode_matches_finite_differences() {
    let setup = Setup::new(
        r#"{"data": {"kind": "sine"}, "model": {"hidden": [5, 3], "activation": "tanh", "batch_norm": true}}"#,
        3,
        Mode::Probe,
    );
    assert_checks("batch norm (batch statistics)", setup.max_error());
}

#[test]
fn dropout_with_a_fixed_mask_matches_finite_differences() {
    let setup = Setup::new(
        r#"{"data": {"kind": "sine"}, "model": {"hidden": [6, 5], "activation": "tanh", "dropout_keep": 0.6}}"#,
        3,
        Mode::Train,
    );
    assert_checks("dropout (fixed mask, keep 0.6)", setup.max_error());
}

#[test]
fn the_polynomial_model_without_bias_matches_finite_differences() {
    let setup = Setup::new(
        r#"{"data": {"kind": "sine"}, "model": {"kind": "poly", "degree": 5, "init": "large"}}"#,
        6,
        Mode::Probe,
    );
    assert_checks("poly model (no bias)", setup.max_error());
}
