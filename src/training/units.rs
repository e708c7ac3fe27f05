//! What every unit computes: each hidden unit's activation (and the output's) over a coarse
//! grid of the input plane for the 2-D sets, or over x for the 1-D sets, as TF Playground
//! draws inside its neurons. A saturated sigmoid unit is a hard step, a dead ReLU unit is
//! flat, the units of a zero-initialized layer are identical copies.
//!
//! The forward pass here writes into its own buffers, not the network's caches: those hold
//! the probe batch, which `Trainer::histogram` reads after `evaluate`.

use crate::activation;
use crate::config::Activation;
use crate::data;
use crate::layers::Mode;
use crate::network::Network;
use crate::trainer::{plane_points, Trainer};
use ndarray::Array2;

/// The finest grid side the maps are computed at (the wasm layer clamps to the same).
pub const MAX_RES: usize = 32;
/// The coarsest grid side the automatic resolution goes down to for a large network.
pub const MIN_RES: usize = 6;
/// The automatic resolution's side for a small network.
pub const DEFAULT_RES: usize = 20;
/// About this many multiply-adds a refresh of every layer's maps may cost (res² points ×
/// the network's weights): 3·10⁶ is about 2-3 ms in wasm. An 8-wide network stays at the
/// default side; a 20 × 64 one goes down to 6 × 6 points.
pub const WORK_BUDGET: usize = 3_000_000;
/// Points along x for the 1-D sets (the network there is tiny, so not scaled down).
pub const CURVE_POINTS: usize = 64;

/// One layer's maps: `units` maps of width × height values each, unit after unit.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerMaps {
    pub activation: Activation,
    pub units: usize,
    /// Unit u's map is `values[u·w·h .. (u+1)·w·h]`, row-major, row 0 at the top (max x2).
    pub values: Vec<f32>,
    /// Per unit, the share of grid points where f′(z) < 0.1 · max f′ (`activation::is_saturated`).
    pub saturated: Vec<f32>,
    /// Per unit, the share of grid points where it outputs exactly 0: 1 is a ReLU unit
    /// dead over the whole plane.
    pub silent: Vec<f32>,
}

impl LayerMaps {
    pub fn map(&self, unit: usize, width: usize, height: usize) -> &[f32] {
        let n = width * height;
        &self.values[unit * n..(unit + 1) * n]
    }
}

/// Every layer's maps on one grid: the hidden layers from the input side, then the output.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitMaps {
    /// Grid points across (x1, or x for the 1-D sets) and down (x2; 1 for the 1-D sets).
    pub width: usize,
    pub height: usize,
    /// [x1_lo, x1_hi, x2_lo, x2_hi] for the 2-D sets, [x_lo, x_hi] for the 1-D ones.
    pub extent: Vec<f64>,
    pub layers: Vec<LayerMaps>,
}

/// Multiply-adds of one forward pass of one point.
fn work_per_point(network: &Network) -> usize {
    (0..network.num_weight_layers())
        .map(|i| network.dense(i).w.len())
        .sum::<usize>()
        .max(1)
}

/// The grid side the maps are drawn at when the caller does not choose: `DEFAULT_RES`,
/// coarser for a network whose refresh would cost more than `WORK_BUDGET`.
pub fn auto_resolution(network: &Network) -> usize {
    let fits = ((WORK_BUDGET / work_per_point(network)) as f64).sqrt().floor() as usize;
    fits.clamp(MIN_RES, DEFAULT_RES)
}

