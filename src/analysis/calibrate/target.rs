//! The table a calibration fits to: the published one, or one read from a
//! file, checked with located errors like a scenario's.

use crate::model::InputError;
use crate::model::error::Diagnostics;
use crate::model::source::SourceMap;
use crate::results::TargetTable;
use crate::seeds::{self, OUTCOMES};
use serde::Deserialize;
use toml::Spanned;

/// The published GLOBSEC table (seeds/globsec-2025.toml).
pub fn published() -> TargetTable {
    TargetTable { name: "published GLOBSEC table (seeds/globsec-2025.toml)".into(), shares: seeds::priors() }
}

/// Reads a target: a TOML file with `probabilities = [7 numbers]` (shares
/// of one, or percent summing to 100), or a table in the format of
/// `seeds/globsec-2025.toml`. `name` is what errors call it.
pub fn read_target(name: &str, text: String) -> Result<TargetTable, InputError> {
    type Span = Option<std::ops::Range<usize>>;
    let name = name.to_string();
    let help = "give probabilities = [p1, ..., p7] (shares of one or percent), or a file like seeds/globsec-2025.toml";
    let mut sources = SourceMap::new();
    let id = sources.add(name.clone(), text, None);
    let (base, text) = (sources.offset(id), sources.text(id));
    // Every problem points at its place in the file, like a scenario's.
    let fail = |span: Option<std::ops::Range<usize>>, message: String, help: &str| {
        let mut report = Diagnostics::default();
        match span {
            Some(s) => report.at(base + s.start..base + s.end, message, help),
            None => report.plain(Some(name.clone()), message, help),
        }
        report.into_error(&sources)
    };
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Flat {
        probabilities: Spanned<Vec<Spanned<f64>>>,
    }
    let (values, whole): (Vec<(f64, Span)>, Span) = match toml::from_str::<Flat>(text) {
        Ok(flat) => {
            let whole = flat.probabilities.span();
            (flat.probabilities.into_inner().into_iter().map(|v| (*v.get_ref(), Some(v.span()))).collect(), Some(whole))
        }
        Err(flat_err) => match toml::from_str::<seeds::ScenarioTable>(text) {
            Ok(table) => (table.scenarios.iter().map(|s| (f64::from(s.probability_percent), None)).collect(), None),
            Err(_) => {
                return Err(fail(flat_err.span(), format!("not a target table: {}", flat_err.message()), help));
            }
        },
    };
    if values.len() != OUTCOMES {
        return Err(fail(
            whole,
            format!("a target needs {OUTCOMES} probabilities, one per scenario; found {}", values.len()),
            "list the seven scenarios' probabilities in the published order",
        ));
    }
    if let Some((v, span)) = values.iter().find(|(v, _)| !v.is_finite() || *v < 0.0) {
        return Err(fail(
            span.clone(),
            format!("`{v}` is not a probability"),
            "use a number of at least 0 (a share of one, or percent)",
        ));
    }
    let sum: f64 = values.iter().map(|(v, _)| v).sum();
    let scale = if (sum - 1.0).abs() < 1e-6 {
        1.0
    } else if (sum - 100.0).abs() < 1e-4 {
        100.0
    } else {
        return Err(fail(
            whole,
            format!("the probabilities sum to {sum}, not 1 (or 100 %)"),
            "make the seven shares sum to 1, or the percentages to 100",
        ));
    };
    let mut shares = [0.0; OUTCOMES];
    for (s, (v, _)) in shares.iter_mut().zip(values) {
        *s = v / scale;
    }
    Ok(TargetTable { name, shares })
}
