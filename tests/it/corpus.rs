//! A corpus of bad inputs, generated (not listed by hand) and run against
//! the binary: mutations of `scenarios/baseline.toml` (each key deleted,
//! numbers replaced by what does not belong, tables duplicated, the file
//! cut short, bytes flipped, unicode and byte-order marks, `extends`
//! chains that loop or go too deep, CRLF), bad values for the flags of
//! every subcommand, `--set` paths and values, devices, named pipes,
//! directories where files belong, unreadable files and read-only output
//! directories (when not root), missing output directories, and part files
//! edited field by field, cut short and mixed between runs.
//!
//! Every case runs in its own directory, with a 20 s timeout, and must:
//! exit with code 1 or 2 (0 where the input may well be fine), never 101 or
//! a signal; on failure, say something on stderr that names the input
//! (`file:line:column` where the problem has a place), with no panic text;
//! print no NaN or infinity; leave an `-o` target absent, unchanged or
//! complete, never half-written; and leave no temporary file behind.
//!
//! Randomness (which numbers, which bytes) comes from a fixed seed, so the
//! corpus is the same on every run. Run it alone with
//! `cargo test --test it corpus::`.

use crate::common::repo;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);
const THREADS: usize = 4;

/// What a case may end with.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Code 1 or 2.
    Fail,
    /// Code 0, 1 or 2 (a mutation that may leave a valid input).
    Any,
    /// Code 0 (a control: the same setting done right).
    Ok,
}

/// Something to set up in the case's directory besides files.
#[derive(Clone, Debug)]
enum Setup {
    /// A named pipe that a thread writes these bytes to once it is opened.
    FifoWithWriter(String, Vec<u8>),
    /// A named pipe nobody writes to.
    FifoNoWriter(String),
    /// A file made unreadable (chmod 000).
    Unreadable(String),
    /// A directory made read-only (chmod 555).
    ReadOnlyDir(String),
    /// A directory.
    Dir(String),
}

#[derive(Clone, Debug)]
struct Case {
    family: &'static str,
    name: String,
    args: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
    setup: Vec<Setup>,
    expect: Expect,
    /// On failure, stderr must contain at least one of these.
    names: Vec<String>,
    /// On failure, stderr must contain `file:line:column` for this file.
    position: Option<String>,
    /// The `-o` target, relative to the case's directory.
    output: Option<String>,
}

impl Case {
    fn new(family: &'static str, name: impl Into<String>, args: &[&str]) -> Case {
        Case {
            family,
            name: name.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            files: Vec::new(),
            setup: Vec::new(),
            expect: Expect::Fail,
            names: Vec::new(),
            position: None,
            output: None,
        }
    }
    fn file(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((name.to_string(), bytes.into()));
        self
    }
    fn expect(mut self, e: Expect) -> Case {
        self.expect = e;
        self
    }
    fn names(mut self, names: &[&str]) -> Case {
        self.names.extend(names.iter().map(|s| s.to_string()));
        self
    }
    fn at(mut self, file: &str) -> Case {
        self.position = Some(file.to_string());
        self.names.push(file.to_string());
        self
    }
    fn output(mut self, path: &str) -> Case {
        self.output = Some(path.to_string());
        self
    }
    fn setup(mut self, s: Setup) -> Case {
        self.setup.push(s);
        self
    }
}

/// xorshift64*: a fixed, dependency-free stream of numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_negsim")
}

fn baseline_text() -> String {
    std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap()
}

fn baseline_path() -> String {
    repo("scenarios/baseline.toml").display().to_string()
}

/// The value tokens of a TOML text: what follows `=` up to `,`, `}`, a
/// space, a comment or the end of the line (numbers, dates, booleans;
/// strings, arrays and inline tables are skipped).
fn value_tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] == b' ' {
                    j += 1;
                }
                let start = j;
                if j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'-' || bytes[j] == b'+') {
                    while j < bytes.len() && !matches!(bytes[j], b',' | b'}' | b' ' | b'\n' | b'\r' | b']') {
                        j += 1;
                    }
                    out.push(at + start..at + j);
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        at += line.len();
    }
    out
}

/// Byte ranges of the tables defined by `[header]` lines (not `[[...]]`):
/// from the header to the next header.
fn tables(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut headers = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            headers.push((t.trim_end().to_string(), at));
        }
        at += line.len();
    }
    let mut out = Vec::new();
    for (i, (h, start)) in headers.iter().enumerate() {
        if h.starts_with("[[") {
            continue;
        }
        let end = headers.get(i + 1).map_or(text.len(), |(_, s)| *s);
        out.push((h.clone(), *start..end));
    }
    out
}

