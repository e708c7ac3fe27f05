//! The cost model of the work a page runs in slices (RBM pre-training, the capacity sweep,
//! evaluations between them): work units of about one multiply-add each, plus
//! `ITEM_OVERHEAD` per item of work, so that many tiny items (a 2-8 layer) still count. A
//! page measures its milliseconds per unit and asks for as many units as fit in a frame.

use crate::config::{Config, OptimKind};
use crate::trainer::Trainer;

pub const ITEM_OVERHEAD: u64 = 2_000;

/// Building a model: its data and network (the inputs' width is known only once built; the
/// 2-D sets' features bound it).
pub fn build_work(config: &Config) -> u64 {
    (config.data.n_train + config.data.n_test) as u64 * 32 + ITEM_OVERHEAD
}

/// Multiply-adds of one forward pass per row: the network's weights.
pub fn weights(trainer: &Trainer) -> u64 {
    let network = trainer.network();
    (0..network.num_weight_layers())
        .map(|i| (network.dense(i).n_in() * network.dense(i).n_out()) as u64)
        .sum()
}

/// One optimizer step: forward and backward (about three passes) over a mini-batch; the
/// exact fit instead costs about n·d² + d³.
pub fn step_work(trainer: &Trainer) -> u64 {
    let config = trainer.config();
    let n = config.data.n_train as u64;
    if config.optim.kind == OptimKind::Exact {
        let d = weights(trainer) + 1;
        return n * d * d + d * d * d + ITEM_OVERHEAD;
    }
    let batch = match config.optim.batch_size as u64 {
        0 => n,
        b => b.min(n),
    };
    3 * batch * weights(trainer) + ITEM_OVERHEAD
}

/// Evaluation: a forward pass over both splits, and the probe's forward and backward.
pub fn evaluate_work(trainer: &Trainer) -> u64 {
    let data = &trainer.config().data;
    let rows =
        (data.n_train + data.n_test + 3 * data.n_train.min(crate::trainer::PROBE_SIZE)) as u64;
    rows * weights(trainer) + ITEM_OVERHEAD
}

