//! Small, numerically careful linear least-squares solvers for dlab.
//!
//! Both solvers minimise the same objective, written the way the rest of dlab writes a loss
//! (mean data loss plus penalty), so a closed-form fit equals what gradient descent converges to:
//!
//! ```text
//! J(w) = ½·mean_i (x_i·w − y_i)²  +  l1·Σ_{j penalized} |w_j|  +  (l2/2)·Σ_{j penalized} w_j²
//! ```
//!
//! * [`ridge_least_squares`] handles `l1 = 0` exactly, by Householder QR (never the normal
//!   equations, which square the condition number).
//! * [`elastic_net_coordinate_descent`] handles `l1 > 0` iteratively.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, s};

/// Least squares with optional ridge, in dlab's mean form: minimises
///
/// ```text
/// ½·mean_i (x_i·w − y_i)² + (l2/2)·Σ_{j penalized} w_j²
/// ```
///
/// `penalized[j]` says whether column `j` is penalized (a bias column is not).
///
/// Multiplying the objective by `2n` (n = number of rows of `x`) shows it is the ordinary
/// least-squares problem for the augmented system
///
/// ```text
/// [ X            ]       [ y ]
/// [ sqrt(n·l2)·D ] w  ≈  [ 0 ]
/// ```
///
/// where `D` holds one row `e_jᵀ` per penalized column. That system is solved by Householder
/// QR with column pivoting, never by forming `XᵀX`: a degree-9 polynomial design on [0, 1] has
/// cond(X) ~ 1e7, so cond(XᵀX) ~ 1e14 would leave almost no correct digits.
///
/// Rank deficiency (e.g. more columns than rows with `l2 = 0`) is handled by a rank-revealing
/// complete orthogonal decomposition (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.4.2
/// and §5.5.2; LAPACK's `xGELSY` does the same): the pivoted QR stops at the first diagonal
/// `|R_kk| ≤ ε·max(m, n)·|R_00|` (the same relative cutoff as LAPACK/NumPy `lstsq`), and the
/// remaining full-row-rank trapezoid is reduced once more by QR so that the **minimum-norm**
/// least-squares solution comes out. With full column rank this is just the usual QR solve.
///
/// # Panics
/// If the shapes disagree, or `l2` is negative or not finite.
pub fn ridge_least_squares(
    x: &Array2<f64>,
    y: &Array1<f64>,
    l2: f64,
    penalized: &[bool],
) -> Array1<f64> {
    let (n_rows, n_cols) = x.dim();
    assert_eq!(
        y.len(),
        n_rows,
        "x has {n_rows} rows but y has {} entries",
        y.len()
    );
    assert_eq!(
        penalized.len(),
        n_cols,
        "one `penalized` flag per column of x"
    );
    assert!(
        l2.is_finite() && l2 >= 0.0,
        "l2 must be finite and ≥ 0, got {l2}"
    );

    let penalized_columns: Vec<usize> = if l2 > 0.0 {
        (0..n_cols).filter(|&j| penalized[j]).collect()
    } else {
        Vec::new()
    };
    // sqrt(n·l2), not sqrt(l2): the data term is a mean, see the doc comment.
    let penalty_scale = (n_rows as f64 * l2).sqrt();

    let mut augmented = Array2::zeros((n_rows + penalized_columns.len(), n_cols));
    augmented.slice_mut(s![..n_rows, ..]).assign(x);
    for (row, &column) in penalized_columns.iter().enumerate() {
        augmented[[n_rows + row, column]] = penalty_scale;
    }
    let mut target = Array1::zeros(n_rows + penalized_columns.len());
    target.slice_mut(s![..n_rows]).assign(y);

    minimum_norm_least_squares(augmented, target)
}

