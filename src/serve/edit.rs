//! The edited scenario as a file: the scenario's own text with the page's
//! settings written into it, so that `negsim run FILE` replays the page's
//! run without any flags.
//!
//! The text is edited in place (`toml_edit` keeps comments, order and
//! layout), not regenerated from the merged tree: the download reads like
//! the scenario it came from, with the changed lines changed. A key the
//! file does not hold is added in the table it belongs to; since tables
//! merge key by key over the file's parent, adding it to the child means
//! the same as `--set`. A position in an array the file does not hold
//! (`rules[2]` of a file that inherits its rules) cannot be written this
//! way, and is refused with a message.

use crate::model::InputError;
use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// One step of a dotted path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `a.b[2].c` into steps; `None` if it is not a path.
fn steps(key: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.trim().is_empty() {
            return None;
        }
        out.push(Step::Key(name.trim()));
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            let n: usize = inner[..close].trim().parse().ok().filter(|n| *n >= 1)?;
            out.push(Step::Index(n - 1));
            rest = &inner[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// Why an override cannot be written into the file.
fn refused(key: &str, why: &str) -> InputError {
    InputError::plain(
        format!("cannot write `{key}` into the downloaded scenario: {why}"),
        "download the results instead, or set the whole array in a scenario file of your own",
    )
}

/// Writes `value` (TOML value text) at `key` in the document.
fn set(doc: &mut DocumentMut, key: &str, value: &str) -> Result<(), InputError> {
    let path = steps(key).ok_or_else(|| refused(key, "it is not a dotted path"))?;
    let mut value: Value = value.trim().parse().map_err(|_| refused(key, &format!("`{value}` is not a TOML value")))?;
    value.decor_mut().clear();
    put(doc.as_table_mut(), false, &path, key, value)
}

/// Writes `value` at `path` below `table` (`inline`: an inline table,
/// whose new sub-tables must be inline too).
fn put(table: &mut dyn TableLike, inline: bool, path: &[Step<'_>], key: &str, value: Value) -> Result<(), InputError> {
    let Some(Step::Key(name)) = path.first() else {
        return Err(refused(key, "a position must follow a key"));
    };
    let rest = &path[1..];
    match rest.first() {
        None => {
            match table.get_mut(name) {
                Some(Item::Value(v)) => {
                    let decor = v.decor().clone();
                    *v = value;
                    *v.decor_mut() = decor;
                }
                Some(other) => *other = Item::Value(value),
                None => {
                    table.insert(name, Item::Value(value));
                }
            }
            Ok(())
        }
        Some(Step::Index(n)) => {
            let Some(Item::ArrayOfTables(array)) = table.get_mut(name) else {
                return Err(refused(key, "positions reach only arrays of tables the file itself holds"));
            };
            let t = array.get_mut(*n).ok_or_else(|| refused(key, "the file's array is shorter"))?;
            if rest.len() < 2 {
                return Err(refused(key, "a whole table cannot be set at once"));
            }
            put(t, false, &rest[1..], key, value)
        }
        Some(Step::Key(_)) => {
            if table.get(name).is_none() {
                let fresh = if inline || table.is_dotted() {
                    Item::Value(Value::InlineTable(InlineTable::new()))
                } else {
                    let mut t = Table::new();
                    t.set_implicit(true);
                    Item::Table(t)
                };
                table.insert(name, fresh);
            }
            let item = table.get_mut(name).ok_or_else(|| refused(key, "the key vanished"))?;
            let inner_inline = item.is_inline_table();
            let inner = item.as_table_like_mut().ok_or_else(|| refused(key, "its parent is not a table"))?;
            put(inner, inner_inline, rest, key, value)
        }
    }
}

/// The scenario text with every `KEY=VALUE` setting written into it, and a
/// comment at the top saying where it came from.
pub fn edited(text: &str, sets: &[String], note: &str) -> Result<String, InputError> {
    let mut doc: DocumentMut =
        text.parse().map_err(|_| InputError::plain("the scenario's text is not TOML", "check the scenario file"))?;
    for s in sets {
        let (key, value) = s.split_once('=').ok_or_else(|| refused(s, "it has no `=`"))?;
        set(&mut doc, key.trim(), value)?;
    }
    let mut out = String::new();
    for line in note.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&doc.to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_replaced_and_added_in_place() {
        let text = "name = \"x\" # the name\n\n[russia]\npain_pace = 0.1 # source\n";
        let sets = ["russia.pain_pace=0.25".to_string(), "war.intensity=0.5".to_string()];
        let out = edited(text, &sets, "edited").unwrap();
        assert!(out.starts_with("# edited\n"), "{out}");
        assert!(out.contains("pain_pace = 0.25 # source"), "{out}");
        let back: toml::Table = out.parse().unwrap();
        assert_eq!(back["war"]["intensity"].as_float(), Some(0.5));
        assert_eq!(back["name"].as_str(), Some("x"));
    }

    #[test]
    fn arrays_the_file_does_not_hold_are_refused() {
        assert!(edited("name = \"x\"\n", &["rules[2].outcome=\"a\"".to_string()], "n").is_err());
        assert!(edited("name = \"x\"\n", &["a..b=1".to_string()], "n").is_err());
    }
}
