//! RBM initialization: greedy layer-wise CD-1 over the hidden stack (`rbm.rs`), whose
//! weights and hidden biases become the network's initial hidden layers; the output layer
//! keeps its Xavier draw; then ordinary fine-tuning by backprop.
//!
//! Two ways to run it, with identical numbers: [`initialize`] all at once (the CLI, the
//! experiments, a `Trainer::new`), and [`Pretraining`], the same computation resumable in
//! bounded slices ([`Pretraining::advance`]), so a page can spread it over animation frames.

use crate::config::{Config, Scale};
use crate::network::Network;
use crate::rbm::{pretrain_stack, Rbm, RbmSettings, Visible};
use crate::rng::Rng;
use ndarray::{s, Array1, Array2, Axis};
use rand::seq::SliceRandom;

pub const RBM_LEARNING_RATE: f64 = 0.05;
pub const RBM_BATCH_SIZE: usize = 10;

/// [0, 1]-scaled inputs suit Bernoulli visible units; anything else is taken as Gaussian.
fn visible_units(config: &Config) -> Visible {
    if config.scale == Scale::MinMax {
        Visible::Bernoulli
    } else {
        Visible::Gaussian
    }
}

fn settings(config: &Config) -> RbmSettings {
    RbmSettings {
        epochs: config.model.rbm_epochs,
        lr: RBM_LEARNING_RATE,
        batch_size: RBM_BATCH_SIZE,
        cd_k: 1,
        init_std: 0.01,
    }
}

fn hidden_sizes(network: &Network) -> Vec<usize> {
    network.hidden.iter().map(|h| h.dense.n_out()).collect()
}

/// Writes pre-trained weights and hidden biases into the network's hidden layers. The RBMs'
/// hidden units are sigmoid; a tanh net gets the exact equivalent, tanh(a/2) = 2σ(a) − 1
/// (`rbm::sigmoid_stack_to_tanh`), so its layers start as the pre-trained ones.
fn install(network: &mut Network, weights: Vec<Array2<f64>>, biases: Vec<Array1<f64>>) {
    let tanh = network
        .hidden
        .first()
        .is_some_and(|h| h.activation == crate::config::Activation::Tanh);
    let (weights, biases) = if tanh {
        crate::rbm::sigmoid_stack_to_tanh(&weights, &biases)
    } else {
        (weights, biases)
    };
    for (block, (w, c)) in network
        .hidden
        .iter_mut()
        .zip(weights.into_iter().zip(biases))
    {
        block.dense.w = w;
        block.dense.b = c;
    }
}

