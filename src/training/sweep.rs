//! The capacity sweep (one model per capacity: the U-curve of train and test loss) as a
//! computation that runs a bounded amount of work per call and resumes where it stopped,
//! so a page can spread a 64-model sweep over animation frames. Run to the end it gives
//! exactly the rows of `capacity_sweep`, which is this run in one go.

use crate::config::{Config, ConfigError, ModelKind};
use crate::work::{build_work, evaluate_work, step_work};
use crate::trainer::Trainer;

/// The most models one `capacity_sweep` trains (the page sweeps 21 degrees or 12 widths).
pub const MAX_SWEEP_MODELS: usize = 64;

/// One model per capacity, trained from `config` for `epochs` (the exact fit needs one),
/// returning (capacity, final train loss, final test loss). Capacity is the polynomial
/// degree for `model.kind: poly`, else the width of every hidden layer. The same run can
/// go in slices: `sweep::CapacitySweep`.
pub fn capacity_sweep(
    config: &Config,
    capacities: &[usize],
    epochs: usize,
) -> Result<Vec<(usize, f64, f64)>, ConfigError> {
    Ok(CapacitySweep::new(config, capacities, epochs)?.run())
}

/// `config` with its capacity set: the polynomial degree for `model.kind: poly`, else the
/// width of every hidden layer (one layer for a linear model).
pub fn at_capacity(config: &Config, capacity: usize) -> Result<Config, ConfigError> {
    let (path, value) = if config.model.kind == ModelKind::Poly {
        ("model.degree", serde_json::json!(capacity))
    } else {
        let layers = config.model.hidden.len().max(1);
        ("model.hidden", serde_json::json!(vec![capacity; layers]))
    };
    config.with(path, value)
}

/// (capacity, final train loss, final test loss); NaN losses for a diverged model.
pub type SweepRow = (usize, f64, f64);

#[derive(Clone, Debug)]
pub struct CapacitySweep {
    /// One config per capacity, in the order given.
    models: Vec<(usize, Config)>,
    epochs: usize,
    /// The model in training (index `rows.len()`), once built: pre-training (init `rbm`),
    /// then optimizer steps until `epochs` epochs are done, then its final evaluation.
    current: Option<Trainer>,
    rows: Vec<SweepRow>,
    work_done: u64,
}

/// Progress after a call to `CapacitySweep::advance`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepProgress {
    pub done: bool,
    /// Fraction done in [0, 1]: finished models plus the current model's share of epochs.
    pub progress: f64,
    /// Work units done by this call.
    pub work: u64,
}

impl CapacitySweep {
    /// A sweep of `config` over `capacities`: the polynomial degree for `model.kind: poly`,
    /// else the width of every hidden layer (one layer for a linear model). Each model trains
    /// for `epochs` (at least one; the exact fit needs just one). Errors name the setting.
    pub fn new(
        config: &Config,
        capacities: &[usize],
        epochs: usize,
    ) -> Result<CapacitySweep, ConfigError> {
        if capacities.len() > MAX_SWEEP_MODELS {
            return Err(ConfigError::new(
                "capacities",
                format!(
                    "{} models requested, at most {MAX_SWEEP_MODELS} a sweep",
                    capacities.len()
                ),
            ));
        }
        let models = capacities
            .iter()
            .map(|&capacity| Ok((capacity, at_capacity(config, capacity)?)))
            .collect::<Result<Vec<_>, ConfigError>>()?;
        Ok(CapacitySweep {
            models,
            epochs: epochs.max(1),
            current: None,
            rows: Vec::new(),
            work_done: 0,
        })
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    pub fn is_done(&self) -> bool {
        self.rows.len() == self.models.len()
    }

    /// The rows of the models finished so far, in capacity order as given.
    pub fn rows(&self) -> &[SweepRow] {
        &self.rows
    }

    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let within = match &self.current {
            // Pre-training counts as the model's first tenth.
            Some(trainer) => {
                0.1 * trainer.pretraining_progress()
                    + 0.9 * (trainer.epoch() as f64 / self.epochs as f64).min(1.0)
            }
            None => 0.0,
        };
        (self.rows.len() as f64 + within) / self.models.len() as f64
    }

    /// Runs items of work (building a model, a slice of its pre-training, one optimizer step,
    /// the final evaluation) while the next one fits in what is left of `budget` units
    /// (always at least one item, unless finished): at most `budget` units, or one item's
    /// when that alone is larger.
    pub fn advance(&mut self, budget: u64) -> SweepProgress {
        let mut spent: u64 = 0;
        while !self.is_done() && (spent == 0 || spent.saturating_add(self.next_work()) <= budget) {
            spent += self.item(budget.saturating_sub(spent).max(1));
        }
        self.work_done += spent;
        SweepProgress {
            done: self.is_done(),
            progress: self.progress(),
            work: spent,
        }
    }

    /// Runs to the end and returns every row.
    pub fn run(mut self) -> Vec<SweepRow> {
        self.advance(u64::MAX);
        self.rows
    }

    /// The cost of the next item of work (0 when finished; for pre-training, its next item).
    pub fn next_work(&self) -> u64 {
        if self.is_done() {
            return 0;
        }
        match &self.current {
            None => build_work(&self.models[self.rows.len()].1),
            Some(trainer) if trainer.pretraining_pending() => trainer.pretraining_next_work(),
            Some(trainer) if trains_on(trainer, self.epochs) => step_work(trainer),
            Some(trainer) => evaluate_work(trainer),
        }
    }

