//! Greedy layer-wise pre-training (Hinton et al. 2006): RBMs trained by CD-1, stacked into
//! the network's first layers, in slices a page can spread over frames.

pub mod pretrain;
pub mod rbm;
pub mod slices;
