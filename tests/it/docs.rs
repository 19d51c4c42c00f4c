//! The README says what the binary does, and cannot drift from it.
//!
//! * The key reference between the `negsim keys -f markdown` markers is that
//!   command's output, byte for byte.
//! * The first screen gives the two commands a newcomer needs.
//! * Every `negsim` command line shown in a `sh` block runs and succeeds
//!   (see [`every_documented_command_runs`] for the convention).
//! * Every `--flag` the README names outside "Changes from v1" is a flag of
//!   some negsim command.
//! * The JSON section names every top-level key of `negsim run -f json`.
//!
//! All of it takes a few seconds: the documented commands run with small
//! trial counts.

use crate::common::{negsim, repo};
use std::collections::BTreeSet;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(repo("README.md")).expect("README.md")
}

fn stdout(args: &[&str]) -> String {
    let out = negsim().args(args).output().expect("negsim runs");
    assert!(out.status.success(), "negsim {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text of section `heading` (a line `## heading`), up to the next
/// section of the same level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(&format!("\n## {heading}\n")).unwrap_or_else(|| panic!("no section `## {heading}`"));
    let body = &text[start + 1..];
    let end = body[3..].find("\n## ").map_or(body.len(), |i| i + 4);
    &body[..end]
}

const KEYS_BEGIN: &str = "<!-- negsim keys -f markdown: begin -->\n";
const KEYS_END: &str = "<!-- negsim keys -f markdown: end -->";

/// To refresh the reference after changing the key lists, replace what lies
/// between the two markers with the output of `negsim keys -f markdown`.
#[test]
fn the_key_reference_is_the_output_of_negsim_keys() {
    let text = readme();
    let start = text.find(KEYS_BEGIN).expect("begin marker") + KEYS_BEGIN.len();
    let end = text[start..].find(KEYS_END).expect("end marker after the begin marker") + start;
    let pasted = &text[start..end];
    let generated = stdout(&["keys", "-f", "markdown"]);
    if pasted != generated {
        let line = pasted.lines().zip(generated.lines()).position(|(a, b)| a != b);
        panic!(
            "README's key reference differs from `negsim keys -f markdown` (first differing row: {line:?}); \
             paste the command's output between the markers"
        );
    }
    assert!(generated.lines().count() > 100, "the reference lists every key");
}

#[test]
fn the_first_screen_gives_the_quick_start_commands() {
    let text = readme();
    let first: Vec<&str> = text.lines().take(30).collect();
    // A command line, with any trailing comment removed.
    let command = |line: &&str| line.split('#').next().unwrap_or("").trim().to_string();
    let commands: Vec<String> = first.iter().map(command).collect();
    assert!(
        commands.iter().any(|c| c == "cargo run --release --"),
        "the first 30 lines must show `cargo run --release --` alone (it runs the embedded baseline):\n{}",
        first.join("\n")
    );
    assert!(commands.iter().any(|c| c == "cargo test --locked"), "{}", first.join("\n"));
    assert!(
        text.lines().take(40).map(|l| command(&l)).any(|c| c == "cargo install --path ."),
        "the first screen says how to put negsim on the PATH"
    );
    assert!(first[0].starts_with("# negsim"), "{}", first[0]);
}

/// A fenced code block: its info string and its lines.
struct Block<'a> {
    info: &'a str,
    lines: Vec<&'a str>,
}

fn code_blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<Block<'_>> = None;
    for line in text.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some(Block { info: info.trim(), lines: Vec::new() }),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some(block), None) => block.lines.push(line),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README has an unclosed code fence");
    blocks
}

