//! The README documents what the files use, and opens with the two commands
//! a newcomer needs.

use std::collections::BTreeSet;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// Dotted key paths of a TOML table, with world and tactic ids written
/// `<id>` and rules `rules[]`, as the README writes them.
fn paths(prefix: &str, value: &toml::Value, out: &mut BTreeSet<String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = match prefix {
                    "worlds" | "tactics" => format!("{prefix}.<id>"),
                    "" => k.clone(),
                    // Tables whose keys are state variables or tactic ids:
                    // the table itself is documented, its keys elsewhere.
                    p if p.ends_with(".start") && p != "start"
                        || p.ends_with(".tactics")
                        || p.ends_with(".effects") =>
                    {
                        out.insert(p.to_string());
                        continue;
                    }
                    p if p.ends_with(".min") || p.ends_with(".max") => {
                        out.insert(p.to_string());
                        continue;
                    }
                    p => format!("{p}.{k}"),
                };
                paths(&key, v, out);
            }
        }
        toml::Value::Array(items) if prefix == "rules" => {
            for item in items {
                paths("rules[]", item, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

#[test]
fn every_key_of_the_baseline_is_documented_in_the_readme() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline.toml")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let mut keys = BTreeSet::new();
    paths("", &value, &mut keys);
    assert!(keys.len() > 60, "{keys:?}");
    let readme = readme();
    let format = &readme[readme.find("## Scenario file format").expect("section")..];
    let missing: Vec<&String> = keys.iter().filter(|k| !format.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "README's \"Scenario file format\" does not document: {missing:?}");
}

#[test]
fn every_optional_key_of_the_schema_is_documented_too() {
    let readme = readme();
    for key in [
        "extends",
        "description",
        "simulation.normalize",
        "tactics.<id>.phase",
        "tactics.<id>.when",
        "tactics.<id>.hours_factor",
        "tactics.<id>.blocks_agreement",
        "tactics.<id>.freezes_russia",
        "tactics.<id>.reverses_draft",
        "tactics.<id>.excludes_mediator",
        "tactics.<id>.ends_mediation",
        "tactics.<id>.violation_hazard",
        "rules[].held",
        "rules[].broke_down",
        "rules[].mediator_left",
        "rules[].reversed",
    ] {
        assert!(readme.contains(&format!("`{key}`")), "README does not document `{key}`");
    }
}

#[test]
fn the_first_screen_gives_the_two_commands() {
    let first_screen: String = readme().lines().take(30).collect::<Vec<_>>().join("\n");
    assert!(first_screen.contains("cargo run --release -- run"), "{first_screen}");
    assert!(first_screen.contains("cargo test --locked"), "{first_screen}");
}
