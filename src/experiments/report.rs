//! An experiment's result: rows of (quantity, published, ours, holds) for people, and the
//! numbers as JSON for programs.

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub quantity: String,
    pub published: String,
    pub ours: String,
    /// Whether our number shows the published effect.
    pub holds: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub experiment: &'static str,
    pub source: &'static str,
    pub rows: Vec<Row>,
    /// The measured numbers, for scripts and tests.
    pub data: Value,
}

impl Report {
    pub fn new(experiment: &'static str, source: &'static str) -> Report {
        Report {
            experiment,
            source,
            rows: Vec::new(),
            data: Value::Object(Default::default()),
        }
    }

    pub fn row(
        &mut self,
        quantity: impl Into<String>,
        published: impl Into<String>,
        ours: impl Into<String>,
        holds: bool,
    ) {
        self.rows.push(Row {
            quantity: quantity.into(),
            published: published.into(),
            ours: ours.into(),
            holds,
        });
    }

    pub fn record(&mut self, key: &str, value: impl Serialize) {
        if let Value::Object(map) = &mut self.data {
            map.insert(
                key.to_string(),
                serde_json::to_value(value).expect("numbers serialize"),
            );
        }
    }

    pub fn all_hold(&self) -> bool {
        self.rows.iter().all(|r| r.holds)
    }

    /// A readable table: quantity | published | dlab | ✓/✗.
    pub fn table(&self) -> String {
        let widths = [
            self.rows
                .iter()
                .map(|r| r.quantity.chars().count())
                .max()
                .unwrap_or(0)
                .max(8),
            self.rows
                .iter()
                .map(|r| r.published.chars().count())
                .max()
                .unwrap_or(0)
                .max(9),
            self.rows
                .iter()
                .map(|r| r.ours.chars().count())
                .max()
                .unwrap_or(0)
                .max(4),
        ];
        let pad =
            |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
        let mut out = format!("## {} ({})\n", self.experiment, self.source);
        out += &format!(
            "{} | {} | {} | holds\n",
            pad("quantity", widths[0]),
            pad("published", widths[1]),
            pad("dlab", widths[2])
        );
        out += &format!(
            "{}-|-{}-|-{}-|------\n",
            "-".repeat(widths[0]),
            "-".repeat(widths[1]),
            "-".repeat(widths[2])
        );
        for r in &self.rows {
            out += &format!(
                "{} | {} | {} | {}\n",
                pad(&r.quantity, widths[0]),
                pad(&r.published, widths[1]),
                pad(&r.ours, widths[2]),
                if r.holds { "yes" } else { "NO" }
            );
        }
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("reports serialize")
    }
}

/// 3 significant digits, scientific when small or large.
pub fn num(x: f64) -> String {
    if x == 0.0 || (1e-3..1e4).contains(&x.abs()) {
        format!("{x:.3}")
    } else {
        format!("{x:.2e}")
    }
}
