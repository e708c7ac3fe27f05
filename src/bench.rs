//! The benchmark workloads of `shared/reference/workloads.md` (W1, W1-grid, W2, W2n, W3),
//! built with exactly the data and initial weights of `bench/workloads.mjs` (mulberry32,
//! same draw order), so dlab's losses can be checked against every peer's. The clock is
//! passed in: native uses `Instant`, wasm `performance.now()`; the core stays pure.

use crate::config::Config;
use crate::data::{Dataset, Points};
use crate::trainer::Trainer;
use ndarray::{Array1, Array2};

pub const WORKLOADS: &[&str] = &["W1", "W1-grid", "W2", "W2n", "W3"];

/// mulberry32, as in bench/workloads.mjs.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
    fn uniform(&mut self) -> f64 {
        self.next() as f64 / 4_294_967_296.0
    }
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// One workload, ready to time: a trainer at its initial weights and the work per repetition.
pub struct Workload {
    pub name: &'static str,
    initial: Trainer,
    /// Units (epochs, grids or steps) per timed repetition.
    pub units: usize,
    grid: Option<Array2<f64>>,
}

fn trainer_for(
    config: &str,
    train: Points,
    sizes: &[usize],
    rng: &mut Mulberry32,
    bias: bool,
) -> Trainer {
    let config = Config::from_json(config).expect("bench configs are valid");
    let kind = config.data.kind;
    let test = train.clone();
    let mut trainer = Trainer::from_dataset(config, Dataset { kind, train, test });
    trainer.set_shuffle(false);
    let network = trainer.network_mut();
    for layer in 0..sizes.len() - 1 {
        let (n_in, n_out) = (sizes[layer], sizes[layer + 1]);
        // workloads.mjs draws W row-major by output unit: W[o·n_in + i]; ours is n_in × n_out.
        let drawn: Vec<f64> = (0..n_in * n_out).map(|_| rng.uniform() - 0.5).collect();
        let dense = network.dense_mut(layer);
        dense.w = Array2::from_shape_fn((n_in, n_out), |(i, o)| drawn[o * n_in + i]);
        if bias {
            dense.b.fill(0.1);
        }
    }
    trainer
}

pub fn workload(name: &str) -> Option<Workload> {
    let (name, units): (&'static str, usize) = match name {
        "W1" => ("W1", 20),
        "W1-grid" => ("W1-grid", 1),
        "W2" => ("W2", 64),
        "W2n" => ("W2n", 64),
        "W3" => ("W3", 1000),
        _ => return None,
    };
    let initial = match name {
        "W1" | "W1-grid" => {
            let mut rng = Mulberry32(1);
            let mut x = Array2::zeros((250, 2));
            let mut y = Array1::zeros(250);
            for p in 0..250 {
                x[[p, 0]] = -6.0 + 12.0 * rng.uniform();
                x[[p, 1]] = -6.0 + 12.0 * rng.uniform();
                y[p] = if x[[p, 0]] * x[[p, 0]] + x[[p, 1]] * x[[p, 1]] < 9.0 {
                    1.0
                } else {
                    -1.0
                };
            }
            let config = r#"{"data": {"kind": "circle", "n_train": 250}, "model": {"hidden": [8, 8], "activation": "tanh", "loss": "mse"},
                "optim": {"lr": 0.03, "batch_size": 10}}"#;
            trainer_for(config, Points { x, y }, &[2, 8, 8, 1], &mut rng, true)
        }
        "W2" | "W2n" => {
            let mut rng = Mulberry32(2);
            let x = Array2::from_shape_simple_fn((1024, 1), || -3.0 + 6.0 * rng.uniform());
            let y = x.column(0).mapv(f64::sin);
            let config = r#"{"data": {"kind": "sine", "n_train": 1024}, "model": {"hidden": [32,32,32,32,32,32,32,32,32,32],
                "activation": "sigmoid"}, "optim": {"lr": 0.1, "batch_size": 32}}"#;
            let mut sizes = vec![1];
            sizes.extend([32; 10]);
            sizes.push(1);
            trainer_for(config, Points { x, y }, &sizes, &mut rng, true)
        }
        _ => {
            let mut rng = Mulberry32(3);
            let mut x = Array2::zeros((100, 1));
            let mut y = Array1::zeros(100);
            for p in 0..100 {
                x[[p, 0]] = rng.normal();
                let noise = 0.1 * rng.normal();
                let f = crate::data::poly_features(x[[p, 0]], 3, crate::config::Basis::Scaled);
                y[p] = noise
                    + f.iter()
                        .zip(crate::data::D2L_CUBIC)
                        .map(|(f, w)| f * w)
                        .sum::<f64>();
            }
            let config = r#"{"data": {"kind": "poly", "n_train": 100}, "model": {"kind": "poly", "degree": 19},
                "optim": {"lr": 0.01, "batch_size": 0}}"#;
            trainer_for(config, Points { x, y }, &[20, 1], &mut rng, false)
        }
    };
    // TF Playground's heatmap points: x1 = −6 + 12·i/99 (row i), x2 = −6 + 12·j/99.
    let grid = (name == "W1-grid").then(|| {
        Array2::from_shape_fn((10_000, 2), |(p, k)| {
            -6.0 + 12.0 * (if k == 0 { p / 100 } else { p % 100 }) as f64 / 99.0
        })
    });
    Some(Workload {
        name,
        initial,
        units,
        grid,
    })
}

