//! The thin JavaScript layer: the only file that knows the web. It translates calls and
//! values; every decision is the core's. Bulk numbers cross as typed arrays.
//! The API is documented in docs/wasm-api.md.

use crate::activation;
use crate::config::{self, Activation, Config, ConfigError};
use crate::slices::PretrainSlices;
use crate::sweep::CapacitySweep;
use crate::trainer::{Metrics, Trainer};
use js_sys::{Float32Array, Float64Array, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    // A panic reaches the console with its message instead of a bare "unreachable".
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn config_error(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

/// JS values go through JSON, so numbers, lists and objects mean what they mean in a URL or a file.
fn to_json(value: &JsValue) -> Result<serde_json::Value, JsError> {
    if let Some(text) = value.as_string() {
        return serde_json::from_str(&text).or_else(|_| Ok(serde_json::Value::String(text)));
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new("the value is not representable as JSON"))?;
    serde_json::from_str(&text).map_err(|e| JsError::new(&e.to_string()))
}

fn parse_config(value: &JsValue) -> Result<Config, JsError> {
    if let Some(text) = value.as_string() {
        return Config::from_json(&text).map_err(config_error);
    }
    Config::from_value(to_json(value)?).map_err(config_error)
}

#[wasm_bindgen]
pub fn schema() -> Result<JsValue, JsError> {
    to_js(&config::schema())
}

#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsValue, JsError> {
    to_js(&Config::default())
}

#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(value: JsValue) -> Result<JsValue, JsError> {
    to_js(&parse_config(&value)?)
}

/// Rows of [x, f(x), f'(x)] for drawing an activation and its derivative.
#[wasm_bindgen(js_name = activationCurve)]
pub fn activation_curve(
    name: &str,
    leaky_slope: f64,
    n: u32,
    lo: f64,
    hi: f64,
) -> Result<Float64Array, JsError> {
    let index = Activation::NAMES
        .iter()
        .position(|&a| a == name)
        .ok_or_else(|| JsError::new(&format!("unknown activation \"{name}\"")))?;
    let kind: Activation = serde_json::from_value(serde_json::json!(Activation::NAMES[index]))
        .map_err(|e| JsError::new(&e.to_string()))?;
    let n = n.clamp(2, 10_000) as usize;
    let rows: Vec<f64> = (0..n)
        .flat_map(|i| {
            let x = lo + (hi - lo) * i as f64 / (n - 1) as f64;
            [
                x,
                activation::apply(kind, leaky_slope, x),
                activation::derivative(kind, leaky_slope, x),
            ]
        })
        .collect();
    Ok(Float64Array::from(rows.as_slice()))
}

/// |z| beyond which the activation counts as saturated (f′ < 0.1 · max f′), or null for
/// those without flat tails: the zone the f/f′ chart shades.
#[wasm_bindgen(js_name = saturationThreshold)]
pub fn saturation_threshold(name: &str) -> Option<f64> {
    let kind: Activation = serde_json::from_value(serde_json::json!(name)).ok()?;
    activation::saturation_threshold(kind)
}

/// One lab's trainer, as JavaScript sees it.
#[wasm_bindgen]
pub struct Lab {
    trainer: Trainer,
    last: Option<Metrics>,
    /// A capacity sweep running in slices (`sweepStart` / `sweepAdvance`).
    sweep: Option<CapacitySweep>,
    /// Pending RBM pre-training and the evaluation after it, in slices (a deferred Lab).
    pretraining: PretrainSlices,
}

/// A budget of work units from JS (a number; u64 would cross as a BigInt).
fn budget_units(budget: f64) -> u64 {
    if budget.is_nan() || budget < 1.0 {
        1
    } else if budget >= u64::MAX as f64 {
        u64::MAX
    } else {
        budget as u64
    }
}

fn object(entries: &[(&str, JsValue)]) -> Result<JsValue, JsError> {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value)
            .map_err(|_| JsError::new("could not build the result object"))?;
    }
    Ok(object.into())
}

fn sweep_rows(rows: &[crate::sweep::SweepRow]) -> Float64Array {
    let flat: Vec<f64> = rows
        .iter()
        .flat_map(|&(c, train, test)| [c as f64, train, test])
        .collect();
    Float64Array::from(flat.as_slice())
}

#[wasm_bindgen]
impl Lab {
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Lab, JsError> {
        Ok(Lab::build(Trainer::new(parse_config(&config)?)))
    }

