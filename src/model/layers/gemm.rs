//! The small matrix products of a training step, C = start + A·B, register-blocked: a tile
//! of C (TILE_ROWS × TILE_COLS) stays in locals for the whole sum over k, so each row of B
//! that is loaded feeds TILE_ROWS rows of C, and C is written once instead of loaded and
//! stored at every k as the plain axpy loop does. In wasm the tile's rows become f64x2
//! registers (no FMA: a multiply and an add, each rounded, as in the plain loop).
//!
//! Every element still gets its k products added one at a time, in order of k, onto its
//! start value, exactly as the plain loops do, so the bits are the same (tested): no claim
//! can move with the kernel.

const TILE_ROWS: usize = 4;
const TILE_COLS: usize = 4;

/// What each element of C starts from before its sum over k.
#[derive(Clone, Copy, Debug)]
pub enum Start<'a> {
    /// One value per column of C (a bias row).
    PerColumn(&'a [f64]),
    /// The same value everywhere (0.0, or −0.0 where the result must match a `sum()`).
    Value(f64),
}

impl Start<'_> {
    fn at(self, col: usize) -> f64 {
        match self {
            Start::PerColumn(row) => row[col],
            Start::Value(v) => v,
        }
    }
}

/// c (m × n) = start + a (m × k) · b (k × n), all row-major and contiguous.
pub fn gemm(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], start: Start, c: &mut [f64]) {
    assert!(a.len() == m * k && b.len() == k * n && c.len() == m * n, "gemm: shapes");
    let mut row = 0;
    while row + TILE_ROWS <= m {
        rows::<TILE_ROWS>(row, k, n, a, b, start, c);
        row += TILE_ROWS;
    }
    while row < m {
        rows::<1>(row, k, n, a, b, start, c);
        row += 1;
    }
}

/// Rows row0 .. row0 + R of c: full column tiles first, then the columns left over one at a
/// time (still R independent sums, so a single output column is not one long dependency chain).
fn rows<const R: usize>(
    row0: usize,
    k: usize,
    n: usize,
    a: &[f64],
    b: &[f64],
    start: Start,
    c: &mut [f64],
) {
    let a_rows: [&[f64]; R] = std::array::from_fn(|r| &a[(row0 + r) * k..][..k]);
    let full_cols = n - n % TILE_COLS;
    for col0 in (0..full_cols).step_by(TILE_COLS) {
        let mut acc = [[0.0; TILE_COLS]; R];
        for row_acc in acc.iter_mut() {
            for (j, v) in row_acc.iter_mut().enumerate() {
                *v = start.at(col0 + j);
            }
        }
        tile(&a_rows, k, n, b, col0, &mut acc);
        for (r, row_acc) in acc.iter().enumerate() {
            c[(row0 + r) * n + col0..][..TILE_COLS].copy_from_slice(row_acc);
        }
    }
    for col in full_cols..n {
        let mut acc = [start.at(col); R];
        column(&a_rows, k, n, b, col, &mut acc);
        for (r, &v) in acc.iter().enumerate() {
            c[(row0 + r) * n + col] = v;
        }
    }
}

