//! Restricted Boltzmann machines trained with contrastive divergence (CD-k), and greedy
//! layer-wise pre-training of a stack of them (Hinton & Salakhutdinov 2006, "Reducing the
//! dimensionality of data with neural networks"; Bengio et al. 2007, "Greedy layer-wise
//! training of deep networks"). Practical choices follow Hinton (2010), "A practical guide to
//! training restricted Boltzmann machines" (UTML TR 2010-003), cited below as "Guide §n".
//!
//! Hidden units are always Bernoulli (sigmoid), so the weights are meant to initialise a
//! **sigmoid** net: `h = σ(x·W + c)`. For a tanh net use [`sigmoid_stack_to_tanh`], which relies
//! on `tanh(a/2) = 2σ(a) − 1`. For ReLU there is no exact mapping; the weights are only a start.

use ndarray::{Array1, Array2, Axis};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

/// Type of the visible units of the first RBM; deeper RBMs are always Bernoulli.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visible {
    /// Linear units with unit-variance Gaussian noise (Guide §13.2 z-scores the data first).
    /// The noise is one unit of the input's own scale: on z-scored inputs it is as wide as
    /// the data, which suits many correlated inputs (the `rbm` experiment's seven features)
    /// but blurs a 2-D set like `circle` into one blob, so that the hidden units barely
    /// respond and the RBMs above learn nothing; on its raw coordinates (spread ≈ 2.3) the
    /// first RBM models the rings and every layer learns (the init lesson's RBM step).
    Gaussian,
    /// Binary units, or `[0, 1]`-valued inputs treated as probabilities.
    Bernoulli,
}

#[derive(Clone, Debug)]
pub struct RbmSettings {
    pub epochs: usize,
    /// Learning rate, shared by every layer. Gaussian visible units are less stable and may need
    /// a smaller one (Guide §13.2); Hinton & Salakhutdinov used 0.1 for binary layers.
    pub lr: f64,
    pub batch_size: usize,
    /// Number of Gibbs steps in the negative phase (1 is the usual choice).
    pub cd_k: usize,
    /// Std of the initial weights, N(0, init_std²) (Guide §8 suggests 0.01).
    pub init_std: f64,
}

impl Default for RbmSettings {
    fn default() -> Self {
        Self {
            epochs: 20,
            lr: 0.05,
            batch_size: 20,
            cd_k: 1,
            init_std: 0.01,
        }
    }
}

#[derive(Clone, Debug)]
pub struct PretrainResult {
    /// `weights[l]` is n_in × n_out (rows = visible units, as in a dense layer's W with y = x·W + b)
    pub weights: Vec<Array2<f64>>,
    pub hidden_biases: Vec<Array1<f64>>,
    /// `reconstruction_error[l][e]`: mean squared error ‖v − v̂‖² / (n·n_visible) of layer l's RBM
    /// after epoch e, with the deterministic reconstruction v̂ = mean(v | σ(vW + c)).
    pub reconstruction_error: Vec<Vec<f64>>,
}

/// One CD-k estimate of the log-likelihood gradient (batch average), ascent direction.
#[derive(Clone, Debug)]
pub struct CdGradient {
    pub weights: Array2<f64>,
    pub visible_bias: Array1<f64>,
    pub hidden_bias: Array1<f64>,
    /// ‖v0 − v1‖² / (batch·n_visible) for the first (one-step) reconstruction v1.
    pub reconstruction_error: f64,
}

pub use crate::activation::sigmoid;
use crate::loss::softplus;

use crate::rng::normal as std_normal;

fn bernoulli<R: Rng + ?Sized>(p: &Array2<f64>, rng: &mut R) -> Array2<f64> {
    p.mapv(|p| if rng.random::<f64>() < p { 1.0 } else { 0.0 })
}

/// A single RBM with energy E(v,h) = −v·b − h·c − vᵀWh (Bernoulli visible) or
/// ‖v − b‖²/2 − h·c − vᵀWh (unit-variance Gaussian visible).
#[derive(Clone, Debug)]
pub struct Rbm {
    /// n_visible × n_hidden.
    pub weights: Array2<f64>,
    pub visible_bias: Array1<f64>,
    pub hidden_bias: Array1<f64>,
    pub visible: Visible,
    /// Gibbs steps used by [`Rbm::cd_step`].
    pub cd_k: usize,
}