/// Splits a documented command line as a shell would: words separated by
/// spaces, `'...'` and `"..."` quoting, a comment from an unquoted `#` at
/// the start of a word, and the command ending at an unquoted `|` (what
/// follows is another program). Anything else a shell would interpret
/// (`$`, backquotes, `\`, `;`, `&`, `<`, `>`, `*`, `?`) is refused, so that a
/// line the README shows is never run differently from how a shell runs it.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '#' if word.is_none() => break,
            '|' => break,
            '\'' | '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(x) => w.push(x),
                        None => return Err(format!("unclosed quote in `{line}`")),
                    }
                }
            }
            '$' | '`' | '\\' | ';' | '&' | '<' | '>' | '*' | '?' => {
                return Err(format!("`{c}` in `{line}`: the docs test does not run shell syntax"));
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Subcommands that run a model and take `-n`; and those that also take
/// `--quiet`.
const TAKES_TRIALS: [&str; 10] =
    ["run", "compare", "sweep", "sensitivity", "report", "calibrate", "check-history", "bench", "backtest", "sobol"];
const TAKES_QUIET: [&str; 9] =
    ["run", "compare", "sweep", "sensitivity", "report", "calibrate", "check-history", "backtest", "sobol"];

/// Trials per run in the docs test.
const SMALL: &str = "200";

/// A documented command made fast and kept inside `dir`: trial counts
/// become [`SMALL`] (added where the command runs a model and gives none),
/// `--quiet` is added where accepted, `calibrate --iterations` becomes 3,
/// `bench --repeat` 1, `--samples` and `--uncertain` 3, and absolute output paths (`-o`, `--output`,
/// `--chart`) are moved into `dir`.
fn made_fast(words: &[String], dir: &Path) -> Vec<String> {
    let sub = words.get(1).map(String::as_str).unwrap_or("");
    let help = words.iter().any(|w| matches!(w.as_str(), "-h" | "--help" | "-V" | "--version"));
    let mut out: Vec<String> = Vec::new();
    let mut iter = words[1..].iter();
    while let Some(w) = iter.next() {
        let value = |iter: &mut std::slice::Iter<'_, String>| iter.next().cloned().unwrap_or_default();
        match w.as_str() {
            "-n" | "--trials" => {
                value(&mut iter);
                out.extend([w.clone(), SMALL.to_string()]);
            }
            w if w.starts_with("--trials=") => out.push(format!("--trials={SMALL}")),
            "--iterations" => {
                value(&mut iter);
                out.extend(["--iterations".to_string(), "3".to_string()]);
            }
            "--repeat" => {
                value(&mut iter);
                out.extend(["--repeat".to_string(), "1".to_string()]);
            }
            "--samples" | "--uncertain" => {
                value(&mut iter);
                out.extend([w.clone(), "3".to_string()]);
            }
            "-o" | "--output" | "--chart" => {
                let path = value(&mut iter);
                let path = if Path::new(&path).is_absolute() {
                    dir.join(Path::new(&path).file_name().expect("a file name")).display().to_string()
                } else {
                    path
                };
                out.extend([w.to_string(), path]);
            }
            _ => out.push(w.clone()),
        }
    }
    if !help {
        let given = |flags: &[&str]| words.iter().any(|w| flags.contains(&w.as_str()) || w.starts_with("--trials="));
        if TAKES_TRIALS.contains(&sub) && !given(&["-n", "--trials"]) {
            out.extend(["-n".to_string(), SMALL.to_string()]);
        }
        if TAKES_QUIET.contains(&sub) && !given(&["-q", "--quiet"]) {
            out.push("--quiet".to_string());
        }
        // A forecast from a date keeps about one trial in ten: with so few
        // drawn, it may answer on a handful (the check of too few trials is
        // tested in asof.rs).
        if words.iter().any(|w| w == "--as-of") || sub == "backtest" {
            out.extend(["--min-ess".to_string(), "1".to_string()]);
            if !given(&["--accepted"]) {
                out.extend(["--accepted".to_string(), "20".to_string()]);
            }
        }
    }
    out
}

/// Every `negsim` command line the README shows is run, and must succeed.
///
/// The convention: commands are the lines that begin with `negsim` inside
/// code blocks fenced as ```` ```sh ````; output is shown in ```` ```text ````
/// blocks, which are never run. A line is read as a shell would read it
/// (see [`shell_words`]); a trailing `# comment` is dropped, and so is a
/// pipe into another program (`| jq ...`).
///
/// Running every line for real checks more than parsing would (files,
/// values, `--given` expressions, combinations of flags), and stays fast
/// because each line is first made cheap ([`made_fast`]): trial counts
/// become 200, the fit and bench repeat counts shrink, and outputs stay in
/// a scratch directory. The lines run in the README's order in that one
/// directory, which links the repository's `scenarios/` and `seeds/`, so
/// the shards written by one line are merged by a later one; a ```` ```toml ````
/// block whose first line is `# file: NAME` is written there as NAME before
/// any line runs, so an example scenario can be used by the lines after it.
/// A bare `negsim` runs the embedded baseline at full size (under a second).
#[test]
fn every_documented_command_runs() {
    let text = readme();
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["scenarios", "seeds"] {
        std::os::unix::fs::symlink(repo(name), dir.path().join(name)).expect("link");
    }
    let blocks = code_blocks(&text);
    for block in blocks.iter().filter(|b| b.info == "toml") {
        if let Some(name) = block.lines.first().and_then(|l| l.strip_prefix("# file: ")) {
            let body: String = block.lines.iter().map(|l| format!("{l}\n")).collect();
            std::fs::write(dir.path().join(name.trim()), body).expect("write example file");
        }
    }
    let mut ran = 0;
    for block in blocks.iter().filter(|b| b.info == "sh") {
        for line in block.lines.iter().map(|l| l.trim()).filter(|l| *l == "negsim" || l.starts_with("negsim ")) {
            let words = shell_words(line).unwrap_or_else(|e| panic!("{e}"));
            let args = made_fast(&words, dir.path());
            let out = negsim().current_dir(dir.path()).args(&args).output().expect("negsim runs");
            assert!(
                out.status.success(),
                "README command `{line}` (run as `negsim {}`) exited with {:?}:\n{}",
                args.join(" "),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 30, "only {ran} documented commands found");
}

/// The flags of every negsim command, from their help.
fn negsim_flags() -> BTreeSet<String> {
    let help = stdout(&["--help"]);
    let subcommands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(subcommands.len() >= 12, "{subcommands:?}");
    let mut flags = BTreeSet::new();
    for text in std::iter::once(help).chain(subcommands.iter().map(|c| stdout(&[c, "--help"]))) {
        flags.extend(long_flags(&text));
    }
    flags
}

/// Every `--word` in a text.
fn long_flags(text: &str) -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("--") {
        let start = i + at;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let mut end = start + 2;
        while end < bytes.len() && (bytes[end].is_ascii_lowercase() || bytes[end] == b'-') {
            end += 1;
        }
        let name = text[start..end].trim_end_matches('-');
        if name.len() > 2 && !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
            flags.insert(name.to_string());
        }
        i = end.max(start + 2);
    }
    flags
}

#[test]
fn every_flag_the_readme_names_is_a_flag_of_negsim() {
    let text = readme();
    // What v1 had is named on purpose in its own section.
    let v1 = section(&text, "Changes from v1");
    let rest = text.replacen(v1, "", 1);
    // Flags of other tools the README shows.
    let others = ["--release", "--locked", "--path", "--check", "--all-targets", "--test"];
    let known = negsim_flags();
    let unknown: Vec<String> =
        long_flags(&rest).into_iter().filter(|f| !known.contains(f) && !others.contains(&f.as_str())).collect();
    assert!(unknown.is_empty(), "the README names flags negsim does not have: {unknown:?}");
}

#[test]
fn the_json_section_names_every_top_level_key_of_a_run() {
    let text = readme();
    let json_section = {
        let start = text.find("### JSON output").expect("a JSON section");
        let rest = &text[start..];
        &rest[..rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3)]
    };
    let out = stdout(&["run", "-n", SMALL, "-f", "json", "--quiet"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let missing: Vec<&String> =
        value.as_object().expect("an object").keys().filter(|k| !json_section.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "README's JSON section does not name: {missing:?}");
}

#[test]
fn documented_lines_are_read_as_a_shell_reads_them() {
    let words = |l: &str| shell_words(l).unwrap();
    assert_eq!(words("negsim run --given 'a and b'  # note"), ["negsim", "run", "--given", "a and b"]);
    assert_eq!(words("negsim run -f json | jq '.x'"), ["negsim", "run", "-f", "json"]);
    assert_eq!(
        words("negsim run --set \"rules[5].min.front=0.5\""),
        ["negsim", "run", "--set", "rules[5].min.front=0.5"]
    );
    assert!(shell_words("negsim run > out.txt").is_err());
    assert!(shell_words("negsim run 'unclosed").is_err());
    let dir = Path::new("/scratch");
    let fast = |l: &str| made_fast(&words(l), dir).join(" ");
    assert_eq!(fast("negsim run -n 50000"), "run -n 200 --quiet");
    assert_eq!(
        fast("negsim calibrate f.toml --iterations 120 -o /tmp/x.toml"),
        "calibrate f.toml --iterations 3 -o /scratch/x.toml -n 200 --quiet"
    );
    assert_eq!(fast("negsim bench --repeat 3"), "bench --repeat 1 -n 200");
    assert_eq!(fast("negsim trace --trial 8"), "trace --trial 8");
    assert_eq!(fast("negsim --help"), "--help");
}
