//! Batch normalization (Ioffe & Szegedy 2015): each unit normalized over the mini-batch,
//! then scaled and shifted by learnable γ and β; evaluation uses running averages.

use super::Mode;
use ndarray::{Array1, Array2, Axis};

const EPSILON: f64 = 1e-5;
/// Weight of the newest batch in the running averages.
const RUNNING_RATE: f64 = 0.1;

#[derive(Clone, Debug)]
pub struct BatchNorm {
    pub gamma: Array1<f64>,
    pub beta: Array1<f64>,
    pub running_mean: Array1<f64>,
    pub running_var: Array1<f64>,
    pub grad_gamma: Array1<f64>,
    pub grad_beta: Array1<f64>,
    normalized: Array2<f64>,
    inv_std: Array1<f64>,
}

impl BatchNorm {
    pub fn new(units: usize) -> BatchNorm {
        BatchNorm {
            gamma: Array1::ones(units),
            beta: Array1::zeros(units),
            running_mean: Array1::zeros(units),
            running_var: Array1::ones(units),
            grad_gamma: Array1::zeros(units),
            grad_beta: Array1::zeros(units),
            normalized: Array2::zeros((0, units)),
            inv_std: Array1::zeros(units),
        }
    }

    pub fn forward(&mut self, x: &Array2<f64>, mode: Mode) -> Array2<f64> {
        let (mean, var) = if mode == Mode::Eval || x.nrows() == 0 {
            (self.running_mean.clone(), self.running_var.clone())
        } else {
            let mean = x.mean_axis(Axis(0)).expect("a non-empty batch");
            let var = x.var_axis(Axis(0), 0.0);
            if mode == Mode::Train {
                // Ioffe & Szegedy's Algorithm 2: the population variance is estimated by
                // the unbiased batch variance, m/(m − 1) times the biased one.
                let m = x.nrows() as f64;
                let unbiased = if m > 1.0 { &var * (m / (m - 1.0)) } else { var.clone() };
                self.running_mean =
                    &self.running_mean * (1.0 - RUNNING_RATE) + &mean * RUNNING_RATE;
                self.running_var = &self.running_var * (1.0 - RUNNING_RATE) + &unbiased * RUNNING_RATE;
            }
            (mean, var)
        };
        self.inv_std = var.mapv(|v| 1.0 / (v + EPSILON).sqrt());
        self.normalized = (x - &mean) * &self.inv_std;
        &self.normalized * &self.gamma + &self.beta
    }

    /// Backward through the batch statistics: with x̂ the normalized input and g = γ·∂L/∂y,
    /// ∂L/∂x = (1/N)·σ⁻¹·(N·g − Σg − x̂·Σ(g·x̂)).
    pub fn backward(&mut self, grad_y: &Array2<f64>) -> Array2<f64> {
        let n = grad_y.nrows() as f64;
        self.grad_gamma = (grad_y * &self.normalized).sum_axis(Axis(0));
        self.grad_beta = grad_y.sum_axis(Axis(0));
        let g = grad_y * &self.gamma;
        let sum_g = g.sum_axis(Axis(0));
        let sum_g_xhat = (&g * &self.normalized).sum_axis(Axis(0));
        (g * n - &sum_g - &self.normalized * &sum_g_xhat) * &self.inv_std / n
    }
}
