//! Native throughput of the benchmark workloads (shared/reference/workloads.md):
//! median of 7 repetitions of ~0.25 s after a warm-up. `--json` ends with one JSON line
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
        w.throughput(0.3, &now); // warm-up
        let mut runs: Vec<(f64, f64)> = (0..7).map(|_| w.throughput(0.25, &now)).collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (throughput, loss) = runs[runs.len() / 2];
        println!("{name:<8} {throughput:>12.0} units/s   loss {loss:.6}");
        results.insert(
            name.clone(),
            serde_json::json!({ "throughput": throughput, "loss": loss }),
        );
    }
    if json {
        println!("{}", serde_json::Value::Object(results));
    }
}
