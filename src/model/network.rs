//! The network: hidden blocks (dense → optional batch norm → activation → dropout) and a
//! dense output layer. The output is linear for regression; for the ±1 sets it is a sigmoid
//! read as p(y = +1) under the logistic loss, or tanh under ½ squared error (TF Playground). Forward caches what backward needs; backward is the chain rule, layer by
//! layer from the output toward the input.

use crate::activation;
use crate::config::{Activation, Config, Init};
use crate::init;
use crate::layers::{
    batch_norm::BatchNorm,
    dense::{ensure_shape, Dense},
    dropout, Mode,
};
use crate::rng::Rng;
use ndarray::Array2;

#[derive(Clone, Debug)]
pub struct HiddenBlock {
    pub dense: Dense,
    pub batch_norm: Option<BatchNorm>,
    pub activation: Activation,
    pub leaky_slope: f64,
    /// z: the input of the activation (after batch norm), cached by forward.
    pub pre_activation: Array2<f64>,
    /// f(z) before dropout, cached by forward.
    pub activation_output: Array2<f64>,
    /// ∂L/∂z, filled by backward: the back-propagated gradient Glorot & Bengio plot per layer.
    pub grad_pre_activation: Array2<f64>,
    /// f(z) ⊙ mask when dropout ran in this forward pass.
    dropped: Array2<f64>,
    mask: Array2<f64>,
    masked: bool,
    /// ∂L/∂(this block's output), written by the layer above during backward.
    grad_output: Array2<f64>,
}

impl HiddenBlock {
    /// What the next layer sees: f(z), or f(z) ⊙ mask under dropout.
    pub fn output(&self) -> &Array2<f64> {
        if self.masked {
            &self.dropped
        } else {
            &self.activation_output
        }
    }
}

#[derive(Clone, Debug)]
pub struct Network {
    pub hidden: Vec<HiddenBlock>,
    pub output: Dense,
    pub output_activation: Activation,
    pub output_pre_activation: Array2<f64>,
    /// Keep probability of hidden units while training (1 = no dropout).
    pub dropout_keep: f64,
    input: Array2<f64>,
    output_values: Array2<f64>,
    grad_output_pre_activation: Array2<f64>,
}

impl Network {
    /// Builds the network of `config` for `n_inputs` features, weights drawn by the config's init.
    pub fn new(config: &Config, n_inputs: usize, rng: &mut Rng) -> Network {
        let model = &config.model;
        let output_activation = if config.data.kind.is_regression() {
            Activation::Linear
        } else if config.loss() == crate::config::LossKind::CrossEntropy {
            Activation::Sigmoid
        } else {
            Activation::Tanh
        };
        let hidden_sizes = if config.model.kind == crate::config::ModelKind::Poly {
            vec![]
        } else {
            model.hidden.clone()
        };
        let mut n_in = n_inputs;
        let mut hidden = Vec::new();
        for &units in &hidden_sizes {
            let w = init::weights(
                model.init,
                n_in,
                units,
                model.activation,
                model.leaky_slope,
                rng,
            );
            hidden.push(HiddenBlock {
                // Batch norm's β does a bias's job (and cancels one), so a normalized layer has none.
                dense: Dense::new(w, !model.batch_norm),
                batch_norm: model.batch_norm.then(|| BatchNorm::new(units)),
                activation: model.activation,
                leaky_slope: model.leaky_slope,
                pre_activation: Array2::zeros((0, units)),
                activation_output: Array2::zeros((0, units)),
                grad_pre_activation: Array2::zeros((0, units)),
                dropped: Array2::zeros((0, units)),
                mask: Array2::zeros((0, units)),
                masked: false,
                grad_output: Array2::zeros((0, units)),
            });
            n_in = units;
        }
        let output_init = if model.init == Init::Rbm {
            Init::Xavier
        } else {
            model.init
        };
        let w = init::weights(
            output_init,
            n_in,
            1,
            output_activation,
            model.leaky_slope,
            rng,
        );
        let has_bias = config.model.kind != crate::config::ModelKind::Poly;
        Network {
            hidden,
            output: Dense::new(w, has_bias),
            output_activation,
            output_pre_activation: Array2::zeros((0, 1)),
            dropout_keep: model.dropout_keep,
            input: Array2::zeros((0, n_inputs)),
            output_values: Array2::zeros((0, 1)),
            grad_output_pre_activation: Array2::zeros((0, 1)),
        }
    }

