//! The network: hidden blocks (dense → optional batch norm → activation → dropout) and a
//! dense output layer. The output is linear for regression and tanh for the ±1 sets, as in
//! TF Playground. Forward caches what backward needs; backward is the chain rule, layer by
//! layer from the output toward the input.

use crate::activation;
use crate::config::{Activation, Config, Init};
use crate::init;
use crate::layers::{batch_norm::BatchNorm, dense::Dense, dropout, Mode};
use crate::rng::Rng;
use ndarray::{Array1, Array2};

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
    mask: Option<Array2<f64>>,
}

#[derive(Clone, Debug)]
pub struct Network {
    pub hidden: Vec<HiddenBlock>,
    pub output: Dense,
    pub output_activation: Activation,
    pub output_pre_activation: Array2<f64>,
    /// Keep probability of hidden units while training (1 = no dropout).
    pub dropout_keep: f64,
}

/// One trainable tensor seen flat, with its gradient; `is_weight` marks what L1/L2 penalize.
pub struct Param<'a> {
    pub value: &'a mut [f64],
    pub grad: &'a [f64],
    pub is_weight: bool,
}

impl Network {
    /// Builds the network of `config` for `n_inputs` features, weights drawn by the config's init.
    pub fn new(config: &Config, n_inputs: usize, rng: &mut Rng) -> Network {
        let model = &config.model;
        let regression = config.data.kind.is_regression();
        let output_activation = if regression { Activation::Linear } else { Activation::Tanh };
        let hidden_sizes = if config.model.kind == crate::config::ModelKind::Poly { vec![] } else { model.hidden.clone() };
        let mut n_in = n_inputs;
        let mut hidden = Vec::new();
        for &units in &hidden_sizes {
            let w = init::weights(model.init, n_in, units, model.activation, model.leaky_slope, rng);
            hidden.push(HiddenBlock {
                // Batch norm's β does a bias's job (and cancels one), so a normalized layer has none.
                dense: Dense::new(w, !model.batch_norm),
                batch_norm: model.batch_norm.then(|| BatchNorm::new(units)),
                activation: model.activation,
                leaky_slope: model.leaky_slope,
                pre_activation: Array2::zeros((0, units)),
                activation_output: Array2::zeros((0, units)),
                grad_pre_activation: Array2::zeros((0, units)),
                mask: None,
            });
            n_in = units;
        }
        let output_init = if model.init == Init::Rbm { Init::Xavier } else { model.init };
        let w = init::weights(output_init, n_in, 1, output_activation, model.leaky_slope, rng);
        let has_bias = config.model.kind != crate::config::ModelKind::Poly;
        Network { hidden, output: Dense::new(w, has_bias), output_activation,
            output_pre_activation: Array2::zeros((0, 1)), dropout_keep: model.dropout_keep }
    }

    pub fn num_weight_layers(&self) -> usize {
        self.hidden.len() + 1
    }

    /// Weight layer `i` from the input side; the last is the output layer.
    pub fn dense(&self, i: usize) -> &Dense {
        self.hidden.get(i).map(|h| &h.dense).unwrap_or(&self.output)
    }

    /// `rng` draws the dropout masks in `Mode::Train`; other modes draw nothing.
    pub fn forward(&mut self, x: &Array2<f64>, mode: Mode, rng: &mut Rng) -> Array2<f64> {
        let mut signal = x.clone();
        for block in &mut self.hidden {
            let mut z = block.dense.forward(&signal);
            if let Some(bn) = &mut block.batch_norm {
                z = bn.forward(&z, mode);
            }
            let (kind, slope) = (block.activation, block.leaky_slope);
            block.activation_output = z.mapv(|v| activation::apply(kind, slope, v));
            block.pre_activation = z;
            block.mask = (mode == Mode::Train && self.dropout_keep < 1.0)
                .then(|| dropout::mask(block.activation_output.dim(), self.dropout_keep, rng));
            signal = match &block.mask {
                Some(mask) => dropout::apply(&block.activation_output, mask),
                None => block.activation_output.clone(),
            };
        }
        self.output_pre_activation = self.output.forward(&signal);
        let kind = self.output_activation;
        self.output_pre_activation.mapv(|v| activation::apply(kind, 0.0, v))
    }

    /// Takes ∂L/∂output of the last forward pass, fills every layer's gradients and
    /// returns ∂L/∂input.
    pub fn backward(&mut self, grad_output: &Array2<f64>) -> Array2<f64> {
        let kind = self.output_activation;
        let grad_z = grad_output * &self.output_pre_activation.mapv(|v| activation::derivative(kind, 0.0, v));
        let mut grad = self.output.backward(&grad_z);
        for block in self.hidden.iter_mut().rev() {
            if let Some(mask) = &block.mask {
                grad = dropout::apply(&grad, mask);
            }
            let (kind, slope) = (block.activation, block.leaky_slope);
            let mut grad_z = grad * &block.pre_activation.mapv(|v| activation::derivative(kind, slope, v));
            block.grad_pre_activation = grad_z.clone();
            if let Some(bn) = &mut block.batch_norm {
                grad_z = bn.backward(&grad_z);
            }
            grad = block.dense.backward(&grad_z);
        }
        grad
    }

    /// Every trainable tensor with its gradient, input side first.
    pub fn params(&mut self) -> Vec<Param<'_>> {
        let mut params = Vec::new();
        for block in &mut self.hidden {
            push_dense(&mut params, &mut block.dense);
            if let Some(bn) = &mut block.batch_norm {
                params.push(Param { value: slice_mut(&mut bn.gamma), grad: slice(&bn.grad_gamma), is_weight: false });
                params.push(Param { value: slice_mut(&mut bn.beta), grad: slice(&bn.grad_beta), is_weight: false });
            }
        }
        push_dense(&mut params, &mut self.output);
        params
    }

    pub fn all_finite(&self) -> bool {
        (0..self.num_weight_layers()).all(|i| {
            let d = self.dense(i);
            d.w.iter().chain(d.b.iter()).all(|v| v.is_finite())
        })
    }
}

fn push_dense<'a>(params: &mut Vec<Param<'a>>, dense: &'a mut Dense) {
    let Dense { w, b, grad_w, grad_b, has_bias, .. } = dense;
    params.push(Param { value: w.as_slice_mut().expect("standard layout"),
        grad: grad_w.as_slice().expect("standard layout"), is_weight: true });
    if *has_bias {
        params.push(Param { value: slice_mut(b), grad: slice(grad_b), is_weight: false });
    }
}

fn slice_mut(a: &mut Array1<f64>) -> &mut [f64] {
    a.as_slice_mut().expect("standard layout")
}

fn slice(a: &Array1<f64>) -> &[f64] {
    a.as_slice().expect("standard layout")
}