/// Every unit's activation over the input plane (2-D sets, a `res` × `res` grid over the
/// trainer's extent; `res` 0 = `auto_resolution`) or over x (1-D sets, `CURVE_POINTS`
/// points). Data sets with more inputs (`linear`) have no plane: no layers.
pub fn unit_maps(trainer: &Trainer, res: usize) -> UnitMaps {
    let extent = trainer.extent();
    let (raw, width, height, extent) = match data::raw_dim(trainer.config().data.kind) {
        2 => {
            let res = if res == 0 { auto_resolution(trainer.network()) } else { res.min(MAX_RES) }.max(1);
            (plane_points(extent, res), res, res, extent.to_vec())
        }
        1 => {
            let n = CURVE_POINTS;
            let (lo, hi) = (extent[0], extent[1]);
            let xs = Array2::from_shape_fn((n, 1), |(i, _)| lo + (hi - lo) * (i as f64 + 0.5) / n as f64);
            (xs, n, 1, vec![lo, hi])
        }
        _ => return UnitMaps { width: 0, height: 0, extent: Vec::new(), layers: Vec::new() },
    };
    let network = trainer.network();
    let mut signal = trainer.features(&raw);
    let mut layers = Vec::with_capacity(network.num_weight_layers());
    for block in &network.hidden {
        let mut z = Array2::zeros((0, 0));
        block.dense.forward(&signal, &mut z);
        if let Some(bn) = &block.batch_norm {
            // Evaluation mode reads the running averages only; the clone keeps the
            // layer's own caches (its last probe batch) as they are.
            z = bn.clone().forward(&z, Mode::Eval);
        }
        let a = activate(block.activation, block.leaky_slope, &z);
        layers.push(layer_maps(block.activation, &z, &a));
        signal = a;
    }
    let mut z = Array2::zeros((0, 0));
    network.output.forward(&signal, &mut z);
    let a = activate(network.output_activation, 0.0, &z);
    layers.push(layer_maps(network.output_activation, &z, &a));
    UnitMaps { width, height, extent, layers }
}

fn activate(kind: Activation, leaky_slope: f64, z: &Array2<f64>) -> Array2<f64> {
    let mut a = Array2::zeros(z.dim());
    activation::apply_all(
        kind,
        leaky_slope,
        z.as_slice().expect("row-major"),
        a.as_slice_mut().expect("row-major"),
    );
    a
}

/// Points × units (z and f(z)) → unit-major maps and each unit's shares.
fn layer_maps(kind: Activation, z: &Array2<f64>, a: &Array2<f64>) -> LayerMaps {
    let (points, units) = a.dim();
    let mut values = Vec::with_capacity(points * units);
    let mut saturated = Vec::with_capacity(units);
    let mut silent = Vec::with_capacity(units);
    for u in 0..units {
        values.extend(a.column(u).iter().map(|&v| v as f32));
        let share = |count: usize| (count as f64 / points.max(1) as f64) as f32;
        saturated.push(share(z.column(u).iter().filter(|&&v| activation::is_saturated(kind, v)).count()));
        silent.push(share(a.column(u).iter().filter(|&&v| v == 0.0).count()));
    }
    LayerMaps { activation: kind, units, values, saturated, silent }
}

