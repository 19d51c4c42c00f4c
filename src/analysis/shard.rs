//! Runs bigger than one machine: shard files and their merge.
//!
//! `negsim run --shard K/N` plays the blocks of shard K (blocks `b` with
//! `b % N == K - 1`) and writes a [`Partial`]: the raw, exactly mergeable
//! tally, with what identifies the run (the model's hash, the seed, the
//! trial count, the seeding scheme, the shard layout). `negsim merge`
//! checks that the parts belong together and cover every shard once, adds
//! their tallies, and reports exactly as the single run would: tallies are
//! integer counts, so the merge is the same sum in any order.
//!
//! A part is protected by a digest: the SHA-256 of the canonical JSON of
//! everything else in it (compact, fields in the struct's order). Any
//! change of content (a count, a name, the seed) breaks it and the part is
//! refused; a change of layout alone (indentation, line ends) does not. A
//! part whose digest matches is still checked as if it were hostile: its
//! format, the scheme and block size against this binary, the trial cap,
//! the shard layout, every invariant of its tally ([`Tally::check`]) and
//! the tally's shape against the part's own run description, so that no
//! part file, however made, can panic or hang `merge`.

use crate::engine::{BLOCK_TRIALS, DRIVER_BINS, SCHEME, Shard};
use crate::model::{InputError, MAX_DAYS, MAX_DRIVERS, MAX_MEETING_HOURS, MAX_MONTHS, MAX_TACTICS, MAX_TRIALS, Model};
use crate::results::RunInfo;
use crate::seeds::OUTCOMES;
use crate::stats::{MAX_TRUCE_HOURS, MEETINGS_CAP, TERMS_CAP, Tally};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The `format` field of a shard file.
pub const FORMAT: &str = "negsim-partial";
/// The version of the shard file layout (2: with a digest; 3: with the
/// table of moves by outcome and the signed terms).
pub const VERSION: u32 = 3;
/// Largest shard file read (a part is a few kilobytes).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most shards a run may be split into.
pub const MAX_SHARDS: u64 = 1_000_000;

/// A bound on anything a trial counts more than once (meetings, tactic
/// uses, truces): the engine's per-trial counters are 16-bit or capped
/// below that. It keeps every sum of parts far from `u64::MAX`.
const PER_TRIAL_CAP: u64 = 65_536;

/// What merge tells a user to do about a part it refuses.
const RERUN: &str =
    "part files cannot be edited; re-run that shard with `negsim run --shard K/N` (same scenario, seed and --trials)";

/// A shard's result, as written to disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// SHA-256 (hex) of the canonical JSON of every other field (see
    /// [`digest`]); empty while it is computed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub digest: String,
    /// negsim version that wrote it.
    pub negsim: String,
    /// Seeding scheme.
    pub scheme: String,
    /// Trials per block.
    pub block_trials: u64,
    /// Hash of the resolved model (see [`model_hash`]).
    pub model_hash: String,
    /// Seed of the whole run.
    pub seed: u64,
    /// Trials of the whole run.
    pub trials: u64,
    /// This part's place: `index` from 1 to `count`.
    pub shard: ShardLabel,
    /// What the report needs of the model.
    pub run: RunInfo,
    /// The raw tally of this shard's trials.
    pub tally: Tally,
}

/// A shard as users count them, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardLabel {
    /// 1 to `count`.
    pub index: u64,
    /// Shards in all.
    pub count: u64,
}

impl From<Shard> for ShardLabel {
    fn from(s: Shard) -> Self {
        ShardLabel { index: s.index + 1, count: s.count }
    }
}

/// Parses `K/N` (1 <= K <= N) into a 0-based [`Shard`].
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let (k, n) = text.split_once('/').ok_or_else(|| format!("`{text}` is not K/N, e.g. 2/8"))?;
    let k: u64 = k.trim().parse().map_err(|_| format!("`{k}` is not a whole number"))?;
    let n: u64 = n.trim().parse().map_err(|_| format!("`{n}` is not a whole number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k} of {n} does not exist: K must be between 1 and N"));
    }
    if n > MAX_SHARDS {
        return Err(format!("{n} shards is beyond the cap of {MAX_SHARDS}"));
    }
    Ok(Shard { index: k - 1, count: n })
}