impl Rbm {
    /// Weights ~ N(0, init_std²), biases 0, CD-1.
    pub fn new<R: Rng + ?Sized>(
        n_visible: usize,
        n_hidden: usize,
        visible: Visible,
        init_std: f64,
        rng: &mut R,
    ) -> Self {
        let weights =
            Array2::from_shape_simple_fn((n_visible, n_hidden), || init_std * std_normal(rng));
        Self {
            weights,
            visible_bias: Array1::zeros(n_visible),
            hidden_bias: Array1::zeros(n_hidden),
            visible,
            cd_k: 1,
        }
    }

    /// Visible biases from the data (Guide §8): log(p/(1−p)) of the unit's mean for Bernoulli
    /// units, the mean itself for Gaussian ones.
    pub fn init_visible_bias(&mut self, data: &Array2<f64>) {
        let mean = data.mean_axis(Axis(0)).expect("data has no rows");
        self.visible_bias = match self.visible {
            Visible::Gaussian => mean,
            Visible::Bernoulli => mean.mapv(|p| {
                let p = p.clamp(1e-3, 1.0 - 1e-3);
                (p / (1.0 - p)).ln()
            }),
        };
    }

    /// p(h = 1 | v) = σ(vW + c), one row per row of `v`.
    pub fn hidden_probs(&self, v: &Array2<f64>) -> Array2<f64> {
        (v.dot(&self.weights) + &self.hidden_bias).mapv(sigmoid)
    }

    /// E[v | h]: hWᵀ + b (Gaussian) or σ(hWᵀ + b) (Bernoulli).
    pub fn visible_mean(&self, h: &Array2<f64>) -> Array2<f64> {
        let a = h.dot(&self.weights.t()) + &self.visible_bias;
        match self.visible {
            Visible::Gaussian => a,
            Visible::Bernoulli => a.mapv(sigmoid),
        }
    }

    fn sample_visible<R: Rng + ?Sized>(&self, mean: &Array2<f64>, rng: &mut R) -> Array2<f64> {
        match self.visible {
            Visible::Gaussian => mean.mapv(|m| m + std_normal(rng)),
            Visible::Bernoulli => bernoulli(mean, rng),
        }
    }

    /// Free energy F(v) = −log Σ_h exp(−E(v,h)), so p(v) ∝ exp(−F(v)) (Guide §16.1).
    pub fn free_energy(&self, v: &Array2<f64>) -> Array1<f64> {
        let hidden_term = (v.dot(&self.weights) + &self.hidden_bias)
            .mapv(softplus)
            .sum_axis(Axis(1));
        let visible_term = match self.visible {
            Visible::Gaussian => (v - &self.visible_bias)
                .mapv(|x| 0.5 * x * x)
                .sum_axis(Axis(1)),
            Visible::Bernoulli => -v.dot(&self.visible_bias),
        };
        visible_term - hidden_term
    }

    /// CD-k estimate of ∂ log p(v)/∂θ (Hinton 2002, eq. 5; Guide §3):
    /// ΔW ∝ ⟨v hᵀ⟩_data − ⟨v hᵀ⟩_recon. Positive phase uses h0 = σ(v0W + c) as probabilities;
    /// a sampled h0 drives the chain; intermediate visibles are sampled, the final v_k is the
    /// mean and h_k = σ(v_kW + c) its probabilities (Guide §3.2–3.3).
    pub fn cd_gradient<R: Rng + ?Sized>(
        &self,
        v0: &Array2<f64>,
        k: usize,
        rng: &mut R,
    ) -> CdGradient {
        assert!(k >= 1, "CD-k needs k >= 1");
        let n = v0.nrows() as f64;
        let h0 = self.hidden_probs(v0);
        let mut v = self.visible_mean(&bernoulli(&h0, rng));
        let reconstruction_error = (v0 - &v).mapv(|x| x * x).sum() / (n * v0.ncols() as f64);
        for _ in 1..k {
            let h = bernoulli(&self.hidden_probs(&self.sample_visible(&v, rng)), rng);
            v = self.visible_mean(&h);
        }
        let hk = self.hidden_probs(&v);
        CdGradient {
            weights: (v0.t().dot(&h0) - v.t().dot(&hk)) / n,
            visible_bias: (v0 - &v).sum_axis(Axis(0)) / n,
            hidden_bias: (&h0 - &hk).sum_axis(Axis(0)) / n,
            reconstruction_error,
        }
    }