/// (layer, epoch from 1, reconstruction error) rows.
fn error_rows(errors: &[Vec<f64>]) -> Vec<(usize, usize, f64)> {
    errors
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

/// Pre-trains the hidden layers on the (scaled) training inputs and writes their weights
/// into `network`. Returns (layer, epoch, reconstruction error) rows.
pub fn initialize(
    network: &mut Network,
    train_x: &Array2<f64>,
    config: &Config,
    rng: &mut Rng,
) -> Vec<(usize, usize, f64)> {
    let sizes = hidden_sizes(network);
    let result = pretrain_stack(
        train_x,
        &sizes,
        visible_units(config),
        &settings(config),
        rng,
    );
    install(network, result.weights, result.hidden_biases);
    error_rows(&result.reconstruction_error)
}

/// The RBMs of a pre-training as far as it has got: each finished layer's, then the current
/// layer's as it stood after its last finished CD epoch (as drawn, before the first), so a
/// page can show x against its reconstruction x̂ epoch by epoch while pre-training runs.
#[derive(Clone, Debug, Default)]
pub struct RbmStack {
    rbms: Vec<Rbm>,
    /// The CD epochs behind each RBM.
    epochs: Vec<usize>,
}

/// One layer's input x and its reconstruction x̂ through that layer's RBM, row by row.
#[derive(Clone, Debug)]
pub struct Reconstruction {
    pub layer: usize,
    /// CD epochs this RBM has been trained for (0: as drawn, before any update).
    pub epochs: usize,
    /// x: the (scaled) training inputs for layer 0, else the hidden probabilities of the RBMs
    /// below, which are what that layer's RBM is trained on.
    pub visible: Array2<f64>,
    /// x̂ = E[v | h], h = σ(xW + c): up to the hidden units and back (`Rbm::reconstruct`).
    pub reconstructed: Array2<f64>,
}

impl Reconstruction {
    /// The mean over rows of the distance ‖x − x̂‖ (Euclidean): how far, on average, a point
    /// lands from itself after the trip through the hidden units.
    pub fn mean_distance(&self) -> f64 {
        let rows = self.visible.nrows().max(1) as f64;
        (&self.visible - &self.reconstructed)
            .rows()
            .into_iter()
            .map(|r| r.dot(&r).sqrt())
            .sum::<f64>()
            / rows
    }
}

impl RbmStack {
    /// How many layers have an RBM so far.
    pub fn len(&self) -> usize {
        self.rbms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rbms.is_empty()
    }

    /// Keeps layer `layer`'s RBM as it is after `epochs` CD epochs.
    fn record(&mut self, layer: usize, epochs: usize, rbm: &Rbm) {
        if layer == self.rbms.len() {
            self.rbms.push(rbm.clone());
            self.epochs.push(epochs);
        } else {
            self.rbms[layer] = rbm.clone();
            self.epochs[layer] = epochs;
        }
    }

    /// `data` (rows of training inputs) carried up through the RBMs below `layer`, and its
    /// reconstruction through `layer`'s; None for a layer not reached yet.
    pub fn reconstruct(&self, layer: usize, data: &Array2<f64>) -> Option<Reconstruction> {
        let rbm = self.rbms.get(layer)?;
        let visible = self.rbms[..layer]
            .iter()
            .fold(data.clone(), |v, below| below.hidden_probs(&v));
        Some(Reconstruction {
            layer,
            epochs: self.epochs[layer],
            reconstructed: rbm.reconstruct(&visible),
            visible,
        })
    }
}

pub use crate::work::ITEM_OVERHEAD;

/// A full pass over the data (reconstruction error, the next layer's input) runs in row
/// chunks of about this many multiply-adds, so no single item of work is long.
const PASS_CHUNK_WORK: usize = 1 << 18;

/// Where a resumable pre-training is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Layer `layer`'s RBM is to be drawn and its visible biases set from its input.
    Start,
    /// CD updates of epoch `epoch`; `batch` is the next mini-batch (0: shuffle first).
    Updates {
        batch: usize,
    },
    /// The epoch's reconstruction error: squared residuals of rows `..row` are in `buffer`.
    Error {
        row: usize,
    },
    /// The finished layer's hidden probabilities (the next input): rows `..row` in `buffer`.
    Propagate {
        row: usize,
    },
    Done,
}

/// Greedy layer-wise RBM pre-training that runs a bounded amount of work per call and
/// resumes where it stopped. Run to the end, its weights, biases, errors and random draws
/// are exactly those of [`initialize`] (`rbm::pretrain_stack`) with the same generator:
/// every random draw and every floating-point operation happens in the same order; full
/// passes over the data are split by rows, which computes each row exactly as before.
#[derive(Clone, Debug)]
pub struct Pretraining {
    /// The model stream, continuing where the network's initial draws left it.
    rng: Rng,
    settings: RbmSettings,
    sizes: Vec<usize>,
    /// The current layer's visible units (the first layer's by the config, then Bernoulli).
    visible: Visible,
    /// The current layer's input: the training inputs, then each layer's hidden probabilities.
    input: Array2<f64>,
    /// The mini-batch order, kept across epochs and layers as `pretrain_stack` keeps it.
    order: Vec<usize>,
    layer: usize,
    epoch: usize,
    rbm: Option<Rbm>,
    phase: Phase,
    /// A full pass's output, filled chunk by chunk.
    buffer: Array2<f64>,
    weights: Vec<Array2<f64>>,
    hidden_biases: Vec<Array1<f64>>,
    /// `errors[l][e]`: layer l's reconstruction error after epoch e + 1, so far.
    errors: Vec<Vec<f64>>,
    /// Snapshots of the RBMs at the ends of their epochs (`RbmStack`).
    stack: RbmStack,
    work_done: u64,
    work_total: u64,
}