    /// `Lab.deferred(config)`: as `new Lab(config)`, but RBM pre-training (init `rbm`) waits
    /// for `pretrainAdvance` slices instead of running here; so do the rebuilds' (`set`, `reset`).
    pub fn deferred(config: JsValue) -> Result<Lab, JsError> {
        Ok(Lab::build(Trainer::deferred(parse_config(&config)?)))
    }

    fn build(trainer: Trainer) -> Lab {
        let mut lab = Lab {
            trainer,
            last: None,
            sweep: None,
            pretraining: PretrainSlices::default(),
        };
        lab.last = Some(lab.trainer.evaluate());
        lab
    }

    /// Whether RBM pre-training is still to run (a Lab built by `Lab.deferred`).
    #[wasm_bindgen(js_name = pretrainPending)]
    pub fn pretrain_pending(&self) -> bool {
        self.pretraining.pending(&self.trainer)
    }

    /// Fraction of the pending pre-training done, in [0, 1] (1 when none is pending).
    #[wasm_bindgen(js_name = pretrainProgress)]
    pub fn pretrain_progress(&self) -> f64 {
        self.trainer.pretraining_progress()
    }

    /// Runs up to `budget` work units of pending RBM pre-training: `{done, progress, work}`.
    /// Its last item is the evaluation of the pre-trained net: once `done`, metrics and
    /// history are those of a one-shot build.
    #[wasm_bindgen(js_name = pretrainAdvance)]
    pub fn pretrain_advance(&mut self, budget: f64) -> Result<JsValue, JsError> {
        let slice = self.pretraining.advance(&mut self.trainer, budget_units(budget));
        if slice.metrics.is_some() {
            self.last = slice.metrics;
        }
        object(&[
            ("done", JsValue::from_bool(!self.pretrain_pending())),
            ("progress", JsValue::from_f64(self.trainer.pretraining_progress())),
            ("work", JsValue::from_f64(slice.work as f64)),
        ])
    }

