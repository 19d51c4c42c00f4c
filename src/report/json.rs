//! JSON: the summary as is, pretty-printed. Keys are a contract (README,
//! "Output"); floats are printed shortest-exact, so equal runs give equal
//! bytes.

use super::{Render, Summary};

/// JSON output.
pub struct Json;

impl Render for Json {
    fn render(&self, summary: &Summary) -> String {
        // A Summary holds only strings, integers, finite floats and
        // options; serde_json cannot fail on it.
        let mut out = serde_json::to_string_pretty(summary).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        out.push('\n');
        out
    }
}
