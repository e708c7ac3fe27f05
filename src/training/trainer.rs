//! The trainer: one config, its data, its network, and the loop that trains it, measures
//! it and remembers what it measured. Everything the CLI prints and the page draws comes
//! from here.

use crate::config::{
    Activation, Config, ConfigError, Init, OptimKind, Scale, LIVE_PATHS,
};
use crate::data::{self, Dataset, InputPipeline};
use crate::diagnostics::{self, LayerStats};
use crate::exact;
use crate::layers::Mode;
use crate::loss;
use crate::network::Network;
use crate::optim::{Hyper, Optimizer};
use crate::pretrain;
use crate::rng::{self, Rng};
use ndarray::{s, Array1, Array2};
use serde::Serialize;

pub use crate::history::{HistoryRow, HISTORY_CAP};
use crate::history::History;

/// The probe batch: the first min(n_train, 256) training points.
pub const PROBE_SIZE: usize = 256;
/// The finest decision-surface grid `grid` computes (the wasm layer clamps to the same).
pub const MAX_GRID_RES: usize = 400;
/// Evaluation and prediction forward at most `eval_chunk()` rows at a time, so the
/// activations every hidden layer caches stay bounded: about `EVAL_BUDGET` values a buffer
/// (never fewer than 1024 rows). The largest network (32 × 256) then caches 2 × 8192 units
/// × 1024 rows × 8 B ≈ 134 MB instead of 2.6 GB for 20 000 points (21 GB for a 400² grid);
/// small networks still evaluate everything in one pass, exactly as before.
pub const EVAL_BUDGET: usize = 1 << 22;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    pub epoch: usize,
    pub step: usize,
    pub train_loss: Option<f64>,
    pub test_loss: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub train_acc: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_acc: Option<f64>,
    pub diverged: bool,
    pub layers: Vec<LayerStats>,
}