    /// Pending pre-training, run to the end now (what `step` does first).
    fn settle(&mut self) {
        if let Some(metrics) = self.pretraining.settle(&mut self.trainer) {
            self.last = Some(metrics);
        }
    }

    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.trainer.config())
    }

    /// Applies one setting; `true` when the model had to be rebuilt.
    pub fn set(&mut self, path: &str, value: JsValue) -> Result<bool, JsError> {
        let rebuilt = self
            .trainer
            .set(path, to_json(&value)?)
            .map_err(config_error)?;
        if rebuilt {
            self.last = Some(self.trainer.evaluate());
            self.pretraining.forget();
        }
        Ok(rebuilt)
    }

    pub fn reset(&mut self) {
        self.trainer.reset();
        self.last = Some(self.trainer.evaluate());
        self.pretraining.forget();
    }

    pub fn step(&mut self, n: u32) -> Result<JsValue, JsError> {
        self.settle();
        self.trainer.step(n as usize);
        self.measure()
    }

    /// `n` optimizer steps without the evaluation `step` ends with: the worker trains in
    /// chunks and evaluates at display rate (www/bridge/worker.js).
    pub fn advance(&mut self, n: u32) {
        self.settle();
        self.trainer.step(n as usize);
    }

    /// Optimizer steps taken (as `metrics().step` after an evaluation).
    #[wasm_bindgen(js_name = stepsTaken)]
    pub fn steps_taken(&self) -> u32 {
        self.trainer.steps_taken() as u32
    }

    pub fn diverged(&self) -> bool {
        self.trainer.diverged()
    }

    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, n: u32) -> Result<JsValue, JsError> {
        self.settle();
        self.trainer.train_epochs(n as usize);
        self.measure()
    }

    fn measure(&mut self) -> Result<JsValue, JsError> {
        let metrics = self.trainer.evaluate();
        let value = to_js(&metrics);
        self.last = Some(metrics);
        value
    }

    pub fn metrics(&self) -> Result<JsValue, JsError> {
        to_js(&self.last)
    }

    pub fn evaluate(&mut self) -> Result<JsValue, JsError> {
        self.measure()
    }

    pub fn diagnostics(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.probe())
    }

    pub fn epoch(&self) -> u32 {
        self.trainer.epoch() as u32
    }

    #[wasm_bindgen(js_name = isRegression)]
    pub fn is_regression(&self) -> bool {
        self.trainer.is_regression()
    }

    #[wasm_bindgen(js_name = inputDim)]
    pub fn input_dim(&self) -> u32 {
        crate::data::raw_dim(self.trainer.config().data.kind) as u32
    }

    #[wasm_bindgen(js_name = numLayers)]
    pub fn num_layers(&self) -> u32 {
        self.trainer.network().num_weight_layers() as u32
    }

    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Uint32Array {
        let network = self.trainer.network();
        let mut sizes = vec![network.dense(0).n_in() as u32];
        sizes.extend((0..network.num_weight_layers()).map(|i| network.dense(i).n_out() as u32));
        Uint32Array::from(sizes.as_slice())
    }

    #[wasm_bindgen(js_name = trainPoints)]
    pub fn train_points(&self) -> Float64Array {
        points(&self.trainer.dataset().train)
    }

    #[wasm_bindgen(js_name = testPoints)]
    pub fn test_points(&self) -> Float64Array {
        points(&self.trainer.dataset().test)
    }

    #[wasm_bindgen(js_name = dataExtent)]
    pub fn data_extent(&self) -> Float64Array {
        Float64Array::from(self.trainer.extent().as_slice())
    }

    pub fn grid(&mut self, res: u32) -> Float32Array {
        let values: Vec<f32> = self
            .trainer
            .grid(res.clamp(1, 400) as usize)
            .iter()
            .map(|&v| v as f32)
            .collect();
        Float32Array::from(values.as_slice())
    }

    pub fn curve(&mut self, xs: &[f64]) -> Float64Array {
        let raw = ndarray::Array2::from_shape_vec((xs.len(), 1), xs.to_vec()).expect("one column");
        if self.input_dim() != 1 {
            return Float64Array::new_with_length(0);
        }
        Float64Array::from(self.trainer.predict(&raw).as_slice().unwrap_or(&[]))
    }

    #[wasm_bindgen(js_name = gradNorms)]
    pub fn grad_norms(&self) -> Float64Array {
        self.layer_values(|l| l.grad_norm)
    }

    /// RMS of ∂L/∂W per weight layer: the per-weight gradient, comparable across shapes.
    #[wasm_bindgen(js_name = gradRms)]
    pub fn grad_rms(&self) -> Float64Array {
        self.layer_values(|l| l.grad_rms)
    }

    /// RMS of ∂L/∂z per weight layer: the back-propagated gradient (Glorot & Bengio).
    #[wasm_bindgen(js_name = deltaRms)]
    pub fn delta_rms(&self) -> Float64Array {
        self.layer_values(|l| l.delta_rms)
    }

    #[wasm_bindgen(js_name = weightNorms)]
    pub fn weight_norms(&self) -> Float64Array {
        self.layer_values(|l| l.weight_norm)
    }

    fn layer_values(&self, pick: impl Fn(&crate::diagnostics::LayerStats) -> f64) -> Float64Array {
        let values: Vec<f64> = self
            .last
            .iter()
            .flat_map(|m| m.layers.iter().map(&pick))
            .collect();
        Float64Array::from(values.as_slice())
    }

    /// [lo, hi, counts...] of hidden layer `layer`'s pre-activations ("pre") or outputs ("act").
    pub fn histogram(&self, layer: u32, which: &str) -> Result<Float64Array, JsError> {
        let pre = match which {
            "pre" => true,
            "act" => false,
            other => {
                return Err(JsError::new(&format!(
                    "histogram: \"{other}\" is not pre or act"
                )))
            }
        };
        let ((lo, hi), counts) = self
            .trainer
            .histogram(layer as usize, pre)
            .ok_or_else(|| JsError::new(&format!("histogram: there is no hidden layer {layer}")))?;
        let mut values = vec![lo, hi];
        values.extend(counts);
        Ok(Float64Array::from(values.as_slice()))
    }

    /// Weight layer `layer` as row-major n_in × n_out.
    pub fn weights(&self, layer: u32) -> Float64Array {
        self.dense_values(layer, |d| d.w.as_slice().unwrap_or(&[]).to_vec())
    }

    /// ∂L/∂W of weight layer `layer` on the probe batch, row-major n_in × n_out.
    #[wasm_bindgen(js_name = weightGrads)]
    pub fn weight_grads(&self, layer: u32) -> Float64Array {
        let grad_w = self.trainer.probe_grad_w(layer as usize);
        Float64Array::from(grad_w.and_then(|g| g.as_slice()).unwrap_or(&[]))
    }

    fn dense_values(
        &self,
        layer: u32,
        pick: impl Fn(&crate::layers::dense::Dense) -> Vec<f64>,
    ) -> Float64Array {
        let network = self.trainer.network();
        if layer as usize >= network.num_weight_layers() {
            return Float64Array::new_with_length(0);
        }
        Float64Array::from(pick(network.dense(layer as usize)).as_slice())
    }

    /// Every unit's activation over the input plane (2-D sets: a res × res grid over
    /// `dataExtent()`, res 0 = the core's choice for this network's size) or over x (1-D):
    /// `{width, height, extent, layers: [{activation, units, values, saturated, silent}]}`,
    /// the hidden layers from the input side, then the output; `values` a Float32Array of
    /// the units' maps one after another (row-major, row 0 = top = max x2).
    #[wasm_bindgen(js_name = unitMaps)]
    pub fn unit_maps(&self, res: u32) -> Result<JsValue, JsError> {
        let maps = crate::units::unit_maps(&self.trainer, res as usize);
        let layers = js_sys::Array::new();
        for layer in &maps.layers {
            layers.push(&object(&[
                ("activation", JsValue::from_str(layer.activation.name())),
                ("units", JsValue::from_f64(layer.units as f64)),
                ("values", Float32Array::from(layer.values.as_slice()).into()),
                ("saturated", Float32Array::from(layer.saturated.as_slice()).into()),
                ("silent", Float32Array::from(layer.silent.as_slice()).into()),
            ])?);
        }
        object(&[
            ("width", JsValue::from_f64(maps.width as f64)),
            ("height", JsValue::from_f64(maps.height as f64)),
            ("extent", Float64Array::from(maps.extent.as_slice()).into()),
            ("layers", layers.into()),
        ])
    }

    /// Sets W[from, to] of weight layer `layer` (0 = input side) and evaluates, so metrics
    /// and gradients describe the edited network; training goes on from it. Throws when out of range.
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(&mut self, layer: u32, from: u32, to: u32, value: f64) -> Result<JsValue, JsError> {
        self.settle();
        self.trainer
            .set_weight(layer as usize, from as usize, to as usize, value)
            .map_err(|e| JsError::new(&e))?;
        self.measure()
    }

    /// Rows of [epoch, step, train_loss, test_loss].
    pub fn history(&self) -> Float64Array {
        let rows: Vec<f64> = self
            .trainer
            .history()
            .iter()
            .flat_map(|r| [r.epoch as f64, r.step as f64, r.train_loss, r.test_loss])
            .collect();
        Float64Array::from(rows.as_slice())
    }

    pub fn coefficients(&self) -> Float64Array {
        Float64Array::from(self.trainer.coefficients().as_slice())
    }

    /// Rows of [layer, epoch, reconstruction error] of RBM pre-training.
    #[wasm_bindgen(js_name = rbmErrors)]
    pub fn rbm_errors(&self) -> Float64Array {
        let rows: Vec<f64> = self
            .trainer
            .rbm_errors()
            .iter()
            .flat_map(|&(layer, epoch, error)| [layer as f64, epoch as f64, error])
            .collect();
        Float64Array::from(rows.as_slice())
    }

    /// x against its reconstruction x̂ through RBM `layer` for the first `rows` training
    /// inputs, as pre-training has left it so far: `{layer, epochs, rows, cols, x, xhat,
    /// distance}` (x, xhat row-major Float64Arrays; distance the mean ‖x − x̂‖), or
    /// undefined without RBM pre-training or before it reaches that layer.
    #[wasm_bindgen(js_name = rbmReconstruction)]
    pub fn rbm_reconstruction(&self, layer: u32, rows: u32) -> Result<JsValue, JsError> {
        let Some(r) = self.trainer.rbm_reconstruction(layer as usize, rows as usize) else {
            return Ok(JsValue::UNDEFINED);
        };
        let flat = |a: &ndarray::Array2<f64>| Float64Array::from(a.iter().copied().collect::<Vec<_>>().as_slice());
        object(&[
            ("layer", JsValue::from_f64(r.layer as f64)),
            ("epochs", JsValue::from_f64(r.epochs as f64)),
            ("rows", JsValue::from_f64(r.visible.nrows() as f64)),
            ("cols", JsValue::from_f64(r.visible.ncols() as f64)),
            ("x", flat(&r.visible).into()),
            ("xhat", flat(&r.reconstructed).into()),
            ("distance", JsValue::from_f64(r.mean_distance())),
        ])
    }

    /// The capacity table: one model per (capacity, n_train) from this config, rows of
    /// `[capacity, n_train, train_loss, test_loss, weight_norm, max_abs_weight, fit]`, fit
    /// −1 underfit, 0 good, 1 overfit (`capacity_table::Fit::of`). Throws past 64 models.
    #[wasm_bindgen(js_name = capacityTable)]
    pub fn capacity_table(&self, capacities: &[u32], n_trains: &[u32], epochs: u32) -> Result<Float64Array, JsError> {
        use crate::capacity_table::Fit;
        let capacities: Vec<usize> = capacities.iter().map(|&c| c as usize).collect();
        let n_trains: Vec<usize> = n_trains.iter().map(|&n| n as usize).collect();
        let rows = crate::capacity_table::capacity_table(self.trainer.config(), &capacities, &n_trains, epochs as usize)
            .map_err(config_error)?;
        let flat: Vec<f64> = rows
            .iter()
            .flat_map(|r| {
                let fit = match r.fit { Fit::Under => -1.0, Fit::Good => 0.0, Fit::Over => 1.0 };
                [r.capacity as f64, r.n_train as f64, r.train_loss, r.test_loss, r.weight_norm, r.max_abs_weight, fit]
            })
            .collect();
        Ok(Float64Array::from(flat.as_slice()))
    }

    /// Rows of [capacity, train_loss, test_loss], one model per capacity.
    pub fn sweep(&self, capacities: &[u32], epochs: u32) -> Result<Float64Array, JsError> {
        let capacities: Vec<usize> = capacities.iter().map(|&c| c as usize).collect();
        let rows = crate::sweep::capacity_sweep(self.trainer.config(), &capacities, epochs as usize)
            .map_err(config_error)?;
        Ok(sweep_rows(&rows))
    }

    /// Starts the same sweep as `sweep`, to run in slices by `sweepAdvance` (replacing any
    /// sweep started before). Throws as `sweep` does.
    #[wasm_bindgen(js_name = sweepStart)]
    pub fn sweep_start(&mut self, capacities: &[u32], epochs: u32) -> Result<u32, JsError> {
        let capacities: Vec<usize> = capacities.iter().map(|&c| c as usize).collect();
        let sweep = CapacitySweep::new(self.trainer.config(), &capacities, epochs as usize)
            .map_err(config_error)?;
        let models = sweep.len() as u32;
        self.sweep = Some(sweep);
        Ok(models)
    }

    /// Runs about `budget` work units of the started sweep: `{done, progress, work, models,
    /// rows}`, `rows` a Float64Array of the finished models' `[capacity, train_loss,
    /// test_loss]` so far (the same rows as `sweep` gives, in order). Throws when no sweep
    /// was started.
    #[wasm_bindgen(js_name = sweepAdvance)]
    pub fn sweep_advance(&mut self, budget: f64) -> Result<JsValue, JsError> {
        let sweep = self
            .sweep
            .as_mut()
            .ok_or_else(|| JsError::new("sweepAdvance: no sweep started (sweepStart first)"))?;
        let p = sweep.advance(budget_units(budget));
        object(&[
            ("done", JsValue::from_bool(p.done)),
            ("progress", JsValue::from_f64(p.progress)),
            ("work", JsValue::from_f64(p.work as f64)),
            ("models", JsValue::from_f64(sweep.len() as f64)),
            ("rows", sweep_rows(sweep.rows()).into()),
        ])
    }

    /// Drops the started sweep, finished or not.
    #[wasm_bindgen(js_name = sweepCancel)]
    pub fn sweep_cancel(&mut self) {
        self.sweep = None;
    }
}

fn points(points: &crate::data::Points) -> Float64Array {
    let rows: Vec<f64> = points
        .x
        .rows()
        .into_iter()
        .zip(&points.y)
        .flat_map(|(x, &y)| {
            x.iter()
                .take(2)
                .copied()
                .chain(std::iter::once(y))
                .collect::<Vec<_>>()
        })
        .collect();
    Float64Array::from(rows.as_slice())
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: in the page and in node alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Runs a benchmark workload (W1, W1-grid, W2, W2n, W3; see bench/) for about `seconds`
/// of timed work: [units per second, loss after one repetition].
#[wasm_bindgen(js_name = benchWorkload)]
pub fn bench_workload(name: &str, seconds: f64) -> Result<Float64Array, JsError> {
    let workload = crate::bench::workload(name)
        .ok_or_else(|| JsError::new(&format!("unknown workload \"{name}\"; known: {}", crate::bench::WORKLOADS.join(", "))))?;
    let now = || performance_now() / 1000.0;
    let (throughput, loss) = workload.throughput(seconds, &now);
    Ok(Float64Array::from([throughput, loss].as_slice()))
}
