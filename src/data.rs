//! Seeded datasets and the input pipeline: raw points → features → scaling.
//! The 2-D sets follow TF Playground (labels ±1, inputs in [−6, 6]²); the 1-D and
//! `linear` sets are the published regression setups (D2L §4.4, Bishop §1.1, D2L §4.5).
//! Scaling statistics come from the training split only and are applied to both.

use crate::config::{Basis, Config, DataKind, Feature, ModelKind, Scale};
use crate::rng::{normal, uniform, Rng};
use ndarray::{Array1, Array2, ArrayView1, Axis};

/// Raw points as drawn: `x` is n × raw_dim, `y` the targets (±1 for the 2-D sets).
#[derive(Clone, Debug)]
pub struct Points {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
}

#[derive(Clone, Debug)]
pub struct Dataset {
    pub kind: DataKind,
    pub train: Points,
    pub test: Points,
}

/// Half-width of the 2-D sets' square, as in TF Playground.
pub const PLANE_HALF_WIDTH: f64 = 6.0;

/// `data.raw_units`: (scale, offset) of x1 and x2, as a table's columns might come, say a
/// floor area in m² (≈ 0 … 600) beside a ratio (±0.12). The same points, a stretched plane.
pub const RAW_UNITS: [(f64, f64); 2] = [(50.0, 300.0), (0.02, 0.0)];

/// The 2-D plane's extent [x1_lo, x1_hi, x2_lo, x2_hi] in the units the points come in.
pub fn plane_extent(raw_units: bool) -> [f64; 4] {
    let [(a, b), (c, d)] = if raw_units { RAW_UNITS } else { [(1.0, 0.0); 2] };
    let w = PLANE_HALF_WIDTH;
    [b - a * w, b + a * w, d - c * w, d + c * w]
}

/// D2L §4.4's cubic: y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3!.
pub const D2L_CUBIC: [f64; 4] = [5.0, 1.2, -3.4, 5.6];
/// D2L §4.5: y = 0.05 + Σ 0.01·xᵢ over 200 inputs.
pub const LINEAR_DIMS: usize = 200;

pub fn raw_dim(kind: DataKind) -> usize {
    match kind {
        DataKind::Poly | DataKind::Sine => 1,
        DataKind::Linear => LINEAR_DIMS,
        _ => 2,
    }
}

pub fn generate(config: &Config, rng: &mut Rng) -> Dataset {
    let kind = config.data.kind;
    let noise = config.noise();
    let (n_train, n_test) = (config.data.n_train, config.data.n_test);
    let (train, test) = match kind {
        // Bishop: training x evenly spaced on [0, 1], test x uniform.
        DataKind::Sine => {
            let spaced = |i: usize| {
                if n_train == 1 {
                    0.5
                } else {
                    i as f64 / (n_train - 1) as f64
                }
            };
            let train = one_d(
                n_train,
                rng,
                |_, i| spaced(i),
                |x| (std::f64::consts::TAU * x).sin(),
                noise,
            );
            let test = one_d(
                n_test,
                rng,
                |rng, _| uniform(rng, 0.0, 1.0),
                |x| (std::f64::consts::TAU * x).sin(),
                noise,
            );
            (train, test)
        }
        DataKind::Poly => {
            let cubic = |x: f64| {
                poly_features(x, 3, Basis::Scaled)
                    .iter()
                    .zip(D2L_CUBIC)
                    .map(|(f, w)| f * w)
                    .sum()
            };
            let train = one_d(n_train, rng, |rng, _| normal(rng), cubic, noise);
            let test = one_d(n_test, rng, |rng, _| normal(rng), cubic, noise);
            (train, test)
        }
        DataKind::Linear => (
            linear_points(n_train, rng, noise),
            linear_points(n_test, rng, noise),
        ),
        _ => {
            let mut train = plane_points(kind, n_train, rng, noise);
            let mut test = plane_points(kind, n_test, rng, noise);
            if config.data.raw_units {
                to_raw_units(&mut train);
                to_raw_units(&mut test);
            }
            (train, test)
        }
    };
    Dataset { kind, train, test }
}

fn one_d(
    n: usize,
    rng: &mut Rng,
    draw_x: impl Fn(&mut Rng, usize) -> f64,
    truth: impl Fn(f64) -> f64,
    noise: f64,
) -> Points {
    let mut x = Array2::zeros((n, 1));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        x[[i, 0]] = draw_x(rng, i);
        y[i] = truth(x[[i, 0]]) + noise * normal(rng);
    }
    Points { x, y }
}