/// Writes rows `rows` of `from` into `to` (already rows.len() × cols): one copy when they
/// are consecutive (full batch, or unshuffled data), else row by row; slices where both are
/// row-major, since ndarray's per-row `assign` was most of W3's step outside the kernels.
fn gather_rows(from: &Array2<f64>, rows: &[usize], to: &mut Array2<f64>) {
    let cols = from.ncols();
    let consecutive = rows.windows(2).all(|pair| pair[1] == pair[0] + 1);
    match (to.as_slice_mut(), from.as_slice()) {
        (Some(to), Some(from)) if cols > 0 => {
            if let (true, Some(&first)) = (consecutive, rows.first()) {
                to.copy_from_slice(&from[first * cols..][..rows.len() * cols]);
            } else {
                for (to_row, &i) in to.chunks_exact_mut(cols).zip(rows) {
                    to_row.copy_from_slice(&from[i * cols..][..cols]);
                }
            }
        }
        _ => {
            for (k, &i) in rows.iter().enumerate() {
                to.row_mut(k).assign(&from.row(i));
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Batch {
    y: Array1<f64>,
    grad_output: Array2<f64>,
}

#[derive(Clone, Debug)]
pub struct Trainer {
    config: Config,
    data: Dataset,
    pipeline: InputPipeline,
    train_x: Array2<f64>,
    test_x: Array2<f64>,
    network: Network,
    optimizer: Optimizer,
    /// Draws the shuffles and dropout masks.
    rng: Rng,
    order: Vec<usize>,
    cursor: usize,
    epoch: usize,
    step: usize,
    diverged: bool,
    history: History,
    /// (layer, epoch, reconstruction error) of RBM pre-training.
    rbm_errors: Vec<(usize, usize, f64)>,
    /// Preallocated mini-batch buffers.
    batch: Batch,
    /// Reshuffle the training set every epoch (TF Playground's benchmark runs in data order).
    shuffle: bool,
    /// The pre-trained RBMs (init `rbm`), for x against its reconstruction x̂.
    rbm_stack: pretrain::RbmStack,
    /// RBM pre-training still to run (see `Trainer::deferred`); `step` finishes it first.
    pretraining: Option<Box<pretrain::Pretraining>>,
    /// Rebuilds (`set`, `reset`) defer their pre-training too.
    defer_pretraining: bool,
    /// The train loss of the network as built (after pre-training): a run whose loss
    /// exceeds `DIVERGENCE_FACTOR` times it has diverged. Taken when it is first needed
    /// (the evaluation at step 0, or the first step), so a build costs no extra pass.
    initial_train_loss: Option<f64>,
    /// What the last probe saw, kept apart from the layers' caches (every training step,
    /// decision map and unit map overwrites those): its histograms and ∂L/∂W.
    probed: Probed,
}

/// The last probe's per-layer readings (`Trainer::probe`).
#[derive(Clone, Debug, Default)]
struct Probed {
    /// Per hidden layer: (pre-activation range, counts), (output range, counts).
    histograms: Vec<[((f64, f64), Vec<f64>); 2]>,
    /// Per weight layer, ∂L/∂W on the probe batch.
    grad_w: Vec<Array2<f64>>,
}

/// A train loss this many times its value at initialization counts as diverged (as a
/// non-finite one does): ReLU + large init + lr 10 reaches 1e48 while staying finite.
pub const DIVERGENCE_FACTOR: f64 = 1e6;
/// The floor under the initial loss in that rule, so a net that starts (nearly) exact
/// does not count as diverged at the first rounding error.
const DIVERGENCE_FLOOR: f64 = 1e-6;

/// Independent streams from one seed: changing the network does not change the data.
const DATA_STREAM: u64 = 0;
const MODEL_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
const TRAINING_STREAM: u64 = 0xD1B5_4A32_D192_ED03;

impl Trainer {
    pub fn new(config: Config) -> Trainer {
        let data = data::generate(&config, &mut rng::seeded(config.seed ^ DATA_STREAM));
        Trainer::from_dataset(config, data)
    }

    /// A trainer on given data (the benchmarks bring their own, drawn as the peers draw it).
    pub fn from_dataset(config: Config, data: Dataset) -> Trainer {
        Trainer::assemble(config, data, false)
    }

    /// As `new`, but RBM pre-training (init `rbm`) is left to `advance_pretraining`, to run
    /// in bounded slices; until it is finished the network holds its initial draws and
    /// `step` finishes it first. Finished, everything is exactly as after `new`.
    pub fn deferred(config: Config) -> Trainer {
        let data = data::generate(&config, &mut rng::seeded(config.seed ^ DATA_STREAM));
        Trainer::assemble(config, data, true)
    }

    fn rebuilt(&self, config: Config) -> Trainer {
        if self.defer_pretraining {
            Trainer::deferred(config)
        } else {
            Trainer::new(config)
        }
    }

    fn assemble(config: Config, data: Dataset, defer_pretraining: bool) -> Trainer {
        let pipeline = InputPipeline::fit(&config, &data.train.x);
        let train_x = pipeline.transform(&data.train.x);
        let test_x = pipeline.transform(&data.test.x);
        let mut model_rng = rng::seeded(config.seed ^ MODEL_STREAM);
        let mut network = Network::new(&config, train_x.ncols(), &mut model_rng);
        let mut rbm_errors = Vec::new();
        let mut rbm_stack = pretrain::RbmStack::default();
        let mut pretraining = None;
        if config.model.init == Init::Rbm && !network.hidden.is_empty() {
            // The same numbers as `pretrain::initialize`, in one go unless deferred; the
            // sliced run keeps its RBMs for `rbm_reconstruction`.
            let mut p = pretrain::Pretraining::new(&network, &train_x, &config, model_rng);
            if defer_pretraining {
                pretraining = Some(Box::new(p));
            } else {
                p.finish();
                rbm_stack = p.stack().clone();
                rbm_errors = p.install(&mut network);
            }
        }
        let order = (0..train_x.nrows()).collect();
        Trainer {
            rng: rng::seeded(config.seed ^ TRAINING_STREAM),
            config,
            data,
            pipeline,
            train_x,
            test_x,
            network,
            optimizer: Optimizer::default(),
            order,
            cursor: 0,
            epoch: 0,
            step: 0,
            diverged: false,
            history: History::new(HISTORY_CAP),
            rbm_errors,
            rbm_stack,
            batch: Batch::default(),
            shuffle: true,
            pretraining,
            defer_pretraining,
            initial_train_loss: None,
            probed: Probed::default(),
        }
    }

    /// The mean data loss on the training set now (evaluation mode, nothing recorded).
    fn current_train_loss(&mut self) -> f64 {
        let train_x = std::mem::take(&mut self.train_x);
        let train_y = self.data.train.y.clone();
        let (loss, _) = self.loss_on(&train_x, &train_y);
        self.train_x = train_x;
        loss
    }

    /// Whether a train loss says the run has diverged: non-finite, or beyond
    /// `DIVERGENCE_FACTOR` × the loss at initialization.
    fn loss_diverged(&self, train_loss: f64) -> bool {
        let start = self.initial_train_loss.unwrap_or(f64::NAN);
        !train_loss.is_finite() || (start.is_finite() && train_loss > DIVERGENCE_FACTOR * start.max(DIVERGENCE_FLOOR))
    }

    pub fn from_json(text: &str) -> Result<Trainer, ConfigError> {
        Config::from_json(text).map(Trainer::new)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    /// Sets one weight, W[from, to] of weight layer `layer` (0 = input side, the last the
    /// output layer), as the diagram's edge editor does; training goes on from there.
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f64) -> Result<(), String> {
        let layers = self.network.num_weight_layers();
        if layer >= layers {
            return Err(format!("set_weight: layer {layer} out of range, expected 0 to {}", layers - 1));
        }
        let w = &mut self.network.dense_mut(layer).w;
        let (n_in, n_out) = w.dim();
        if from >= n_in || to >= n_out {
            return Err(format!("set_weight: unit ({from}, {to}) out of range, layer {layer} is {n_in} × {n_out}"));
        }
        if !value.is_finite() {
            return Err(format!("set_weight: {value} is not a finite number"));
        }
        w[[from, to]] = value;
        Ok(())
    }

    pub fn set_shuffle(&mut self, shuffle: bool) {
        self.shuffle = shuffle;
    }

    /// ‖∂L/∂W‖₂ per weight layer from the last training step's batch (what W2n times).
    pub fn batch_grad_norms(&self) -> Vec<f64> {
        (0..self.network.num_weight_layers())
            .map(|i| {
                self.network
                    .dense(i)
                    .grad_w
                    .iter()
                    .map(|g| g * g)
                    .sum::<f64>()
                    .sqrt()
            })
            .collect()
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    pub fn epoch(&self) -> usize {
        self.epoch
    }

    pub fn steps_taken(&self) -> usize {
        self.step
    }

    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// The loss history: one row per `evaluate`, thinned to at most `HISTORY_CAP` rows
    /// (see `History`): always the first, the latest and the best-test evaluation.
    pub fn history(&self) -> &[HistoryRow] {
        &self.history.rows
    }

    pub fn rbm_errors(&self) -> &[(usize, usize, f64)] {
        &self.rbm_errors
    }

    /// The first `rows` training inputs x against their reconstruction x̂ through RBM
    /// `layer` (inputs carried up through the RBMs below), as pre-training has left it so far:
    /// after its last finished CD epoch while it runs, its final state once done. None
    /// without RBM pre-training or for a layer it has not reached.
    pub fn rbm_reconstruction(&self, layer: usize, rows: usize) -> Option<pretrain::Reconstruction> {
        let stack = self.pretraining.as_ref().map_or(&self.rbm_stack, |p| p.stack());
        let rows = rows.min(self.train_x.nrows());
        stack.reconstruct(layer, &self.train_x.slice(s![..rows, ..]).to_owned())
    }

    /// Whether RBM pre-training is still to run (only after `Trainer::deferred`).
    pub fn pretraining_pending(&self) -> bool {
        self.pretraining.is_some()
    }

    /// Fraction of the pending pre-training done (1 when none is pending).
    pub fn pretraining_progress(&self) -> f64 {
        self.pretraining.as_ref().map_or(1.0, |p| p.progress())
    }

    /// The cost of pending pre-training's next item of work (0 when none is pending).
    pub fn pretraining_next_work(&self) -> u64 {
        self.pretraining.as_ref().map_or(0, |p| p.next_work())
    }

    /// Runs about `budget` work units of pending RBM pre-training (`work::ITEM_OVERHEAD`
    /// says what a unit is); returns the units done. `rbm_errors` grows epoch by epoch. When
    /// it finishes, the weights are installed and the history (evaluations of the network
    /// before pre-training) is cleared: the trainer is then exactly as `new` leaves it.
    pub fn advance_pretraining(&mut self, budget: u64) -> u64 {
        let Some(pretraining) = self.pretraining.as_mut() else {
            return 0;
        };
        let spent = pretraining.advance(budget);
        if pretraining.is_done() {
            let pretraining = self.pretraining.take().expect("pending");
            self.rbm_stack = pretraining.stack().clone();
            self.rbm_errors = pretraining.install(&mut self.network);
            self.history.clear();
            self.diverged = false;
            self.initial_train_loss = None; // the pre-trained net's, when next needed
        } else {
            self.rbm_errors = pretraining.error_rows();
        }
        spent
    }

    pub fn is_regression(&self) -> bool {
        self.config.data.kind.is_regression()
    }

    /// Changes one setting. Settings in `LIVE_PATHS` apply to the running model; any other
    /// rebuilds it from the new config (returns `true` then).
    pub fn set(&mut self, path: &str, value: serde_json::Value) -> Result<bool, ConfigError> {
        let config = self.config.with(path, value)?;
        if LIVE_PATHS.contains(&path) {
            self.network.dropout_keep = config.model.dropout_keep;
            self.config = config;
            Ok(false)
        } else {
            *self = self.rebuilt(config);
            Ok(true)
        }
    }

    pub fn reset(&mut self) {
        *self = self.rebuilt(self.config.clone());
    }

    fn batch_size(&self) -> usize {
        let n = self.train_x.nrows();
        match self.config.optim.batch_size {
            0 => n,
            b => b.min(n),
        }
    }

    /// Runs `n` optimizer steps (mini-batches); stops early once diverged. Pending RBM
    /// pre-training is finished first.
    pub fn step(&mut self, n: usize) {
        if n > 0 {
            self.advance_pretraining(u64::MAX);
            // Only step 0's network is the one as built (nothing else changes the weights).
            if self.initial_train_loss.is_none() && self.step == 0 {
                self.initial_train_loss = Some(self.current_train_loss());
            }
        }
        for _ in 0..n {
            if self.diverged {
                return;
            }
            if self.config.optim.kind == OptimKind::Exact {
                self.fit_exactly();
            } else {
                self.gradient_step();
            }
        }
    }

    /// Runs until `n` more epochs have completed.
    pub fn train_epochs(&mut self, n: usize) {
        let target = self.epoch + n;
        while self.epoch < target && !self.diverged {
            self.step(1);
        }
    }

    fn gradient_step(&mut self) {
        let n = self.train_x.nrows();
        if self.cursor == 0 && self.shuffle {
            rng::shuffle(&mut self.rng, &mut self.order);
        }
        let mut end = (self.cursor + self.batch_size()).min(n);
        // Batch norm never normalizes over one point (its variance is 0, every output β):
        // a last batch of one joins this one.
        if self.config.model.batch_norm && n - end == 1 {
            end = n;
        }
        let rows = &self.order[self.cursor..end];
        let batch = &mut self.batch;
        let cols = self.train_x.ncols();
        gather_rows(&self.train_x, rows, self.network.input_mut(rows.len(), cols));
        if batch.y.len() != rows.len() {
            batch.y = Array1::zeros(rows.len());
        }
        for (k, &i) in rows.iter().enumerate() {
            batch.y[k] = self.data.train.y[i];
        }
        self.network.forward_filled(Mode::Train, &mut self.rng);
        let batch_loss = loss::backpropagate(self.config.loss(), &mut self.network, &batch.y, &mut batch.grad_output);
        let hyper = Hyper {
            kind: self.config.optim.kind,
            lr: self.config.optim.lr,
            l1: self.config.reg.l1,
            l2: self.config.reg.l2,
        };
        self.optimizer.update(&mut self.network, &hyper);
        self.step += 1;
        self.cursor = if end >= n { 0 } else { end };
        if self.cursor == 0 {
            self.epoch += 1;
        }
        // Non-finite weights make the next loss non-finite, so the loss alone catches divergence.
        if self.loss_diverged(batch_loss) {
            self.diverged = true;
        }
    }

    /// The closed-form (ridge / elastic-net) optimum of a model linear in its parameters.
    fn fit_exactly(&mut self) {
        let with_bias = self.network.output.has_bias;
        let (w, b) = exact::fit(
            &self.train_x,
            &self.data.train.y,
            with_bias,
            self.config.reg.l1,
            self.config.reg.l2,
        );
        self.network.output.w.column_mut(0).assign(&w);
        self.network.output.b[0] = b;
        self.step += 1;
        self.epoch += 1;
        if !self.network.all_finite() {
            self.diverged = true;
        }
    }

    /// Rows per evaluation pass (see `EVAL_BUDGET`).
    fn eval_chunk(&self) -> usize {
        let units: usize = self.network.hidden.iter().map(|h| h.dense.n_out()).sum();
        (EVAL_BUDGET / (units + 1)).max(1024)
    }

    fn loss_on(&mut self, x: &Array2<f64>, y: &Array1<f64>) -> (f64, f64) {
        let chunk = self.eval_chunk();
        let kind = self.config.loss();
        if x.nrows() <= chunk {
            self.network.forward(x, Mode::Eval, &mut self.rng);
            return (
                loss::data_loss(kind, &self.network, y),
                loss::sign_accuracy(&self.network.output_pre_activation, y),
            );
        }
        // Large sets in chunks: every layer caches its activations for the rows it sees.
        let (mut loss_sum, mut correct) = (0.0, 0.0);
        for start in (0..x.nrows()).step_by(chunk) {
            let end = (start + chunk).min(x.nrows());
            let (xs, ys) = (x.slice(s![start..end, ..]).to_owned(), y.slice(s![start..end]).to_owned());
            self.network.forward(&xs, Mode::Eval, &mut self.rng);
            let rows = (end - start) as f64;
            loss_sum += loss::data_loss(kind, &self.network, &ys) * rows;
            correct += loss::sign_accuracy(&self.network.output_pre_activation, &ys) * rows;
        }
        let n = x.nrows() as f64;
        (loss_sum / n, correct / n)
    }

    /// Train and test loss (and accuracy for the ±1 sets), evaluated with every unit kept;
    /// also appends a row to the history (thinned past `HISTORY_CAP` rows).
    pub fn evaluate(&mut self) -> Metrics {
        // Taken out and put back rather than cloned (up to 2 × 20 000 × 200 values).
        let (train_x, test_x) = (std::mem::take(&mut self.train_x), std::mem::take(&mut self.test_x));
        let (train_y, test_y) = (self.data.train.y.clone(), self.data.test.y.clone());
        let (train_loss, train_acc) = self.loss_on(&train_x, &train_y);
        let (test_loss, test_acc) = self.loss_on(&test_x, &test_y);
        (self.train_x, self.test_x) = (train_x, test_x);
        if self.step == 0 && self.initial_train_loss.is_none() {
            self.initial_train_loss = Some(train_loss);
        }
        if self.loss_diverged(train_loss) || !test_loss.is_finite() {
            self.diverged = true;
        }
        // Finite losses over blown-up internals (batch norm's running averages can hide
        // activations of 1e100 whose probe gradients overflow to NaN) count as diverged
        // too, so every number a metrics line reports is finite.
        let layers = if self.diverged { Vec::new() } else { self.probe() };
        let stat_values = |l: &LayerStats| {
            [l.weight_norm, l.grad_norm, l.grad_rms, l.delta_rms, l.act_mean, l.act_std, l.saturated, l.dead]
        };
        if !layers.iter().flat_map(stat_values).all(f64::is_finite) {
            self.diverged = true;
        }
        let finite = |v: f64| (!self.diverged && v.is_finite()).then_some(v);
        let classification = !self.is_regression();
        self.history.push(HistoryRow {
            epoch: self.epoch,
            step: self.step,
            train_loss: finite(train_loss).unwrap_or(f64::NAN),
            test_loss: finite(test_loss).unwrap_or(f64::NAN),
        });
        Metrics {
            epoch: self.epoch,
            step: self.step,
            train_loss: finite(train_loss),
            test_loss: finite(test_loss),
            train_acc: classification
                .then_some(train_acc)
                .filter(|_| !self.diverged),
            test_acc: classification
                .then_some(test_acc)
                .filter(|_| !self.diverged),
            diverged: self.diverged,
            layers: if self.diverged { Vec::new() } else { layers },
        }
    }

    fn probe_batch(&self) -> (Array2<f64>, Array1<f64>) {
        let n = self.train_x.nrows().min(PROBE_SIZE);
        (
            self.train_x.slice(s![..n, ..]).to_owned(),
            self.data.train.y.slice(s![..n]).to_owned(),
        )
    }

    /// A forward and backward pass on the probe batch (dropout off, nothing updated), then
    /// the per-layer stats. It leaves the probe's activations cached for `histogram`.
    pub fn probe(&mut self) -> Vec<LayerStats> {
        let (x, y) = self.probe_batch();
        self.network.forward(&x, Mode::Probe, &mut self.rng);
        let mut grad = Array2::zeros((0, 1));
        loss::backpropagate(self.config.loss(), &mut self.network, &y, &mut grad);
        let network = &self.network;
        let histograms = network.hidden.iter().map(|block| {
            let (pre, out) = (crate::activation::PRE_ACTIVATION_RANGE, block.activation.output_range());
            [
                (pre, diagnostics::histogram(&block.pre_activation, pre)),
                (out, diagnostics::histogram(&block.activation_output, out)),
            ]
        });
        self.probed = Probed {
            histograms: histograms.collect(),
            grad_w: (0..network.num_weight_layers()).map(|l| network.dense(l).grad_w.clone()).collect(),
        };
        diagnostics::layer_stats(&self.network)
    }

    /// ∂L/∂W of weight layer `layer` on the last probe batch (`probe`, `evaluate`).
    pub fn probe_grad_w(&self, layer: usize) -> Option<&Array2<f64>> {
        self.probed.grad_w.get(layer)
    }

    /// Histogram of hidden layer `layer`'s pre-activations (`pre = true`) or outputs on the
    /// last probe batch (`probe`, `evaluate`): (range, counts).
    pub fn histogram(&self, layer: usize, pre: bool) -> Option<((f64, f64), Vec<f64>)> {
        self.probed.histograms.get(layer).map(|h| h[usize::from(!pre)].clone())
    }

    /// Model outputs for raw inputs (rows of the data's own coordinates). For the ±1 sets
    /// under the logistic loss, the expected label 2p − 1 (in [−1, 1], its sign the
    /// decision), so decision maps read the same under either loss.
    pub fn predict(&mut self, raw: &Array2<f64>) -> Array1<f64> {
        let mut outputs = self.raw_predict(raw);
        if self.network.output_activation == Activation::Sigmoid {
            outputs.mapv_inplace(|p| 2.0 * p - 1.0);
        }
        outputs
    }

    fn raw_predict(&mut self, raw: &Array2<f64>) -> Array1<f64> {
        let x = self.pipeline.transform(raw);
        let chunk = self.eval_chunk();
        if x.nrows() <= chunk {
            return self.network.forward(&x, Mode::Eval, &mut self.rng).column(0).to_owned();
        }
        let mut outputs = Array1::zeros(x.nrows());
        for start in (0..x.nrows()).step_by(chunk) {
            let end = (start + chunk).min(x.nrows());
            let chunk = x.slice(s![start..end, ..]).to_owned();
            let output = self.network.forward(&chunk, Mode::Eval, &mut self.rng);
            outputs.slice_mut(s![start..end]).assign(&output.column(0));
        }
        outputs
    }

    /// The drawing area in raw coordinates: [x_lo, x_hi, y_lo, y_hi]. For the 2-D sets
    /// both inputs; for 1-D data x and the target.
    pub fn extent(&self) -> [f64; 4] {
        if data::raw_dim(self.config.data.kind) == 2 {
            return data::plane_extent(self.config.data.raw_units);
        }
        let range = |values: Vec<f64>| {
            let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let margin = ((hi - lo) * 0.08).max(1e-3);
            (lo - margin, hi + margin)
        };
        let (train, test) = (&self.data.train, &self.data.test);
        let (x_lo, x_hi) = range(
            train
                .x
                .column(0)
                .iter()
                .chain(test.x.column(0).iter())
                .copied()
                .collect(),
        );
        let (y_lo, y_hi) = range(train.y.iter().chain(test.y.iter()).copied().collect());
        [x_lo, x_hi, y_lo, y_hi]
    }

    /// Outputs over a res × res grid of the 2-D plane, row-major, row 0 at the top (max x2).
    /// `res` is clamped to `MAX_GRID_RES`; the 1-D and `linear` sets have no plane: empty.
    pub fn grid(&mut self, res: usize) -> Vec<f64> {
        if data::raw_dim(self.config.data.kind) != 2 {
            return Vec::new();
        }
        let points = plane_points(self.extent(), res.min(MAX_GRID_RES));
        self.predict(&points).to_vec()
    }

    /// Raw inputs as the network sees them: feature expansion and scaling, fitted on train.
    pub fn features(&self, raw: &Array2<f64>) -> Array2<f64> {
        self.pipeline.transform(raw)
    }

    /// The weights of a model linear in its inputs (poly or `hidden: []`), input side.
    pub fn coefficients(&self) -> Vec<f64> {
        if !self.network.hidden.is_empty() {
            return Vec::new();
        }
        let mut coefficients = self.network.output.w.column(0).to_vec();
        if self.network.output.has_bias {
            coefficients.insert(0, self.network.output.b[0]);
        }
        coefficients
    }

    pub fn uses_activation(&self) -> Activation {
        self.config.model.activation
    }

    pub fn is_scaled(&self) -> bool {
        self.config.scale != Scale::None
    }
}

/// The centres of a res × res grid over `[x_lo, x_hi, y_lo, y_hi]`, row-major, row 0 at the
/// top (max x2): the layout of `grid` and of the unit maps.
pub fn plane_points([x_lo, x_hi, y_lo, y_hi]: [f64; 4], res: usize) -> Array2<f64> {
    let at = |lo: f64, hi: f64, k: usize| lo + (hi - lo) * (k as f64 + 0.5) / res as f64;
    Array2::from_shape_fn((res * res, 2), |(i, j)| {
        let (row, col) = (i / res, i % res);
        if j == 0 {
            at(x_lo, x_hi, col)
        } else {
            at(y_lo, y_hi, res - 1 - row)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trainer_history_is_capped_and_clear_starts_over() {
        let config = Config::from_json(
            r#"{"data": {"kind": "sine", "n_train": 10, "n_test": 20, "noise": 0.3}, "model": {"kind": "poly", "degree": 9}, "optim": {"kind": "sgd", "lr": 0.5, "batch_size": 0}}"#,
        )
        .unwrap();
        let mut trainer = Trainer::new(config);
        let mut all = vec![trainer.evaluate()];
        let n = 3 * HISTORY_CAP + 17;
        for _ in 1..n {
            trainer.step(1);
            all.push(trainer.evaluate());
        }
        let history = trainer.history();
        assert!(history.len() <= HISTORY_CAP && history.len() >= HISTORY_CAP / 2, "{} rows", history.len());
        assert_eq!(history[0].step, 0);
        assert_eq!(history.last().unwrap().step, trainer.steps_taken());
        assert_eq!(history.last().unwrap().test_loss, all.last().unwrap().test_loss.unwrap());
        let best = all.iter().filter_map(|m| m.test_loss.map(|t| (m.step, t))).fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
        assert!(history.iter().any(|r| r.step == best.0 && r.test_loss == best.1), "best test row (step {}) kept", best.0);
        // Every kept row is the evaluation it says it is.
        for r in history {
            let m = &all[r.step];
            assert_eq!((m.train_loss.unwrap(), m.test_loss.unwrap()), (r.train_loss, r.test_loss));
        }
        trainer.reset();
        trainer.evaluate();
        assert_eq!(trainer.history().len(), 1);
    }

    /// The probe's histograms and ∂L/∂W are what it saw, whatever runs between: training
    /// steps, a decision map's forward pass (the worker trains in chunks and evaluates at
    /// display rate, and reads these after).
    #[test]
    fn probe_readings_survive_training_and_maps() {
        let config = Config::from_json(r#"{"data": {"kind": "circle", "n_train": 64}, "model": {"hidden": [6, 5]}, "optim": {"batch_size": 8}}"#).unwrap();
        let mut trainer = Trainer::new(config);
        trainer.step(3);
        trainer.evaluate();
        let (hist, grad) = (trainer.histogram(1, true).unwrap(), trainer.probe_grad_w(1).unwrap().clone());
        // The probe's numbers, from a probe alone:
        let mut again = trainer.clone();
        again.probe();
        assert_eq!(again.histogram(1, true).unwrap(), hist);
        assert_eq!(again.probe_grad_w(1).unwrap(), &grad);
        let grid = Array2::from_shape_fn((400, 2), |(i, j)| if j == 0 { (i % 20) as f64 / 4.0 - 2.5 } else { (i / 20) as f64 / 4.0 - 2.5 });
        trainer.predict(&grid);
        assert_ne!(trainer.network().hidden[1].pre_activation.nrows(), 64.min(PROBE_SIZE), "the map overwrote the layer caches");
        assert_eq!(trainer.histogram(1, true).unwrap(), hist);
        assert_eq!(trainer.probe_grad_w(1).unwrap(), &grad);
        trainer.step(2);
        assert_eq!(trainer.histogram(1, true).unwrap(), hist, "a step changes the weights, not the last probe's reading");
        trainer.evaluate();
        assert_ne!(trainer.probe_grad_w(1).unwrap(), &grad, "a new evaluation probes again");
        assert_eq!(trainer.histogram(5, false), None);
    }
}