    pub fn num_weight_layers(&self) -> usize {
        self.hidden.len() + 1
    }

    /// Weight layer `i` from the input side; the last is the output layer.
    pub fn dense(&self, i: usize) -> &Dense {
        self.hidden.get(i).map(|h| &h.dense).unwrap_or(&self.output)
    }

    pub fn dense_mut(&mut self, i: usize) -> &mut Dense {
        match self.hidden.get_mut(i) {
            Some(block) => &mut block.dense,
            None => &mut self.output,
        }
    }

    /// `rng` draws the dropout masks in `Mode::Train`; other modes draw nothing.
    /// Returns the network's output, which stays in the network's own buffer.
    pub fn forward(&mut self, x: &Array2<f64>, mode: Mode, rng: &mut Rng) -> &Array2<f64> {
        let input = self.input_mut(x.nrows(), x.ncols());
        // A plain copy where both are row-major: ndarray's `assign` took 11 % of W3's step.
        match (input.as_slice_mut(), x.as_slice()) {
            (Some(to), Some(from)) => to.copy_from_slice(from),
            _ => input.assign(x),
        }
        self.forward_filled(mode, rng)
    }

    /// The input buffer, shaped rows × cols, for a caller that writes a batch into it in
    /// place and then calls `forward_filled` (the trainer: one copy of the batch, not two).
    pub fn input_mut(&mut self, rows: usize, cols: usize) -> &mut Array2<f64> {
        ensure_shape(&mut self.input, rows, cols);
        &mut self.input
    }

    /// `forward` on what `input_mut` holds.
    pub fn forward_filled(&mut self, mode: Mode, rng: &mut Rng) -> &Array2<f64> {
        let dropout = mode == Mode::Train && self.dropout_keep < 1.0;
        for l in 0..self.hidden.len() {
            let (below, rest) = self.hidden.split_at_mut(l);
            let signal = below.last().map(HiddenBlock::output).unwrap_or(&self.input);
            let block = &mut rest[0];
            block.dense.forward(signal, &mut block.pre_activation);
            if let Some(bn) = &mut block.batch_norm {
                block.pre_activation = bn.forward(&block.pre_activation, mode);
            }
            let (rows, cols) = block.pre_activation.dim();
            ensure_shape(&mut block.activation_output, rows, cols);
            activation::apply_all(
                block.activation,
                block.leaky_slope,
                as_slice(&block.pre_activation),
                as_slice_mut(&mut block.activation_output),
            );
            block.masked = dropout;
            if dropout {
                block.mask = dropout::mask((rows, cols), self.dropout_keep, rng);
                block.dropped = dropout::apply(&block.activation_output, &block.mask);
            }
        }
        let signal = self
            .hidden
            .last()
            .map(HiddenBlock::output)
            .unwrap_or(&self.input);
        self.output.forward(signal, &mut self.output_pre_activation);
        let (rows, cols) = self.output_pre_activation.dim();
        ensure_shape(&mut self.output_values, rows, cols);
        activation::apply_all(
            self.output_activation,
            0.0,
            as_slice(&self.output_pre_activation),
            as_slice_mut(&mut self.output_values),
        );
        &self.output_values
    }

    /// Takes ∂L/∂output of the last forward pass and fills every layer's gradients, from
    /// the output toward the input (∂L/∂input itself is not needed, so not computed).
    pub fn backward(&mut self, grad_output: &Array2<f64>) {
        let mut grad_z = std::mem::take(&mut self.grad_output_pre_activation);
        ensure_shape(&mut grad_z, grad_output.nrows(), grad_output.ncols());
        grad_z.assign(grad_output);
        activation::multiply_by_derivative(
            self.output_activation,
            0.0,
            as_slice(&self.output_pre_activation),
            as_slice(&self.output_values),
            as_slice_mut(&mut grad_z),
        );
        self.grad_output_pre_activation = grad_z;
        self.backward_output_layer();
    }

