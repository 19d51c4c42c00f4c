//! Conditioning on evidence: the `--given` language (being rewritten for
//! model v2; until then every expression is refused).

use crate::engine::{Observer, Trial};
use crate::model::{InputError, Model};

/// Longest expression accepted, in characters.
pub const MAX_LEN: usize = 1000;

/// A parsed, checked `--given` expression.
#[derive(Clone, Debug)]
pub struct Given {
    text: String,
}

impl Given {
    /// Parses `text` against `model`.
    pub fn parse(text: &str, _model: &Model) -> Result<Given, InputError> {
        Err(InputError::plain(format!("--given `{text}`: not available yet"), "run without --given"))
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A fresh recorder for one block of trials.
    pub fn watch(&self) -> Watch {
        Watch
    }

    /// Whether a finished trial matches.
    pub fn matches(&self, _trial: &Trial, _watch: &Watch) -> bool {
        false
    }
}

/// Records what an expression needs during a trial.
#[derive(Clone, Debug)]
pub struct Watch;

impl Observer for Watch {}
