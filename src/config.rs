//! The one declaration of every setting (DESIGN.md, "The config"): the structs give the
//! types and defaults, `FIELDS` gives the ranges; the URL, the sliders, the CLI and the
//! tests all read these. Unknown fields are errors that name their path.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// An enum that (de)serializes as its snake_case name and can list its names.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub fn name(self) -> &'static str { match self { $(Self::$variant => $text),+ } }
        }
    };
}

named_enum!(DataKind { Circle = "circle", Xor = "xor", Gauss = "gauss", Spiral = "spiral",
    Poly = "poly", Sine = "sine", Linear = "linear" });
named_enum!(Feature { X1 = "x1", X2 = "x2", X1Squared = "x1^2", X2Squared = "x2^2",
    X1X2 = "x1x2", SinX1 = "sin_x1", SinX2 = "sin_x2" });
named_enum!(Scale { None = "none", ZScore = "zscore", MinMax = "minmax" });
named_enum!(ModelKind { Mlp = "mlp", Poly = "poly" });
/// Declared with its f and f′ in `activation.rs`.
pub use crate::activation::Activation;
/// Declared with its paper in `init.rs`.
pub use crate::init::Init;
named_enum!(
    /// The data loss. `cross_entropy`: a sigmoid output read as p(y = +1), logistic loss in
    /// nats; `mse`: ½ squared error (on the ±1 sets with a tanh output, TF Playground's choice).
    LossKind { CrossEntropy = "cross_entropy", Mse = "mse" });
named_enum!(
    /// Features of `model.kind: poly`: `scaled` xⁱ/i! (D2L), `power` xⁱ (Bishop's PRML §1.1).
    Basis { Scaled = "scaled", Power = "power" });
named_enum!(OptimKind { Sgd = "sgd", Momentum = "momentum", Adam = "adam", Exact = "exact" });

impl DataKind {
    pub fn is_regression(self) -> bool {
        matches!(self, DataKind::Poly | DataKind::Sine | DataKind::Linear)
    }
    /// ε's standard deviation (regression) or the jitter scale (2-D sets) when `noise` is unset:
    /// the published setups' values (D2L §4.4: 0.1, Bishop: 0.3, D2L §4.5: 0.01).
    pub fn default_noise(self) -> f64 {
        match self {
            DataKind::Sine => 0.3,
            DataKind::Linear => 0.01,
            _ => 0.1,
        }
    }
}

/// Declares one section of the config, one row per setting: its doc, type, default and
/// what values it takes (`=> …`, a `Setting`, or `section(Sub::declare)` for a nested
/// section). From the rows come the struct, its `Default` and its entries in `FIELDS`,
/// so a setting cannot exist in one of them and be missing from another.
macro_rules! settings {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$field_meta:meta])* $field:ident : $ty:ty = $default:expr => $declared:expr),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name { $($(#[$field_meta])* pub $field: $ty),+ }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default),+ }
            }
        }

        impl $name {
            /// Appends this section's settings to `out`, their paths under `prefix`.
            pub fn declare(prefix: &str, out: &mut Vec<Field>) {
                $(Declared::from($declared).declare(prefix, stringify!($field), out);)+
            }
        }
    };
}

settings! {
    pub struct Config {
        seed: u64 = 1 => integer(0, MAX_SEED),
        data: DataConfig = DataConfig::default() => section(DataConfig::declare),
        scale: Scale = Scale::None => choice(Scale::NAMES),
        model: ModelConfig = ModelConfig::default() => section(ModelConfig::declare),
        reg: RegConfig = RegConfig::default() => section(RegConfig::declare),
        optim: OptimConfig = OptimConfig::default() => section(OptimConfig::declare),
    }
}