/// A stable hash of everything in a model that decides its trials: not its
/// file path, and not the trial count or seed (recorded apart). FNV-1a over
/// the model's full debug rendering, which prints every number
/// shortest-exact; it detects parts of different models, it is not a
/// cryptographic digest.
pub fn model_hash(model: &Model) -> String {
    let mut canonical = model.clone();
    canonical.origin.clear();
    canonical.settings.trials = 0;
    canonical.settings.seed = 0;
    let text = format!("{canonical:?}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The part file for a shard's tally, sealed with its digest.
pub fn partial(model: &Model, seed: u64, trials: u64, shard: Shard, tally: Tally) -> Partial {
    let mut part = Partial {
        format: FORMAT.into(),
        version: VERSION,
        digest: String::new(),
        negsim: env!("CARGO_PKG_VERSION").into(),
        scheme: SCHEME.into(),
        block_trials: BLOCK_TRIALS,
        model_hash: model_hash(model),
        seed,
        trials,
        shard: shard.into(),
        run: RunInfo::of(model),
        tally,
    };
    seal(&mut part);
    part
}

/// The SHA-256 (lower-case hex) of a part's canonical JSON: compact, its
/// fields in the struct's order, without the digest itself. A part holds
/// only strings, integers and booleans, so reading a file and writing it
/// again gives the same bytes.
pub fn digest(part: &Partial) -> String {
    let mut unsealed = part.clone();
    unsealed.digest.clear();
    // serde_json cannot fail on strings, integers and booleans.
    let canonical = serde_json::to_vec(&unsealed).unwrap_or_default();
    format!("{:x}", Sha256::digest(&canonical))
}

/// Sets a part's digest to that of its content.
pub fn seal(part: &mut Partial) {
    part.digest = digest(part);
}

/// Trials that shard `index` of `count` plays in a run of `trials` (in
/// constant time, whatever the numbers).
pub fn shard_trials(trials: u64, shard: Shard) -> u64 {
    let blocks = trials.div_ceil(BLOCK_TRIALS);
    if shard.count == 0 || shard.index >= blocks {
        return 0;
    }
    // Blocks index, index + count, ...: all full but the run's last.
    let mine = (blocks - 1 - shard.index) / shard.count + 1;
    let last_is_mine = (blocks - 1) % shard.count == shard.index;
    let last = trials - (blocks - 1) * BLOCK_TRIALS;
    if last_is_mine { (mine - 1) * BLOCK_TRIALS + last } else { mine * BLOCK_TRIALS }
}

/// Reads a part file (at most [`MAX_PART_BYTES`], whatever kind of file
/// it is) and checks it (see [`parse`]).
pub fn read(path: &Path) -> Result<Partial, InputError> {
    let name = path.display().to_string();
    let text = crate::model::load::read_input(path, MAX_PART_BYTES, "a part file is a few kilobytes of JSON")?;
    parse(&name, &text)
}

/// Parses the text of a part file and checks it: its format and version,
/// its digest, and then everything [`check`] checks. `name` is what errors
/// call it.
pub fn parse(name: &str, text: &str) -> Result<Partial, InputError> {
    let not_a_part = |what: String| {
        InputError::file(name, what, "merge the JSON files written by `negsim run --shard K/N` (one per shard)")
    };
    if text.trim().is_empty() {
        return Err(not_a_part("is empty, not a negsim part file".into()));
    }
    // The header first, so that a part of another version is named as such
    // rather than by its first unknown field.
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(name, &e))?;
    let format = value.get("format").and_then(serde_json::Value::as_str);
    if format != Some(FORMAT) {
        return Err(not_a_part(format!("is not a negsim part file (it has no \"format\": \"{FORMAT}\")")));
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(InputError::file(
                name,
                format!("is a part file of version {v}; this negsim reads version {VERSION}"),
                format!(
                    "re-run every shard with this negsim ({}), then merge the new parts",
                    env!("CARGO_PKG_VERSION")
                ),
            ));
        }
        None => return Err(not_a_part("is not a negsim part file (its \"version\" is missing)".into())),
    }
    drop(value);
    let part: Partial = serde_json::from_str(text).map_err(|e| json_error(name, &e))?;
    if part.digest != digest(&part) {
        return Err(InputError::file(
            name,
            "was changed after negsim wrote it: its content does not match its digest",
            RERUN,
        ));
    }
    check(name, &part)?;
    Ok(part)
}

