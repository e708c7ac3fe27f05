//! Pre-training in slices as a page runs it: the RBM work items, then the evaluation of the
//! pre-trained net as one more item of work, so no frame does more than its budget. Once
//! done, the metrics and history are those of a one-shot build.

use crate::trainer::{Metrics, Trainer};
use crate::work::evaluate_work;

#[derive(Clone, Debug, Default)]
pub struct PretrainSlices {
    /// Pre-training has finished; the evaluation of the pre-trained net is still to come
    /// (the next `advance`, when it did not fit in the one that finished).
    evaluate_pending: bool,
}

/// What one `advance` did: the work units spent, and the new metrics if it evaluated.
pub struct Slice {
    pub work: u64,
    pub metrics: Option<Metrics>,
}

impl PretrainSlices {
    pub fn pending(&self, trainer: &Trainer) -> bool {
        trainer.pretraining_pending() || self.evaluate_pending
    }

    /// Runs up to `budget` work units: pre-training, then (in this call if it fits, else
    /// the next) the evaluation of the pre-trained net.
    pub fn advance(&mut self, trainer: &mut Trainer, budget: u64) -> Slice {
        let mut work = 0;
        if trainer.pretraining_pending() {
            work = trainer.advance_pretraining(budget);
            self.evaluate_pending = !trainer.pretraining_pending();
        }
        let mut metrics = None;
        if self.evaluate_pending {
            let cost = evaluate_work(trainer);
            if work == 0 || work.saturating_add(cost) <= budget {
                metrics = Some(trainer.evaluate());
                self.evaluate_pending = false;
                work += cost;
            }
        }
        Slice { work, metrics }
    }

    /// Pending pre-training run to the end now (what a step does first); its evaluation.
    pub fn settle(&mut self, trainer: &mut Trainer) -> Option<Metrics> {
        if !self.pending(trainer) {
            return None;
        }
        trainer.advance_pretraining(u64::MAX);
        self.evaluate_pending = false;
        Some(trainer.evaluate())
    }

    /// The trainer was rebuilt or reset (and evaluated): nothing is pending from before.
    pub fn forget(&mut self) {
        self.evaluate_pending = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn slices_end_where_a_one_shot_build_starts() {
        let json = r#"{"model": {"hidden": [6, 6], "activation": "sigmoid", "init": "rbm", "rbm_epochs": 3}}"#;
        let mut whole = Trainer::new(Config::from_json(json).unwrap());
        let expected = whole.evaluate();
        let mut sliced = Trainer::deferred(Config::from_json(json).unwrap());
        sliced.evaluate();
        let mut slices = PretrainSlices::default();
        let (mut last, mut calls) = (None, 0);
        while slices.pending(&sliced) {
            let slice = slices.advance(&mut sliced, 5_000);
            assert!(slice.work > 0);
            last = slice.metrics.or(last);
            calls += 1;
        }
        assert!(calls > 2, "{calls} slices");
        assert_eq!(last, Some(expected));
        assert_eq!(sliced.history().len(), 1, "the history starts at the pre-trained net");
    }
}