    /// One CD-`self.cd_k` update on a mini-batch; returns the batch's reconstruction error.
    pub fn cd_step<R: Rng + ?Sized>(&mut self, batch: &Array2<f64>, lr: f64, rng: &mut R) -> f64 {
        let g = self.cd_gradient(batch, self.cd_k, rng);
        self.weights.scaled_add(lr, &g.weights);
        self.visible_bias.scaled_add(lr, &g.visible_bias);
        self.hidden_bias.scaled_add(lr, &g.hidden_bias);
        g.reconstruction_error
    }

    /// The reconstruction x̂ of each row of `v`: up to the hidden units and back down,
    /// v → h = σ(vW + c) → v̂ = E[v | h], with probabilities instead of samples (the mean-field
    /// reconstruction that pre-training compares with its input).
    pub fn reconstruct(&self, v: &Array2<f64>) -> Array2<f64> {
        self.visible_mean(&self.hidden_probs(v))
    }

    /// Deterministic reconstruction error ‖v − E[v | σ(vW + c)]‖² / (n·n_visible).
    pub fn reconstruction_error(&self, v: &Array2<f64>) -> f64 {
        let r = self.reconstruct(v);
        (v - &r).mapv(|x| x * x).sum() / (v.len() as f64)
    }
}

/// Greedy layer-wise CD-k: RBM 0 on `data` (n × d) with the given visible type; RBM l+1 on the
/// hidden probabilities (means) of RBM l; hidden units Bernoulli (sigmoid); `hidden_sizes` = the
/// net's hidden layer widths. Mini-batches are reshuffled every epoch with `rng`.
pub fn pretrain_stack<R: Rng + ?Sized>(
    data: &Array2<f64>,
    hidden_sizes: &[usize],
    visible: Visible,
    settings: &RbmSettings,
    rng: &mut R,
) -> PretrainResult {
    assert!(
        settings.batch_size > 0 && data.nrows() > 0,
        "need data and batch_size > 0"
    );
    let mut result = PretrainResult {
        weights: vec![],
        hidden_biases: vec![],
        reconstruction_error: vec![],
    };
    let mut input = data.clone();
    let mut vis = visible;
    let mut order: Vec<usize> = (0..data.nrows()).collect();
    for &n_hidden in hidden_sizes {
        let mut rbm = Rbm::new(input.ncols(), n_hidden, vis, settings.init_std, rng);
        rbm.cd_k = settings.cd_k;
        rbm.init_visible_bias(&input);
        let mut errors = Vec::with_capacity(settings.epochs);
        for _ in 0..settings.epochs {
            order.shuffle(rng);
            for chunk in order.chunks(settings.batch_size) {
                rbm.cd_step(&input.select(Axis(0), chunk), settings.lr, rng);
            }
            errors.push(rbm.reconstruction_error(&input));
        }
        input = rbm.hidden_probs(&input);
        vis = Visible::Bernoulli;
        result.weights.push(rbm.weights);
        result.hidden_biases.push(rbm.hidden_bias);
        result.reconstruction_error.push(errors);
    }
    result
}

