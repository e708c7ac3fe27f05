//! A fully connected layer: y = x·W + b, with W of shape n_in × n_out.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, Axis};

#[derive(Clone, Debug)]
pub struct Dense {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
    /// D2L's polynomial model has no bias: its x⁰ feature plays that part.
    pub has_bias: bool,
    pub grad_w: Array2<f64>,
    pub grad_b: Array1<f64>,
    input: Array2<f64>,
}

impl Dense {
    pub fn new(w: Array2<f64>, has_bias: bool) -> Dense {
        let (n_in, n_out) = w.dim();
        Dense { w, b: Array1::zeros(n_out), has_bias, grad_w: Array2::zeros((n_in, n_out)),
            grad_b: Array1::zeros(n_out), input: Array2::zeros((0, n_in)) }
    }

    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        self.input = x.clone();
        let mut y = x.dot(&self.w);
        if self.has_bias {
            y += &self.b;
        }
        y
    }

    /// Takes ∂L/∂y, stores ∂L/∂W = xᵀ·∂L/∂y and ∂L/∂b = Σ_rows ∂L/∂y, returns ∂L/∂x = ∂L/∂y·Wᵀ.
    pub fn backward(&mut self, grad_y: &Array2<f64>) -> Array2<f64> {
        // Into the preallocated (row-major) gradient: no allocation, a layout the optimizer can slice.
        general_mat_mul(1.0, &self.input.t(), grad_y, 0.0, &mut self.grad_w);
        self.grad_b = if self.has_bias { grad_y.sum_axis(Axis(0)) } else { Array1::zeros(self.b.len()) };
        grad_y.dot(&self.w.t())
    }

    pub fn n_in(&self) -> usize {
        self.w.nrows()
    }

    pub fn n_out(&self) -> usize {
        self.w.ncols()
    }
}