fn scenario_mutations(cases: &mut Vec<Case>) {
    let text = baseline_text();
    let mut rng = Rng(0x5eed_0011);
    let run_file = |family: &'static str, name: String, bytes: Vec<u8>| {
        Case::new(family, name, &["validate", "s.toml"]).file("s.toml", bytes).names(&["s.toml"])
    };

    // Each key deleted (every key line; optional keys leave a valid file).
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut at = 0;
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let is_key = t.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && t.contains('=');
        if is_key && n % 2 == 0 {
            let mut mutated = text.clone();
            mutated.replace_range(at..at + line.len(), "");
            cases.push(run_file("key deleted", format!("line {}", n + 1), mutated.into_bytes()).expect(Expect::Any));
        }
        at += line.len();
    }

    // Each kind of wrong value, at positions drawn from the fixed seed.
    let tokens = value_tokens(&text);
    let kinds: [(&str, Expect); 13] = [
        ("nan", Expect::Fail),
        ("inf", Expect::Fail),
        ("-inf", Expect::Fail),
        ("-1", Expect::Any),
        ("1e308", Expect::Fail),
        ("1e-300", Expect::Any),
        ("99999999999999999999", Expect::Fail),
        ("\"text\"", Expect::Fail),
        ("1999-02-30", Expect::Fail),
        ("[1, 2]", Expect::Fail),
        ("{ x = 1 }", Expect::Fail),
        ("true", Expect::Fail),
        ("0x1F", Expect::Fail),
    ];
    for (value, expect) in kinds {
        for _ in 0..11 {
            let span = tokens[rng.below(tokens.len())].clone();
            let original = &text[span.clone()];
            let is_date = original.matches('-').count() == 2 && !original.starts_with('-');
            let expect = if is_date && value == "1999-02-30" { Expect::Fail } else { expect };
            let mut mutated = text.clone();
            mutated.replace_range(span.clone(), value);
            let line = text[..span.start].matches('\n').count() + 1;
            let mut case =
                run_file("value replaced", format!("line {line}: {original} -> {value}"), mutated.into_bytes())
                    .expect(expect);
            if expect == Expect::Fail {
                case = case.at("s.toml");
            }
            cases.push(case);
        }
    }

    // Each table duplicated (at the end of the file).
    for (header, range) in tables(&text) {
        let mut mutated = text.clone();
        mutated.push('\n');
        mutated.push_str(&text[range]);
        cases.push(run_file("table duplicated", header, mutated.into_bytes()).at("s.toml"));
    }

    // Cut short at many offsets.
    for k in 0..60 {
        let cut = text.len() * k / 60 + rng.below(40);
        let cut = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let expect = if k < 54 { Expect::Fail } else { Expect::Any };
        cases.push(run_file("cut short", format!("at byte {cut}"), text.as_bytes()[..cut].to_vec()).expect(expect));
    }

    // Bytes flipped.
    for k in 0..60 {
        let mut bytes = text.clone().into_bytes();
        for _ in 0..1 + k % 3 {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 + (rng.next() % 255) as u8;
        }
        cases.push(run_file("bytes flipped", format!("flip {k}"), bytes).expect(Expect::Any));
    }

    // Unicode and byte-order marks.
    let variant = |body: &str| format!("extends = \"builtin:baseline\"\nname = \"u\"\n{body}\n");
    let unicode: Vec<(&str, Vec<u8>, Expect)> = vec![
        ("BOM then the baseline", format!("\u{feff}{text}").into_bytes(), Expect::Any),
        ("BOM only", "\u{feff}".into(), Expect::Fail),
        ("BOM and blank lines", "\u{feff}\n\n  \n".into(), Expect::Fail),
        ("BOM in the middle", variant("\u{feff}[war]\nintensity = 0.5").into_bytes(), Expect::Fail),
        ("unicode name", "extends = \"builtin:baseline\"\nname = \"ünï 日本 \u{202e}x\"\n".into(), Expect::Any),
        ("unicode tactic id", variant("[tactics.blüff]\nprobability = 0.1").into_bytes(), Expect::Fail),
        ("zero-width space in a key", variant("[war]\ninten\u{200b}sity = 0.5").into_bytes(), Expect::Fail),
        ("emoji key", variant("[war]\n\"🔥\" = 0.5").into_bytes(), Expect::Fail),
        ("fullwidth digits", variant("[war]\nintensity = ０.５").into_bytes(), Expect::Fail),
        ("invalid UTF-8 in a comment", [variant("# caf").as_bytes(), &[0xff, 0xfe, b'\n']].concat(), Expect::Fail),
        ("NUL byte", variant("[war]\nintensity = 0.5\u{0}").into_bytes(), Expect::Fail),
        (
            "surrogate bytes",
            [variant("name2 = \"").as_bytes(), &[0xed, 0xa0, 0x80, b'"', b'\n']].concat(),
            Expect::Fail,
        ),
        ("overlong slash", [variant("").as_bytes(), &[0xc0, 0xaf, b'\n']].concat(), Expect::Fail),
        ("UTF-16 text", [0xff_u8, 0xfe, b'n', 0, b'a', 0].to_vec(), Expect::Fail),
    ];
    for (name, bytes, expect) in unicode {
        cases.push(run_file("unicode", name.to_string(), bytes).expect(expect));
    }

    // CRLF and lone carriage returns.
    cases.push(run_file("line ends", "CRLF".into(), text.replace('\n', "\r\n").into_bytes()).expect(Expect::Ok));
    cases.push(run_file("line ends", "lone CR".into(), text.replace('\n', "\r").into_bytes()).expect(Expect::Fail));
    cases.push(
        run_file("line ends", "mixed".into(), text.replacen('\n', "\r\n", 40).replacen("\n[", "\r[", 3).into_bytes())
            .expect(Expect::Any),
    );
}

