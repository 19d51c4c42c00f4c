//! The scenarios the page offers: the ones shipped in `scenarios/`,
//! embedded in the binary so the server needs no files beside it, and the
//! file named on the command line, if any.
//!
//! The shipped variants say `extends = "baseline.toml"` (a path beside
//! them); embedded, they are read as inline text, so that line is pointed
//! at the embedded baseline instead. The baseline itself is loaded as the
//! built-in, so its runs name `builtin:baseline` as `negsim run` does.

use crate::model::keys::{KeyDoc, reference};
use crate::model::load::BASELINE_TOML;
use crate::model::{InputError, Model, Origin, Overrides};
use serde::Serialize;
use std::path::PathBuf;

/// The shipped variants, by id, with their text as in `scenarios/`.
const SHIPPED: [(&str, &str); 5] = [
    ("anchorage-formula", include_str!("../../scenarios/anchorage-formula.toml")),
    ("baseline-free", include_str!("../../scenarios/baseline-free.toml")),
    ("political-control-trade", include_str!("../../scenarios/political-control-trade.toml")),
    ("sanctions-pressure", include_str!("../../scenarios/sanctions-pressure.toml")),
    ("us-withdrawal", include_str!("../../scenarios/us-withdrawal.toml")),
];

/// The `extends` line of the shipped variants, and what it becomes when
/// they are read from the binary.
const EXTENDS_FILE: &str = "extends = \"baseline.toml\"";
const EXTENDS_BUILTIN: &str = "extends = \"builtin:baseline\"";

/// Id of the file given on the command line.
pub const FILE_ID: &str = "file";

/// Where one scenario of the page comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// The embedded baseline.
    Baseline,
    /// A shipped variant: its id and text.
    Shipped(&'static str, &'static str),
    /// The file named on the command line (read again on every request, so
    /// edits to it show on the next run).
    File(PathBuf),
}

impl Source {
    /// Where the model loader reads it from.
    pub fn origin(&self) -> Origin {
        match self {
            Source::Baseline => Origin::baseline(),
            Source::Shipped(id, text) => Origin::Inline {
                name: format!("scenarios/{id}.toml"),
                text: text.replace(EXTENDS_FILE, EXTENDS_BUILTIN),
            },
            Source::File(path) => Origin::Path(path.clone()),
        }
    }

    /// The scenario's own text, as the edited download starts from it.
    pub fn text(&self) -> Result<String, InputError> {
        match self {
            Source::Baseline => Ok(BASELINE_TOML.to_string()),
            Source::Shipped(_, text) => Ok(text.replace(EXTENDS_FILE, EXTENDS_BUILTIN)),
            Source::File(path) => crate::model::load::read_input(path, crate::model::load::MAX_FILE_BYTES, "scenario"),
        }
    }

    /// Loads it with overrides.
    pub fn load(&self, sets: &[String]) -> Result<Model, InputError> {
        Model::load_with(&self.origin(), &Overrides { sets: sets.to_vec() })
    }
}

/// Every scenario the page offers, by id: the file first when one was
/// given, then the baseline and the shipped variants.
pub fn catalogue(file: Option<PathBuf>) -> Vec<(String, Source)> {
    let mut out = Vec::new();
    if let Some(path) = file {
        out.push((FILE_ID.to_string(), Source::File(path)));
    }
    out.push(("baseline".to_string(), Source::Baseline));
    out.extend(SHIPPED.iter().map(|&(id, text)| (id.to_string(), Source::Shipped(id, text))));
    out
}

/// One lever of the page: a numeric parameter of the scenario, with what
/// the key reference says about it.
#[derive(Debug, Serialize)]
pub struct Lever {
    /// Dotted path, as `--set` takes it.
    pub key: String,
    /// Its value in the scenario.
    pub value: f64,
    /// Lowest allowed value.
    pub lo: f64,
    /// Highest allowed value.
    pub hi: f64,
    /// Unit, in words.
    pub unit: &'static str,
    /// What it means.
    pub meaning: String,
    /// The group it is shown in (the key's first part).
    pub group: String,
}

/// The levers of a model: its numeric parameters that a driver does not
/// draw per trial (a `--set` of those is refused; their drivers' own
/// parameters are levers instead).
pub fn levers(model: &Model) -> Vec<Lever> {
    let docs = reference();
    let drawn: Vec<&str> = model.drivers.iter().map(|d| d.key.as_str()).collect();
    model
        .parameters
        .iter()
        .filter(|p| !drawn.contains(&p.key.as_str()))
        .map(|p| {
            // A value inside a documented table (a move's effects, a rule's
            // bounds) takes the table's meaning, naming the variable.
            let (parent, last) = p.key.rsplit_once('.').unwrap_or(("", ""));
            let (unit, meaning) = match (describe(&docs, &p.key), describe(&docs, parent)) {
                (Some(d), _) => (d.unit, d.meaning.clone()),
                (None, Some(d)) => ("", format!("`{last}`: {}", d.meaning)),
                (None, None) => ("", String::new()),
            };
            Lever {
                key: p.key.clone(),
                value: p.value,
                lo: p.lo,
                hi: p.hi,
                unit,
                meaning,
                group: p.key.split(['.', '[']).next().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// The reference entry of a key: itself, or with the name the file chose
/// (a driver's or a tactic's id) as `<id>`, or with positions as `[]`.
fn describe<'d>(docs: &'d [KeyDoc], key: &str) -> Option<&'d KeyDoc> {
    let exact = docs.iter().find(|d| d.key == key);
    exact.or_else(|| {
        let parts: Vec<&str> = key.split('.').collect();
        let generic: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| match p.find('[') {
                Some(at) => format!("{}[]", &p[..at]),
                None if i == 1 && parts.len() > 2 && !parts[0].contains('[') => "<id>".to_string(),
                None => (*p).to_string(),
            })
            .collect();
        let generic = generic.join(".");
        docs.iter().find(|d| d.key == generic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_loads_from_the_binary() {
        for (id, source) in catalogue(None) {
            let model = source.load(&[]).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(!levers(&model).is_empty(), "{id}");
        }
    }

    #[test]
    fn every_lever_is_documented() {
        let model = Source::Baseline.load(&[]).unwrap();
        let all = levers(&model);
        let undocumented: Vec<&str> = all.iter().filter(|l| l.meaning.is_empty()).map(|l| l.key.as_str()).collect();
        assert!(undocumented.is_empty(), "{undocumented:?}");
    }
}