    /// As `backward`, from ∂L/∂z of the output layer's pre-activation (the logit): the
    /// logistic loss's gradient is simplest and stablest there.
    pub fn backward_from_logits(&mut self, grad_logits: &Array2<f64>) {
        let grad_z = &mut self.grad_output_pre_activation;
        ensure_shape(grad_z, grad_logits.nrows(), grad_logits.ncols());
        grad_z.assign(grad_logits);
        self.backward_output_layer();
    }

    /// ∂L/∂z of the output layer, from the last backward pass.
    pub fn output_delta(&self) -> &Array2<f64> {
        &self.grad_output_pre_activation
    }

    fn backward_output_layer(&mut self) {
        let grad_z = &self.grad_output_pre_activation;
        match self.hidden.last_mut() {
            None => self.output.backward(&self.input, grad_z, None),
            Some(top) => {
                let signal = if top.masked {
                    &top.dropped
                } else {
                    &top.activation_output
                };
                self.output
                    .backward(signal, grad_z, Some(&mut top.grad_output));
            }
        }
        for l in (0..self.hidden.len()).rev() {
            let (below, rest) = self.hidden.split_at_mut(l);
            let block = &mut rest[0];
            if block.masked {
                block.grad_output *= &block.mask;
            }
            let grad = &mut block.grad_pre_activation;
            ensure_shape(grad, block.grad_output.nrows(), block.grad_output.ncols());
            grad.assign(&block.grad_output);
            activation::multiply_by_derivative(
                block.activation,
                block.leaky_slope,
                as_slice(&block.pre_activation),
                as_slice(&block.activation_output),
                as_slice_mut(grad),
            );
            let normalized_grad;
            let grad_into_dense = match &mut block.batch_norm {
                Some(bn) => {
                    normalized_grad = bn.backward(&block.grad_pre_activation);
                    &normalized_grad
                }
                None => &block.grad_pre_activation,
            };
            match below.last_mut() {
                None => block.dense.backward(&self.input, grad_into_dense, None),
                Some(prev) => {
                    let signal = if prev.masked {
                        &prev.dropped
                    } else {
                        &prev.activation_output
                    };
                    block
                        .dense
                        .backward(signal, grad_into_dense, Some(&mut prev.grad_output));
                }
            }
        }
    }

    /// Calls `visit(index, values, grads, is_weight)` for every trainable tensor, input side
    /// first; `is_weight` marks what L1/L2 penalize (never biases or batch-norm γ, β).
    pub fn visit_params(&mut self, mut visit: impl FnMut(usize, &mut [f64], &[f64], bool)) {
        let mut index = 0;
        let dense =
            |d: &mut Dense,
             index: &mut usize,
             visit: &mut dyn FnMut(usize, &mut [f64], &[f64], bool)| {
                visit(
                    *index,
                    d.w.as_slice_mut().expect("row-major"),
                    d.grad_w.as_slice().expect("row-major"),
                    true,
                );
                *index += 1;
                if d.has_bias {
                    visit(
                        *index,
                        d.b.as_slice_mut().expect("contiguous"),
                        d.grad_b.as_slice().expect("contiguous"),
                        false,
                    );
                    *index += 1;
                }
            };
        for block in &mut self.hidden {
            dense(&mut block.dense, &mut index, &mut visit);
            if let Some(bn) = &mut block.batch_norm {
                visit(
                    index,
                    bn.gamma.as_slice_mut().expect("contiguous"),
                    bn.grad_gamma.as_slice().expect("contiguous"),
                    false,
                );
                visit(
                    index + 1,
                    bn.beta.as_slice_mut().expect("contiguous"),
                    bn.grad_beta.as_slice().expect("contiguous"),
                    false,
                );
                index += 2;
            }
        }
        dense(&mut self.output, &mut index, &mut visit);
    }

    /// The output of the last forward pass.
    pub fn output_values(&self) -> &Array2<f64> {
        &self.output_values
    }

    pub fn all_finite(&self) -> bool {
        (0..self.num_weight_layers()).all(|i| {
            let d = self.dense(i);
            d.w.iter().chain(d.b.iter()).all(|v| v.is_finite())
        })
    }
}

fn as_slice(a: &Array2<f64>) -> &[f64] {
    a.as_slice().expect("row-major buffers")
}

fn as_slice_mut(a: &mut Array2<f64>) -> &mut [f64] {
    a.as_slice_mut().expect("row-major buffers")
}