fn extends_chains(cases: &mut Vec<Case>) {
    let named = |n: &str, extends: &str| format!("extends = \"{extends}\"\nname = \"{n}\"\n");
    cases.push(Case::new("extends", "self", &["validate", "a.toml"]).file("a.toml", named("a", "a.toml")).at("a.toml"));
    cases.push(
        Case::new("extends", "loop of two", &["run", "a.toml", "-n", "1000", "-q"])
            .file("a.toml", named("a", "b.toml"))
            .file("b.toml", named("b", "a.toml"))
            .at("b.toml")
            .names(&["cycle"]),
    );
    cases.push(
        Case::new("extends", "loop through a subdirectory", &["validate", "a.toml"])
            .file("a.toml", named("a", "sub/b.toml"))
            .file("sub/b.toml", named("b", "../a.toml"))
            .names(&["a.toml", "b.toml"]),
    );
    for depth in [15, 17, 40] {
        let mut case = Case::new("extends", format!("chain of {depth}"), &["validate", "f0.toml"]);
        for i in 0..depth {
            let next = if i + 1 == depth { "builtin:baseline".to_string() } else { format!("f{}.toml", i + 1) };
            case = case.file(&format!("f{i}.toml"), named(&format!("f{i}"), &next));
        }
        let expect = if depth < 16 { Expect::Ok } else { Expect::Fail };
        cases.push(case.expect(expect).names(&["toml"]));
    }
    for (name, target) in [
        ("missing target", "\"nope.toml\""),
        ("directory target", "\"sub\""),
        ("device target", "\"/dev/zero\""),
        ("empty target", "\"\""),
        ("unknown builtin", "\"builtin:nope\""),
        ("number", "3"),
        ("array", "[\"a.toml\"]"),
        ("broken target", "\"broken.toml\""),
    ] {
        cases.push(
            Case::new("extends", name, &["validate", "a.toml"])
                .file("a.toml", format!("extends = {target}\nname = \"a\"\n"))
                .file("broken.toml", "name = \"broken\n")
                .setup(Setup::Dir("sub".into()))
                .names(&["a.toml", "broken.toml"]),
        );
    }
}

/// The cheap, valid form of each subcommand, and the flags it takes.
fn commands(part: &str) -> Vec<(&'static str, Vec<String>, Vec<&'static str>)> {
    let base = baseline_path();
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let model = ["--trials", "--seed", "--threads", "--set"];
    let out = ["--format", "--output"];
    let with = |a: &[&'static str], b: &[&'static str], c: &[&'static str]| [a, b, c].concat();
    vec![
        (
            "run",
            v(&["run", "-n", "1000", "-q"]),
            with(&model, &out, &["--shard", "--precision", "--given", "--accepted"]),
        ),
        ("compare", v(&["compare", &base, "-n", "1000", "-q"]), with(&model, &out, &["--set-b"])),
        (
            "sweep",
            v(&["sweep", "--set-range", "war.front_pull=0.05,0.08", "-n", "1000", "-q"]),
            with(&model, &out, &["--set-range"]),
        ),
        (
            "sensitivity",
            v(&["sensitivity", "--param", "war.intensity", "-n", "1000", "-q"]),
            with(&model, &out, &["--delta", "--param", "--top", "--target"]),
        ),
        ("trace", v(&["trace", "--trial", "3"]), vec!["--trial", "--seed", "--set", "--format"]),
        ("report", v(&["report", "-n", "1000", "-q", "-o", "r.html"]), with(&model, &["--tornado", "--given"], &[])),
        (
            "calibrate",
            v(&["calibrate", &base, "-o", "c.toml", "-n", "200", "--iterations", "1", "-q"]),
            with(&model, &["--iterations", "--check-seed", "--format"], &["--target"]),
        ),
        ("check-history", v(&["check-history", "-n", "1000", "-q"]), with(&model, &out, &[])),
        ("validate", v(&["validate", &base]), vec!["--format"]),
        ("merge", v(&["merge", part]), vec!["--format", "--output"]),
        (
            "bench",
            v(&["bench", "-n", "1000", "--repeat", "1", "-j", "1"]),
            vec!["--trials", "--seed", "--threads", "--repeat", "--format"],
        ),
    ]
}

/// Values a flag must refuse (each alone makes the command fail).
fn bad_values(flag: &str) -> &'static [&'static str] {
    match flag {
        "--trials" => &["0", "-5", "abc", "1.5", "1e3", "10000000001", "99999999999999999999999", ""],
        "--seed" | "--check-seed" => &["-1", "abc", "18446744073709551616", "1.5", ""],
        "--threads" => &["0", "-1", "1025", "x", ""],
        "--set" | "--set-b" => &[
            "noeq",
            "=1",
            "war.intensity=",
            "war.nope=1",
            "war.intensity=nan",
            "war.intensity=abc def",
            "rules[0].outcome=x",
            "rules[99].outcome=x",
            "a..b=1",
            "war.intensity=1e308",
        ],
        "--format" => &["bogus", "", "TABLE", "html"],
        "--output" => &["sub", "missing/x.out", "/proc/version/x"],
        "--shard" => &["0/2", "3/2", "x", "1/0", "1/2000000"],
        "--precision" => &["0", "2", "nan", "x", "-0.1"],
        "--given" => &["rounds >=", "((", "nope_name", ""],
        "--accepted" => &["0", "-1", "x"],
        "--delta" => &["0", "200%", "x", "-20%"],
        "--param" => &["nope.key", "war"],
        "--top" => &["0", "-1", "x"],
        "--target" => &["nope", "9", "0"],
        "--trial" => &["-1", "x", "10000000000"],
        "--iterations" => &["0", "-1", "x", "100001"],
        "--repeat" => &["0", "101", "x"],
        "--set-range" => &[
            "x",
            "war.intensity=",
            "war.intensity=a,b",
            "nope.key=1,2",
            "war.intensity=0:1:0",
            "war.intensity=0:1:100000000",
            "simulation.seed=1,2",
        ],
        "--tornado" => &["nope"],
        _ => &[],
    }
}

