//! What the labs draw about each layer, measured on the fixed probe batch after a probe
//! forward/backward pass (DESIGN.md, "The CLI": `layers[i]`).

use crate::activation;
use crate::config::Activation;
use crate::network::Network;
use ndarray::Array2;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerStats {
    /// ‖W‖₂ (Frobenius).
    pub weight_norm: f64,
    /// ‖∂L/∂W‖₂ of the data loss on the probe batch. It grows with the matrix's size.
    pub grad_norm: f64,
    /// RMS of the entries of ∂L/∂W (grad_norm / √(n_in·n_out)): comparable across shapes.
    pub grad_rms: f64,
    /// RMS over probe points and units of ∂L/∂z, z this layer's pre-activation (after batch
    /// norm): the back-propagated gradient that Glorot & Bengio show shrinking toward the input.
    pub delta_rms: f64,
    pub act_mean: f64,
    pub act_std: f64,
    /// Fraction of (unit, point) where f′(z) < 0.1 · max f′ (`activation::is_saturated`).
    pub saturated: f64,
    /// Fraction of units (of an activation that can die: ReLU) that output 0 for every probe point.
    pub dead: f64,
}

/// Stats for every weight layer of a network whose probe forward and backward just ran.
pub fn layer_stats(network: &Network) -> Vec<LayerStats> {
    let mut stats: Vec<LayerStats> = network
        .hidden
        .iter()
        .map(|block| {
            describe(
                &block.dense.w,
                &block.dense.grad_w,
                Signals {
                    pre_activation: &block.pre_activation,
                    outputs: &block.activation_output,
                    delta: &block.grad_pre_activation,
                },
                block.activation,
            )
        })
        .collect();
    stats.push(describe(
        &network.output.w,
        &network.output.grad_w,
        Signals {
            pre_activation: &network.output_pre_activation,
            outputs: network.output_values(),
            delta: network.output_delta(),
        },
        network.output_activation,
    ));
    stats
}

/// What one layer computed on the probe batch: z, f(z) and ∂L/∂z, points × units.
struct Signals<'a> {
    pre_activation: &'a Array2<f64>,
    outputs: &'a Array2<f64>,
    delta: &'a Array2<f64>,
}

fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|v| v * v).sum::<f64>().sqrt()
}

fn rms(a: &Array2<f64>) -> f64 {
    frobenius(a) / (a.len().max(1) as f64).sqrt()
}

fn describe(w: &Array2<f64>, grad_w: &Array2<f64>, signals: Signals, kind: Activation) -> LayerStats {
    let outputs = signals.outputs;
    let count = outputs.len().max(1) as f64;
    let act_mean = outputs.sum() / count;
    let act_std = (outputs.iter().map(|a| (a - act_mean).powi(2)).sum::<f64>() / count).sqrt();
    let saturated = signals
        .pre_activation
        .iter()
        .filter(|&&z| activation::is_saturated(kind, z))
        .count() as f64
        / (signals.pre_activation.len().max(1) as f64);
    let dead = if kind.can_die() && outputs.nrows() > 0 {
        let units = outputs.ncols().max(1) as f64;
        outputs
            .columns()
            .into_iter()
            .filter(|unit| unit.iter().all(|&a| a == 0.0))
            .count() as f64
            / units
    } else {
        0.0
    };
    LayerStats {
        weight_norm: frobenius(w),
        grad_norm: frobenius(grad_w),
        grad_rms: rms(grad_w),
        delta_rms: rms(signals.delta),
        act_mean,
        act_std,
        saturated,
        dead,
    }
}

pub const HISTOGRAM_BINS: usize = 40;

/// Counts of `values` in `HISTOGRAM_BINS` equal bins over [lo, hi]; values beyond the range
/// land in the end bins, so a saturated layer shows as a spike at the edge.
pub fn histogram(values: &Array2<f64>, (lo, hi): (f64, f64)) -> Vec<f64> {
    let mut counts = vec![0.0; HISTOGRAM_BINS];
    for &v in values {
        if v.is_finite() {
            let bin = ((v - lo) / (hi - lo) * HISTOGRAM_BINS as f64).floor();
            counts[bin.clamp(0.0, (HISTOGRAM_BINS - 1) as f64) as usize] += 1.0;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn stats_of(z: Array2<f64>, kind: Activation, grad_w: Array2<f64>) -> LayerStats {
        let outputs = z.mapv(|v| activation::apply(kind, 0.0, v));
        let delta = Array2::from_elem(z.dim(), 0.5);
        describe(&array![[1.0]], &grad_w, Signals { pre_activation: &z, outputs: &outputs, delta: &delta }, kind)
    }

    #[test]
    fn saturation_counts_pre_activations_where_the_slope_is_flat() {
        // σ′ < 0.025 beyond |z| ≈ 3.64: two of four (unit, point) pairs.
        let stats = stats_of(array![[4.0, 0.5], [-3.7, 3.5]], Activation::Sigmoid, array![[0.0]]);
        assert_eq!(stats.saturated, 0.5);
        // The same z under tanh (edge ≈ 1.82): three of four.
        let stats = stats_of(array![[4.0, 0.5], [-3.7, 3.5]], Activation::Tanh, array![[0.0]]);
        assert_eq!(stats.saturated, 0.75);
        let stats = stats_of(array![[40.0, -40.0]], Activation::Relu, array![[0.0]]);
        assert_eq!(stats.saturated, 0.0);
    }

    #[test]
    fn rms_gradients_do_not_grow_with_the_matrix() {
        // Every entry 0.1: a 2×3 and a 20×30 matrix have the same RMS, not the same norm.
        let small = stats_of(array![[0.0]], Activation::Tanh, Array2::from_elem((2, 3), 0.1));
        let large = stats_of(array![[0.0]], Activation::Tanh, Array2::from_elem((20, 30), 0.1));
        assert!((small.grad_rms - 0.1).abs() < 1e-15 && (large.grad_rms - 0.1).abs() < 1e-15);
        assert!((large.grad_norm / small.grad_norm - 10.0).abs() < 1e-12);
        assert!((small.delta_rms - 0.5).abs() < 1e-15);
    }

    #[test]
    fn a_dead_relu_unit_is_zero_for_every_point() {
        let stats = stats_of(array![[0.0, 1.0, -1.0], [-2.0, 0.0, 2.0]], Activation::Relu, array![[0.0]]);
        assert!((stats.dead - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn histograms_clamp_outliers_into_the_end_bins() {
        let counts = histogram(&array![[-100.0, 0.0, 100.0, 7.99]], (-8.0, 8.0));
        assert_eq!(counts[0], 1.0);
        assert_eq!(counts[HISTOGRAM_BINS - 1], 2.0);
        assert_eq!(counts.iter().sum::<f64>(), 4.0);
    }
}