/// A JSON error, at `file:line:column` once (serde_json's message ends in
/// the position too; it is taken off).
fn json_error(name: &str, e: &serde_json::Error) -> InputError {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let what = match e.classify() {
        serde_json::error::Category::Eof => format!("ends too early, so it was cut short ({message})"),
        serde_json::error::Category::Syntax => format!("is not valid JSON: {message}"),
        _ => format!("is not a valid part file: {message}"),
    };
    InputError::file(&format!("{name}:{}:{}", e.line(), e.column()), shorten(&what, 200), RERUN)
}

/// `text` cut to at most `max` characters, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// Checks a part against this binary and against itself: the seeding
/// scheme and block size, the trial cap, the shard layout, its tally's
/// invariants and its tally's shape against its run description. The
/// digest is not checked here (see [`parse`]).
pub fn check(name: &str, part: &Partial) -> Result<(), InputError> {
    let bad = |what: String| InputError::file(name, what, RERUN);
    if part.scheme != SCHEME || part.block_trials != BLOCK_TRIALS {
        return Err(InputError::file(
            name,
            format!(
                "was written with seeding scheme {} and blocks of {} trials; this negsim uses {SCHEME} and \
                 blocks of {BLOCK_TRIALS}, so its trials are not this binary's",
                shorten(&part.scheme, 80),
                part.block_trials
            ),
            "run every shard with the same negsim, then merge with it",
        ));
    }
    if part.trials == 0 || part.trials > MAX_TRIALS {
        return Err(bad(format!("claims a run of {} trials; a run has 1 to {MAX_TRIALS} trials", part.trials)));
    }
    let ShardLabel { index, count } = part.shard;
    if count == 0 || count > MAX_SHARDS || index == 0 || index > count {
        return Err(bad(format!(
            "claims to be shard {index} of {count}; shards go from 1 to N, with N at most {MAX_SHARDS}"
        )));
    }
    let expected = shard_trials(part.trials, Shard { index: index - 1, count });
    if part.tally.trials != expected {
        return Err(bad(format!(
            "its tally holds {} trials, but shard {index} of {count} of a {}-trial run plays {expected}",
            part.tally.trials, part.trials
        )));
    }
    shape(&part.run, &part.tally).map_err(|why| bad(format!("its tally does not fit its run: {why}")))?;
    part.tally.check().map_err(|why| bad(format!("its tally is inconsistent: {why}")))?;
    bounds(&part.tally).map_err(|why| bad(format!("its tally is inconsistent: {why}")))?;
    Ok(())
}

/// The tally's sizes against the run it describes and the model caps.
fn shape(run: &RunInfo, t: &Tally) -> Result<(), String> {
    let points = run.points.len();
    let (tactics, drivers, rules) = (run.tactics.len(), run.drivers.len(), run.rules.len());
    if run.days == 0 || run.days > MAX_DAYS {
        return Err(format!("a span of {} days (1 to {MAX_DAYS})", run.days));
    }
    if points == 0 || points > MAX_MONTHS {
        return Err(format!("{points} calendar points (1 to {MAX_MONTHS})"));
    }
    if tactics > MAX_TACTICS || drivers > MAX_DRIVERS || rules == 0 {
        return Err(format!(
            "{tactics} tactics, {drivers} drivers and {rules} rules (at most {MAX_TACTICS}, {MAX_DRIVERS}, and at least one rule)"
        ));
    }
    let days = run.days as usize + 1;
    let sizes = [
        ("tactic counts", t.tactic_uses.len(), tactics),
        ("tactic trials", t.tactic_trials.len(), tactics),
        ("rule counts", t.rules.len(), rules),
        ("ceasefires in force by date", t.in_force_on.len(), points),
        ("meetings by month", t.calendar.len(), 4 * points),
        ("driver table", t.driver_outcomes.len(), drivers * DRIVER_BINS * OUTCOMES),
        ("table of moves by outcome", t.tactic_outcomes.len(), tactics * 2 * OUTCOMES),
        ("signed terms", t.terms.counts().len(), TERMS_CAP as usize + 1),
        ("signing days", t.signed_day.counts().len(), days),
        ("days held", t.held_days.counts().len(), days),
        ("days held on the horizon", t.held_days_censored.counts().len(), days),
        ("meetings histogram", t.meetings.counts().len(), MEETINGS_CAP as usize + 1),
        ("truce lengths", t.longest_truce.counts().len(), MAX_TRUCE_HOURS as usize + 1),
    ];
    for (what, found, expected) in sizes {
        if found != expected {
            return Err(format!("its {what}: {found} entries where its run needs {expected}"));
        }
    }
    Ok(())
}

