//! The network and what it is made of: activations (f and f′), initializations, layers
//! (dense, batch norm, dropout, each with forward and backward), the losses and penalties,
//! the optimizers.

pub mod activation;
pub mod init;
pub mod layers;
pub mod loss;
pub mod network;
pub mod optim;