/// Rescales a pre-trained sigmoid stack for tanh hidden units so that each tanh layer outputs
/// exactly 2σ − 1 of the sigmoid layer, via tanh(a/2) = 2σ(a) − 1. Layer 0 sees the raw input:
/// W/2, c/2. Layer l > 0 sees t = 2s − 1 instead of s, so s·W + c = t·W/2 + (1ᵀW/2 + c), giving
/// W/4 and c/2 + (column sums of W)/4.
pub fn sigmoid_stack_to_tanh(
    weights: &[Array2<f64>],
    biases: &[Array1<f64>],
) -> (Vec<Array2<f64>>, Vec<Array1<f64>>) {
    weights
        .iter()
        .zip(biases)
        .enumerate()
        .map(|(l, (w, c))| {
            if l == 0 {
                (w / 2.0, c / 2.0)
            } else {
                (w / 4.0, c / 2.0 + w.sum_axis(Axis(0)) / 4.0)
            }
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array};
    use rand::rngs::SmallRng;
    use rand::SeedableRng;

    /// 8×8 "bars": all horizontal or all vertical, each bar on with probability 0.3.
    fn bars(n: usize, rng: &mut SmallRng) -> Array2<f64> {
        let mut x = Array2::zeros((n, 64));
        for mut row in x.rows_mut() {
            let horizontal = rng.random::<bool>();
            for bar in 0..8 {
                if rng.random::<f64>() < 0.3 {
                    for i in 0..8 {
                        row[if horizontal { bar * 8 + i } else { i * 8 + bar }] = 1.0;
                    }
                }
            }
        }
        x
    }

    fn print_curves(name: &str, errors: &[Vec<f64>]) {
        for (l, e) in errors.iter().enumerate() {
            let e: Vec<String> = e.iter().map(|x| format!("{x:.4}")).collect();
            eprintln!("{name} layer {l}: {}", e.join(" "));
        }
    }

    fn assert_falls(errors: &[Vec<f64>]) {
        for (l, e) in errors.iter().enumerate() {
            let (first, last) = (e[0], *e.last().unwrap());
            assert!(last < 0.8 * first, "layer {l}: {first} -> {last}");
        }
    }

    #[test]
    fn reconstruction_error_falls_for_every_layer_on_bars() {
        let mut rng = SmallRng::seed_from_u64(1);
        let data = bars(500, &mut rng);
        let s = RbmSettings {
            epochs: 30,
            lr: 0.1,
            batch_size: 20,
            cd_k: 1,
            init_std: 0.01,
        };
        let r = pretrain_stack(&data, &[32, 16, 8], Visible::Bernoulli, &s, &mut rng);
        print_curves("bars", &r.reconstruction_error);
        assert_falls(&r.reconstruction_error);
    }

    #[test]
    fn reconstruction_error_falls_for_gaussian_visible_on_a_mixture() {
        let mut rng = SmallRng::seed_from_u64(2);
        // Four clusters in 16-D: random ±1 prototypes plus N(0, 0.5²) noise.
        let protos =
            Array2::from_shape_fn((4, 16), |_| if rng.random::<bool>() { 1.0 } else { -1.0 });
        let mut data = Array2::from_shape_fn((400, 16), |(i, j)| protos[[i % 4, j]]);
        data.mapv_inplace(|x| x + 0.5 * std_normal(&mut rng));
        let (mean, std) = (
            data.mean_axis(Axis(0)).unwrap(),
            data.std_axis(Axis(0), 0.0),
        );
        let data = (data - &mean) / &std; // z-scored, as Gaussian units expect
        let s = RbmSettings {
            epochs: 40,
            lr: 0.05,
            batch_size: 20,
            cd_k: 1,
            init_std: 0.01,
        };
        let r = pretrain_stack(&data, &[16, 8], Visible::Gaussian, &s, &mut rng);
        print_curves("mixture", &r.reconstruction_error);
        assert_falls(&r.reconstruction_error);
    }

    #[test]
    fn same_seed_gives_identical_weights_and_another_seed_differs() {
        let data = bars(100, &mut SmallRng::seed_from_u64(3));
        let s = RbmSettings {
            epochs: 3,
            ..RbmSettings::default()
        };
        let run = |seed| {
            pretrain_stack(
                &data,
                &[16, 8],
                Visible::Bernoulli,
                &s,
                &mut SmallRng::seed_from_u64(seed),
            )
        };
        let (a, b, c) = (run(7), run(7), run(8));
        assert_eq!(a.weights, b.weights);
        assert_eq!(a.hidden_biases, b.hidden_biases);
        assert_eq!(a.reconstruction_error, b.reconstruction_error);
        assert_ne!(a.weights, c.weights);
    }

    #[test]
    fn weights_are_sizes_l_by_sizes_l_plus_1_for_a_d_16_8_4_stack() {
        let mut rng = SmallRng::seed_from_u64(4);
        let data = bars(60, &mut rng);
        let s = RbmSettings {
            epochs: 2,
            ..RbmSettings::default()
        };
        let r = pretrain_stack(&data, &[16, 8, 4], Visible::Bernoulli, &s, &mut rng);
        let sizes = [64, 16, 8, 4];
        assert_eq!(r.weights.len(), 3);
        for l in 0..3 {
            assert_eq!(r.weights[l].dim(), (sizes[l], sizes[l + 1]));
            assert_eq!(r.hidden_biases[l].len(), sizes[l + 1]);
            assert_eq!(r.reconstruction_error[l].len(), 2);
        }
    }

    /// The 2^n binary vectors of length n, one per row.
    fn all_binary(n: usize) -> Array2<f64> {
        Array2::from_shape_fn((1 << n, n), |(i, j)| ((i >> j) & 1) as f64)
    }

    /// Exact ∂ mean log p(data)/∂(W, b, c), enumerating all 2^(3+2) joint states.
    fn exact_gradient(rbm: &Rbm, data: &Array2<f64>) -> Vec<f64> {
        let (nv, nh) = rbm.weights.dim();
        let (vs, hs) = (all_binary(nv), all_binary(nh));
        let (mut z, mut vh, mut ev, mut eh) = (
            0.0,
            Array2::<f64>::zeros((nv, nh)),
            Array1::<f64>::zeros(nv),
            Array1::<f64>::zeros(nh),
        );
        for v in vs.rows() {
            for h in hs.rows() {
                let p = (v.dot(&rbm.visible_bias)
                    + h.dot(&rbm.hidden_bias)
                    + v.dot(&rbm.weights.dot(&h)))
                .exp();
                z += p;
                let (v2, h2) = (
                    v.to_owned().insert_axis(Axis(1)),
                    h.to_owned().insert_axis(Axis(0)),
                );
                vh = vh + p * v2.dot(&h2);
                ev = ev + p * &v;
                eh = eh + p * &h;
            }
        }
        let n = data.nrows() as f64;
        let hd = rbm.hidden_probs(data);
        let gw = data.t().dot(&hd) / n - vh / z;
        let gb = data.mean_axis(Axis(0)).unwrap() - ev / z;
        let gc = hd.mean_axis(Axis(0)).unwrap() - eh / z;
        gw.iter().chain(&gb).chain(&gc).copied().collect()
    }

    fn mean_log_likelihood(rbm: &Rbm, data: &Array2<f64>) -> f64 {
        let log_z = rbm
            .free_energy(&all_binary(rbm.weights.nrows()))
            .mapv(|f| (-f).exp())
            .sum()
            .ln();
        -rbm.free_energy(data).mean().unwrap() - log_z
    }

    fn tiny_data() -> Array2<f64> {
        array![
            [1., 1., 0.],
            [1., 1., 0.],
            [1., 1., 1.],
            [0., 0., 1.],
            [0., 0., 1.]
        ]
    }

    #[test]
    fn long_chain_cd_points_along_the_exact_likelihood_gradient() {
        let mut rng = SmallRng::seed_from_u64(5);
        let mut rbm = Rbm::new(3, 2, Visible::Bernoulli, 1.0, &mut rng);
        rbm.visible_bias = array![0.5, -0.5, 0.2];
        rbm.hidden_bias = array![-0.3, 0.4];
        let data = tiny_data();
        let exact = exact_gradient(&rbm, &data);
        // 4000 independent chains per data vector, k = 50.
        let starts = Array::from_shape_fn((data.nrows() * 4000, 3), |(i, j)| {
            data[[i % data.nrows(), j]]
        });
        let g = rbm.cd_gradient(&starts, 50, &mut rng);
        let cd: Vec<f64> = g
            .weights
            .iter()
            .chain(&g.visible_bias)
            .chain(&g.hidden_bias)
            .copied()
            .collect();
        let dot: f64 = exact.iter().zip(&cd).map(|(a, b)| a * b).sum();
        let norm = |x: &[f64]| x.iter().map(|a| a * a).sum::<f64>().sqrt();
        let cosine = dot / (norm(&exact) * norm(&cd));
        eprintln!("exact {exact:.4?}\ncd-50 {cd:.4?}\ncosine {cosine:.4}");
        assert!(cosine > 0.9, "cosine {cosine}");
    }

    #[test]
    fn cd1_training_raises_the_exact_likelihood_of_a_tiny_dataset() {
        let mut rng = SmallRng::seed_from_u64(6);
        let data = tiny_data();
        let mut rbm = Rbm::new(3, 2, Visible::Bernoulli, 0.01, &mut rng);
        let before = mean_log_likelihood(&rbm, &data);
        for _ in 0..2000 {
            rbm.cd_step(&data, 0.1, &mut rng);
        }
        let after = mean_log_likelihood(&rbm, &data);
        // Best possible: the empirical entropy, −(2/5 ln 2/5 ·2 + 1/5 ln 1/5) ≈ −1.055.
        eprintln!("mean log-likelihood: before {before:.4}, after {after:.4}");
        assert!(after > before + 0.5, "{before} -> {after}");
    }

    fn trainer(json: &str) -> crate::trainer::Trainer {
        crate::trainer::Trainer::new(crate::config::Config::from_json(json).unwrap())
    }

    /// Per layer: (first, last) reconstruction error of a trainer's pre-training.
    fn first_last(t: &crate::trainer::Trainer) -> Vec<(f64, f64)> {
        let rows = t.rbm_errors();
        let layers = rows.iter().map(|r| r.0 + 1).max().unwrap_or(0);
        (0..layers)
            .map(|l| {
                let e: Vec<f64> = rows.iter().filter(|r| r.0 == l).map(|r| r.2).collect();
                (e[0], e[e.len() - 1])
            })
            .collect()
    }

    /// The init lesson's RBM step: 4 × 16 sigmoid on the raw circle coordinates. With 10 CD
    /// epochs (200 updates a layer) the RBMs above the first stay near their N(0, 0.01²)
    /// start (each sits on a plateau for ≈ 40 epochs); with 100 every layer learns, and the pre-trained net leaves the plateau where
    /// the Xavier one still sits (Bengio et al. 2007: deep, narrow nets gain most).
    #[test]
    fn circle_stack_learns_in_every_layer_given_enough_cd_updates() {
        let json = |init: &str, epochs: usize| {
            format!(
                r#"{{"model": {{"hidden": [16, 16, 16, 16], "activation": "sigmoid", "init": "{init}", "rbm_epochs": {epochs}}}, "optim": {{"lr": 0.1}}}}"#
            )
        };
        let few = first_last(&trainer(&json("rbm", 10)));
        eprintln!("10 epochs: {few:?}");
        // The second RBM's input varies (variance ≈ 0.09), yet its error stays flat.
        assert!(few[1].1 > 0.9 * few[1].0, "{few:?}");
        let mut pre = trainer(&json("rbm", 100));
        let enough = first_last(&pre);
        eprintln!("100 epochs: {enough:?}");
        assert!(enough.iter().all(|(a, b)| b < &(0.1 * a)), "{enough:?}");
        let mut xavier = trainer(&json("xavier", 0));
        pre.step(400);
        xavier.step(400);
        let (p, x) = (pre.evaluate(), xavier.evaluate());
        let (p, x) = (p.test_loss.unwrap(), x.test_loss.unwrap());
        eprintln!("test loss after 400 steps: pre-trained {p}, Xavier {x}");
        // Cross-entropy in nats: chance is ln 2 ≈ 0.693.
        let chance = std::f64::consts::LN_2;
        assert!(p < 0.9 * chance && x > 0.95 * chance, "pre-trained {p}, Xavier {x}");
    }

    /// `pretrain::initialize` converts the sigmoid stack for a tanh net: each tanh layer
    /// outputs 2σ − 1 of the same net with sigmoid units (same seed, same RBMs).
    #[test]
    fn a_pretrained_tanh_net_computes_two_sigmoid_minus_one() {
        let json = |f: &str| {
            format!(
                r#"{{"model": {{"hidden": [8, 8, 8], "activation": "{f}", "init": "rbm", "rbm_epochs": 5}}}}"#
            )
        };
        let (mut s, mut t) = (trainer(&json("sigmoid")), trainer(&json("tanh")));
        assert_eq!(s.rbm_errors(), t.rbm_errors());
        s.probe();
        t.probe();
        for (l, (bs, bt)) in s
            .network()
            .hidden
            .iter()
            .zip(&t.network().hidden)
            .enumerate()
        {
            let want = bs.activation_output.mapv(|a| 2.0 * a - 1.0);
            let diff = (&bt.activation_output - &want)
                .mapv(f64::abs)
                .fold(0.0, |m: f64, &d| m.max(d));
            assert!(diff < 1e-12, "layer {l}: |tanh − (2σ − 1)| up to {diff}");
        }
    }

    #[test]
    fn tanh_conversion_gives_two_sigmoid_minus_one_at_every_layer() {
        let mut rng = SmallRng::seed_from_u64(7);
        let sizes = [5, 4, 3, 2];
        let ws: Vec<Array2<f64>> = (0..3)
            .map(|l| Rbm::new(sizes[l], sizes[l + 1], Visible::Bernoulli, 1.0, &mut rng).weights)
            .collect();
        let cs: Vec<Array1<f64>> = (0..3)
            .map(|l| Array1::from_shape_fn(sizes[l + 1], |j| j as f64 - 0.7 * l as f64))
            .collect();
        let (tw, tc) = sigmoid_stack_to_tanh(&ws, &cs);
        let x = Array2::from_shape_fn((6, 5), |_| std_normal(&mut rng));
        let (mut s, mut t) = (x.clone(), x);
        for l in 0..3 {
            s = (s.dot(&ws[l]) + &cs[l]).mapv(sigmoid);
            t = (t.dot(&tw[l]) + &tc[l]).mapv(f64::tanh);
            assert!(
                (&t - &(2.0 * &s - 1.0)).iter().all(|d| d.abs() < 1e-12),
                "layer {l}"
            );
        }
    }
}