/// Bounds [`Tally::check`] leaves to the reader: counts a trial adds more
/// than one of, each at most [`PER_TRIAL_CAP`] a trial (so that sums of
/// parts stay far from overflow).
fn bounds(t: &Tally) -> Result<(), String> {
    let cap = t.trials.saturating_mul(PER_TRIAL_CAP);
    let over = |xs: &[u64]| xs.iter().any(|&x| x > cap);
    if over(&t.by_format) || over(&t.calendar) || over(&t.tactic_uses) || over(&t.truces_by_kind) {
        return Err(format!("a count exceeds {PER_TRIAL_CAP} per trial"));
    }
    let minutes_cap = (MAX_MEETING_HOURS * 60.0).ceil() as u64;
    for (minutes, meetings) in t.minutes_by_format.iter().zip(&t.by_format) {
        if *minutes > meetings.saturating_mul(minutes_cap) {
            return Err("its minutes of talks exceed the longest meetings".into());
        }
    }
    let truces = t.truces_by_kind[0].saturating_add(t.truces_by_kind[1]);
    if t.truce_trials > truces {
        return Err("it counts more trials with a truce than truces".into());
    }
    Ok(())
}

/// A part file's text: pretty JSON and a final newline.
pub fn to_text(part: &Partial) -> String {
    // A part holds only strings, integers and booleans, which serde_json
    // cannot fail on.
    serde_json::to_string_pretty(part).map(|s| s + "\n").unwrap_or_default()
}

