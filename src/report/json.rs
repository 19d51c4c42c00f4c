//! JSON: a result as is, pretty-printed. Keys are a contract (README,
//! "Output"); floats are printed shortest-exact, so equal runs give equal
//! bytes.

use super::Export;
use serde::Serialize;

/// JSON output.
pub struct Json;

impl<T: Serialize> Export<T> for Json {
    fn export(&self, value: &T) -> String {
        // Our results hold only strings, integers, finite floats and
        // options; serde_json cannot fail on them.
        let mut out = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        out.push('\n');
        out
    }
}
