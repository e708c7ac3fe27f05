//! The capacity table of the lecture notes as real runs: one model per pair of capacity
//! (polynomial degree, or hidden width) and training-set size, with its train and test loss
//! and the size of its weights, each labelled underfit, good or overfit by one stated rule
//! (`Fit::of`). Low capacity underfits whatever the data; high capacity with few points
//! overfits with wide-ranging weights; more points tame it.

use crate::config::{Config, ConfigError};
use crate::sweep::at_capacity;
use crate::trainer::Trainer;
use serde::Serialize;

/// The most models one table trains (as many as a capacity sweep).
pub const MAX_TABLE_MODELS: usize = crate::sweep::MAX_SWEEP_MODELS;

/// How a model fits, relative to the best test loss of the whole table (the lowest error
/// any of these models reaches on new data, near the data's noise floor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    Under,
    Good,
    Over,
}

/// A loss this many times the table's best test loss is "far from the best".
pub const FIT_FACTOR: f64 = 1.5;

impl Fit {
    /// The rule, against the best test loss of the table: **under** when even the training
    /// loss is ≥ `FIT_FACTOR` (1.5) × the best (the model cannot follow the data it sees);
    /// **over** when the training loss is below the best and the test loss ≥ 1.5 × the
    /// best (it follows its training points, noise included, more closely than any model
    /// here predicts new ones, and misses those); else **good**. A diverged model
    /// (non-finite loss) counts as under.
    pub fn of(train_loss: f64, test_loss: f64, best_test: f64) -> Fit {
        if !train_loss.is_finite() || !test_loss.is_finite() || train_loss >= FIT_FACTOR * best_test {
            Fit::Under
        } else if train_loss < best_test && test_loss >= FIT_FACTOR * best_test {
            Fit::Over
        } else {
            Fit::Good
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityCell {
    pub capacity: usize,
    pub n_train: usize,
    pub train_loss: f64,
    pub test_loss: f64,
    /// ‖w‖₂ over every weight (a linear model's coefficients), biases left out as the
    /// penalties leave them out.
    pub weight_norm: f64,
    /// max |w| over the same weights.
    pub max_abs_weight: f64,
    pub fit: Fit,
}

/// The weights whose size the table shows: a linear model's coefficients, else every
/// layer's weight matrix.
fn weights_of(trainer: &Trainer) -> Vec<f64> {
    let network = trainer.network();
    if network.hidden.is_empty() {
        return trainer.coefficients();
    }
    (0..network.num_weight_layers()).flat_map(|l| network.dense(l).w.iter().copied().collect::<Vec<_>>()).collect()
}

/// One model per (capacity, n_train), rows in capacity order then n_train order, each
/// trained from `config` for `epochs` (at least one; the exact fit needs just one) on its
/// own seeded data set of that size (the same test set size). Errors name the setting.
pub fn capacity_table(
    config: &Config,
    capacities: &[usize],
    n_trains: &[usize],
    epochs: usize,
) -> Result<Vec<CapacityCell>, ConfigError> {
    let models = capacities.len() * n_trains.len();
    if models > MAX_TABLE_MODELS {
        return Err(ConfigError::new(
            "capacities",
            format!("{models} models requested ({} capacities × {} sizes), at most {MAX_TABLE_MODELS} a table", capacities.len(), n_trains.len()),
        ));
    }
    let mut rows = Vec::with_capacity(models);
    for &capacity in capacities {
        let at = at_capacity(config, capacity)?;
        for &n in n_trains {
            let mut trainer = Trainer::new(at.with("data.n_train", serde_json::json!(n))?);
            trainer.train_epochs(epochs.max(1));
            let m = trainer.evaluate();
            let w = weights_of(&trainer);
            rows.push(CapacityCell {
                capacity,
                n_train: n,
                train_loss: m.train_loss.unwrap_or(f64::NAN),
                test_loss: m.test_loss.unwrap_or(f64::NAN),
                weight_norm: w.iter().map(|x| x * x).sum::<f64>().sqrt(),
                max_abs_weight: w.iter().fold(0.0, |a, x| a.max(x.abs())),
                fit: Fit::Good,
            });
        }
    }
    let best = rows.iter().map(|r| r.test_loss).filter(|l| l.is_finite()).fold(f64::INFINITY, f64::min);
    for row in &mut rows {
        row.fit = Fit::of(row.train_loss, row.test_loss, best);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_names_each_kind_of_fit() {
        // Best test loss 0.05: a train loss of 0.2 cannot follow the data.
        assert_eq!(Fit::of(0.2, 0.25, 0.05), Fit::Under);
        // Below the best on its own points but not far off on new ones: not overfit.
        assert_eq!(Fit::of(0.03, 0.07, 0.05), Fit::Good);
        // Through every point, far off between them.
        assert_eq!(Fit::of(1e-20, 0.8, 0.05), Fit::Over);
        // A small gap near the best.
        assert_eq!(Fit::of(0.04, 0.06, 0.05), Fit::Good);
        assert_eq!(Fit::of(f64::NAN, f64::NAN, 0.05), Fit::Under);
    }

    #[test]
    fn too_many_models_is_an_error_naming_the_capacities() {
        let e = capacity_table(&Config::default(), &[1; 9], &[10; 8], 1).unwrap_err();
        assert!(e.to_string().starts_with("capacities"), "{e}");
    }
}
