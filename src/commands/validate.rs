//! `negsim validate`: check files without running them.
//!
//! Each file is loaded as every command loads it; a file that fails is
//! checked further, so that every problem it has is reported in one pass
//! (`model::lint::check_all`). Rules that can never match are warned
//! about (on stderr; they do not fail validation). `--format json` prints
//! one record per file, with its counts, errors and warnings.

use super::{Error, emit};
use crate::cli::ValidateArgs;
use crate::cli::write::say;
use crate::model::lint::{Warning, check_all};
use crate::model::{Origin, Overrides, Problem};
use crate::report::BriefFormat;
use serde::Serialize;

/// One file's verdict, as `--format json` prints it.
#[derive(Serialize)]
struct Verdict {
    file: String,
    ok: bool,
    name: Option<String>,
    tactics: Option<usize>,
    drivers: Option<usize>,
    rules: Option<usize>,
    errors: Vec<ProblemJson>,
    warnings: Vec<Warning>,
}

#[derive(Serialize)]
struct ProblemJson {
    location: Option<String>,
    message: String,
    help: Option<String>,
}

impl From<&Problem> for ProblemJson {
    fn from(p: &Problem) -> Self {
        ProblemJson { location: p.location.clone(), message: p.message.clone(), help: p.help.clone() }
    }
}

pub(super) fn validate(args: &ValidateArgs) -> Result<(), Error> {
    let json = args.format == BriefFormat::Json;
    let mut verdicts = Vec::with_capacity(args.files.len());
    let mut failed = 0;
    for file in &args.files {
        let shown = file.display().to_string();
        let verdict = match check_all(&Origin::Path(file.clone()), &Overrides::none()) {
            Ok(model) => {
                let warnings = model.warnings();
                if !json {
                    let line = format!(
                        "ok: {shown} (\"{}\": {} tactics, {} drivers, {} rules)\n",
                        model.name,
                        model.tactics.len(),
                        model.drivers.len(),
                        model.rules.len()
                    );
                    emit(&line, None)?;
                    for w in &warnings {
                        say(&w.render(&shown));
                    }
                }
                Verdict {
                    file: shown,
                    ok: true,
                    name: Some(model.name.clone()),
                    tactics: Some(model.tactics.len()),
                    drivers: Some(model.drivers.len()),
                    rules: Some(model.rules.len()),
                    errors: Vec::new(),
                    warnings,
                }
            }
            Err(err) => {
                failed += 1;
                if !json {
                    say(&err.to_string());
                }
                Verdict {
                    file: shown,
                    ok: false,
                    name: None,
                    tactics: None,
                    drivers: None,
                    rules: None,
                    errors: err.problems().iter().map(ProblemJson::from).collect(),
                    warnings: Vec::new(),
                }
            }
        };
        verdicts.push(verdict);
    }
    if json {
        #[derive(Serialize)]
        struct All<'a> {
            files: &'a [Verdict],
            failed: usize,
        }
        // Strings, integers and booleans only: serde_json cannot fail here.
        let text = serde_json::to_string_pretty(&All { files: &verdicts, failed }).unwrap_or_default();
        emit(&(text + "\n"), None)?;
    }
    if failed > 0 {
        return Err(Error::Invalid { failed, total: args.files.len() });
    }
    Ok(())
}