fn linear_points(n: usize, rng: &mut Rng, noise: f64) -> Points {
    let x = Array2::from_shape_simple_fn((n, LINEAR_DIMS), || normal(rng));
    let y = x.map_axis(Axis(1), |row| 0.05 + 0.01 * row.sum())
        + Array1::from_shape_simple_fn(n, || noise * normal(rng));
    Points { x, y }
}

fn to_raw_units(points: &mut Points) {
    for (mut column, (scale, offset)) in points.x.columns_mut().into_iter().zip(RAW_UNITS) {
        column.mapv_inplace(|v| scale * v + offset);
    }
}

/// TF Playground's four 2-D sets; `noise` jitters the points by up to noise × 5 units
/// (the labels are those of the clean points, so noise blurs the boundary).
fn plane_points(kind: DataKind, n: usize, rng: &mut Rng, noise: f64) -> Points {
    let mut x = Array2::zeros((n, 2));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        let (p, label) = match kind {
            DataKind::Circle => {
                let inside = i % 2 == 0;
                let r = if inside {
                    uniform(rng, 0.0, 2.5)
                } else {
                    uniform(rng, 3.5, 5.0)
                };
                let angle = uniform(rng, 0.0, std::f64::consts::TAU);
                (
                    (r * angle.cos(), r * angle.sin()),
                    if inside { 1.0 } else { -1.0 },
                )
            }
            DataKind::Xor => {
                let away_from_axis = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
                let a = away_from_axis(uniform(rng, -5.0, 5.0));
                let b = away_from_axis(uniform(rng, -5.0, 5.0));
                ((a, b), if a * b >= 0.0 { 1.0 } else { -1.0 })
            }
            DataKind::Gauss => {
                let positive = i % 2 == 0;
                let centre = if positive { 2.0 } else { -2.0 };
                let spread = 0.5 + 3.5 * noise.min(1.0);
                (
                    (
                        centre + spread * normal(rng) * 0.5,
                        centre + spread * normal(rng) * 0.5,
                    ),
                    if positive { 1.0 } else { -1.0 },
                )
            }
            _ => {
                // Two interleaved spirals, as in TF Playground.
                let positive = i % 2 == 0;
                let t = (i / 2) as f64 / (n / 2).max(1) as f64;
                let r = 5.0 * t;
                let angle = 1.75 * t * std::f64::consts::TAU
                    + if positive { 0.0 } else { std::f64::consts::PI };
                (
                    (r * angle.sin(), r * angle.cos()),
                    if positive { 1.0 } else { -1.0 },
                )
            }
        };
        let jitter = if kind == DataKind::Gauss {
            0.0
        } else {
            5.0 * noise
        };
        x[[i, 0]] = p.0 + uniform(rng, -1.0, 1.0) * jitter;
        x[[i, 1]] = p.1 + uniform(rng, -1.0, 1.0) * jitter;
        y[i] = label;
    }
    Points { x, y }
}

/// Polynomial features for i = 0..=degree: D2L's xⁱ/i! (`scaled`: dividing by i! keeps
/// high powers tame) or Bishop's plain xⁱ (`power`, PRML §1.1).
pub fn poly_features(x: f64, degree: usize, basis: Basis) -> Vec<f64> {
    let mut features = Vec::with_capacity(degree + 1);
    let mut term = 1.0;
    for i in 0..=degree {
        if i > 0 {
            term *= match basis {
                Basis::Scaled => x / i as f64,
                Basis::Power => x,
            };
        }
        features.push(term);
    }
    features
}

fn plane_feature(feature: Feature, x1: f64, x2: f64) -> f64 {
    match feature {
        Feature::X1 => x1,
        Feature::X2 => x2,
        Feature::X1Squared => x1 * x1,
        Feature::X2Squared => x2 * x2,
        Feature::X1X2 => x1 * x2,
        Feature::SinX1 => x1.sin(),
        Feature::SinX2 => x2.sin(),
    }
}

/// Turns raw points into the model's inputs: feature expansion, then scaling fitted on
/// the training split.
#[derive(Clone, Debug)]
pub struct InputPipeline {
    expansion: Expansion,
    /// Per feature column: subtract `offset`, divide by `divisor`.
    offset: Array1<f64>,
    divisor: Array1<f64>,
}

#[derive(Clone, Debug)]
enum Expansion {
    Identity,
    Plane(Vec<Feature>),
    Polynomial(usize, Basis),
}