/// Elastic net (lasso + ridge) by cyclic coordinate descent. Minimises exactly
///
/// ```text
/// ½·mean_i (x_i·w − y_i)² + l1·Σ_{j penalized} |w_j| + (l2/2)·Σ_{j penalized} w_j²
/// ```
///
/// — the same mean-form data term as [`ridge_least_squares`], so with `l1 = 0` both agree.
///
/// Starts from `w = 0` (no warm start). Each sweep visits the columns in order and sets `w_j`
/// to the exact minimiser along that coordinate:
///
/// ```text
/// ρ_j = mean_i x_ij·(y_i − Σ_{k≠j} x_ik w_k),   a_j = mean_i x_ij²
/// w_j = soft_threshold(ρ_j, l1) / (a_j + l2)    if penalized
/// w_j = ρ_j / a_j                               otherwise (bias: no shrinkage)
/// ```
///
/// Stops when a whole sweep changes no weight by more than `1e-10 · max_j |w_j|`, or after
/// `max_iter` sweeps. An all-zero column gets weight 0 (it cannot affect the fit).
///
/// # Panics
/// If the shapes disagree, `x` has no rows, or `l1`/`l2` is negative or not finite.
pub fn elastic_net_coordinate_descent(
    x: &Array2<f64>,
    y: &Array1<f64>,
    l1: f64,
    l2: f64,
    penalized: &[bool],
    max_iter: usize,
) -> Array1<f64> {
    const RELATIVE_TOLERANCE: f64 = 1e-10;
    let (n_rows, n_cols) = x.dim();
    assert!(n_rows > 0, "x has no rows");
    assert_eq!(
        y.len(),
        n_rows,
        "x has {n_rows} rows but y has {} entries",
        y.len()
    );
    assert_eq!(
        penalized.len(),
        n_cols,
        "one `penalized` flag per column of x"
    );
    assert!(
        l1.is_finite() && l1 >= 0.0,
        "l1 must be finite and ≥ 0, got {l1}"
    );
    assert!(
        l2.is_finite() && l2 >= 0.0,
        "l2 must be finite and ≥ 0, got {l2}"
    );

    let n = n_rows as f64;
    let column_mean_squares: Vec<f64> = x.columns().into_iter().map(|c| c.dot(&c) / n).collect();
    let mut weights = Array1::<f64>::zeros(n_cols);
    // Kept equal to y − X·w, so each coordinate update costs O(n) instead of O(n·p).
    let mut residual = y.clone();

    for _sweep in 0..max_iter {
        let mut largest_change: f64 = 0.0;
        for j in 0..n_cols {
            let curvature = column_mean_squares[j];
            if curvature == 0.0 {
                continue;
            }
            let column = x.column(j);
            let old = weights[j];
            let rho = column.dot(&residual) / n + curvature * old;
            let new = if penalized[j] {
                soft_threshold(rho, l1) / (curvature + l2)
            } else {
                rho / curvature
            };
            if new != old {
                residual.scaled_add(old - new, &column);
                weights[j] = new;
                largest_change = largest_change.max((new - old).abs());
            }
        }
        let largest_weight = weights.iter().fold(0.0_f64, |m, w| m.max(w.abs()));
        if largest_change <= RELATIVE_TOLERANCE * largest_weight {
            break;
        }
    }
    weights
}

/// sign(z)·max(|z| − t, 0): the proximal map of t·|·|, which is what makes lasso weights exactly 0.
fn soft_threshold(z: f64, threshold: f64) -> f64 {
    if z > threshold {
        z - threshold
    } else if z < -threshold {
        z + threshold
    } else {
        0.0
    }
}

/// Minimum-norm solution of min ‖A z − b‖₂ via a complete orthogonal decomposition
/// A·P = Q·[T 0; 0 0]·Zᵀ (Golub & Van Loan §5.5.2).
fn minimum_norm_least_squares(a: Array2<f64>, mut b: Array1<f64>) -> Array1<f64> {
    let n_cols = a.ncols();
    let qr = householder_qr(a, true);
    let rank = qr.rank;
    qr.apply_q_transpose(&mut b);
    let qtb = b.slice(s![..rank]);
    // R's leading `rank` rows: upper trapezoidal, columns in pivot order.
    let r_top = qr.factored.slice(s![..rank, ..]);

    let z_pivoted = if rank == n_cols {
        back_substitute_upper(&r_top, &qtb)
    } else {
        // r_top is rank × n with full row rank, so its solutions of r_top·z = qtb form an affine
        // space; the shortest lies in the row space. QR of r_topᵀ = Z·S (S upper triangular):
        // then r_top = Sᵀ·Zᵀ and z = Z·S⁻ᵀ·qtb is that shortest solution.
        let second = householder_qr(r_top.t().to_owned(), false);
        let s_matrix = second.factored.slice(s![..rank, ..rank]);
        let u = forward_substitute_transposed_upper(&s_matrix, &qtb);
        let mut z = Array1::zeros(n_cols);
        z.slice_mut(s![..rank]).assign(&u);
        second.apply_q(&mut z);
        z
    };

    let mut solution = Array1::zeros(n_cols);
    for (k, &original_column) in qr.column_order.iter().enumerate() {
        solution[original_column] = z_pivoted[k];
    }
    solution
}