impl Pretraining {
    /// The pre-training `initialize` would run for `network` (its hidden sizes), on the
    /// scaled training inputs, drawing from `rng` (the model stream after the network's
    /// own initial draws). Nothing is computed yet.
    pub fn new(network: &Network, train_x: &Array2<f64>, config: &Config, rng: Rng) -> Pretraining {
        let settings = settings(config);
        let sizes = hidden_sizes(network);
        assert!(
            settings.batch_size > 0 && train_x.nrows() > 0,
            "need data and batch_size > 0"
        );
        let n = train_x.nrows();
        let mut work_total = 0;
        let mut n_in = train_x.ncols();
        for &n_hidden in &sizes {
            work_total += Self::layer_work(n, n_in, n_hidden, &settings);
            n_in = n_hidden;
        }
        Pretraining {
            rng,
            visible: visible_units(config),
            input: train_x.clone(),
            order: (0..n).collect(),
            layer: 0,
            epoch: 0,
            rbm: None,
            phase: if sizes.is_empty() {
                Phase::Done
            } else {
                Phase::Start
            },
            buffer: Array2::zeros((0, 0)),
            weights: Vec::new(),
            hidden_biases: Vec::new(),
            errors: Vec::new(),
            stack: RbmStack::default(),
            work_done: 0,
            work_total,
            settings,
            sizes,
        }
    }

    fn start_work(n: usize, n_in: usize, n_hidden: usize) -> u64 {
        (n * n_in + n_in * n_hidden) as u64 + ITEM_OVERHEAD
    }

    /// A CD-1 update on `rows` rows: five products of rows × n_in × n_hidden.
    fn update_work(rows: usize, n_in: usize, n_hidden: usize) -> u64 {
        (5 * rows * n_in * n_hidden + rows * (n_in + n_hidden)) as u64 + ITEM_OVERHEAD
    }

    /// Rows per chunk of a full pass over an n_in × n_hidden layer.
    fn chunk_rows(n_in: usize, n_hidden: usize) -> usize {
        (PASS_CHUNK_WORK / (n_in * n_hidden).max(1)).max(1)
    }

    /// A chunk of the reconstruction pass (two products) or of the propagation (one).
    fn pass_work(rows: usize, n_in: usize, n_hidden: usize, products: usize) -> u64 {
        (products * rows * n_in * n_hidden + rows * n_in) as u64 + ITEM_OVERHEAD
    }

    /// The sum of squared residuals into the epoch's error.
    fn error_sum_work(n: usize, n_in: usize) -> u64 {
        (n * n_in) as u64 + ITEM_OVERHEAD
    }