fn flag_values(cases: &mut Vec<Case>, part: &[u8]) {
    for (cmd, base, flags) in commands("p.json") {
        for flag in flags {
            for value in bad_values(flag) {
                // `calibrate --target` reads a file; `sensitivity --target`
                // names a measure.
                if cmd == "calibrate" && flag == "--target" {
                    continue;
                }
                let mut args: Vec<String> = base.clone();
                // Replace the flag when the base form has it already.
                if let Some(i) = args.iter().position(|a| a == flag || short(a) == Some(flag)) {
                    args.drain(i..=i + 1);
                }
                args.push(format!("{flag}={value}"));
                if flag == "--accepted" {
                    args.push("--given=signed".into());
                }
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let mut case = Case::new("flags", format!("{cmd} {flag}={value}"), &refs)
                    .file("p.json", part.to_vec())
                    .setup(Setup::Dir("sub".into()))
                    .names(&[flag, value, "--set"]);
                if flag == "--output" {
                    case = case.output(value);
                }
                // `-o` exists in some base forms (report, calibrate).
                if let Some(i) = args.iter().position(|a| a == "-o") {
                    case = case.output(&args[i + 1].clone());
                }
                cases.push(case);
            }
        }
        // Flags that take no value, given one, and a flag that does not exist.
        for (extra, names) in [("--quiet=yes", ["--quiet", "yes"]), ("--frobnicate", ["--frobnicate", "frobnicate"])] {
            let mut args: Vec<&str> = base.iter().map(String::as_str).collect();
            args.push(extra);
            cases.push(Case::new("flags", format!("{cmd} {extra}"), &args).file("p.json", part.to_vec()).names(&names));
        }
    }
    // Calibrate's target table: a device, a directory, a missing file.
    let base = baseline_path();
    for (name, target) in
        [("device", "/dev/zero"), ("directory", "sub"), ("missing", "nope.toml"), ("broken", "t.toml")]
    {
        cases.push(
            Case::new(
                "flags",
                format!("calibrate --target {name}"),
                &["calibrate", &base, "--target", target, "-o", "c.toml", "-n", "200"],
            )
            .file("t.toml", "probabilities = [1, 2\n")
            .setup(Setup::Dir("sub".into()))
            .names(&[target])
            .output("c.toml"),
        );
    }
}

fn short(arg: &str) -> Option<&'static str> {
    match arg {
        "-n" => Some("--trials"),
        "-s" => Some("--seed"),
        "-j" => Some("--threads"),
        "-f" => Some("--format"),
        "-o" => Some("--output"),
        "-k" => Some("--trial"),
        _ => None,
    }
}

fn set_paths(cases: &mut Vec<Case>) {
    let keys = [
        "war.intensity",
        "tactics.bluffing.probability",
        "drivers.red_line.min",
        "rules[1].in_force",
        "simulation.start",
        "start.front",
        "holidays[1].date",
        "meetings.us_ua.hours_max",
    ];
    let values: [(&str, Expect); 11] = [
        ("nan", Expect::Fail),
        ("inf", Expect::Fail),
        ("-1e308", Expect::Fail),
        ("\"s\"", Expect::Fail),
        ("[1]", Expect::Fail),
        ("{a=1}", Expect::Fail),
        ("1e400", Expect::Fail),
        ("2025-13-45", Expect::Fail),
        ("0x10", Expect::Fail),
        ("true", Expect::Any),
        ("1 2", Expect::Fail),
    ];
    for key in keys {
        for (value, expect) in values {
            let set = format!("{key}={value}");
            cases.push(
                Case::new("--set", set.clone(), &["run", "-n", "1000", "-q", "--set", &set])
                    .expect(expect)
                    .names(&["--set"]),
            );
        }
    }
    let long = format!("{}=1", "k".repeat(10_000));
    for path in [
        "war..intensity=1",
        "war.intensity.x=1",
        "rules[a]=1",
        "rules[]=1",
        "rules[1=1",
        "[1]=1",
        "tactics.=1",
        ".=1",
        "war.intensity[1]=1",
        "rules[1][2]=1",
        "rules[1.5].outcome=x",
        "rules[-1].outcome=x",
        "rules[99999999999999999999].outcome=x",
        "wär.intensity=1",
        long.as_str(),
        "tactics.bluffing=1",
        "rules=1",
        "name=",
    ] {
        cases.push(
            Case::new(
                "--set",
                format!("path {}", &path[..path.len().min(40)]),
                &["run", "-n", "1000", "-q", "--set", path],
            )
            .names(&["--set"]),
        );
    }
}

