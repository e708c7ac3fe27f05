//! The `dlab` command: headless runs as JSON lines, and the published experiments.
//!
//!     dlab run --config FILE|-  [--epochs N | --steps N] [--every K]
//!     dlab experiment NAME
//!     dlab schema
//!
//! A bad config or bad arguments exit 2 with the error on stderr; a diverging run prints
//! `"diverged": true` and exits 0.

use dlab::config::Config;
use dlab::experiments;
use dlab::trainer::Trainer;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  dlab run --config FILE|- [--epochs N | --steps N] [--every K]
  dlab experiment NAME     (NAME: one of the experiments below, or all)
  dlab schema              (every config path: type, default, range or options, log)
experiments:";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("experiment") => experiment(&args[1..]),
        // The schema the page reads: every config path with its type, default and range.
        Some("schema") => {
            println!("{}", serde_json::to_string_pretty(&dlab::config::schema()).expect("the schema serializes"));
            Ok(())
        }
        Some("--help") | Some("-h") | Some("help") => {
            println!("{}", usage());
            Ok(())
        }
        _ => Err(usage()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn usage() -> String {
    let names: Vec<String> = experiments::ALL
        .iter()
        .map(|e| format!("  {:<18} {}", e.name, e.title))
        .collect();
    format!("{USAGE}\n{}", names.join("\n"))
}

/// How long to train: epochs or optimizer steps.
#[derive(Clone, Copy)]
enum Unit {
    Epochs,
    Steps,
}

fn number(flag: &str, value: Option<&String>) -> Result<usize, String> {
    value
        .ok_or_else(|| format!("{flag} needs a number"))?
        .parse()
        .map_err(|_| {
            format!(
                "{flag}: expected a whole number ≥ 0, got {:?}",
                value.unwrap()
            )
        })
}

fn read_config(source: &str) -> Result<Config, String> {
    let text = if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("--config -: {e}"))?;
        text
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("--config {source}: {e}"))?
    };
    Config::from_json(&text).map_err(|e| e.to_string())
}

fn run(args: &[String]) -> Result<(), String> {
    let (mut config, mut total, mut unit, mut every) = (None, 100, Unit::Epochs, 1);
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1);
        match args[i].as_str() {
            "--config" => config = Some(value.ok_or("--config needs a file or -")?.clone()),
            "--epochs" => (total, unit) = (number("--epochs", value)?, Unit::Epochs),
            "--steps" => (total, unit) = (number("--steps", value)?, Unit::Steps),
            "--every" => every = number("--every", value)?.max(1),
            other => return Err(format!("unknown argument {other:?}\n{}", usage())),
        }
        i += 2;
    }
    let config =
        read_config(&config.ok_or_else(|| format!("run needs --config FILE|-\n{}", usage()))?)?;
    let mut trainer = Trainer::new(config);
    let mut out = std::io::stdout().lock();
    let mut print = |trainer: &mut Trainer| {
        let line = serde_json::to_string(&trainer.evaluate()).expect("metrics serialize");
        writeln!(out, "{line}").map_err(|e| e.to_string())
    };
    if total == 0 {
        return print(&mut trainer);
    }
    let mut done = 0;
    while done < total {
        let chunk = every.min(total - done);
        match unit {
            Unit::Epochs => trainer.train_epochs(chunk),
            Unit::Steps => trainer.step(chunk),
        }
        done += chunk;
        print(&mut trainer)?;
        if trainer.diverged() {
            break;
        }
    }
    Ok(())
}

fn experiment(args: &[String]) -> Result<(), String> {
    let name = args.first().ok_or_else(usage)?;
    let chosen: Vec<_> = experiments::ALL
        .iter()
        .filter(|e| name == "all" || e.name == name)
        .collect();
    if chosen.is_empty() {
        return Err(format!("unknown experiment {name:?}\n{}", usage()));
    }
    for experiment in chosen {
        let report = (experiment.run)();
        println!("{}", report.table());
        println!("{}", report.json());
    }
    Ok(())
}
