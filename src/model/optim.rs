//! Update rules: plain SGD, momentum (β = 0.9) and Adam (β₁ = 0.9, β₂ = 0.999; Kingma &
//! Ba 2015). Penalty gradients are added to weights only. With plain SGD the L1 part is
//! applied as a proximal step (soft thresholding, as in ISTA), so L1 drives weights to
//! exactly 0 instead of making them jitter around it; the others use its subgradient.

use crate::config::OptimKind;
use crate::loss::penalty_gradient;
use crate::network::Network;

const MOMENTUM: f64 = 0.9;
const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPSILON: f64 = 1e-8;

#[derive(Clone, Debug, Default)]
pub struct Optimizer {
    kind: Option<OptimKind>,
    /// Momentum's velocity, or Adam's first moment, per parameter tensor.
    first: Vec<Vec<f64>>,
    /// Adam's second moment.
    second: Vec<Vec<f64>>,
    steps: i32,
}

pub struct Hyper {
    pub kind: OptimKind,
    pub lr: f64,
    pub l1: f64,
    pub l2: f64,
}

/// Out of line on purpose: inlined, LLVM turned the `if Adam` into a select and ran both
/// powi calls every step anyway (2 % of W3's SGD step in a profile).
#[inline(never)]
fn adam_bias_correction(steps: i32) -> (f64, f64) {
    (1.0 - ADAM_BETA1.powi(steps), 1.0 - ADAM_BETA2.powi(steps))
}

impl Optimizer {
    pub fn update(&mut self, network: &mut Network, hyper: &Hyper) {
        if self.kind != Some(hyper.kind) {
            // A switch of rule starts its state afresh.
            *self = Optimizer {
                kind: Some(hyper.kind),
                ..Optimizer::default()
            };
        }
        self.steps = self.steps.saturating_add(1);
        // Adam's bias corrections, once a step (not per tensor) and only for Adam: the two
        // powi calls were 8–10 % of a small SGD net's step.
        let bias_correction = if hyper.kind == OptimKind::Adam {
            adam_bias_correction(self.steps)
        } else {
            (1.0, 1.0)
        };
        let (first, second) = (&mut self.first, &mut self.second);
        network.visit_params(|index, values, grads, is_weight| {
            if first.len() <= index {
                first.push(vec![0.0; values.len()]);
                second.push(vec![0.0; values.len()]);
            }
            update_tensor(
                hyper,
                bias_correction,
                values,
                grads,
                is_weight,
                &mut first[index],
                &mut second[index],
            );
        });
    }
}

fn update_tensor(
    hyper: &Hyper,
    (bias_correction1, bias_correction2): (f64, f64),
    values: &mut [f64],
    grads: &[f64],
    is_weight: bool,
    first: &mut [f64],
    second: &mut [f64],
) {
    let proximal_l1 = hyper.kind == OptimKind::Sgd;
    let (l1, l2) = if is_weight {
        (if proximal_l1 { 0.0 } else { hyper.l1 }, hyper.l2)
    } else {
        (0.0, 0.0)
    };
    for (k, (w, &g)) in values.iter_mut().zip(grads).enumerate() {
        let g = g + penalty_gradient(*w, l1, l2);
        *w -= match hyper.kind {
            OptimKind::Momentum => {
                first[k] = MOMENTUM * first[k] + g;
                hyper.lr * first[k]
            }
            OptimKind::Adam => {
                first[k] = ADAM_BETA1 * first[k] + (1.0 - ADAM_BETA1) * g;
                second[k] = ADAM_BETA2 * second[k] + (1.0 - ADAM_BETA2) * g * g;
                let m_hat = first[k] / bias_correction1;
                let v_hat = second[k] / bias_correction2;
                hyper.lr * m_hat / (v_hat.sqrt() + ADAM_EPSILON)
            }
            OptimKind::Sgd | OptimKind::Exact => hyper.lr * g,
        };
        if proximal_l1 && is_weight && hyper.l1 > 0.0 {
            *w = w.signum() * (w.abs() - hyper.lr * hyper.l1).max(0.0);
        }
    }
}