/// H = I − β·v·vᵀ, acting on rows `first_row..` of whatever it is applied to.
struct Reflector {
    first_row: usize,
    v: Array1<f64>,
    beta: f64,
}

impl Reflector {
    /// Reflector mapping `x` onto α·e₁ with α = −sign(x₀)·‖x‖ (Golub & Van Loan Alg. 5.1.1):
    /// choosing that sign means v₀ = x₀ − α never cancels. Returns the reflector and α.
    fn annihilating(first_row: usize, x: ArrayView1<f64>) -> (Self, f64) {
        let norm = euclidean_norm(x);
        let mut v = x.to_owned();
        if norm == 0.0 {
            return (
                Reflector {
                    first_row,
                    v,
                    beta: 0.0,
                },
                0.0,
            );
        }
        let alpha = if x[0] >= 0.0 { -norm } else { norm };
        v[0] -= alpha;
        let beta = 2.0 / v.dot(&v);
        (Reflector { first_row, v, beta }, alpha)
    }

    fn apply(&self, target: &mut Array1<f64>) {
        let mut tail = target.slice_mut(s![self.first_row..]);
        let coefficient = self.beta * self.v.dot(&tail);
        tail.scaled_add(-coefficient, &self.v);
    }
}

struct HouseholderQr {
    /// R in the upper triangle (columns in `column_order`); below it, leftovers.
    factored: Array2<f64>,
    reflectors: Vec<Reflector>,
    /// Column k of R comes from column `column_order[k]` of the input.
    column_order: Vec<usize>,
    /// Number of reflectors applied = numerical rank when pivoting.
    rank: usize,
}

impl HouseholderQr {
    fn apply_q_transpose(&self, target: &mut Array1<f64>) {
        self.reflectors.iter().for_each(|h| h.apply(target));
    }

    fn apply_q(&self, target: &mut Array1<f64>) {
        self.reflectors.iter().rev().for_each(|h| h.apply(target));
    }
}

/// Householder QR, optionally with column pivoting (Golub & Van Loan Alg. 5.4.1): at step k the
/// remaining column of largest norm is moved to position k, so |R_00| ≥ |R_11| ≥ … and the first
/// negligible diagonal reveals the numerical rank. Trailing column norms are recomputed at each
/// step rather than downdated: same O(m·n) cost per step, and none of the downdating's
/// cancellation trouble.
fn householder_qr(mut a: Array2<f64>, pivot: bool) -> HouseholderQr {
    let (n_rows, n_cols) = a.dim();
    let rank_tolerance = f64::EPSILON * n_rows.max(n_cols) as f64;
    let mut column_order: Vec<usize> = (0..n_cols).collect();
    let mut reflectors = Vec::new();
    let mut largest_norm = 0.0;

    for k in 0..n_rows.min(n_cols) {
        if pivot {
            let trailing_norm = |j: usize| euclidean_norm(a.slice(s![k.., j]));
            let (best_column, best_norm) =
                (k..n_cols)
                    .map(|j| (j, trailing_norm(j)))
                    .fold((k, -1.0), |best, candidate| {
                        if candidate.1 > best.1 {
                            candidate
                        } else {
                            best
                        }
                    });
            if k == 0 {
                largest_norm = best_norm;
            }
            if best_norm <= rank_tolerance * largest_norm {
                break;
            }
            if best_column != k {
                let (mut left, mut right) = a.multi_slice_mut((s![.., k], s![.., best_column]));
                ndarray::Zip::from(&mut left)
                    .and(&mut right)
                    .for_each(std::mem::swap);
                column_order.swap(k, best_column);
            }
        }

        let (reflector, alpha) = Reflector::annihilating(k, a.slice(s![k.., k]));
        for j in k + 1..n_cols {
            let mut column = a.column(j).to_owned();
            reflector.apply(&mut column);
            a.column_mut(j).assign(&column);
        }
        a[[k, k]] = alpha;
        a.slice_mut(s![k + 1.., k]).fill(0.0);
        reflectors.push(reflector);
    }

    let rank = reflectors.len();
    HouseholderQr {
        factored: a,
        reflectors,
        column_order,
        rank,
    }
}

