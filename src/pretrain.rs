//! RBM initialization: greedy layer-wise CD-1 over the hidden stack (`rbm.rs`), whose
//! weights and hidden biases become the network's initial hidden layers; the output layer
//! keeps its Xavier draw; then ordinary fine-tuning by backprop.

use crate::config::{Config, Scale};
use crate::network::Network;
use crate::rbm::{pretrain_stack, RbmSettings, Visible};
use crate::rng::Rng;
use ndarray::Array2;

pub const RBM_LEARNING_RATE: f64 = 0.05;
pub const RBM_BATCH_SIZE: usize = 10;

/// Pre-trains the hidden layers on the (scaled) training inputs and writes their weights
/// into `network`. Returns (layer, epoch, reconstruction error) rows.
pub fn initialize(
    network: &mut Network,
    train_x: &Array2<f64>,
    config: &Config,
    rng: &mut Rng,
) -> Vec<(usize, usize, f64)> {
    // [0, 1]-scaled inputs suit Bernoulli visible units; anything else is taken as Gaussian.
    let visible = if config.scale == Scale::MinMax {
        Visible::Bernoulli
    } else {
        Visible::Gaussian
    };
    let sizes: Vec<usize> = network.hidden.iter().map(|h| h.dense.n_out()).collect();
    let settings = RbmSettings {
        epochs: config.model.rbm_epochs,
        lr: RBM_LEARNING_RATE,
        batch_size: RBM_BATCH_SIZE,
        cd_k: 1,
        init_std: 0.01,
    };
    let result = pretrain_stack(train_x, &sizes, visible, &settings, rng);
    for (block, (w, c)) in network
        .hidden
        .iter_mut()
        .zip(result.weights.into_iter().zip(result.hidden_biases))
    {
        block.dense.w = w;
        block.dense.b = c;
    }
    result
        .reconstruction_error
        .iter()
        .enumerate()
        .flat_map(|(layer, errors)| {
            errors
                .iter()
                .enumerate()
                .map(move |(epoch, &e)| (layer, epoch + 1, e))
        })
        .collect()
}