/// Checks that `parts` are the shards of one run, each once, and merges
/// them. `names` say where each part came from, for errors. Each part is
/// checked again (see [`check`]), so parts made in memory are held to the
/// same rules as parts read from files.
pub fn merge(parts: &[(String, Partial)]) -> Result<(RunInfo, Tally, u64), InputError> {
    let Some((first_name, first)) = parts.first() else {
        return Err(InputError::plain("no parts to merge", "name the part files written by `negsim run --shard K/N`"));
    };
    for (name, part) in parts {
        check(name, part)?;
    }
    let count = first.shard.count;
    let mut seen = vec![None::<&str>; usize::try_from(count).unwrap_or(usize::MAX).min(MAX_SHARDS as usize)];
    let mut total = first.tally.cleared();
    for (name, part) in parts {
        let differs = |what: &str, a: String, b: String| {
            InputError::file(
                name,
                format!(
                    "belongs to another run: its {what} is {}, but {first_name} has {}",
                    shorten(&b, 80),
                    shorten(&a, 80)
                ),
                "merge only the parts of one run: same scenario, seed, trial count and shard count",
            )
        };
        if part.model_hash != first.model_hash {
            return Err(differs("model", first.model_hash.clone(), part.model_hash.clone()));
        }
        if part.seed != first.seed {
            return Err(differs("seed", first.seed.to_string(), part.seed.to_string()));
        }
        if part.trials != first.trials {
            return Err(differs("trial count", first.trials.to_string(), part.trials.to_string()));
        }
        if part.shard.count != count {
            return Err(differs("shard count", count.to_string(), part.shard.count.to_string()));
        }
        if part.run != first.run {
            return Err(differs("description of the scenario", first.run.scenario.clone(), part.run.scenario.clone()));
        }
        let index = part.shard.index;
        let slot = usize::try_from(index.wrapping_sub(1)).ok().and_then(|i| seen.get_mut(i));
        let Some(slot) = slot else {
            return Err(InputError::file(name, format!("has shard {index} of {count}, which does not exist"), RERUN));
        };
        if let Some(other) = slot {
            return Err(InputError::file(
                name,
                format!("is shard {index} of {count}, which {other} already is"),
                "give each shard once",
            ));
        }
        *slot = Some(name);
        if !part.tally.same_shape(&total) {
            return Err(InputError::file(name, "its tally has another shape than the other parts'", RERUN));
        }
        total += &part.tally;
    }
    let missing: Vec<String> =
        seen.iter().enumerate().filter(|(_, s)| s.is_none()).map(|(i, _)| (i + 1).to_string()).take(20).collect();
    if !missing.is_empty() {
        let more = seen.iter().filter(|s| s.is_none()).count() - missing.len();
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        return Err(InputError::plain(
            format!("shards missing: {}{more} (of {count})", missing.join(", ")),
            "merge every shard of the run",
        ));
    }
    if let Err(why) = total.check() {
        return Err(InputError::plain(
            format!("the parts do not add up to one run: {why}"),
            "re-run the shards with this negsim",
        ));
    }
    Ok((first.run.clone(), total, first.seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_from_one() {
        assert_eq!(parse_shard("1/3"), Ok(Shard { index: 0, count: 3 }));
        assert_eq!(parse_shard("3/3"), Ok(Shard { index: 2, count: 3 }));
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert!(parse_shard("2").is_err());
        assert!(parse_shard("a/b").is_err());
    }

    #[test]
    fn shards_cover_every_trial_once() {
        for trials in [1, 4096, 4097, 100_000, 1_000_003] {
            for count in [1, 2, 3, 7, 300] {
                let sum: u64 = (0..count).map(|index| shard_trials(trials, Shard { index, count })).sum();
                assert_eq!(sum, trials);
                for index in 0..count {
                    // The closed form agrees with counting the blocks.
                    let by_blocks: u64 = (0..trials.div_ceil(BLOCK_TRIALS))
                        .filter(|b| b % count == index)
                        .map(|b| ((b + 1) * BLOCK_TRIALS).min(trials) - b * BLOCK_TRIALS)
                        .sum();
                    assert_eq!(shard_trials(trials, Shard { index, count }), by_blocks, "{trials} {index}/{count}");
                }
            }
        }
        // Constant time, even for numbers no run has.
        assert!(shard_trials(u64::MAX, Shard { index: 0, count: 1 }) > 0);
    }

    /// Two real parts of a 5000-trial run of the baseline.
    fn parts() -> (Partial, Partial) {
        let model = Model::baseline().unwrap();
        let key = crate::engine::keyed(7);
        let tally = |shard: Shard| {
            let mut t = Tally::new(&model);
            for b in (0..5000_u64.div_ceil(BLOCK_TRIALS)).filter(|b| b % shard.count == shard.index) {
                for i in b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(5000) {
                    t.record(&crate::engine::play_indexed(&model, key, i, &mut ()), model.settings.days);
                }
            }
            t
        };
        let a = Shard { index: 0, count: 2 };
        let b = Shard { index: 1, count: 2 };
        (partial(&model, 7, 5000, a, tally(a)), partial(&model, 7, 5000, b, tally(b)))
    }

    fn message(e: &InputError) -> String {
        e.to_string()
    }

    #[test]
    fn a_part_reads_back_as_written_and_merges() {
        let (a, b) = parts();
        let read = parse("a.json", &to_text(&a)).unwrap();
        assert_eq!(read, a);
        // Layout alone is not content: compact JSON reads too.
        let compact = serde_json::to_string(&a).unwrap();
        assert_eq!(parse("a.json", &compact).unwrap(), a);
        let (_, total, seed) = merge(&[("a".into(), a.clone()), ("b".into(), b)]).unwrap();
        assert_eq!((total.trials, seed), (5000, 7));
        assert_eq!(total.check(), Ok(()));
    }

    #[test]
    fn any_edit_is_refused_by_the_digest() {
        let (a, _) = parts();
        let text = to_text(&a);
        let edited = text.replacen("\"seed\": 7", "\"seed\": 8", 1);
        assert_ne!(edited, text);
        let err = message(&parse("a.json", &edited).unwrap_err());
        assert!(err.contains("a.json: was changed after negsim wrote it"), "{err}");
        let mut outcome = a.clone();
        outcome.tally.outcomes[0] += 5;
        let err = message(&parse("a.json", &to_text(&outcome)).unwrap_err());
        assert!(err.contains("does not match its digest"), "{err}");
        let mut unsealed = a.clone();
        unsealed.digest.clear();
        assert!(parse("a.json", &to_text(&unsealed)).is_err());
    }

    #[test]
    fn resealed_edits_are_refused_by_the_checks() {
        let (a, b) = parts();
        let refused = |edit: &dyn Fn(&mut Partial), expect: &str| {
            let mut p = a.clone();
            edit(&mut p);
            seal(&mut p);
            let started = std::time::Instant::now();
            let err = message(&parse("p.json", &to_text(&p)).unwrap_err());
            assert!(started.elapsed().as_secs() < 2, "slow refusal: {err}");
            assert!(err.contains(expect), "expected {expect:?} in {err}");
            assert!(err.starts_with("error: p.json: "), "{err}");
        };
        refused(&|p| p.trials = u64::MAX, "a run has 1 to 10000000000 trials");
        refused(&|p| p.tally.trials = u64::MAX, "its tally holds");
        refused(&|p| p.scheme = "other".into(), "seeding scheme other");
        refused(&|p| p.block_trials = 1024, "blocks of 1024");
        refused(&|p| p.shard = ShardLabel { index: 3, count: 2 }, "shard 3 of 2");
        refused(&|p| p.shard = ShardLabel { index: 1, count: u64::MAX }, "shard 1 of");
        refused(&|p| p.tally.outcomes[0] += 5, "outcome counts do not sum");
        refused(&|p| p.tally.signed = 1_000_000_000_000_000, "more than its");
        refused(&|p| p.tally.in_force = p.tally.signed + 1, "inconsistent");
        refused(&|p| p.tally.tactic_trials.push(0), "tactic trials: ");
        refused(&|p| p.run.tactics.pop().map(drop).unwrap_or(()), "tactic counts: ");
        refused(&|p| p.run.rules.push(p.run.rules[0].clone()), "rule counts: ");
        refused(&|p| p.run.days = 5000, "span of 5000 days");
        refused(&|p| p.run.points.push("2027-01-01".into()), "in force by date");
        refused(&|p| p.run.drivers.clear(), "driver table");
        refused(&|p| p.tally.by_format[0] = u64::MAX / 2, "inconsistent");
        refused(&|p| p.tally.truces_by_kind = [u64::MAX, 1], "exceeds");
        // A part of another run, sealed, still cannot join.
        let mut other = b.clone();
        other.seed = 8;
        seal(&mut other);
        let err = message(&merge(&[("a".into(), a.clone()), ("b".into(), other)]).unwrap_err());
        assert!(err.contains("belongs to another run: its seed is 8"), "{err}");
        let err = message(&merge(&[("a".into(), a.clone()), ("b".into(), a.clone())]).unwrap_err());
        assert!(err.contains("which a already is"), "{err}");
        let err = message(&merge(&[("a".into(), a.clone())]).unwrap_err());
        assert!(err.contains("shards missing: 2 (of 2)"), "{err}");
    }

    #[test]
    fn old_versions_and_other_files_are_named() {
        let (a, _) = parts();
        let now = format!("\"version\": {VERSION}");
        assert!(to_text(&a).contains(&now));
        let old = to_text(&a).replacen(&now, "\"version\": 1", 1);
        let err = message(&parse("old.json", &old).unwrap_err());
        assert!(
            err.contains(&format!("old.json: is a part file of version 1; this negsim reads version {VERSION}")),
            "{err}"
        );
        let err = message(&parse("x.json", "{\"a\": 1}").unwrap_err());
        assert!(err.contains("x.json: is not a negsim part file"), "{err}");
        let err = message(&parse("e.json", "  \n").unwrap_err());
        assert!(err.contains("e.json: is empty"), "{err}");
    }

    #[test]
    fn a_syntax_error_names_its_place_once() {
        let err = message(&parse("p.json", "{\n  \"format\": \"negsim-partial\",\n  oops\n}").unwrap_err());
        assert!(err.contains("p.json:3:3: is not valid JSON: key must be a string"), "{err}");
        assert!(!err.contains("line 3"), "{err}");
        let (a, _) = parts();
        let text = to_text(&a).replacen("\"seed\": 7", "\"seed\": \"seven\"", 1);
        let err = message(&parse("p.json", &text).unwrap_err());
        assert!(err.contains("is not a valid part file: invalid type: string"), "{err}");
        assert!(err.matches(":").count() >= 2);
        assert!(!err.contains(" at line "), "{err}");
    }

    #[test]
    fn the_hash_ignores_path_seed_and_trials_but_not_the_model() {
        let a = Model::baseline().unwrap();
        let mut b = a.clone();
        b.origin = "elsewhere.toml".into();
        b.settings.seed += 1;
        b.settings.trials += 1;
        assert_eq!(model_hash(&a), model_hash(&b));
        b.coefs[crate::model::Coef::CeasefireMedianDays] += 1e-9;
        assert_ne!(model_hash(&a), model_hash(&b));
    }
}
