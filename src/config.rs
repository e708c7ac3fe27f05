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
named_enum!(Activation { Sigmoid = "sigmoid", Tanh = "tanh", Relu = "relu",
    LeakyRelu = "leaky_relu", Linear = "linear" });
named_enum!(
    /// `standard` is Glorot & Bengio's "commonly used heuristic" U[−1/√n, 1/√n].
    Init { Zero = "zero", Small = "small", Large = "large", Lecun = "lecun", Xavier = "xavier",
    XavierUniform = "xavier_uniform", He = "he", Rbm = "rbm", Standard = "standard" });
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub seed: u64,
    pub data: DataConfig,
    pub scale: Scale,
    pub model: ModelConfig,
    pub reg: RegConfig,
    pub optim: OptimConfig,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    pub kind: DataKind,
    pub n_train: usize,
    pub n_test: usize,
    /// `null` means the data kind's published default (`DataKind::default_noise`).
    pub noise: Option<f64>,
    /// Input features of the 2-D sets (ignored by the 1-D and `linear` sets).
    pub features: Vec<Feature>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    pub kind: ModelKind,
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub leaky_slope: f64,
    pub init: Init,
    pub batch_norm: bool,
    pub dropout_keep: f64,
    /// Polynomial degree d of `kind: poly` (features xⁱ/i!, i = 0..d).
    pub degree: usize,
    /// Epochs of CD-1 per RBM layer when `init: rbm`.
    pub rbm_epochs: usize,
    /// `null` means the data's default: cross_entropy on the ±1 sets, mse on regression.
    pub loss: Option<LossKind>,
    /// Polynomial features of `kind: poly`.
    pub basis: Basis,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegConfig {
    pub l1: f64,
    pub l2: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OptimConfig {
    pub kind: OptimKind,
    pub lr: f64,
    /// 0 means full batch.
    pub batch_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            data: DataConfig::default(),
            scale: Scale::None,
            model: ModelConfig::default(),
            reg: RegConfig::default(),
            optim: OptimConfig::default(),
        }
    }
}
impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            kind: DataKind::Circle,
            n_train: 200,
            n_test: 200,
            noise: None,
            features: vec![Feature::X1, Feature::X2],
        }
    }
}
impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            kind: ModelKind::Mlp,
            hidden: vec![8, 8],
            activation: Activation::Tanh,
            leaky_slope: 0.01,
            init: Init::Xavier,
            batch_norm: false,
            dropout_keep: 1.0,
            degree: 3,
            rbm_epochs: 10,
            loss: None,
            basis: Basis::Scaled,
        }
    }
}
impl Default for RegConfig {
    fn default() -> Self {
        RegConfig { l1: 0.0, l2: 0.0 }
    }
}
impl Default for OptimConfig {
    fn default() -> Self {
        OptimConfig {
            kind: OptimKind::Sgd,
            lr: 0.03,
            batch_size: 10,
        }
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
}

pub const FIELDS: &[Field] = &[
    Field {
        path: "seed",
        kind: FieldKind::Integer {
            min: 0,
            max: MAX_SEED,
        },
    },
    Field {
        path: "data.kind",
        kind: FieldKind::Enum(DataKind::NAMES),
    },
    Field {
        path: "data.n_train",
        kind: FieldKind::Integer {
            min: 1,
            max: MAX_POINTS as u64,
        },
    },
    Field {
        path: "data.n_test",
        kind: FieldKind::Integer {
            min: 1,
            max: MAX_POINTS as u64,
        },
    },
    Field {
        path: "data.noise",
        kind: FieldKind::OptionalNumber {
            min: 0.0,
            max: 10.0,
        },
    },
    Field {
        path: "data.features",
        kind: FieldKind::EnumList(Feature::NAMES),
    },
    Field {
        path: "scale",
        kind: FieldKind::Enum(Scale::NAMES),
    },
    Field {
        path: "model.kind",
        kind: FieldKind::Enum(ModelKind::NAMES),
    },
    Field {
        path: "model.hidden",
        kind: FieldKind::IntList {
            min: 1,
            max: MAX_UNITS as u64,
            max_len: MAX_HIDDEN_LAYERS,
        },
    },
    Field {
        path: "model.activation",
        kind: FieldKind::Enum(Activation::NAMES),
    },
    Field {
        path: "model.leaky_slope",
        kind: FieldKind::Number {
            min: 0.0,
            max: 1.0,
            min_exclusive: false,
            log: false,
        },
    },
    Field {
        path: "model.init",
        kind: FieldKind::Enum(Init::NAMES),
    },
    Field {
        path: "model.batch_norm",
        kind: FieldKind::Bool,
    },
    Field {
        path: "model.dropout_keep",
        kind: FieldKind::Number {
            min: 0.0,
            max: 1.0,
            min_exclusive: true,
            log: false,
        },
    },
    Field {
        path: "model.degree",
        kind: FieldKind::Integer {
            min: 0,
            max: MAX_DEGREE as u64,
        },
    },
    Field {
        path: "model.rbm_epochs",
        kind: FieldKind::Integer { min: 0, max: 200 },
    },
    Field {
        path: "model.loss",
        kind: FieldKind::OptionalEnum(LossKind::NAMES),
    },
    Field {
        path: "model.basis",
        kind: FieldKind::Enum(Basis::NAMES),
    },
    Field {
        path: "reg.l1",
        kind: FieldKind::Number {
            min: 0.0,
            max: 100.0,
            min_exclusive: false,
            log: true,
        },
    },
    Field {
        path: "reg.l2",
        kind: FieldKind::Number {
            min: 0.0,
            max: 100.0,
            min_exclusive: false,
            log: true,
        },
    },
    Field {
        path: "optim.kind",
        kind: FieldKind::Enum(OptimKind::NAMES),
    },
    Field {
        path: "optim.lr",
        kind: FieldKind::Number {
            min: 0.0,
            max: 10.0,
            min_exclusive: true,
            log: true,
        },
    },
    Field {
        path: "optim.batch_size",
        kind: FieldKind::Integer {
            min: 0,
            max: MAX_POINTS as u64,
        },
    },
];

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
        for field in FIELDS {
            let at = field
                .path
                .split('.')
                .try_fold(&value, |node, key| node.get(key));
            if let Some(at) = at {
                check_field(field, at)?;
            }
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
        entry
    });
    Value::Array(entries.collect())
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

    #[test]
    fn the_schema_lists_every_field_with_its_default() {
        let schema = schema();
        let entries = schema.as_array().unwrap();
        assert_eq!(entries.len(), FIELDS.len());
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