settings! {
    pub struct DataConfig {
        kind: DataKind = DataKind::Circle => choice(DataKind::NAMES),
        n_train: usize = 200 => integer(1, MAX_POINTS as u64),
        n_test: usize = 200 => integer(1, MAX_POINTS as u64),
        /// `null` means the data kind's published default (`DataKind::default_noise`).
        noise: Option<f64> = None => optional_number(0.0, 10.0).step(0.05),
        /// Input features of the 2-D sets (ignored by the 1-D and `linear` sets).
        features: Vec<Feature> = vec![Feature::X1, Feature::X2] => choices(Feature::NAMES),
        /// The 2-D sets in the units a real table's columns come in (`data::RAW_UNITS`): x1
        /// in the hundreds with an offset, x2 below 1. The reason `scale` exists. Ignored
        /// by the 1-D and `linear` sets.
        raw_units: bool = false => flag(),
    }
}

settings! {
    pub struct ModelConfig {
        kind: ModelKind = ModelKind::Mlp => choice(ModelKind::NAMES),
        hidden: Vec<usize> = vec![8, 8] => int_list(1, MAX_UNITS as u64, MAX_HIDDEN_LAYERS),
        activation: Activation = Activation::Tanh => choice(Activation::NAMES),
        leaky_slope: f64 = 0.01 => number(0.0, 1.0).step(0.01),
        init: Init = Init::Xavier => choice(Init::NAMES),
        batch_norm: bool = false => flag(),
        dropout_keep: f64 = 1.0 => number(0.0, 1.0).exclusive().step(0.05),
        /// Polynomial degree d of `kind: poly` (features i = 0..d).
        degree: usize = 3 => integer(0, MAX_DEGREE as u64),
        /// Epochs of CD-1 per RBM layer when `init: rbm`.
        rbm_epochs: usize = 10 => integer(0, 200),
        /// `null` means the data's default: cross_entropy on the ±1 sets, mse on regression.
        loss: Option<LossKind> = None => optional_choice(LossKind::NAMES),
        /// Polynomial features of `kind: poly`.
        basis: Basis = Basis::Scaled => choice(Basis::NAMES),
    }
}

settings! {
    pub struct RegConfig {
        l1: f64 = 0.0 => number(0.0, 100.0).log(),
        l2: f64 = 0.0 => number(0.0, 100.0).log(),
    }
}

settings! {
    pub struct OptimConfig {
        kind: OptimKind = OptimKind::Sgd => choice(OptimKind::NAMES),
        lr: f64 = 0.03 => number(0.0, 10.0).exclusive().log(),
        /// 0 means full batch.
        batch_size: usize = 10 => integer(0, MAX_POINTS as u64),
    }
}

pub const MAX_HIDDEN_LAYERS: usize = 32;
pub const MAX_UNITS: usize = 256;
pub const MAX_POINTS: usize = 20_000;
pub const MAX_DEGREE: usize = 20;
/// Seeds stay exact as JavaScript numbers.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// The shape and allowed values of one setting.
#[derive(Clone, Copy, Debug)]
pub enum FieldKind {
    Number {
        min: f64,
        max: f64,
        min_exclusive: bool,
        log: bool,
    },
    Integer {
        min: u64,
        max: u64,
    },
    Enum(&'static [&'static str]),
    /// One of the options, or null (null: the data kind's default).
    OptionalEnum(&'static [&'static str]),
    Bool,
    /// A list of integers, each within [min, max], at most `max_len` long.
    IntList {
        min: u64,
        max: u64,
        max_len: usize,
    },
    EnumList(&'static [&'static str]),
    /// A number or null (null: the data kind's default).
    OptionalNumber {
        min: f64,
        max: f64,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub path: &'static str,
    pub kind: FieldKind,
    /// The slider step a control uses, where the setting has a natural one.
    pub step: Option<f64>,
}

/// What a row of `settings!` declares: one setting, or a nested section.
pub enum Declared {
    Setting(Setting),
    Section(fn(&str, &mut Vec<Field>)),
}

impl Declared {
    fn declare(self, prefix: &str, name: &str, out: &mut Vec<Field>) {
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        match self {
            Declared::Section(declare) => declare(&path, out),
            // Leaked once per setting (FIELDS is built once), so paths stay `&'static str`.
            Declared::Setting(s) => out.push(Field { path: Box::leak(path.into_boxed_str()), kind: s.kind, step: s.step }),
        }
    }
}