impl InputPipeline {
    pub fn fit(config: &Config, raw_train: &Array2<f64>) -> InputPipeline {
        let expansion = if config.model.kind == ModelKind::Poly {
            Expansion::Polynomial(config.model.degree, config.model.basis)
        } else if raw_dim(config.data.kind) == 2 {
            Expansion::Plane(config.data.features.clone())
        } else {
            Expansion::Identity
        };
        let unscaled = InputPipeline {
            expansion,
            offset: Array1::zeros(0),
            divisor: Array1::zeros(0),
        };
        let features = unscaled.expand(raw_train);
        let (offset, divisor) = scaling_statistics(config.scale, &features);
        InputPipeline {
            offset,
            divisor,
            ..unscaled
        }
    }

    pub fn num_features(&self, raw_dim: usize) -> usize {
        match &self.expansion {
            Expansion::Identity => raw_dim,
            Expansion::Plane(features) => features.len(),
            Expansion::Polynomial(degree, _) => degree + 1,
        }
    }

    fn expand(&self, raw: &Array2<f64>) -> Array2<f64> {
        match &self.expansion {
            Expansion::Identity => raw.clone(),
            Expansion::Plane(features) => {
                Array2::from_shape_fn((raw.nrows(), features.len()), |(i, j)| {
                    plane_feature(features[j], raw[[i, 0]], raw[[i, 1]])
                })
            }
            Expansion::Polynomial(degree, basis) => {
                let mut out = Array2::zeros((raw.nrows(), degree + 1));
                for (i, mut row) in out.rows_mut().into_iter().enumerate() {
                    row.assign(&ArrayView1::from(&poly_features(raw[[i, 0]], *degree, *basis)));
                }
                out
            }
        }
    }

    pub fn transform(&self, raw: &Array2<f64>) -> Array2<f64> {
        let mut features = self.expand(raw);
        if !self.offset.is_empty() {
            features -= &self.offset;
            features /= &self.divisor;
        }
        features
    }
}