fn devices_pipes_dirs(cases: &mut Vec<Case>, part: &[u8]) {
    let base = baseline_path();
    let text = baseline_text();
    for dev in ["/dev/zero", "/dev/null", "/dev/urandom", "/dev/stdin"] {
        cases.push(Case::new("devices", format!("run {dev}"), &["run", dev, "-n", "1000", "-q"]).names(&[dev]));
        cases.push(Case::new("devices", format!("validate {dev}"), &["validate", dev]).names(&[dev]));
        cases.push(Case::new("devices", format!("merge {dev}"), &["merge", dev]).names(&[dev]));
        cases.push(
            Case::new("devices", format!("compare {dev}"), &["compare", &base, dev, "-n", "1000", "-q"]).names(&[dev]),
        );
    }
    for (cmd, args) in [
        ("run", vec!["run", "-n", "1000", "-q", "-o", "/dev/full"]),
        ("merge", vec!["merge", "p.json", "-o", "/dev/full"]),
        ("report", vec!["report", "-n", "1000", "-q", "-o", "/dev/full"]),
        ("trace", vec!["trace", "--trial", "1", "-o", "/dev/full"]),
    ] {
        cases.push(
            Case::new("devices", format!("{cmd} -o /dev/full"), &args)
                .file("p.json", part.to_vec())
                .names(&["/dev/full"]),
        );
    }
    cases.push(
        Case::new("devices", "run -o /dev/null", &["run", "-n", "1000", "-q", "-o", "/dev/null"]).expect(Expect::Ok),
    );

    // Named pipes, with a writer and without.
    cases.push(
        Case::new("pipes", "run a fed pipe", &["run", "fifo", "-n", "1000", "-q"])
            .setup(Setup::FifoWithWriter("fifo".into(), text.clone().into_bytes()))
            .expect(Expect::Ok),
    );
    cases.push(
        Case::new("pipes", "validate a fed pipe", &["validate", "fifo"])
            .setup(Setup::FifoWithWriter("fifo".into(), text.clone().into_bytes()))
            .expect(Expect::Ok),
    );
    cases.push(
        Case::new("pipes", "merge a fed pipe", &["merge", "fifo"])
            .setup(Setup::FifoWithWriter("fifo".into(), part.to_vec()))
            .expect(Expect::Ok),
    );
    cases.push(
        Case::new("pipes", "a pipe fed garbage", &["validate", "fifo"])
            .setup(Setup::FifoWithWriter("fifo".into(), b"[[[[ nope".to_vec()))
            .names(&["fifo"]),
    );
    cases.push(
        Case::new("pipes", "run a silent pipe", &["run", "fifo", "-n", "1000", "-q"])
            .setup(Setup::FifoNoWriter("fifo".into()))
            .names(&["fifo"]),
    );
    cases.push(
        Case::new("pipes", "merge a silent pipe", &["merge", "fifo"])
            .setup(Setup::FifoNoWriter("fifo".into()))
            .names(&["fifo"]),
    );

    // Directories where files belong.
    for args in [
        vec!["run", "sub", "-n", "1000", "-q"],
        vec!["validate", "sub"],
        vec!["merge", "sub"],
        vec!["compare", "sub", "-n", "1000", "-q"],
        vec!["trace", "sub", "--trial", "1"],
        vec!["run", "-n", "1000", "-q", "-o", "sub"],
        vec!["merge", "p.json", "-o", "sub"],
        vec!["run", "-n", "1000", "-q", "-o", "sub/"],
    ] {
        let mut case = Case::new("directories", args.join(" "), &args)
            .file("p.json", part.to_vec())
            .setup(Setup::Dir("sub".into()))
            .names(&["sub"]);
        if let Some(i) = args.iter().position(|a| *a == "-o") {
            case = case.output(args[i + 1]);
        }
        cases.push(case);
    }

    // Missing output directories.
    for args in [
        vec!["run", "-n", "1000", "-q", "-o", "nope/r.txt"],
        vec!["compare", &base, "-n", "1000", "-q", "-o", "nope/r.txt"],
        vec!["merge", "p.json", "-o", "nope/r.txt"],
        vec!["report", "-n", "1000", "-q", "-o", "nope/r.html"],
        vec!["check-history", "-n", "1000", "-q", "-o", "nope/r.txt"],
        vec!["sweep", "--set-range", "war.intensity=0.5,0.6", "-n", "1000", "-q", "-o", "nope/deeper/r.txt"],
        vec!["run", "-n", "1000", "-q", "--shard", "1/2", "-o", "nope/p.json"],
    ] {
        let out = args[args.len() - 1];
        cases.push(
            Case::new("missing directory", args.join(" "), &args)
                .file("p.json", part.to_vec())
                .names(&["nope"])
                .output(out),
        );
    }

    // Unreadable files and read-only directories: only when permissions
    // bind (not as root).
    if !is_root() {
        cases.push(
            Case::new("permissions", "unreadable scenario", &["validate", "s.toml"])
                .file("s.toml", text.clone())
                .setup(Setup::Unreadable("s.toml".into()))
                .names(&["s.toml"]),
        );
        cases.push(
            Case::new("permissions", "unreadable part", &["merge", "p.json"])
                .file("p.json", part.to_vec())
                .setup(Setup::Unreadable("p.json".into()))
                .names(&["p.json"]),
        );
        for args in [vec!["run", "-n", "1000", "-q", "-o", "ro/r.txt"], vec!["merge", "p.json", "-o", "ro/r.txt"]] {
            cases.push(
                Case::new("permissions", format!("read-only directory: {}", args[0]), &args)
                    .file("p.json", part.to_vec())
                    .setup(Setup::Dir("ro".into()))
                    .setup(Setup::ReadOnlyDir("ro".into()))
                    .names(&["ro"])
                    .output("ro/r.txt"),
            );
        }
    }
}