/// The spread of a map: the standard deviation of its values over the grid (0 for a flat
/// unit). He-initialized deep ReLU units keep it; Xavier's fade toward 0.
pub fn spread(map: &[f32]) -> f64 {
    let n = map.len().max(1) as f64;
    let mean = map.iter().map(|&v| v as f64).sum::<f64>() / n;
    (map.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn trainer(json: &str) -> Trainer {
        Trainer::new(Config::from_json(json).unwrap())
    }

    #[test]
    fn the_grid_covers_the_data_extent_at_the_asked_resolution() {
        let t = trainer(r#"{"model": {"hidden": [8, 8]}}"#);
        let maps = unit_maps(&t, 12);
        assert_eq!((maps.width, maps.height), (12, 12));
        assert_eq!(maps.extent, t.extent().to_vec());
        assert_eq!(maps.layers.len(), 3, "two hidden layers and the output");
        for (layer, units) in maps.layers.iter().zip([8, 8, 1]) {
            assert_eq!(layer.units, units);
            assert_eq!(layer.values.len(), units * 144);
        }
        assert_eq!(unit_maps(&t, 1000).width, MAX_RES);
    }

    #[test]
    fn the_output_map_is_the_decision_surface() {
        // Same grid, same network: the output unit's map is grid()'s surface (2p − 1 of σ).
        let mut t = trainer(r#"{"model": {"hidden": [6, 5], "activation": "tanh"}}"#);
        t.step(50);
        let maps = unit_maps(&t, 10);
        let surface = t.grid(10);
        let out = maps.layers.last().unwrap();
        for (p, s) in out.values.iter().zip(&surface) {
            assert!((2.0 * *p as f64 - 1.0 - s).abs() < 1e-5, "{p} vs {s}");
        }
    }

    #[test]
    fn a_zero_initialized_layer_has_identical_maps() {
        let mut t = trainer(r#"{"model": {"hidden": [6, 6], "activation": "tanh", "init": "zero"}}"#);
        t.step(30);
        let maps = unit_maps(&t, 10);
        for layer in &maps.layers[..2] {
            let first = layer.map(0, 10, 10);
            for u in 1..layer.units {
                assert_eq!(layer.map(u, 10, 10), first, "unit {u}");
            }
        }
    }

    #[test]
    fn a_dead_relu_unit_has_a_constant_map() {
        let mut t = trainer(r#"{"model": {"hidden": [8], "activation": "relu", "init": "he"}}"#);
        // Unit 3 fires for no input: weights that cancel on the plane, a bias far below 0.
        let dense = &mut t.network_mut().hidden[0].dense;
        dense.w[[0, 3]] = 0.1;
        dense.w[[1, 3]] = -0.1;
        dense.b[3] = -5.0;
        let maps = unit_maps(&t, 16);
        let layer = &maps.layers[0];
        let dead = layer.map(3, 16, 16);
        assert!(dead.iter().all(|&v| v == dead[0]), "a constant map");
        assert_eq!(spread(dead), 0.0);
        assert_eq!(layer.silent[3], 1.0);
        let alive = (0..8).filter(|&u| u != 3).map(|u| spread(layer.map(u, 16, 16))).fold(0.0, f64::max);
        assert!(alive > 0.0, "the other units vary over the plane");
    }

    #[test]
    fn large_sigmoid_weights_make_hard_steps() {
        // As the vanishing lesson's saturate step: N(0, 1) weights from 64 sigmoid units.
        let t = trainer(r#"{"model": {"hidden": [64, 64], "activation": "sigmoid", "init": "large"}}"#);
        let maps = unit_maps(&t, 16);
        let top = &maps.layers[1];
        let share = top.saturated.iter().map(|&s| s as f64).sum::<f64>() / top.units as f64;
        assert!(share > 0.3, "{share}");
    }

    #[test]
    fn one_dimensional_sets_give_a_curve_per_unit() {
        let t = trainer(r#"{"data": {"kind": "sine"}, "model": {"hidden": [5]}}"#);
        let maps = unit_maps(&t, 0);
        assert_eq!((maps.width, maps.height), (CURVE_POINTS, 1));
        assert_eq!(maps.extent.len(), 2);
        assert_eq!(maps.layers[0].values.len(), 5 * CURVE_POINTS);
        let linear = trainer(r#"{"data": {"kind": "linear"}, "model": {"hidden": [4]}}"#);
        assert!(unit_maps(&linear, 0).layers.is_empty());
    }

    #[test]
    fn the_automatic_resolution_gets_coarser_for_wide_deep_networks() {
        let small = trainer(r#"{"model": {"hidden": [8, 8]}}"#);
        assert_eq!(auto_resolution(small.network()), DEFAULT_RES);
        let wide = trainer(r#"{"data": {"n_train": 20, "n_test": 20}, "model": {"hidden": [64, 64, 64, 64, 64, 64, 64, 64]}}"#);
        let res = auto_resolution(wide.network());
        assert!(res < DEFAULT_RES && res >= MIN_RES, "{res}");
    }
}
