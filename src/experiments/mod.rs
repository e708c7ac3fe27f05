//! The published experiments (`dlab experiment NAME`): each runs dlab on the published
//! setup and sets our numbers beside the published ones (`../shared/reference/
//! published-results.md`). The tests in `tests/experiments.rs` assert the claims.

mod report;
mod vanishing;

pub use report::{Report, Row};

pub struct Experiment {
    pub name: &'static str,
    pub title: &'static str,
    pub run: fn() -> Report,
}

pub const ALL: &[Experiment] = &[Experiment {
    name: "vanishing",
    title: "sigmoid gradients vanish toward the input; ReLU+He keeps them level",
    run: vanishing::run,
}];

/// Trains `config` (JSON) for `epochs` and returns the trainer.
pub fn trained(config: &str, epochs: usize) -> crate::trainer::Trainer {
    let mut trainer =
        crate::trainer::Trainer::from_json(config).expect("experiment configs are valid");
    trainer.train_epochs(epochs);
    trainer
}
