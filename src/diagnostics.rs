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
    /// ‖∂L/∂W‖₂ of the data loss on the probe batch.
    pub grad_norm: f64,
    pub act_mean: f64,
    pub act_std: f64,
    /// Fraction of (unit, point) outputs within 0.01 of a sigmoid/tanh asymptote.
    pub saturated: f64,
    /// Fraction of ReLU units that output 0 for every probe point.
    pub dead: f64,
}

/// Stats for every weight layer of a network whose probe forward and backward just ran.
pub fn layer_stats(network: &Network) -> Vec<LayerStats> {
    let output = network.output_values();
    let mut stats: Vec<LayerStats> = network
        .hidden
        .iter()
        .map(|block| {
            describe(
                &block.dense.w,
                &block.dense.grad_w,
                &block.activation_output,
                block.activation,
            )
        })
        .collect();
    stats.push(describe(
        &network.output.w,
        &network.output.grad_w,
        output,
        network.output_activation,
    ));
    stats
}

fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|v| v * v).sum::<f64>().sqrt()
}

fn describe(
    w: &Array2<f64>,
    grad_w: &Array2<f64>,
    outputs: &Array2<f64>,
    kind: Activation,
) -> LayerStats {
    let count = outputs.len().max(1) as f64;
    let act_mean = outputs.sum() / count;
    let act_std = (outputs.iter().map(|a| (a - act_mean).powi(2)).sum::<f64>() / count).sqrt();
    let saturated = outputs
        .iter()
        .filter(|&&a| activation::is_saturated(kind, a))
        .count() as f64
        / count;
    let dead = if kind == Activation::Relu && outputs.nrows() > 0 {
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

    #[test]
    fn saturation_counts_outputs_near_the_asymptotes() {
        let outputs = array![[0.995, 0.5], [0.005, 0.2]];
        let stats = describe(
            &array![[1.0]],
            &array![[0.0]],
            &outputs,
            Activation::Sigmoid,
        );
        assert_eq!(stats.saturated, 0.5);
    }

    #[test]
    fn a_dead_relu_unit_is_zero_for_every_point() {
        let outputs = array![[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]];
        let stats = describe(&array![[1.0]], &array![[0.0]], &outputs, Activation::Relu);
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
