//! The network's building blocks, each with `forward` and `backward` side by side.

pub mod batch_norm;
pub mod dense;
pub mod dropout;
mod gemm;

/// How a forward pass runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Training: dropout on, batch norm on batch statistics and updating its running averages.
    Train,
    /// The diagnostic probe: dropout off, batch norm on batch statistics, nothing updated.
    Probe,
    /// Evaluation: every unit kept, batch norm on its running averages.
    Eval,
}