/// Solves R·z = c for square upper-triangular R.
fn back_substitute_upper(r: &ArrayView2<f64>, c: &ArrayView1<f64>) -> Array1<f64> {
    let size = c.len();
    let mut z = Array1::zeros(size);
    for i in (0..size).rev() {
        let known: f64 = (i + 1..size).map(|k| r[[i, k]] * z[k]).sum();
        z[i] = (c[i] - known) / r[[i, i]];
    }
    z
}

/// Solves Sᵀ·u = c for square upper-triangular S (so Sᵀ is lower triangular).
fn forward_substitute_transposed_upper(
    s_matrix: &ArrayView2<f64>,
    c: &ArrayView1<f64>,
) -> Array1<f64> {
    let size = c.len();
    let mut u = Array1::zeros(size);
    for i in 0..size {
        let known: f64 = (0..i).map(|k| s_matrix[[k, i]] * u[k]).sum();
        u[i] = (c[i] - known) / s_matrix[[i, i]];
    }
    u
}

/// ‖v‖₂ scaled by max |v_i| first, so huge or tiny entries neither overflow nor underflow.
fn euclidean_norm(v: ArrayView1<f64>) -> f64 {
    let scale = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    scale * v.iter().map(|x| (x / scale).powi(2)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array, Axis, array};
    use std::f64::consts::PI;

    /// Deterministic test data from the crate's one seeded generator.
    struct TestRng(crate::rng::Rng);

    impl TestRng {
        fn new(seed: u64) -> TestRng {
            TestRng(crate::rng::seeded(seed))
        }
        fn normal(&mut self) -> f64 {
            crate::rng::normal(&mut self.0)
        }
        fn normal_matrix(&mut self, rows: usize, cols: usize) -> Array2<f64> {
            Array2::from_shape_simple_fn((rows, cols), || self.normal())
        }
        fn normal_vector(&mut self, len: usize) -> Array1<f64> {
            Array1::from_shape_simple_fn(len, || self.normal())
        }
    }

    /// Gaussian elimination with partial pivoting: the naive dense solver for the normal equations.
    fn solve_dense(mut a: Array2<f64>, mut b: Array1<f64>) -> Array1<f64> {
        let size = b.len();
        for k in 0..size {
            let pivot = (k..size)
                .max_by(|&i, &j| a[[i, k]].abs().total_cmp(&a[[j, k]].abs()))
                .unwrap();
            for j in 0..size {
                a.swap([k, j], [pivot, j]);
            }
            b.swap(k, pivot);
            for i in k + 1..size {
                let factor = a[[i, k]] / a[[k, k]];
                for j in k..size {
                    a[[i, j]] -= factor * a[[k, j]];
                }
                b[i] -= factor * b[k];
            }
        }
        back_substitute_upper(&a.view(), &b.view())
    }

    /// Solves (XᵀX/n + l2·D) w = Xᵀy/n: the mean-form ridge normal equations.
    fn normal_equations(
        x: &Array2<f64>,
        y: &Array1<f64>,
        l2: f64,
        penalized: &[bool],
    ) -> Array1<f64> {
        let n = x.nrows() as f64;
        let mut gram = x.t().dot(x) / n;
        for (j, &is_penalized) in penalized.iter().enumerate() {
            if is_penalized {
                gram[[j, j]] += l2;
            }
        }
        solve_dense(gram, x.t().dot(y) / n)
    }

    fn rms(v: &Array1<f64>) -> f64 {
        (v.dot(v) / v.len() as f64).sqrt()
    }

    fn max_abs(v: &Array1<f64>) -> f64 {
        v.iter().fold(0.0, |m, x| m.max(x.abs()))
    }

    fn norm(v: &Array1<f64>) -> f64 {
        v.dot(v).sqrt()
    }

    /// Columns x^j (or x^j / j! when `divide_by_factorial`), j = 0..=degree.
    fn polynomial_features(
        points: &Array1<f64>,
        degree: usize,
        divide_by_factorial: bool,
    ) -> Array2<f64> {
        Array2::from_shape_fn((points.len(), degree + 1), |(i, j)| {
            let factorial: f64 = (1..=j).map(|k| k as f64).product();
            let power = points[i].powi(j as i32);
            if divide_by_factorial {
                power / factorial
            } else {
                power
            }
        })
    }

    /// Bishop PRML §1.1: points evenly spaced on [0, 1], t = sin(2πx) + N(0, 0.3²).
    fn sinusoid_data(count: usize, seed: u64) -> (Array1<f64>, Array1<f64>) {
        let mut rng = TestRng::new(seed);
        let points = Array::linspace(0.0, 1.0, count);
        let targets = points.mapv(|x| (2.0 * PI * x).sin()) + rng.normal_vector(count) * 0.3;
        (points, targets)
    }

    /// A well-conditioned design: a bias column of ones, then Gaussian features.
    fn design_with_bias(rng: &mut TestRng, rows: usize, features: usize) -> Array2<f64> {
        let mut x = Array2::ones((rows, features + 1));
        x.slice_mut(s![.., 1..])
            .assign(&rng.normal_matrix(rows, features));
        x
    }

    fn bias_unpenalized(cols: usize) -> Vec<bool> {
        (0..cols).map(|j| j != 0).collect()
    }

    #[test]
    fn recovers_exact_coefficients_on_noiseless_data() {
        let mut rng = TestRng::new(1);
        let x = rng.normal_matrix(50, 5);
        let truth = array![1.5, -2.0, 0.25, 3.0, -0.75];
        let w = ridge_least_squares(&x, &x.dot(&truth), 0.0, &[true; 5]);
        assert!(max_abs(&(&w - &truth)) < 1e-12, "w = {w}");
    }

    #[test]
    fn matches_normal_equations_on_a_well_conditioned_problem() {
        let mut rng = TestRng::new(2);
        let x = rng.normal_matrix(50, 5);
        let y = rng.normal_vector(50);
        let by_qr = ridge_least_squares(&x, &y, 0.0, &[true; 5]);
        let by_normal_equations = normal_equations(&x, &y, 0.0, &[true; 5]);
        assert!(max_abs(&(&by_qr - &by_normal_equations)) < 1e-10);
    }

    #[test]
    fn degree_nine_polynomial_interpolates_ten_points_bishop_prml_1_1() {
        let (points, targets) = sinusoid_data(10, 3);
        let x = polynomial_features(&points, 9, false);
        let by_qr = ridge_least_squares(&x, &targets, 0.0, &[false; 10]);
        let qr_residual = rms(&(x.dot(&by_qr) - &targets));
        let by_normal_equations = normal_equations(&x, &targets, 0.0, &[false; 10]);
        let normal_equation_residual = rms(&(x.dot(&by_normal_equations) - &targets));
        println!(
            "degree 9 on 10 points: residual RMS by QR {qr_residual:.3e}, by normal equations \
             {normal_equation_residual:.3e}; max |w| {:.3e}",
            max_abs(&by_qr)
        );
        assert!(qr_residual < 1e-6);
        // Forming XᵀX squares cond(X) ~ 1e7 to ~1e14: the naive solve loses most of its digits.
        assert!(normal_equation_residual > 1e3 * qr_residual);
    }

    #[test]
    fn factorial_scaled_features_still_interpolate_with_coefficients_near_1e10() {
        let (points, targets) = sinusoid_data(10, 3);
        let x = polynomial_features(&points, 9, true);
        let w = ridge_least_squares(&x, &targets, 0.0, &[false; 10]);
        let residual = rms(&(x.dot(&w) - &targets));
        let by_normal_equations = normal_equations(&x, &targets, 0.0, &[false; 10]);
        println!(
            "x^j/j! features: residual RMS by QR {residual:.3e}, by normal equations {:.3e}; max |w| {:.3e}",
            rms(&(x.dot(&by_normal_equations) - &targets)),
            max_abs(&w)
        );
        assert!(residual < 1e-6);
        assert!(
            max_abs(&w) > 1e9,
            "coefficients should be huge here, max |w| = {}",
            max_abs(&w)
        );
    }

    #[test]
    fn ridge_shrinks_the_penalized_norm_monotonically_as_l2_grows() {
        let mut rng = TestRng::new(4);
        let x = design_with_bias(&mut rng, 40, 6);
        let y = rng.normal_vector(40) + 2.0;
        let penalized = bias_unpenalized(7);
        let penalized_norm = |l2: f64| {
            let w = ridge_least_squares(&x, &y, l2, &penalized);
            w.slice(s![1..]).dot(&w.slice(s![1..])).sqrt()
        };
        let norms: Vec<f64> = [0.0, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0]
            .map(penalized_norm)
            .to_vec();
        assert!(
            norms.windows(2).all(|pair| pair[1] < pair[0]),
            "norms {norms:?}"
        );
    }

    #[test]
    fn ridge_equals_mean_form_regularized_normal_equations() {
        let mut rng = TestRng::new(5);
        let x = design_with_bias(&mut rng, 40, 6);
        let y = rng.normal_vector(40) + 2.0;
        let penalized = bias_unpenalized(7);
        for l2 in [0.01, 0.5, 3.0] {
            let by_qr = ridge_least_squares(&x, &y, l2, &penalized);
            let by_normal_equations = normal_equations(&x, &y, l2, &penalized);
            assert!(
                max_abs(&(&by_qr - &by_normal_equations)) < 1e-10,
                "l2 = {l2}"
            );
        }
    }

    #[test]
    fn rank_deficient_fit_is_finite_interpolating_and_minimum_norm() {
        let (points, targets) = sinusoid_data(5, 6);
        let x = polynomial_features(&points, 9, false);
        let w = ridge_least_squares(&x, &targets, 0.0, &[false; 10]);
        assert!(w.iter().all(|c| c.is_finite()));
        let residual = max_abs(&(x.dot(&w) - &targets));
        assert!(residual < 1e-10, "residual {residual:e}");

        // The null space of X is spanned by the coefficients of x^k·Π_i (x − x_i), k = 0..4:
        // those polynomials vanish at every data point.
        let mut vanishing = vec![1.0];
        for &root in points.iter() {
            let mut product = vec![0.0; vanishing.len() + 1];
            for (power, &c) in vanishing.iter().enumerate() {
                product[power + 1] += c;
                product[power] -= root * c;
            }
            vanishing = product;
        }
        for shift in 0..5 {
            let mut null_vector = Array1::zeros(10);
            null_vector
                .slice_mut(s![shift..shift + 6])
                .assign(&Array1::from(vanishing.clone()));
            assert!(max_abs(&x.dot(&null_vector)) < 1e-12);
            // Minimum norm ⇔ w ⟂ null(X): adding any null-space vector only lengthens w.
            let cosine = w.dot(&null_vector) / (norm(&w) * norm(&null_vector));
            assert!(
                cosine.abs() < 1e-10,
                "cos(w, null vector {shift}) = {cosine:e}"
            );
            for step in [-1.0, -1e-3, 1e-3, 1.0] {
                let other_solution = &w + &(&null_vector * step);
                assert!(max_abs(&(x.dot(&other_solution) - &targets)) < 1e-9);
                assert!(norm(&other_solution) > norm(&w));
            }
        }
    }

    #[test]
    fn duplicated_column_gets_its_weight_split_evenly() {
        // Tall but rank-deficient: columns 1 and 2 are equal, so only w_1 + w_2 is determined;
        // the minimum-norm choice splits it evenly.
        let mut rng = TestRng::new(11);
        let base = rng.normal_matrix(30, 2);
        let x = ndarray::concatenate![Axis(1), base, base.slice(s![.., 1..])];
        let y = base.dot(&array![1.0, 4.0]);
        let w = ridge_least_squares(&x, &y, 0.0, &[true; 3]);
        assert!(max_abs(&(&w - &array![1.0, 2.0, 2.0])) < 1e-12, "w = {w}");
    }

    #[test]
    fn coordinate_descent_without_l1_matches_ridge_least_squares() {
        let mut rng = TestRng::new(7);
        let x = design_with_bias(&mut rng, 60, 5);
        let y = rng.normal_vector(60) + 1.0;
        let penalized = bias_unpenalized(6);
        for l2 in [0.0, 0.1, 1.0] {
            let by_descent = elastic_net_coordinate_descent(&x, &y, 0.0, l2, &penalized, 10_000);
            let by_qr = ridge_least_squares(&x, &y, l2, &penalized);
            let gap = max_abs(&(&by_descent - &by_qr));
            println!("l1 = 0, l2 = {l2}: |coordinate descent − QR| = {gap:.2e}");
            assert!(gap < 1e-6);
        }
    }

    #[test]
    fn large_l1_zeros_every_penalized_weight_and_leaves_bias_at_mean_y() {
        let mut rng = TestRng::new(8);
        let x = design_with_bias(&mut rng, 60, 5);
        let y = rng.normal_vector(60) * 2.0 + 3.0;
        let w = elastic_net_coordinate_descent(&x, &y, 100.0, 0.1, &bias_unpenalized(6), 1000);
        assert!(w.slice(s![1..]).iter().all(|&c| c == 0.0), "w = {w}");
        assert!((w[0] - y.mean().unwrap()).abs() < 1e-12);
    }

    #[test]
    fn sparsity_grows_with_l1() {
        let mut rng = TestRng::new(9);
        let x = design_with_bias(&mut rng, 100, 8);
        let truth = array![1.0, 3.0, -2.0, 1.0, -0.5, 0.25, 0.0, 0.0, 0.0];
        let y = x.dot(&truth) + rng.normal_vector(100) * 0.1;
        let penalized = bias_unpenalized(9);
        let zero_counts: Vec<usize> = [0.0, 0.01, 0.1, 0.3, 0.6, 1.0, 2.0, 5.0]
            .map(|l1| {
                let w = elastic_net_coordinate_descent(&x, &y, l1, 0.0, &penalized, 10_000);
                w.iter().filter(|&&c| c == 0.0).count()
            })
            .to_vec();
        println!("exact zeros along the l1 grid: {zero_counts:?}");
        assert!(zero_counts.windows(2).all(|pair| pair[1] >= pair[0]));
        assert_eq!(zero_counts[0], 0);
        assert_eq!(*zero_counts.last().unwrap(), 8);
    }

    #[test]
    fn coordinate_descent_solution_satisfies_the_kkt_conditions() {
        let mut rng = TestRng::new(10);
        let x = design_with_bias(&mut rng, 80, 10);
        let truth = array![0.5, 2.0, -1.0, 0.0, 0.0, 0.3, 0.0, -0.2, 0.0, 1.0, 0.0];
        let y = x.dot(&truth) + rng.normal_vector(80) * 0.5;
        let penalized = bias_unpenalized(11);
        let (l1, l2) = (0.15, 0.05);
        let w = elastic_net_coordinate_descent(&x, &y, l1, l2, &penalized, 10_000);

        // Gradient of the smooth part: mean-form data term plus ridge on penalized columns.
        let n = x.nrows() as f64;
        let data_gradient = x.t().dot(&(x.dot(&w) - &y)) / n;
        let zeros = w.iter().filter(|&&c| c == 0.0).count();
        assert!(
            zeros > 0 && zeros < 10,
            "want a mix of zero and nonzero weights, w = {w}"
        );
        for j in 0..w.len() {
            if !penalized[j] {
                assert!(
                    data_gradient[j].abs() < 1e-6,
                    "bias gradient {}",
                    data_gradient[j]
                );
                continue;
            }
            let smooth_gradient = data_gradient[j] + l2 * w[j];
            if w[j] == 0.0 {
                assert!(
                    smooth_gradient.abs() <= l1 + 1e-6,
                    "j = {j}: |grad| = {}",
                    smooth_gradient.abs()
                );
            } else {
                // Stationarity: grad_j + l1·sign(w_j) = 0.
                let violation = smooth_gradient + l1 * w[j].signum();
                assert!(violation.abs() < 1e-6, "j = {j}: violation {violation:e}");
            }
        }
    }
}