/// Huge values: what a message quotes of them must stay short.
fn huge_values(cases: &mut Vec<Case>) {
    let nines = "9".repeat(100_000);
    let ks = "k".repeat(100_000);
    for (name, args) in [
        ("trials", vec!["run".to_string(), "--trials".into(), nines.clone()]),
        ("seed", vec!["run".into(), "--seed".into(), nines.clone()]),
        ("threads", vec!["run".into(), "-j".into(), nines.clone()]),
        ("set key", vec!["run".into(), "-n".into(), "1000".into(), "--set".into(), format!("{ks}=1")]),
        ("set without =", vec!["run".into(), "--set".into(), ks.clone()]),
        ("set value", vec!["run".into(), "-n".into(), "1000".into(), "--set".into(), format!("war.intensity={nines}")]),
        ("set text", vec!["run".into(), "-n".into(), "1000".into(), "--set".into(), format!("war.intensity=\"{ks}\"")]),
        ("given", vec!["run".into(), "-n".into(), "1000".into(), "--given".into(), ks.clone()]),
        ("set-range", vec!["sweep".into(), "--set-range".into(), format!("war.intensity={nines}")]),
        ("command", vec![ks.clone()]),
        ("shard", vec!["run".into(), "--shard".into(), format!("1/{nines}")]),
    ] {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        cases.push(Case::new("huge values", name, &refs));
    }
    let variant = |body: String| format!("extends = \"builtin:baseline\"\nname = \"h\"\n{body}\n");
    for (name, body) in [
        ("key", format!("[war]\n{} = 1", "k".repeat(200_000))),
        ("string where a number belongs", format!("[war]\nintensity = \"{}\"", "x".repeat(300_000))),
        ("number of 300 digits", format!("[war]\nintensity = {}.0", "9".repeat(300))),
        ("tiny number", format!("[war]\nintensity = -0.{}1", "0".repeat(300))),
        ("tactic id", format!("[tactics.{}]\nprobability = 0.1", "T".repeat(100_000))),
        ("outcome", format!("[[rules]]\noutcome = \"{}\"", "o".repeat(100_000))),
        ("many problems on one line", format!("rules = [{}]", "{outcome=\"x\"},".repeat(5_000))),
    ] {
        cases.push(
            Case::new("huge values", format!("file: {name}"), &["validate", "s.toml"])
                .file("s.toml", variant(body))
                .at("s.toml"),
        );
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(true)
}

/// Part files: fields edited and deleted, cut short, mixed between runs.
fn part_files(cases: &mut Vec<Case>, parts: &Parts) {
    let mut rng = Rng(0x9a47_f11e);
    let merge_with = |name: String, family: &'static str, first: Vec<u8>| {
        Case::new(family, name, &["merge", "x.json", "p2.json"])
            .file("x.json", first)
            .file("p2.json", parts.p2.clone())
            .names(&["x.json"])
    };
    let value: serde_json::Value = serde_json::from_slice(&parts.p1).unwrap();
    // Every field (arrays by their first, a middle and their last entry).
    let mut paths: Vec<Vec<PathStep>> = Vec::new();
    leaves(&value, &mut Vec::new(), &mut paths);
    for path in &paths {
        for (edit, label) in
            [(Edit::Bump, "bumped"), (Edit::Null, "null"), (Edit::Text, "text"), (Edit::Delete, "deleted")]
        {
            if rng.below(3) != 0 && !matches!(edit, Edit::Bump) {
                continue;
            }
            let mut v = value.clone();
            if !apply(&mut v, path, edit) {
                continue;
            }
            let text = serde_json::to_string_pretty(&v).unwrap();
            cases.push(merge_with(format!("{} {label}", show(path)), "part field", text.into_bytes()));
        }
    }
    // Cut short.
    for k in 0..20 {
        let cut = parts.p1.len() * k / 20 + rng.below(30);
        cases.push(merge_with(format!("cut at {cut}"), "part cut", parts.p1[..cut.min(parts.p1.len() - 1)].to_vec()));
    }
    // Mixed between runs.
    let mixes: Vec<(&str, Vec<&[u8]>, Expect)> = vec![
        ("the two shards (control)", vec![&parts.p1, &parts.p2], Expect::Ok),
        ("another seed", vec![&parts.p1, &parts.other_seed], Expect::Fail),
        ("another trial count", vec![&parts.p1, &parts.other_trials], Expect::Fail),
        ("another shard count", vec![&parts.p1, &parts.of_three], Expect::Fail),
        ("another scenario", vec![&parts.p1, &parts.other_model], Expect::Fail),
        ("the same shard twice", vec![&parts.p1, &parts.p1], Expect::Fail),
        ("one shard of two", vec![&parts.p1], Expect::Fail),
        ("three parts of two", vec![&parts.p1, &parts.p2, &parts.p2], Expect::Fail),
        ("a scenario file as a part", vec![&parts.p1, parts.scenario.as_bytes()], Expect::Fail),
    ];
    for (name, files, expect) in mixes {
        let mut case = Case::new("parts mixed", name, &["merge"]).expect(expect);
        for (i, bytes) in files.iter().enumerate() {
            let f = format!("m{i}.json");
            case.args.push(f.clone());
            case = case.file(&f, bytes.to_vec()).names(&[&f]);
        }
        case.names.push("shards missing".into());
        cases.push(case);
    }
    // The digest of another part; other versions and formats; not JSON.
    let p1 = String::from_utf8(parts.p1.clone()).unwrap();
    let p2 = String::from_utf8(parts.p2.clone()).unwrap();
    let digest = |t: &str| t.lines().find(|l| l.contains("\"digest\"")).unwrap_or("").to_string();
    let version = format!("\"version\": {}", negsim::analysis::shard::VERSION);
    assert!(p1.contains(&version), "the part is of this negsim's version");
    let odd: Vec<(&str, Vec<u8>)> = vec![
        ("another part's digest", p1.replacen(&digest(&p1), &digest(&p2), 1).into_bytes()),
        ("version 1", p1.replacen(&version, "\"version\": 1", 1).into_bytes()),
        (
            "a newer version",
            p1.replacen(&version, &format!("\"version\": {}", negsim::analysis::shard::VERSION + 1), 1).into_bytes(),
        ),
        ("another format", p1.replacen("negsim-partial", "negsim-part", 1).into_bytes()),
        ("trials past u64", p1.replacen("\"trials\": 2000", "\"trials\": 18446744073709551616", 1).into_bytes()),
        ("trials at u64::MAX", p1.replacen("\"trials\": 2000", "\"trials\": 18446744073709551615", 1).into_bytes()),
        ("trials as a float", p1.replacen("\"trials\": 2000", "\"trials\": 2e3", 1).into_bytes()),
        ("trials 1e999", p1.replacen("\"trials\": 2000", "\"trials\": 1e999", 1).into_bytes()),
        (
            "compact and edited",
            serde_json::to_string(&value).unwrap().replacen("\"seed\":", "\"seed\":1", 1).into_bytes(),
        ),
        ("empty", Vec::new()),
        ("whitespace", b" \n\t\n".to_vec()),
        ("{}", b"{}".to_vec()),
        ("[]", b"[]".to_vec()),
        ("null", b"null".to_vec()),
        ("deep nesting", "[".repeat(100_000).into_bytes()),
        ("deep objects", "{\"a\":".repeat(50_000).into_bytes()),
        ("binary", (0..4096_u32).map(|i| (i * 7 + 3) as u8).collect()),
        ("UTF-16", p1.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("duplicate key", p1.replacen("\"seed\":", "\"seed\": 1,\n  \"seed\":", 1).into_bytes()),
        ("unknown key", p1.replacen("{", "{\n  \"extra\": 1,", 1).into_bytes()),
        ("two documents", [p1.as_bytes(), p1.as_bytes()].concat()),
        ("BOM", [b"\xef\xbb\xbf".as_slice(), p1.as_bytes()].concat()),
        (
            "long string",
            p1.replacen("\"negsim\": \"", &format!("\"negsim\": \"{}", "x".repeat(1_000_000)), 1).into_bytes(),
        ),
    ];
    for (name, bytes) in odd {
        cases.push(merge_with(name.to_string(), "part odd", bytes));
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

#[derive(Clone, Copy)]
enum Edit {
    Bump,
    Null,
    Text,
    Delete,
}

fn show(path: &[PathStep]) -> String {
    path.iter()
        .map(|s| match s {
            PathStep::Key(k) => format!(".{k}"),
            PathStep::Index(i) => format!("[{i}]"),
        })
        .collect()
}

fn leaves(v: &serde_json::Value, at: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                at.push(PathStep::Key(k.clone()));
                leaves(x, at, out);
                at.pop();
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            let mut picks = vec![0, items.len() / 2, items.len() - 1];
            picks.dedup();
            for i in picks {
                at.push(PathStep::Index(i));
                leaves(&items[i], at, out);
                at.pop();
            }
        }
        _ => out.push(at.clone()),
    }
}

fn apply(v: &mut serde_json::Value, path: &[PathStep], edit: Edit) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut node = v;
    for step in parents {
        node = match step {
            PathStep::Key(k) => &mut node[k.as_str()],
            PathStep::Index(i) => &mut node[*i],
        };
    }
    if let Edit::Delete = edit {
        return match (node, last) {
            (serde_json::Value::Object(map), PathStep::Key(k)) => map.remove(k).is_some(),
            (serde_json::Value::Array(items), PathStep::Index(i)) => {
                items.remove(*i);
                true
            }
            _ => false,
        };
    }
    let slot = match last {
        PathStep::Key(k) => &mut node[k.as_str()],
        PathStep::Index(i) => &mut node[*i],
    };
    *slot = match edit {
        Edit::Bump => match slot {
            serde_json::Value::Number(n) => serde_json::json!(n.as_u64().map_or(1, |x| x.wrapping_add(1))),
            serde_json::Value::String(s) => serde_json::json!(format!("{s}x")),
            serde_json::Value::Bool(b) => serde_json::json!(!*b),
            _ => return false,
        },
        Edit::Null => serde_json::Value::Null,
        Edit::Text => serde_json::json!("x"),
        Edit::Delete => unreachable!("handled above"),
    };
    true
}