    fn layer_work(n: usize, n_in: usize, n_hidden: usize, settings: &RbmSettings) -> u64 {
        let chunk = Self::chunk_rows(n_in, n_hidden);
        let pass = |products: usize| -> u64 {
            (0..n)
                .step_by(chunk)
                .map(|a| Self::pass_work((a + chunk).min(n) - a, n_in, n_hidden, products))
                .sum()
        };
        let updates: u64 = (0..n)
            .step_by(settings.batch_size)
            .map(|a| Self::update_work((a + settings.batch_size).min(n) - a, n_in, n_hidden))
            .sum();
        let epoch = updates + pass(2) + Self::error_sum_work(n, n_in);
        Self::start_work(n, n_in, n_hidden) + settings.epochs as u64 * epoch + pass(1)
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Fraction of the work done, in [0, 1].
    pub fn progress(&self) -> f64 {
        if self.work_total == 0 || self.is_done() {
            1.0
        } else {
            (self.work_done as f64 / self.work_total as f64).min(1.0)
        }
    }

    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    pub fn work_total(&self) -> u64 {
        self.work_total
    }

    /// The RBMs as of their last finished epochs (`RbmStack`).
    pub fn stack(&self) -> &RbmStack {
        &self.stack
    }

    /// (layer, epoch from 1, reconstruction error) rows of the epochs finished so far.
    pub fn error_rows(&self) -> Vec<(usize, usize, f64)> {
        error_rows(&self.errors)
    }

    /// Runs items of work while the next one fits in what is left of `budget` units (always
    /// at least one item, unless finished). Returns the units done: at most `budget`, or the
    /// cost of the one item when that alone is larger.
    pub fn advance(&mut self, budget: u64) -> u64 {
        let mut spent: u64 = 0;
        while !self.is_done() && (spent == 0 || spent.saturating_add(self.next_work()) <= budget) {
            spent += self.item();
        }
        self.work_done += spent;
        spent
    }

    /// The cost of the next item of work (0 when finished).
    pub fn next_work(&self) -> u64 {
        if self.is_done() {
            return 0;
        }
        let n = self.input.nrows();
        let n_in = self.input.ncols();
        let n_hidden = self.sizes[self.layer];
        match self.phase {
            Phase::Start => Self::start_work(n, n_in, n_hidden),
            Phase::Updates { batch } => {
                let bs = self.settings.batch_size;
                Self::update_work(((batch + 1) * bs).min(n) - batch * bs, n_in, n_hidden)
            }
            Phase::Error { row } if row >= n => Self::error_sum_work(n, n_in),
            Phase::Error { row } => Self::pass_work(
                (row + Self::chunk_rows(n_in, n_hidden)).min(n) - row,
                n_in,
                n_hidden,
                2,
            ),
            Phase::Propagate { row } => Self::pass_work(
                (row + Self::chunk_rows(n_in, n_hidden)).min(n) - row,
                n_in,
                n_hidden,
                1,
            ),
            Phase::Done => 0,
        }
    }

    /// Runs to the end.
    pub fn finish(&mut self) {
        self.advance(u64::MAX);
    }

    /// Writes the pre-trained weights into `network` (as `initialize` does) and returns the
    /// error rows. Runs what is left first.
    pub fn install(mut self, network: &mut Network) -> Vec<(usize, usize, f64)> {
        self.finish();
        let rows = self.error_rows();
        install(network, self.weights, self.hidden_biases);
        rows
    }

    /// One item of work; returns its cost in units (what `next_work` said).
    fn item(&mut self) -> u64 {
        let n = self.input.nrows();
        let n_in = self.input.ncols();
        let n_hidden = self.sizes[self.layer];
        match self.phase {
            Phase::Start => {
                let mut rbm = Rbm::new(
                    n_in,
                    n_hidden,
                    self.visible,
                    self.settings.init_std,
                    &mut self.rng,
                );
                rbm.cd_k = self.settings.cd_k;
                rbm.init_visible_bias(&self.input);
                self.stack.record(self.layer, 0, &rbm);
                self.rbm = Some(rbm);
                self.errors.push(Vec::with_capacity(self.settings.epochs));
                self.epoch = 0;
                self.phase = if self.settings.epochs == 0 {
                    self.begin_pass(n, n_hidden);
                    Phase::Propagate { row: 0 }
                } else {
                    Phase::Updates { batch: 0 }
                };
                Self::start_work(n, n_in, n_hidden)
            }
            Phase::Updates { batch } => {
                if batch == 0 {
                    self.order.shuffle(&mut self.rng);
                }
                let bs = self.settings.batch_size;
                let (a, b) = (batch * bs, ((batch + 1) * bs).min(n));
                let rbm = self.rbm.as_mut().expect("an RBM in training");
                rbm.cd_step(
                    &self.input.select(Axis(0), &self.order[a..b]),
                    self.settings.lr,
                    &mut self.rng,
                );
                self.phase = if b >= n {
                    self.begin_pass(n, n_in);
                    Phase::Error { row: 0 }
                } else {
                    Phase::Updates { batch: batch + 1 }
                };
                Self::update_work(b - a, n_in, n_hidden)
            }
            Phase::Error { row } if row >= n => {
                // As Rbm::reconstruction_error: ‖v − r‖² summed over the whole array at once.
                let error = self.buffer.sum() / (self.input.len() as f64);
                self.errors[self.layer].push(error);
                self.epoch += 1;
                let rbm = self.rbm.as_ref().expect("an RBM in training");
                self.stack.record(self.layer, self.epoch, rbm);
                self.phase = if self.epoch < self.settings.epochs {
                    Phase::Updates { batch: 0 }
                } else {
                    self.begin_pass(n, n_hidden);
                    Phase::Propagate { row: 0 }
                };
                Self::error_sum_work(n, n_in)
            }
            Phase::Error { row } => {
                let end = (row + Self::chunk_rows(n_in, n_hidden)).min(n);
                let rbm = self.rbm.as_ref().expect("an RBM in training");
                let v = self.input.slice(s![row..end, ..]).to_owned();
                let r = rbm.visible_mean(&rbm.hidden_probs(&v));
                self.buffer
                    .slice_mut(s![row..end, ..])
                    .assign(&(&v - &r).mapv(|x| x * x));
                self.phase = Phase::Error { row: end };
                Self::pass_work(end - row, n_in, n_hidden, 2)
            }
            Phase::Propagate { row } => {
                let end = (row + Self::chunk_rows(n_in, n_hidden)).min(n);
                let rbm = self.rbm.as_ref().expect("an RBM in training");
                let v = self.input.slice(s![row..end, ..]).to_owned();
                self.buffer
                    .slice_mut(s![row..end, ..])
                    .assign(&rbm.hidden_probs(&v));
                if end >= n {
                    self.input = std::mem::replace(&mut self.buffer, Array2::zeros((0, 0)));
                    let rbm = self.rbm.take().expect("an RBM in training");
                    self.weights.push(rbm.weights);
                    self.hidden_biases.push(rbm.hidden_bias);
                    self.visible = Visible::Bernoulli;
                    self.layer += 1;
                    self.phase = if self.layer < self.sizes.len() {
                        Phase::Start
                    } else {
                        Phase::Done
                    };
                } else {
                    self.phase = Phase::Propagate { row: end };
                }
                Self::pass_work(end - row, n_in, n_hidden, 1)
            }
            Phase::Done => 0,
        }
    }

    fn begin_pass(&mut self, rows: usize, cols: usize) {
        if self.buffer.dim() != (rows, cols) {
            self.buffer = Array2::zeros((rows, cols));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbm::pretrain_stack;
    use crate::rng::seeded;

    fn data(n: usize, d: usize, seed: u64) -> Array2<f64> {
        let mut rng = seeded(seed);
        Array2::from_shape_simple_fn((n, d), || crate::rng::normal(&mut rng))
    }

    fn config(hidden: &[usize], epochs: usize, scale: &str) -> Config {
        Config::from_json(&format!(
            r#"{{"model": {{"hidden": {hidden:?}, "init": "rbm", "rbm_epochs": {epochs}, "activation": "sigmoid"}}, "scale": "{scale}"}}"#
        ))
        .unwrap()
    }

    /// Sliced with any budget == all at once: weights, biases, errors and the generator after.
    #[test]
    fn sliced_pretraining_equals_pretrain_stack_bit_for_bit() {
        // 1 300 rows: the 16 × 64 passes run in many chunks, one ragged.
        for (n, d, hidden, epochs, scale) in [
            (1300, 16, vec![64, 64, 8], 2, "none"),
            (37, 2, vec![8, 8, 8, 8], 5, "minmax"),
            (5, 3, vec![4], 0, "none"),
            (200, 2, vec![16; 6], 3, "zscore"),
        ] {
            let x = data(n, d, n as u64);
            let cfg = config(&hidden, epochs, scale);
            let network = Network::new(&cfg, d, &mut seeded(9));
            let mut one_shot_rng = seeded(42);
            let expected = pretrain_stack(
                &x,
                &hidden,
                visible_units(&cfg),
                &settings(&cfg),
                &mut one_shot_rng,
            );
            for budget in [0, 1, 5_000, 100_000, 3_000_000, u64::MAX] {
                let mut p = Pretraining::new(&network, &x, &cfg, seeded(42));
                let mut calls = 0;
                while !p.is_done() {
                    let before = p.progress();
                    let next = p.next_work();
                    let spent = p.advance(budget);
                    assert!(
                        spent <= budget.max(next),
                        "{spent} units for a budget of {budget}"
                    );
                    assert!(spent >= next, "the first item always runs");
                    if budget == 0 {
                        assert_eq!(spent, next, "next_work is the item's cost");
                    }
                    assert!(p.progress() >= before);
                    calls += 1;
                }
                assert_eq!(
                    p.work_done(),
                    p.work_total(),
                    "{hidden:?} budget {budget}: the work estimate is exact"
                );
                assert_eq!(p.progress(), 1.0);
                if budget <= 5_000 && n > 100 {
                    assert!(calls > 10, "{hidden:?}: budget {budget} took {calls} calls");
                }
                assert_eq!(p.weights, expected.weights, "{hidden:?} budget {budget}");
                assert_eq!(
                    p.hidden_biases, expected.hidden_biases,
                    "{hidden:?} budget {budget}"
                );
                assert_eq!(
                    p.errors, expected.reconstruction_error,
                    "{hidden:?} budget {budget}"
                );
                assert_eq!(
                    p.rng, one_shot_rng,
                    "{hidden:?} budget {budget}: the same draws"
                );
            }
        }
    }

    /// A deferred trainer, evaluated while pre-training runs in slices and then stepped, is
    /// the one-shot trainer: same weights, errors, history and training afterwards.
    #[test]
    fn deferred_trainer_equals_the_one_shot_trainer() {
        use crate::trainer::Trainer;
        for json in [
            r#"{"model": {"hidden": [16, 16, 16, 16], "activation": "sigmoid", "init": "rbm"}}"#,
            r#"{"data": {"kind": "spiral", "n_train": 300}, "scale": "minmax", "model": {"hidden": [8, 8], "activation": "tanh", "init": "rbm", "rbm_epochs": 4, "batch_norm": true, "dropout_keep": 0.9}, "optim": {"kind": "adam", "lr": 0.01}}"#,
        ] {
            let config = Config::from_json(json).unwrap();
            let mut one_shot = Trainer::new(config.clone());
            let first = one_shot.evaluate();
            let mut sliced = Trainer::deferred(config.clone());
            assert!(sliced.pretraining_pending());
            let mut calls = 0;
            while sliced.pretraining_pending() {
                sliced.evaluate(); // the page draws the network meanwhile
                sliced.advance_pretraining(50_000);
                calls += 1;
            }
            assert!(calls > 3, "{calls} slices");
            assert_eq!(sliced.rbm_errors(), one_shot.rbm_errors());
            assert_eq!(sliced.evaluate(), first);
            assert_eq!(sliced.history(), one_shot.history());
            for l in 0..one_shot.network().num_weight_layers() {
                assert_eq!(sliced.network().dense(l).w, one_shot.network().dense(l).w);
                assert_eq!(sliced.network().dense(l).b, one_shot.network().dense(l).b);
            }
            one_shot.train_epochs(3);
            sliced.train_epochs(3);
            assert_eq!(sliced.evaluate(), one_shot.evaluate());
            assert_eq!(sliced.history(), one_shot.history());

            // step() finishes pending pre-training first; rebuilds stay deferred.
            let mut stepped = Trainer::deferred(config.clone());
            stepped.step(5);
            let mut reference = Trainer::new(config);
            reference.step(5);
            assert!(!stepped.pretraining_pending());
            assert_eq!(stepped.evaluate(), reference.evaluate());
            stepped.reset();
            assert!(stepped.pretraining_pending());
            assert!(stepped.set("seed", serde_json::json!(3)).unwrap());
            assert!(stepped.pretraining_pending());
        }
    }

    /// While pre-training runs, each layer's x̂ comes from its RBM as of its last finished
    /// epoch (0, 1, 2, … in order); finished, it is the one-shot trainer's, bit for bit.
    #[test]
    fn reconstructions_follow_pretraining_epoch_by_epoch() {
        use crate::trainer::Trainer;
        let json = r#"{"model": {"hidden": [6, 6], "activation": "sigmoid", "init": "rbm", "rbm_epochs": 4}}"#;
        let mut sliced = Trainer::deferred(Config::from_json(json).unwrap());
        assert!(sliced.rbm_reconstruction(0, 50).is_none(), "nothing before the first RBM is drawn");
        let mut seen: Vec<Vec<usize>> = vec![Vec::new(); 2];
        while sliced.pretraining_pending() {
            sliced.advance_pretraining(2_000);
            for (l, epochs) in seen.iter_mut().enumerate() {
                if let Some(r) = sliced.rbm_reconstruction(l, 50) {
                    assert_eq!((r.visible.dim(), r.reconstructed.dim()), ((50, if l == 0 { 2 } else { 6 }), (50, if l == 0 { 2 } else { 6 })));
                    if epochs.last() != Some(&r.epochs) {
                        epochs.push(r.epochs);
                    }
                }
            }
        }
        for epochs in &seen {
            assert!(epochs.windows(2).all(|w| w[0] < w[1]) && epochs.last() == Some(&4), "{seen:?}");
        }
        let whole = Trainer::new(Config::from_json(json).unwrap());
        for l in 0..2 {
            let (a, b) = (sliced.rbm_reconstruction(l, 50).unwrap(), whole.rbm_reconstruction(l, 50).unwrap());
            assert_eq!((a.visible, a.reconstructed, a.epochs), (b.visible, b.reconstructed, b.epochs));
        }
        assert!(sliced.rbm_reconstruction(2, 50).is_none());
    }

    #[test]
    fn partial_errors_grow_layer_by_layer() {
        let x = data(100, 2, 1);
        let cfg = config(&[8, 8], 4, "none");
        let network = Network::new(&cfg, 2, &mut seeded(1));
        let mut p = Pretraining::new(&network, &x, &cfg, seeded(2));
        let mut seen = 0;
        while !p.is_done() {
            p.advance(10_000);
            let rows = p.error_rows();
            assert!(rows.len() >= seen);
            seen = rows.len();
        }
        let rows = p.error_rows();
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[4].0, 1);
        assert_eq!(rows[4].1, 1);
    }
}
