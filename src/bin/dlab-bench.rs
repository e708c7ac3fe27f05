//! Native throughput of the benchmark workloads (shared/reference/workloads.md): median of
//! `--reps` (7) repetitions of `--rep-seconds` (0.25) after `--warmup-seconds` (0.3) of
//! warm-up, as bench/harness.mjs measures the JS peers. `--json` ends with one JSON line
//! for bench/run.mjs; `--only W1,W3` picks workloads; `--growth` prints how the cost of a
//! step grows with width, depth and data, and the time of 21-model capacity sweeps.

use dlab::bench::{workload, WORKLOADS};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let only: Vec<String> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').map(str::to_string).collect())
        .unwrap_or_else(|| WORKLOADS.iter().map(|s| s.to_string()).collect());
    let number = |flag: &str, default: f64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(default)
    };
    let reps = (number("--reps", 7.0) as usize).max(1);
    let (rep_seconds, warmup_seconds) = (number("--rep-seconds", 0.25), number("--warmup-seconds", 0.3));
    let origin = Instant::now();
    let now = move || origin.elapsed().as_secs_f64();
    if args.iter().any(|a| a == "--growth") {
        println!("{:<52} {:>6} {:>14}", "how cost grows", "n", "µs");
        for (what, n, micros) in dlab::bench::growth(&now) {
            println!("{what:<52} {n:>6} {micros:>14.1}");
        }
        return;
    }
    let mut results = serde_json::Map::new();
    for name in &only {
        let Some(w) = workload(name) else {
            eprintln!("unknown workload {name}; known: {}", WORKLOADS.join(", "));
            std::process::exit(2);
        };
        w.throughput(warmup_seconds, &now);
        let runs: Vec<(f64, f64)> = (0..reps).map(|_| w.throughput(rep_seconds, &now)).collect();
        let rates: Vec<f64> = runs.iter().map(|r| r.0).collect();
        let mut sorted = runs.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (throughput, loss) = sorted[sorted.len() / 2];
        println!("{name:<8} {throughput:>12.0} units/s   loss {loss:.6}");
        results.insert(
            name.clone(),
            serde_json::json!({ "throughput": throughput, "loss": loss, "rates": rates }),
        );
    }
    if json {
        println!("{}", serde_json::Value::Object(results));
    }
}
