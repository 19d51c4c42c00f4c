//! The layer rule of `src/lib.rs`: each layer imports only the layers it is
//! allowed to, so the engine stays pure and nothing below the commands
//! knows the command line.
//!
//! The test reads every `.rs` file under each layer's directory (or its one
//! file) and collects the `crate::<module>` paths it names, in `use`
//! statements and inline, comments and doc comments left out. A path to a
//! layer not in the allowed list fails, naming the file and line. `use
//! crate::{a, b}` groups are refused outright, since they would hide the
//! module names from this reading.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may import (besides itself).
const ALLOWED: [(&str, &[&str]); 10] = [
    ("seeds", &[]),
    ("model", &["seeds"]),
    ("engine", &["model"]),
    ("stats", &["engine", "model", "seeds"]),
    ("results", &["stats", "engine", "model", "seeds"]),
    ("analysis", &["results", "stats", "engine", "model", "seeds"]),
    ("report", &["results", "model", "seeds"]),
    ("cli", &["analysis", "report", "engine", "model"]),
    ("serve", &["analysis", "report", "results", "stats", "engine", "model", "seeds"]),
    ("commands", &["serve", "cli", "analysis", "report", "results", "stats", "engine", "model", "seeds"]),
];

fn sources(layer: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{layer}.rs"));
    let dir = src.join(layer);
    let mut out = Vec::new();
    if file.is_file() {
        out.push(file);
    }
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `crate::<module>` names on a line of code (comments cut off).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .map(|(i, _)| {
            code[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '{').collect()
        })
        .collect()
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let mut broken = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (layer, allowed) in ALLOWED {
        let files = sources(layer);
        assert!(!files.is_empty(), "no source for layer {layer}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                for module in crate_paths(line) {
                    *seen.entry(layer).or_default() += 1;
                    if module.starts_with('{') {
                        broken.push(format!(
                            "{}:{}: `use crate::{{...}}` hides the layers it names",
                            file.display(),
                            n + 1
                        ));
                    } else if module != layer && !allowed.contains(&module.as_str()) {
                        broken.push(format!("{}:{}: {layer} imports {module}", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layer rule broken:\n{}", broken.join("\n"));
    // The reading works: the layers that must import something do.
    for layer in ["model", "engine", "stats", "results", "analysis", "report", "cli", "serve", "commands"] {
        assert!(seen.get(layer).copied().unwrap_or(0) > 0, "found no crate:: path in {layer}");
    }
}

#[test]
fn the_reader_finds_paths_and_skips_comments() {
    assert_eq!(crate_paths("use crate::model::Model; // crate::cli"), ["model"]);
    assert_eq!(crate_paths("    let x = crate::engine::keyed(1) + crate::seeds::OUTCOMES;"), ["engine", "seeds"]);
    assert!(crate_paths("/// see crate::cli").is_empty());
    assert_eq!(crate_paths("use crate::{model, cli};"), ["{model"]);
}