    fn item(&mut self, budget: u64) -> u64 {
        let Some(trainer) = self.current.as_mut() else {
            let config = self.models[self.rows.len()].1.clone();
            let work = build_work(&config);
            self.current = Some(Trainer::deferred(config));
            return work;
        };
        if trainer.pretraining_pending() {
            return trainer.advance_pretraining(budget);
        }
        // As `train_epochs(epochs)`, one step at a time.
        if trains_on(trainer, self.epochs) {
            trainer.step(1);
            return step_work(trainer);
        }
        let m = trainer.evaluate();
        let work = evaluate_work(trainer);
        let capacity = self.models[self.rows.len()].0;
        self.rows.push((
            capacity,
            m.train_loss.unwrap_or(f64::NAN),
            m.test_loss.unwrap_or(f64::NAN),
        ));
        self.current = None;
        work
    }
}

/// Whether the model still has epochs to train (as `Trainer::train_epochs` decides).
fn trains_on(trainer: &Trainer, epochs: usize) -> bool {
    trainer.epoch() < epochs && !trainer.diverged()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sweep as it was before it could be sliced: build, train, evaluate, one by one.
    fn reference(config: &Config, capacities: &[usize], epochs: usize) -> Vec<SweepRow> {
        capacities
            .iter()
            .map(|&capacity| {
                let (path, value) = if config.model.kind == ModelKind::Poly {
                    ("model.degree", serde_json::json!(capacity))
                } else {
                    (
                        "model.hidden",
                        serde_json::json!(vec![capacity; config.model.hidden.len().max(1)]),
                    )
                };
                let mut trainer = Trainer::new(config.with(path, value).unwrap());
                trainer.train_epochs(epochs.max(1));
                let m = trainer.evaluate();
                (
                    capacity,
                    m.train_loss.unwrap_or(f64::NAN),
                    m.test_loss.unwrap_or(f64::NAN),
                )
            })
            .collect()
    }

    fn same(a: &[SweepRow], b: &[SweepRow]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.0 == y.0 && x.1.to_bits() == y.1.to_bits() && x.2.to_bits() == y.2.to_bits()
            })
    }

    #[test]
    fn sliced_sweep_equals_the_one_shot_sweep_bit_for_bit() {
        let cases = [
            // Bishop: exact polynomial fits, degrees 0..20.
            (
                r#"{"data": {"kind": "sine", "n_train": 10, "n_test": 100, "noise": 0.3}, "model": {"kind": "poly", "degree": 3}, "optim": {"kind": "exact"}}"#,
                (0..=20).collect::<Vec<_>>(),
                1,
            ),
            // D2L: SGD on polynomial features.
            (
                r#"{"data": {"kind": "poly", "n_train": 15, "n_test": 100, "noise": 0.1}, "model": {"kind": "poly", "degree": 19}, "optim": {"kind": "sgd", "lr": 0.02, "batch_size": 10}}"#,
                vec![1, 3, 9, 19],
                20,
            ),
            // An MLP on the circle, widths; dropout draws from the training stream.
            (
                r#"{"data": {"kind": "circle", "n_train": 40, "n_test": 50, "noise": 0.2}, "model": {"hidden": [8, 8], "dropout_keep": 0.8}, "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}}"#,
                vec![1, 2, 4, 8, 16],
                6,
            ),
            // RBM-initialised models: pre-training runs inside the sweep's slices.
            (
                r#"{"data": {"kind": "xor", "n_train": 60, "n_test": 30}, "model": {"hidden": [6, 6], "activation": "sigmoid", "init": "rbm", "rbm_epochs": 3}, "optim": {"lr": 0.1}}"#,
                vec![2, 5],
                3,
            ),
            // A run that diverges: NaN rows compare by their bits too.
            (
                r#"{"data": {"kind": "circle", "n_train": 30, "n_test": 30}, "model": {"hidden": [4], "init": "large"}, "optim": {"lr": 10}}"#,
                vec![4, 32],
                5,
            ),
        ];
        for (json, capacities, epochs) in cases {
            let config = Config::from_json(json).unwrap();
            let expected = reference(&config, &capacities, epochs);
            assert!(
                same(
                    &capacity_sweep(&config, &capacities, epochs).unwrap(),
                    &expected
                ),
                "{json}: capacity_sweep"
            );
            for budget in [0, 1, 700, 20_000, 1_000_000, u64::MAX] {
                let mut sweep = CapacitySweep::new(&config, &capacities, epochs).unwrap();
                let (mut calls, mut last) = (0, 0.0);
                loop {
                    let next = sweep.next_work();
                    let p = sweep.advance(budget);
                    assert!(
                        p.work <= budget.max(next),
                        "{} units for a budget of {budget}",
                        p.work
                    );
                    assert!(
                        p.progress >= last && p.progress <= 1.0,
                        "progress {last} -> {}",
                        p.progress
                    );
                    last = p.progress;
                    assert!(
                        same(sweep.rows(), &expected[..sweep.rows().len()]),
                        "partial rows are final rows"
                    );
                    calls += 1;
                    if p.done {
                        break;
                    }
                }
                assert_eq!(last, 1.0);
                assert!(same(sweep.rows(), &expected), "{json}: budget {budget}");
                if budget <= 700 {
                    assert!(calls > capacities.len(), "budget {budget}: {calls} calls");
                }
            }
        }
    }

    #[test]
    fn too_many_models_and_bad_capacities_are_errors() {
        let config = Config::default();
        let e = CapacitySweep::new(&config, &[4; MAX_SWEEP_MODELS + 1], 1).unwrap_err();
        assert!(e.to_string().starts_with("capacities"), "{e}");
        assert!(CapacitySweep::new(&config, &[0], 1).is_err());
        let sweep = CapacitySweep::new(&config, &[], 3).unwrap();
        assert!(sweep.is_done() && sweep.run().is_empty());
    }
}
