//! A fully connected layer: y = x·W + b, with W of shape n_in × n_out. Forward and backward
//! write into buffers the caller keeps, so a training step allocates nothing.

use super::gemm::{gemm, Start};
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
    /// Wᵀ and xᵀ, rebuilt in each backward pass that needs them (scratch, not state).
    w_t: Vec<f64>,
    x_t: Vec<f64>,
}

/// Below this many multiply-adds our kernel (gemm.rs) beats matrixmultiply: natively its AVX
/// kernels win from about 16k (W2's 32×32×32 ran 4 850 vs 2 460 steps/s), but it has no
/// wasm SIMD kernel, so in wasm our own (gemm.rs, f64x2) wins at every size we allow
/// (W2, with the earlier plain loops: 1 900 vs 1 020 steps/s).
const SMALL_PRODUCT: usize = if cfg!(target_arch = "wasm32") { usize::MAX } else { 16 * 1024 };

/// Writes the transpose of the rows × cols row-major `a` into `out` (cols × rows).
fn transpose_into(a: &[f64], rows: usize, cols: usize, out: &mut Vec<f64>) {
    out.resize(rows * cols, 0.0);
    for (i, row) in a.chunks_exact(cols).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            out[j * rows + i] = v;
        }
    }
}

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
            w_t: Vec::new(),
            x_t: Vec::new(),
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
            // A single output unit (every output layer): one dot product per row, summed
            // from −0.0 as f64's `sum` does, then the bias added, as the dot product did.
            gemm(batch, n_in, 1, x, w, Start::Value(-0.0), y);
            let bias = if self.has_bias { b[0] } else { 0.0 };
            y.iter_mut().for_each(|y| *y = bias + *y);
            return;
        }
        let start = if self.has_bias { Start::PerColumn(b) } else { Start::Value(0.0) };
        gemm(batch, n_in, n_out, x, w, start, y);
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
            if n_out == 1 {
                // One column: accumulate rows into ∂L/∂W along its length (vectorizes).
                gw.fill(0.0);
                for (x_row, &g) in slice(x).chunks_exact(n_in).zip(slice(grad_y)) {
                    gw.iter_mut().zip(x_row).for_each(|(gw, &x)| *gw += x * g);
                }
            } else {
                // ∂L/∂W = xᵀ·∂L/∂y, each element summed over the rows in order from 0.0.
                transpose_into(slice(x), batch, n_in, &mut self.x_t);
                gemm(n_in, batch, n_out, &self.x_t, slice(grad_y), Start::Value(0.0), gw);
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
        // ∂L/∂x = ∂L/∂y·Wᵀ, each element summed from −0.0 (as f64's `sum` does) in order of
        // the output units; Wᵀ is built so that the kernel reads contiguous rows.
        transpose_into(slice(&self.w), n_in, n_out, &mut self.w_t);
        gemm(batch, n_out, n_in, slice(grad_y), &self.w_t, Start::Value(-0.0), slice_mut(grad_x));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, uniform};

    /// ∂L/∂x of a batch (whole 4-row tiles of the kernel, then leftover rows) has the bits
    /// of each row's own pass, zeros and their signs included: no claim can move with the
    /// batch size. (Shapes under SMALL_PRODUCT, where both run the kernel, not matrixmultiply.)
    #[test]
    fn a_batch_gives_each_rows_own_grad_x_bits() {
        let mut rng = seeded(7);
        for (n_in, n_out, batch) in [(2, 8, 10), (8, 8, 10), (32, 32, 8), (5, 64, 7), (64, 3, 4)] {
            let mut value = |k: usize| if k % 7 == 0 { 0.0 } else if k % 11 == 0 { -0.0 } else { uniform(&mut rng, -1.0, 1.0) };
            let w = Array2::from_shape_fn((n_in, n_out), |(i, j)| value(i * n_out + j));
            let x = Array2::from_shape_fn((batch, n_in), |(i, j)| value(i * n_in + j + 1));
            let g = Array2::from_shape_fn((batch, n_out), |(i, j)| value(i * n_out + j + 3));
            let mut dense = Dense::new(w, true);
            let mut all = Array2::zeros((0, 0));
            dense.backward(&x, &g, Some(&mut all));
            for r in 0..batch {
                let (x1, g1) = (x.slice(ndarray::s![r..r + 1, ..]).to_owned(), g.slice(ndarray::s![r..r + 1, ..]).to_owned());
                let mut one = Array2::zeros((0, 0));
                dense.backward(&x1, &g1, Some(&mut one));
                let bits = |a: ndarray::ArrayView1<f64>| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(all.row(r)), bits(one.row(0)), "{n_in}×{n_out}, batch {batch}, row {r}");
            }
        }
    }
}