/// z-score: (x − mean)/std; min-max: (x − min)/(max − min). Constant columns (such as
/// the polynomial's x⁰) are left as they are.
fn scaling_statistics(scale: Scale, features: &Array2<f64>) -> (Array1<f64>, Array1<f64>) {
    let columns = features.ncols();
    let (mut offset, mut divisor) = (Array1::zeros(columns), Array1::ones(columns));
    if scale == Scale::None || features.nrows() == 0 {
        return (Array1::zeros(0), Array1::zeros(0));
    }
    for (j, column) in features.columns().into_iter().enumerate() {
        let (shift, spread) = match scale {
            Scale::ZScore => {
                let mean = column.mean().unwrap_or(0.0);
                (
                    mean,
                    column
                        .mapv(|v| (v - mean).powi(2))
                        .mean()
                        .unwrap_or(0.0)
                        .sqrt(),
                )
            }
            _ => {
                let lo = column.fold(f64::INFINITY, |a, &b| a.min(b));
                let hi = column.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
                (lo, hi - lo)
            }
        };
        if spread > 1e-12 {
            offset[j] = shift;
            divisor[j] = spread;
        }
    }
    (offset, divisor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    fn config(json: &str) -> Config {
        Config::from_json(json).unwrap()
    }

    #[test]
    fn the_same_seed_draws_the_same_data() {
        let c = config(r#"{"data": {"kind": "spiral"}}"#);
        let (a, b) = (generate(&c, &mut seeded(7)), generate(&c, &mut seeded(7)));
        assert_eq!(a.train.x, b.train.x);
        assert_ne!(a.train.x, generate(&c, &mut seeded(8)).train.x);
    }

    #[test]
    fn bishop_sine_training_inputs_are_evenly_spaced_on_the_unit_interval() {
        let d = generate(
            &config(r#"{"data": {"kind": "sine", "n_train": 10}}"#),
            &mut seeded(1),
        );
        let xs: Vec<f64> = d.train.x.column(0).to_vec();
        assert_eq!(xs.first(), Some(&0.0));
        assert_eq!(xs.last(), Some(&1.0));
        assert!((xs[1] - 1.0 / 9.0).abs() < 1e-15);
        assert!(d.test.x.iter().all(|&x| (0.0..1.0).contains(&x)));
    }

    #[test]
    fn the_d2l_cubic_is_the_published_one() {
        // y at x = 1 is 5 + 1.2 − 3.4/2 + 5.6/6
        let f = poly_features(1.0, 3, Basis::Scaled);
        let y: f64 = f.iter().zip(D2L_CUBIC).map(|(a, b)| a * b).sum();
        assert!((y - (5.0 + 1.2 - 1.7 + 5.6 / 6.0)).abs() < 1e-12);
        let d = generate(
            &config(r#"{"data": {"kind": "poly", "noise": 0}}"#),
            &mut seeded(1),
        );
        let x = d.train.x[[0, 0]];
        let expected = 5.0 + 1.2 * x - 3.4 * x * x / 2.0 + 5.6 * x.powi(3) / 6.0;
        assert!((d.train.y[0] - expected).abs() < 1e-12);
    }

    #[test]
    fn plane_sets_have_balanced_pm_one_labels_inside_the_square() {
        for kind in ["circle", "xor", "gauss", "spiral"] {
            let d = generate(
                &config(&format!(r#"{{"data": {{"kind": "{kind}"}}}}"#)),
                &mut seeded(3),
            );
            assert!(d.train.y.iter().all(|&y| y == 1.0 || y == -1.0), "{kind}");
            let positives = d.train.y.iter().filter(|&&y| y > 0.0).count();
            assert!(
                (60..=140).contains(&positives),
                "{kind}: {positives} of 200 positive"
            );
            assert!(
                d.train.x.iter().all(|v| v.abs() <= PLANE_HALF_WIDTH + 1.0),
                "{kind}"
            );
        }
    }

    #[test]
    fn raw_units_stretch_the_same_points_and_z_score_undoes_it() {
        let plain = config(r#"{"data": {"kind": "circle"}, "scale": "zscore"}"#);
        let raw = config(r#"{"data": {"kind": "circle", "raw_units": true}, "scale": "zscore"}"#);
        let (p, r) = (generate(&plain, &mut seeded(4)), generate(&raw, &mut seeded(4)));
        for (j, (scale, offset)) in RAW_UNITS.into_iter().enumerate() {
            for (a, b) in p.train.x.column(j).iter().zip(r.train.x.column(j)) {
                assert!((scale * a + offset - b).abs() < 1e-9);
            }
        }
        let [x_lo, x_hi, y_lo, y_hi] = plane_extent(true);
        assert!(r.test.x.column(0).iter().all(|v| (x_lo - 60.0..=x_hi + 60.0).contains(v)));
        assert!(x_lo < 50.0 && x_hi > 500.0 && y_hi < 1.0 && y_lo > -1.0);
        // z-score is invariant to a·x + b (a > 0): both pipelines feed the network the same inputs.
        let zp = InputPipeline::fit(&plain, &p.train.x).transform(&p.test.x);
        let zr = InputPipeline::fit(&raw, &r.train.x).transform(&r.test.x);
        assert!(zp.iter().zip(zr.iter()).all(|(a, b)| (a - b).abs() < 1e-9));
    }

    #[test]
    fn scaling_is_fitted_on_the_training_split_only() {
        let c = config(
            r#"{"data": {"kind": "linear", "n_train": 20, "n_test": 100}, "model": {"hidden": []}, "scale": "zscore"}"#,
        );
        let d = generate(&c, &mut seeded(1));
        let pipeline = InputPipeline::fit(&c, &d.train.x);
        let train = pipeline.transform(&d.train.x);
        for column in train.columns() {
            assert!(column.mean().unwrap().abs() < 1e-12);
            assert!((column.std(0.0) - 1.0).abs() < 1e-12);
        }
        // The test split keeps its own spread: its statistics were not used.
        let test = pipeline.transform(&d.test.x);
        assert!(test.column(0).mean().unwrap().abs() > 1e-6);
    }

    #[test]
    fn minmax_maps_the_training_split_onto_the_unit_interval_and_keeps_the_constant_column() {
        let c = config(
            r#"{"data": {"kind": "sine", "n_train": 10}, "model": {"kind": "poly", "degree": 3}, "scale": "minmax"}"#,
        );
        let d = generate(&c, &mut seeded(1));
        let f = InputPipeline::fit(&c, &d.train.x).transform(&d.train.x);
        assert!(f.column(0).iter().all(|&v| v == 1.0));
        for j in 1..4 {
            let col = f.column(j);
            assert!(col.iter().all(|&v| (-1e-12..=1.0 + 1e-12).contains(&v)));
        }
    }

    #[test]
    fn feature_toggles_choose_the_inputs() {
        let c = config(r#"{"data": {"kind": "circle", "features": ["x1^2", "x2^2", "x1x2"]}}"#);
        let d = generate(&c, &mut seeded(1));
        let f = InputPipeline::fit(&c, &d.train.x).transform(&d.train.x);
        assert_eq!(f.ncols(), 3);
        let (x1, x2) = (d.train.x[[0, 0]], d.train.x[[0, 1]]);
        assert_eq!(f.row(0).to_vec(), vec![x1 * x1, x2 * x2, x1 * x2]);
    }
}