impl Workload {
    /// One repetition of the work from the initial weights; returns (timed seconds, loss):
    /// the training loss after it, or for W1-grid the mean grid output.
    pub fn repetition(&self, now: &dyn Fn() -> f64) -> (f64, f64) {
        let mut trainer = self.initial.clone();
        let start = now();
        let mut checksum = 0.0;
        match self.name {
            "W1" => trainer.train_epochs(self.units),
            "W1-grid" => {
                checksum = trainer
                    .predict(self.grid.as_ref().expect("a grid"))
                    .mean()
                    .unwrap_or(0.0)
            }
            "W2n" => {
                for _ in 0..self.units {
                    trainer.step(1);
                    checksum += trainer.batch_grad_norms().iter().sum::<f64>();
                }
            }
            _ => trainer.step(self.units),
        }
        let seconds = now() - start;
        std::hint::black_box(checksum);
        let loss = if self.name == "W1-grid" {
            checksum
        } else {
            trainer.evaluate().train_loss.unwrap_or(f64::NAN)
        };
        (seconds, loss)
    }

    /// Repeats until about `seconds` of timed work; returns (units per second, loss).
    pub fn throughput(&self, seconds: f64, now: &dyn Fn() -> f64) -> (f64, f64) {
        let (mut timed, mut units, mut loss) = (0.0, 0usize, f64::NAN);
        while timed < seconds || units == 0 {
            let (t, l) = self.repetition(now);
            timed += t;
            units += self.units;
            loss = l;
        }
        (units as f64 / timed.max(1e-9), loss)
    }
}

/// How the cost of one training step grows with width, depth and training-set size (SGD,
/// batch 32, tanh, circle data), and the time of 21-model capacity sweeps:
/// rows of (what, value, microseconds).
pub fn growth(now: &dyn Fn() -> f64) -> Vec<(&'static str, usize, f64)> {
    let time_steps = |config: String| {
        let mut trainer = Trainer::from_json(&config).expect("growth configs are valid");
        trainer.step(3); // warm the buffers
        let (start, mut steps) = (now(), 0);
        while now() - start < 0.05 || steps < 5 {
            trainer.step(5);
            steps += 5;
        }
        (now() - start) / steps as f64 * 1e6
    };
    let mut rows = Vec::new();
    for width in [8, 16, 32, 64, 128, 256] {
        let config = format!(r#"{{"model": {{"hidden": [{width}, {width}]}}, "optim": {{"batch_size": 32}}}}"#);
        rows.push(("width (2 hidden layers)", width, time_steps(config)));
    }
    for depth in [1, 2, 4, 8, 16, 32] {
        let hidden = vec!["16"; depth].join(",");
        let config = format!(r#"{{"model": {{"hidden": [{hidden}]}}, "optim": {{"batch_size": 32}}}}"#);
        rows.push(("depth (width 16)", depth, time_steps(config)));
    }
    for n_train in [100, 1000, 10_000] {
        // Full batch: the step touches every training point.
        let config = format!(r#"{{"data": {{"n_train": {n_train}}}, "optim": {{"batch_size": 0}}}}"#);
        rows.push(("training points (full batch, 8-8)", n_train, time_steps(config)));
    }
    let degrees: Vec<usize> = (0..=20).collect();
    let sweeps = [
        ("21-model sweep: poly degree 0..20, exact fit", r#"{"data": {"kind": "sine", "n_train": 10}, "model": {"kind": "poly"}, "optim": {"kind": "exact"}}"#, 1),
        ("21-model sweep: poly degree 0..20, 100 SGD epochs", r#"{"data": {"kind": "poly", "n_train": 100}, "model": {"kind": "poly"}, "optim": {"lr": 0.02}}"#, 100),
        ("21-model sweep: MLP width 1..21, 50 epochs", r#"{"data": {"kind": "sine", "n_train": 30}, "model": {"hidden": [8]}, "optim": {"lr": 0.05}}"#, 50),
    ];
    for (label, config, epochs) in sweeps {
        let config = Config::from_json(config).expect("sweep configs are valid");
        let capacities: Vec<usize> = if config.model.kind == crate::config::ModelKind::Poly { degrees.clone() } else { (1..=21).collect() };
        let start = now();
        let rows_swept = crate::sweep::capacity_sweep(&config, &capacities, epochs).expect("valid capacities");
        std::hint::black_box(rows_swept);
        rows.push((label, 21, (now() - start) * 1e6));
    }
    rows
}

#[cfg(test)]
mod tests {
    /// The workloads train what the peers train (TF Playground's tanh output with ½ squared
    /// error for W1), so their losses match the peers' to 4 digits (bench/README.md).
    #[test]
    fn the_workloads_reach_the_peers_losses() {
        for (name, peers) in [("W1", 0.2978), ("W1-grid", 0.09459), ("W3", 0.04963)] {
            let (_, loss) = super::workload(name).expect(name).repetition(&|| 0.0);
            assert!((loss / peers - 1.0).abs() < 5e-4, "{name}: {loss} vs the peers' {peers}");
        }
    }
}