impl From<Setting> for Declared {
    fn from(setting: Setting) -> Declared {
        Declared::Setting(setting)
    }
}

/// One setting's allowed values and slider step, built by `number(…)`, `integer(…)`, ….
pub struct Setting {
    kind: FieldKind,
    step: Option<f64>,
}

impl Setting {
    /// The lower bound is excluded: (min, max].
    const fn exclusive(mut self) -> Setting {
        if let FieldKind::Number { ref mut min_exclusive, .. } = self.kind {
            *min_exclusive = true;
        }
        self
    }
    /// Sliders move on a log scale (rates and penalties span decades).
    const fn log(mut self) -> Setting {
        if let FieldKind::Number { ref mut log, .. } = self.kind {
            *log = true;
        }
        self
    }
    const fn step(mut self, step: f64) -> Setting {
        self.step = Some(step);
        self
    }
}

const fn setting(kind: FieldKind) -> Setting {
    Setting { kind, step: None }
}
const fn number(min: f64, max: f64) -> Setting {
    setting(FieldKind::Number { min, max, min_exclusive: false, log: false })
}
const fn optional_number(min: f64, max: f64) -> Setting {
    setting(FieldKind::OptionalNumber { min, max })
}
const fn integer(min: u64, max: u64) -> Setting {
    Setting { kind: FieldKind::Integer { min, max }, step: Some(1.0) }
}
const fn int_list(min: u64, max: u64, max_len: usize) -> Setting {
    setting(FieldKind::IntList { min, max, max_len })
}
const fn choice(options: &'static [&'static str]) -> Setting {
    setting(FieldKind::Enum(options))
}
const fn optional_choice(options: &'static [&'static str]) -> Setting {
    setting(FieldKind::OptionalEnum(options))
}
const fn choices(options: &'static [&'static str]) -> Setting {
    setting(FieldKind::EnumList(options))
}
const fn flag() -> Setting {
    setting(FieldKind::Bool)
}
fn section(declare: fn(&str, &mut Vec<Field>)) -> Declared {
    Declared::Section(declare)
}

/// Every setting, in the config's order: the schema that validation, the URL, the sliders,
/// the CLI's `schema` and the fuzzers read.
pub static FIELDS: std::sync::LazyLock<Vec<Field>> = std::sync::LazyLock::new(|| {
    let mut fields = Vec::new();
    Config::declare("", &mut fields);
    fields
});

