//! `negsim validate`: check files without running them.

use super::{Error, emit};
use crate::cli::ValidateArgs;
use crate::cli::write::say;
use crate::model::{Model, Origin};

pub(super) fn validate(args: &ValidateArgs) -> Result<(), Error> {
    let mut failed = 0;
    for file in &args.files {
        match Model::load(&Origin::Path(file.clone())) {
            Ok(model) => {
                let line = format!(
                    "ok: {} (\"{}\": {} tactics, {} rules)\n",
                    file.display(),
                    model.name,
                    model.tactics.len(),
                    model.rules.len()
                );
                emit(&line, None)?;
            }
            Err(err) => {
                failed += 1;
                say(&err.to_string());
            }
        }
    }
    if failed > 0 {
        return Err(Error::Invalid { failed, total: args.files.len() });
    }
    Ok(())
}