/// acc[r] += Σ_p a_rows[r][p] · b[p][col], p in order: R independent sums (portable form,
/// and wasm's for an odd R).
fn column_plain<const R: usize>(a_rows: &[&[f64]; R], k: usize, n: usize, b: &[f64], col: usize, acc: &mut [f64; R]) {
    for (p, b_row) in b.chunks_exact(n).take(k).enumerate() {
        let w = b_row[col];
        for (v, a_row) in acc.iter_mut().zip(a_rows) {
            *v += a_row[p] * w;
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use column_plain as column;

/// The same in f64x2, two rows to a register (a single output column is W3's and every
/// output layer's forward pass).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn column<const R: usize>(a_rows: &[&[f64]; R], k: usize, n: usize, b: &[f64], col: usize, acc: &mut [f64; R]) {
    use core::arch::wasm32::*;
    if R % 2 != 0 {
        return column_plain(a_rows, k, n, b, col, acc);
    }
    let mut pairs = [f64x2_splat(0.0); R];
    for (i, pair) in pairs.iter_mut().take(R / 2).enumerate() {
        *pair = f64x2(acc[2 * i], acc[2 * i + 1]);
    }
    for (p, b_row) in b.chunks_exact(n).take(k).enumerate() {
        let w = f64x2_splat(b_row[col]);
        for (i, pair) in pairs.iter_mut().take(R / 2).enumerate() {
            let x = f64x2(a_rows[2 * i][p], a_rows[2 * i + 1][p]);
            *pair = f64x2_add(*pair, f64x2_mul(x, w));
        }
    }
    for (i, pair) in pairs.iter().take(R / 2).enumerate() {
        acc[2 * i] = f64x2_extract_lane::<0>(*pair);
        acc[2 * i + 1] = f64x2_extract_lane::<1>(*pair);
    }
}

/// acc[r][j] += Σ_p a_rows[r][p] · b[p][col0 + j], p in order (portable form).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn tile<const R: usize>(
    a_rows: &[&[f64]; R],
    k: usize,
    n: usize,
    b: &[f64],
    col0: usize,
    acc: &mut [[f64; TILE_COLS]; R],
) {
    for (p, b_row) in b.chunks_exact(n).take(k).enumerate() {
        let b_tile: &[f64; TILE_COLS] = b_row[col0..col0 + TILE_COLS].try_into().unwrap();
        for (row_acc, a_row) in acc.iter_mut().zip(a_rows) {
            let x = a_row[p];
            for (v, &w) in row_acc.iter_mut().zip(b_tile) {
                *v += x * w;
            }
        }
    }
}

/// The same in wasm's f64x2, which LLVM does not find by itself here: two registers per
/// row of the tile, `f64x2.mul` then `f64x2.add` (each rounded, the portable form's bits).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn tile<const R: usize>(
    a_rows: &[&[f64]; R],
    k: usize,
    n: usize,
    b: &[f64],
    col0: usize,
    acc: &mut [[f64; TILE_COLS]; R],
) {
    use core::arch::wasm32::*;
    const { assert!(TILE_COLS == 4) };
    let mut lo: [v128; R] = std::array::from_fn(|r| f64x2(acc[r][0], acc[r][1]));
    let mut hi: [v128; R] = std::array::from_fn(|r| f64x2(acc[r][2], acc[r][3]));
    for (p, b_row) in b.chunks_exact(n).take(k).enumerate() {
        let b_tile = &b_row[col0..col0 + TILE_COLS];
        let (b_lo, b_hi) = (f64x2(b_tile[0], b_tile[1]), f64x2(b_tile[2], b_tile[3]));
        for r in 0..R {
            let x = f64x2_splat(a_rows[r][p]);
            lo[r] = f64x2_add(lo[r], f64x2_mul(x, b_lo));
            hi[r] = f64x2_add(hi[r], f64x2_mul(x, b_hi));
        }
    }
    for r in 0..R {
        acc[r] = [
            f64x2_extract_lane::<0>(lo[r]),
            f64x2_extract_lane::<1>(lo[r]),
            f64x2_extract_lane::<0>(hi[r]),
            f64x2_extract_lane::<1>(hi[r]),
        ];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{seeded, uniform};

    /// The plain loop the kernel replaces: each element from its start, k terms in order.
    fn plain(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], start: Start) -> Vec<f64> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                let mut s = start.at(j);
                for p in 0..k {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        c
    }

    #[test]
    fn tiles_and_edges_give_the_plain_loops_bits() {
        let mut rng = seeded(3);
        let bias: Vec<f64> = (0..70).map(|_| uniform(&mut rng, -1.0, 1.0)).collect();
        for (m, k, n) in [(1, 1, 1), (10, 2, 8), (10, 8, 1), (32, 32, 32), (7, 5, 9), (100, 20, 1), (3, 64, 6), (5, 3, 64)] {
            // Zeros of both signs among the values: the start's sign must survive as it does.
            let mut value = |i: usize| match i % 9 {
                0 => 0.0,
                4 => -0.0,
                _ => uniform(&mut rng, -3.0, 3.0),
            };
            let a: Vec<f64> = (0..m * k).map(&mut value).collect();
            let b: Vec<f64> = (0..k * n).map(&mut value).collect();
            for start in [Start::PerColumn(&bias[..n]), Start::Value(0.0), Start::Value(-0.0)] {
                let mut c = vec![f64::NAN; m * n];
                gemm(m, k, n, &a, &b, start, &mut c);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&c), bits(&plain(m, k, n, &a, &b, start)), "{m}×{k}×{n}, {start:?}");
            }
        }
    }
}