/// Settings a running trainer takes without rebuilding its model.
pub const LIVE_PATHS: &[&str] = &[
    "optim.lr",
    "optim.batch_size",
    "optim.kind",
    "reg.l1",
    "reg.l2",
    "model.dropout_keep",
];

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ConfigError::new("", format!("not valid JSON: {e}")))?;
        Config::from_value(value)
    }

    /// Parses and validates a JSON value: defaults fill what is missing.
    pub fn from_value(value: Value) -> Result<Config, ConfigError> {
        require_objects(&value)?;
        let config: Config = serde_path_to_error::deserialize(value).map_err(|e| {
            // The error names the setting; a list item's index goes into the message
            // (`model.hidden: [1] invalid type: ...`), so paths stay config paths.
            let mut path = Vec::new();
            let mut item = None;
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Map { key } if item.is_none() => path.push(key.as_str()),
                    serde_path_to_error::Segment::Seq { index } if item.is_none() => item = Some(*index),
                    _ => {}
                }
            }
            let message = readable_serde_message(&e.inner().to_string());
            let message = match item {
                Some(index) => format!("[{index}] {message}"),
                None => message,
            };
            ConfigError::new(path.join("."), message)
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a config always serializes")
    }

    /// Returns a copy with one setting changed, validated as a whole.
    pub fn with(&self, path: &str, new_value: Value) -> Result<Config, ConfigError> {
        let mut value = self.to_value();
        let slot = path
            .split('.')
            .try_fold(&mut value, |node, key| node.get_mut(key))
            .ok_or_else(|| ConfigError::new(path, "unknown setting"))?;
        *slot = new_value;
        Config::from_value(value)
    }

    pub fn noise(&self) -> f64 {
        self.data
            .noise
            .unwrap_or_else(|| self.data.kind.default_noise())
    }

    /// The data loss in force: `model.loss`, or the data's default when it is null.
    pub fn loss(&self) -> LossKind {
        self.model.loss.unwrap_or(if self.data.kind.is_regression() {
            LossKind::Mse
        } else {
            LossKind::CrossEntropy
        })
    }

    pub fn is_linear_model(&self) -> bool {
        self.model.kind == ModelKind::Poly || self.model.hidden.is_empty()
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let value = self.to_value();
        for field in FIELDS.iter() {
            // `every_schema_path_is_a_config_leaf_and_back` guarantees the path is there.
            let at = field.path.split('.').try_fold(&value, |node, key| node.get(key));
            check_field(field, at.expect("every schema path is in the config"))?;
        }
        self.validate_combinations()
    }

    fn validate_combinations(&self) -> Result<(), ConfigError> {
        let features = &self.data.features;
        if features.is_empty() {
            return Err(ConfigError::new(
                "data.features",
                "at least one feature is needed",
            ));
        }
        if let Some(twice) = features
            .iter()
            .find(|f| features.iter().filter(|g| g == f).count() > 1)
        {
            return Err(ConfigError::new(
                "data.features",
                format!("\"{}\" is listed twice", twice.name()),
            ));
        }
        if self.model.loss == Some(LossKind::CrossEntropy) && self.data.kind.is_regression() {
            return Err(ConfigError::new(
                "model.loss",
                format!(
                    "cross_entropy needs the ±1 classification sets (circle, xor, gauss, spiral), not {}; use mse",
                    self.data.kind.name()
                ),
            ));
        }
        // Ioffe & Szegedy normalize over a mini-batch: one point has no variance.
        if self.model.batch_norm && !self.is_linear_model() {
            if self.data.n_train < 2 {
                return Err(ConfigError::new(
                    "data.n_train",
                    "1 training point: batch norm (model.batch_norm) needs at least 2",
                ));
            }
            if self.optim.batch_size == 1 {
                return Err(ConfigError::new(
                    "optim.batch_size",
                    "batch norm needs batches of at least 2 points (or 0, the full batch)",
                ));
            }
        }
        let one_d = matches!(self.data.kind, DataKind::Poly | DataKind::Sine);
        if self.model.kind == ModelKind::Poly && !one_d {
            return Err(ConfigError::new(
                "model.kind",
                format!(
                    "poly needs 1-D data (data.kind poly or sine), not {}",
                    self.data.kind.name()
                ),
            ));
        }
        if self.optim.kind == OptimKind::Exact {
            if !self.is_linear_model() {
                return Err(ConfigError::new("optim.kind",
                    "exact needs a model linear in its parameters (model.kind poly, or model.hidden [])"));
            }
            if !self.data.kind.is_regression() {
                return Err(ConfigError::new(
                    "optim.kind",
                    format!(
                        "exact fits regression data (poly, sine, linear), not {}",
                        self.data.kind.name()
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn check_field(field: &Field, value: &Value) -> Result<(), ConfigError> {
    let fail = |message: String| Err(ConfigError::new(field.path, message));
    match field.kind {
        FieldKind::Number {
            min,
            max,
            min_exclusive,
            ..
        } => {
            let x = value.as_f64().unwrap_or(f64::NAN);
            let below = if min_exclusive { x <= min } else { x < min };
            if !x.is_finite() || below || x > max {
                let open = if min_exclusive { "(" } else { "[" };
                return fail(format!("{} is outside {open}{min}, {max}]", show(value)));
            }
        }
        FieldKind::OptionalNumber { min, max } => {
            if let Some(x) = value.as_f64() {
                if !x.is_finite() || x < min || x > max {
                    return fail(format!("{} is outside [{min}, {max}]", show(value)));
                }
            }
        }
        FieldKind::Integer { min, max } => {
            let x = value.as_u64().unwrap_or(u64::MAX);
            if x < min || x > max {
                return fail(format!("{} is outside [{min}, {max}]", show(value)));
            }
        }
        FieldKind::IntList { min, max, max_len } => {
            let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
            if items.len() > max_len {
                return fail(format!(
                    "{} layers requested, at most {max_len} allowed",
                    items.len()
                ));
            }
            for item in items {
                let x = item.as_u64().unwrap_or(u64::MAX);
                if x < min || x > max {
                    return fail(format!(
                        "{} units requested in a layer, allowed {min} to {max}",
                        show(item)
                    ));
                }
            }
        }
        FieldKind::Enum(_) | FieldKind::OptionalEnum(_) | FieldKind::EnumList(_) | FieldKind::Bool => {}
    }
    Ok(())
}

/// The config and its sections are JSON objects. (serde would also take a list of the
/// fields in order, so `[]` or `{"data": ["xor"]}` would pass silently.)
fn require_objects(value: &Value) -> Result<(), ConfigError> {
    let describe = |v: &Value| match v {
        Value::Null => "null".to_string(),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => v.to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    let Some(object) = value.as_object() else {
        return Err(ConfigError::new("", format!("a config is a JSON object of settings, not {}", describe(value))));
    };
    let defaults = Config::default().to_value();
    for (section, default) in defaults.as_object().into_iter().flatten() {
        match object.get(section) {
            Some(v) if default.is_object() && !v.is_object() => {
                return Err(ConfigError::new(
                    section.as_str(),
                    format!("expected an object of settings, not {}", describe(v)),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Numbers as a person writes them: `-1`, not `-1.0`.
fn show(value: &Value) -> String {
    match value.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        _ => value.to_string(),
    }
}

/// serde says "unknown variant `swish`, expected one of `a`, `b`"; say it the way the
/// lab does: `unknown value "swish", expected one of a, b`.
fn readable_serde_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    for (serde, lab) in [("unknown variant `", "unknown value \""), ("unknown field `", "unknown setting \"")] {
        if let Some(rest) = message.strip_prefix(serde) {
            let end = rest.find("`, expected").or_else(|| rest.rfind('`')).unwrap_or(rest.len());
            let tail = rest.get(end + 1..).unwrap_or("");
            return format!("{lab}{}\"{}", &rest[..end], tail.replace('`', ""));
        }
    }
    // Elsewhere backticks only quote values: `invalid type: integer 3, expected usize`.
    message.replace('`', "")
}

/// The schema as JSON, for the page: one entry per field with its default and range.
pub fn schema() -> Value {
    let defaults = Config::default().to_value();
    let entries = FIELDS.iter().map(|field| {
        let default = field.path.split('.').try_fold(&defaults, |node, key| node.get(key)).cloned();
        let mut entry = serde_json::json!({ "path": field.path, "default": default });
        if let Some(step) = field.step {
            entry["step"] = step.into();
        }
        let extra = match field.kind {
            FieldKind::Number { min, max, min_exclusive, log } => serde_json::json!({
                "type": "number", "min": min, "max": max, "min_exclusive": min_exclusive, "log": log }),
            FieldKind::OptionalNumber { min, max } => serde_json::json!({
                "type": "number", "nullable": true, "min": min, "max": max }),
            FieldKind::Integer { min, max } => serde_json::json!({ "type": "integer", "min": min, "max": max }),
            FieldKind::Enum(options) => serde_json::json!({ "type": "enum", "options": options }),
            FieldKind::OptionalEnum(options) => serde_json::json!({ "type": "enum", "nullable": true, "options": options }),
            FieldKind::Bool => serde_json::json!({ "type": "bool" }),
            FieldKind::IntList { min, max, max_len } => serde_json::json!({
                "type": "int_list", "min": min, "max": max, "max_len": max_len }),
            FieldKind::EnumList(options) => serde_json::json!({ "type": "enum_list", "options": options }),
        };
        if let (Some(entry), Some(extra)) = (entry.as_object_mut(), extra.as_object()) {
            entry.extend(extra.clone());
        }
        if let Some(about) = about(field.path) {
            entry["about"] = about;
        }
        entry
    });
    Value::Array(entries.collect())
}

/// What the page needs to know of each option of the activation and init lists, from
/// their blocks (activation.rs, init.rs): a label for when its strings have none, and for
/// activations the init that suits them, where they saturate, whether units can die.
fn about(path: &str) -> Option<Value> {
    let map = |entries: Vec<(&str, Value)>| Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    match path {
        "model.activation" => Some(map(Activation::ALL.iter().map(|&a| (a.name(), serde_json::json!({
            "label": a.label(),
            "suited_init": a.suited_init().name(),
            "saturates_beyond": crate::activation::saturation_threshold(a),
            "can_die": a.can_die(),
            "output_range": a.output_range(),
            // The limits f(z) approaches (null where unbounded): the colour scale of the
            // diagram's unit maps (σ 0..1, tanh −1..1, ReLU 0..its largest value).
            "bounds": ([-1e6, 1e6_f64]).map(|z| {
                // σ(−10⁶) is a denormal, not 0: limits are snapped to the nearest integer.
                let v = crate::activation::apply(a, 0.01, z);
                (v.abs() < 1e3).then(|| if (v - v.round()).abs() < 1e-9 { v.round() } else { v })
            }),
        }))).collect())),
        "model.init" => Some(map(Init::ALL.iter().map(|&i| (i.name(), serde_json::json!({"label": i.label()}))).collect())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(json: &str) -> String {
        Config::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn an_empty_object_is_the_default_config() {
        assert_eq!(Config::from_json("{}").unwrap(), Config::default());
    }

    #[test]
    fn unknown_values_name_their_path_and_the_allowed_ones() {
        let e = error_of(r#"{"model": {"activation": "swish"}}"#);
        assert!(
            e.starts_with("model.activation: unknown value \"swish\", expected one of"),
            "{e}"
        );
        assert!(e.contains("leaky_relu"), "{e}");
    }

    #[test]
    fn unknown_fields_name_their_path() {
        let e = error_of(r#"{"model": {"widht": 3}}"#);
        assert!(e.starts_with("model"), "{e}");
        assert!(e.contains("widht"), "{e}");
    }

    #[test]
    fn out_of_range_numbers_name_the_range() {
        assert_eq!(
            error_of(r#"{"optim": {"lr": -1}}"#),
            "optim.lr: -1 is outside (0, 10]"
        );
        assert_eq!(
            error_of(r#"{"optim": {"lr": 0}}"#),
            "optim.lr: 0 is outside (0, 10]"
        );
        assert!(error_of(r#"{"model": {"dropout_keep": 1.5}}"#).starts_with("model.dropout_keep:"));
        assert!(error_of(r#"{"data": {"n_train": 0}}"#).starts_with("data.n_train:"));
        assert!(error_of(r#"{"data": {"n_train": 20001}}"#).starts_with("data.n_train:"));
        assert!(error_of(r#"{"reg": {"l2": -0.1}}"#).starts_with("reg.l2:"));
        assert!(error_of(r#"{"model": {"degree": 21}}"#).starts_with("model.degree:"));
    }

    #[test]
    fn network_size_limits_are_enforced() {
        let deep = format!(
            r#"{{"model": {{"hidden": [{}]}}}}"#,
            vec!["4"; 40].join(",")
        );
        assert_eq!(
            error_of(&deep),
            "model.hidden: 40 layers requested, at most 32 allowed"
        );
        assert!(error_of(r#"{"model": {"hidden": [300]}}"#).starts_with("model.hidden: 300 units"));
        assert!(error_of(r#"{"model": {"hidden": [0]}}"#).starts_with("model.hidden:"));
    }

    #[test]
    fn wrong_types_name_their_path() {
        assert!(error_of(r#"{"optim": {"lr": "fast"}}"#).starts_with("optim.lr:"));
        assert!(error_of(r#"{"model": {"hidden": 8}}"#).starts_with("model.hidden:"));
        assert!(error_of(r#"{"seed": -3}"#).starts_with("seed:"));
        assert!(error_of("not json").starts_with("not valid JSON"));
    }

    #[test]
    fn impossible_combinations_are_refused() {
        assert!(error_of(r#"{"model": {"kind": "poly"}}"#)
            .starts_with("model.kind: poly needs 1-D data"));
        assert!(
            error_of(r#"{"data": {"kind": "sine"}, "optim": {"kind": "exact"}}"#)
                .starts_with("optim.kind: exact needs a model linear")
        );
        assert!(
            error_of(r#"{"model": {"hidden": []}, "optim": {"kind": "exact"}}"#)
                .starts_with("optim.kind: exact fits regression data")
        );
        assert!(error_of(r#"{"data": {"features": []}}"#).starts_with("data.features:"));
        assert!(error_of(r#"{"data": {"features": ["x1", "x1"]}}"#).starts_with("data.features:"));
    }

    #[test]
    fn with_changes_one_setting_and_validates() {
        let c = Config::default()
            .with("model.activation", "relu".into())
            .unwrap();
        assert_eq!(c.model.activation, Activation::Relu);
        assert!(Config::default().with("optim.lr", 20.0.into()).is_err());
        assert!(Config::default().with("model.nope", 1.into()).is_err());
    }

    /// The leaves of a config value: objects are sections, everything else a setting.
    fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
        match value.as_object() {
            Some(map) => map.iter().for_each(|(k, v)| {
                leaves(v, &if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, out)
            }),
            None => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn every_schema_path_is_a_config_leaf_and_back() {
        let mut config_leaves = Vec::new();
        leaves(&Config::default().to_value(), "", &mut config_leaves);
        let mut schema_paths: Vec<String> = FIELDS.iter().map(|f| f.path.to_string()).collect();
        // (JSON objects list their keys sorted.)
        schema_paths.sort();
        config_leaves.sort();
        assert_eq!(schema_paths, config_leaves);
        schema_paths.dedup();
        assert_eq!(schema_paths.len(), FIELDS.len(), "each path once");
    }

    #[test]
    fn the_schema_lists_every_field_with_its_default() {
        let schema = schema();
        let entries = schema.as_array().unwrap();
        assert!(entries.iter().all(|e| e.get("default").is_some_and(|d| !d.is_null() || e["nullable"] == true)));
        let act = entries.iter().find(|e| e["path"] == "model.activation").unwrap();
        assert_eq!(act["about"]["relu"]["suited_init"], "he");
        assert_eq!(act["about"]["relu"]["saturates_beyond"], Value::Null);
        assert_eq!(act["about"]["relu"]["bounds"], serde_json::json!([0.0, null]));
        assert_eq!(act["about"]["tanh"]["bounds"], serde_json::json!([-1.0, 1.0]));
        assert_eq!(act["about"]["sigmoid"]["bounds"], serde_json::json!([0.0, 1.0]));
        assert_eq!(act["about"]["linear"]["bounds"], serde_json::json!([null, null]));
        assert!((act["about"]["tanh"]["saturates_beyond"].as_f64().unwrap() - 1.818).abs() < 1e-3);
        let slope = entries.iter().find(|e| e["path"] == "model.leaky_slope").unwrap();
        assert_eq!((slope["min"].as_f64(), slope["max"].as_f64(), slope["step"].as_f64()), (Some(0.0), Some(1.0), Some(0.01)));
        let lr = entries.iter().find(|e| e["path"] == "optim.lr").unwrap();
        assert_eq!(lr["default"], 0.03);
        assert_eq!(lr["log"], true);
        let act = entries
            .iter()
            .find(|e| e["path"] == "model.activation")
            .unwrap();
        assert_eq!(act["options"].as_array().unwrap().len(), 5);
    }
}
