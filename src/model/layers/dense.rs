//! A fully connected layer: y = x·W + b, with W of shape n_in × n_out. Forward and backward
//! write into buffers the caller keeps, so a training step allocates nothing.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2};

#[derive(Clone, Debug)]
pub struct Dense {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
    /// D2L's polynomial model has no bias: its x⁰ feature plays that part.
    pub has_bias: bool,
    pub grad_w: Array2<f64>,
    pub grad_b: Array1<f64>,
}

/// Below this many multiply-adds the plain loops beat matrixmultiply: natively its AVX
/// kernels win from about 16k (W2's 32×32×32 ran 4 850 vs 2 460 steps/s), but it has no
/// wasm SIMD kernel, so in wasm the loops (auto-vectorized to f64x2) win at every size
/// we allow (W2: 1 900 vs 1 020 steps/s).
const SMALL_PRODUCT: usize = if cfg!(target_arch = "wasm32") { usize::MAX } else { 16 * 1024 };

/// Makes `a` rows × cols, reallocating only when the shape changes.
pub fn ensure_shape(a: &mut Array2<f64>, rows: usize, cols: usize) {
    if a.dim() != (rows, cols) {
        *a = Array2::zeros((rows, cols));
    }
}

fn slice(a: &Array2<f64>) -> &[f64] {
    a.as_slice().expect("row-major buffers")
}

fn slice_mut(a: &mut Array2<f64>) -> &mut [f64] {
    a.as_slice_mut().expect("row-major buffers")
}

impl Dense {
    pub fn new(w: Array2<f64>, has_bias: bool) -> Dense {
        let (n_in, n_out) = w.dim();
        Dense {
            w,
            b: Array1::zeros(n_out),
            has_bias,
            grad_w: Array2::zeros((n_in, n_out)),
            grad_b: Array1::zeros(n_out),
        }
    }

    pub fn n_in(&self) -> usize {
        self.w.nrows()
    }

    pub fn n_out(&self) -> usize {
        self.w.ncols()
    }

    /// y = x·W + b.
    pub fn forward(&self, x: &Array2<f64>, y: &mut Array2<f64>) {
        let (batch, n_in, n_out) = (x.nrows(), self.n_in(), self.n_out());
        ensure_shape(y, batch, n_out);
        if batch * n_in * n_out > SMALL_PRODUCT {
            general_mat_mul(1.0, x, &self.w, 0.0, y);
            if self.has_bias {
                *y += &self.b;
            }
            return;
        }
        let (x, w, b, y) = (
            slice(x),
            slice(&self.w),
            self.b.as_slice().expect("contiguous"),
            slice_mut(y),
        );
        if n_out == 1 {
            // A single output unit (every output layer): one dot product per row.
            let bias = if self.has_bias { b[0] } else { 0.0 };
            for (x_row, y) in x.chunks_exact(n_in).zip(y.iter_mut()) {
                *y = bias + x_row.iter().zip(w).map(|(&x, &w)| x * w).sum::<f64>();
            }
            return;
        }
        for (x_row, y_row) in x.chunks_exact(n_in).zip(y.chunks_exact_mut(n_out)) {
            if self.has_bias {
                y_row.copy_from_slice(b)
            } else {
                y_row.fill(0.0)
            }
            for (&xi, w_row) in x_row.iter().zip(w.chunks_exact(n_out)) {
                y_row.iter_mut().zip(w_row).for_each(|(y, &w)| *y += xi * w);
            }
        }
    }

    /// Given the layer's input x and ∂L/∂y: stores ∂L/∂W = xᵀ·∂L/∂y and ∂L/∂b = Σ_rows ∂L/∂y,
    /// and writes ∂L/∂x = ∂L/∂y·Wᵀ into `grad_x` when asked (the first layer needs none).
    pub fn backward(
        &mut self,
        x: &Array2<f64>,
        grad_y: &Array2<f64>,
        grad_x: Option<&mut Array2<f64>>,
    ) {
        let (batch, n_in, n_out) = (x.nrows(), self.n_in(), self.n_out());
        let large = batch * n_in * n_out > SMALL_PRODUCT;
        if large {
            general_mat_mul(1.0, &x.t(), grad_y, 0.0, &mut self.grad_w);
        } else {
            let gw = slice_mut(&mut self.grad_w);
            gw.fill(0.0);
            if n_out == 1 {
                for (x_row, &g) in slice(x).chunks_exact(n_in).zip(slice(grad_y)) {
                    gw.iter_mut().zip(x_row).for_each(|(gw, &x)| *gw += x * g);
                }
            } else {
                for (x_row, g_row) in slice(x)
                    .chunks_exact(n_in)
                    .zip(slice(grad_y).chunks_exact(n_out))
                {
                    for (&xi, gw_row) in x_row.iter().zip(gw.chunks_exact_mut(n_out)) {
                        gw_row
                            .iter_mut()
                            .zip(g_row)
                            .for_each(|(gw, &g)| *gw += xi * g);
                    }
                }
            }
        }
        self.grad_b.fill(0.0);
        if self.has_bias {
            for g_row in slice(grad_y).chunks_exact(n_out) {
                self.grad_b
                    .iter_mut()
                    .zip(g_row)
                    .for_each(|(gb, &g)| *gb += g);
            }
        }
        let Some(grad_x) = grad_x else { return };
        ensure_shape(grad_x, batch, n_in);
        if large {
            general_mat_mul(1.0, grad_y, &self.w.t(), 0.0, grad_x);
            return;
        }
        let w = slice(&self.w);
        for (g_row, gx_row) in slice(grad_y)
            .chunks_exact(n_out)
            .zip(slice_mut(grad_x).chunks_exact_mut(n_in))
        {
            for (gx, w_row) in gx_row.iter_mut().zip(w.chunks_exact(n_out)) {
                *gx = w_row.iter().zip(g_row).map(|(&w, &g)| w * g).sum();
            }
        }
    }
}