/// Real part files, made once by the binary.
struct Parts {
    /// Shard 1 of 1: merges alone.
    whole: Vec<u8>,
    p1: Vec<u8>,
    p2: Vec<u8>,
    other_seed: Vec<u8>,
    other_trials: Vec<u8>,
    of_three: Vec<u8>,
    other_model: Vec<u8>,
    scenario: String,
}

fn make_parts() -> Parts {
    let dir = tempfile::tempdir().unwrap();
    let part = |extra: &[&str], shard: &str| {
        let out = Command::new(bin())
            .args(["run", "-q", "--shard", shard])
            .args(extra)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    Parts {
        whole: part(&["-n", "1000"], "1/1"),
        p1: part(&["-n", "2000"], "1/2"),
        p2: part(&["-n", "2000"], "2/2"),
        other_seed: part(&["-n", "2000", "--seed", "5"], "2/2"),
        other_trials: part(&["-n", "3000"], "2/2"),
        of_three: part(&["-n", "2000"], "2/3"),
        other_model: part(&["-n", "2000", "--set", "war.intensity=0.5"], "2/2"),
        scenario: baseline_text(),
    }
}

// ---------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------

fn prepare(case: &Case, dir: &Path) -> Vec<std::thread::JoinHandle<()>> {
    let mut writers = Vec::new();
    for s in &case.setup {
        if let Setup::Dir(d) = s {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
    }
    for (name, bytes) in &case.files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    for s in &case.setup {
        match s {
            Setup::FifoWithWriter(name, bytes) => {
                mkfifo(&dir.join(name));
                let path = dir.join(name);
                let bytes = bytes.clone();
                writers.push(std::thread::spawn(move || feed(&path, &bytes)));
            }
            Setup::FifoNoWriter(name) => mkfifo(&dir.join(name)),
            Setup::Unreadable(name) => chmod(&dir.join(name), 0o000),
            Setup::ReadOnlyDir(name) => chmod(&dir.join(name), 0o555),
            Setup::Dir(_) => {}
        }
    }
    writers
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Writes to a named pipe once a reader opens it; gives up after the
/// timeout (the command may fail before it reads).
fn feed(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        match std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(path) {
            Ok(mut f) => {
                let mut rest = bytes;
                while !rest.is_empty() && Instant::now() < deadline {
                    match f.write(rest) {
                        Ok(n) => rest = &rest[n..],
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(2))
                        }
                        Err(_) => return,
                    }
                }
                return;
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// What happened in a case, if it broke a rule.
fn check(case: &Case, scratch: &Path) -> Result<(), String> {
    let dir = scratch.join("case");
    std::fs::create_dir_all(&dir).unwrap();
    let writers = prepare(case, &dir);
    let before_out = case.output.as_ref().map(|o| std::fs::read(dir.join(o)).ok());
    let before_entries = entries(&dir);
    let (out_path, err_path) = (scratch.join("stdout"), scratch.join("stderr"));
    let mut child = Command::new(bin())
        .args(&case.args)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("hung: no exit after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(3));
    };
    for w in writers {
        let _ = w.join();
    }
    let stdout = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    let short = |s: &str| s.chars().take(1500).collect::<String>();
    let fail = |why: String| Err(format!("{why}\n--- stderr:\n{}\n--- stdout:\n{}", short(&stderr), short(&stdout)));
    let Some(code) = status.code() else { return fail(format!("killed by a signal: {status:?}")) };
    if stderr.len() > 16_384 {
        return fail(format!("{} bytes of stderr: some input is echoed whole", stderr.len()));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return fail("panic text on stderr".into());
    }
    let allowed: &[i32] = match case.expect {
        Expect::Fail => &[1, 2],
        Expect::Any => &[0, 1, 2],
        Expect::Ok => &[0],
    };
    if !allowed.contains(&code) {
        return fail(format!("exit code {code}, expected one of {allowed:?}"));
    }
    if code != 0 {
        if stderr.trim().is_empty() {
            return fail("failed with nothing on stderr".into());
        }
        if !case.names.is_empty() && !case.names.iter().any(|n| stderr.contains(n.as_str())) {
            return fail(format!("stderr names none of {:?}", case.names));
        }
        if let Some(file) = &case.position
            && !has_position(&stderr, file)
        {
            return fail(format!("stderr has no {file}:line:column"));
        }
    }
    if let Some(bad) = non_finite(&stdout) {
        return fail(format!("`{bad}` on stdout"));
    }
    if let (Some(target), Some(before)) = (&case.output, &before_out) {
        let path = dir.join(target);
        let meta = std::fs::symlink_metadata(&path).ok();
        if meta.as_ref().is_some_and(|m| m.file_type().is_file()) {
            let now = std::fs::read(&path).unwrap_or_default();
            let unchanged = before.as_deref() == Some(&now[..]);
            let complete = code == 0 && now.ends_with(b"\n");
            if !unchanged && !complete {
                return fail(format!("-o {target} half-written ({} bytes, exit {code})", now.len()));
            }
        } else if meta.is_none() && before.is_some() {
            return fail(format!("-o {target} was removed"));
        }
    }
    let after = entries(&dir);
    let new: Vec<&String> = after.iter().filter(|e| !before_entries.contains(e)).collect();
    let allowed_new = |e: &str| case.output.as_deref().is_some_and(|o| o.trim_end_matches('/') == e);
    if let Some(stray) = new.iter().find(|e| !allowed_new(e)) {
        return fail(format!("left behind: {stray}"));
    }
    Ok(())
}

/// Every path under `dir`, relative.
fn entries(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(read) = std::fs::read_dir(dir.join(&rel)) else { continue };
        for e in read.flatten() {
            let r = rel.join(e.file_name());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(r.clone());
            }
            out.push(r.display().to_string());
        }
    }
    out
}

fn has_position(stderr: &str, file: &str) -> bool {
    stderr.match_indices(&format!("{file}:")).any(|(i, m)| {
        let rest = &stderr[i + m.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !line.is_empty()
            && rest[line.len()..].starts_with(':')
            && rest[line.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

fn non_finite(stdout: &str) -> Option<&str> {
    stdout
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .find(|w| matches!(w.trim_start_matches('-').to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity"))
}

#[test]
fn bad_inputs_fail_cleanly() {
    let started = Instant::now();
    let parts = make_parts();
    let mut cases = Vec::new();
    scenario_mutations(&mut cases);
    extends_chains(&mut cases);
    flag_values(&mut cases, &parts.whole);
    set_paths(&mut cases);
    devices_pipes_dirs(&mut cases, &parts.whole);
    part_files(&mut cases, &parts);
    huge_values(&mut cases);
    assert!(cases.len() >= 600, "only {} cases", cases.len());

    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let root = tempfile::tempdir().unwrap();
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (cases, next, failures, root) = (&cases, &next, &failures, root.path());
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let scratch = root.join(format!("t{t}-{i}"));
                    std::fs::create_dir_all(&scratch).unwrap();
                    if let Err(why) = check(case, &scratch) {
                        failures.lock().unwrap().push(format!(
                            "[{}] {} (negsim {})\n{why}",
                            case.family,
                            case.name,
                            case.args
                                .iter()
                                .map(|a| a.chars().take(60).collect::<String>())
                                .collect::<Vec<_>>()
                                .join(" ")
                        ));
                    }
                    // Permissions set by the case must not stop the clean-up.
                    let _ = Command::new("chmod").args(["-R", "u+rwx"]).arg(&scratch).status();
                    let _ = std::fs::remove_dir_all(&scratch);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    let mut families: Vec<&str> = cases.iter().map(|c| c.family).collect();
    families.dedup();
    eprintln!("corpus: {} cases in {:.1} s ({})", cases.len(), started.elapsed().as_secs_f64(), families.join(", "));
    assert!(
        failures.is_empty(),
        "{} of {} cases broke a rule:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
