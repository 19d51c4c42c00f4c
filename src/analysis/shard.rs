//! Runs bigger than one machine: shard files and their merge.
//!
//! `negsim run --shard K/N` plays the blocks of shard K (blocks `b` with
//! `b % N == K - 1`) and writes a [`Partial`]: the raw, exactly mergeable
//! tally, with what identifies the run (the model's hash, the seed, the
//! trial count, the seeding scheme, the shard layout). `negsim merge`
//! checks that the parts belong together and cover every shard once, adds
//! their tallies, and reports exactly as the single run would: tallies are
//! integer counts, so the merge is the same sum in any order.

use crate::engine::{BLOCK_TRIALS, SCHEME, Shard};
use crate::model::{InputError, Model};
use crate::results::RunInfo;
use crate::stats::Tally;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The `format` field of a shard file.
pub const FORMAT: &str = "negsim-partial";
/// The version of the shard file layout.
pub const VERSION: u32 = 1;
/// Largest shard file read (a part is a few kilobytes).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// A shard's result, as written to disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
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
    if n > 1_000_000 {
        return Err(format!("{n} shards is beyond the cap of 1000000"));
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

/// The part file for a shard's tally.
pub fn partial(model: &Model, seed: u64, trials: u64, shard: Shard, tally: Tally) -> Partial {
    Partial {
        format: FORMAT.into(),
        version: VERSION,
        negsim: env!("CARGO_PKG_VERSION").into(),
        scheme: SCHEME.into(),
        block_trials: BLOCK_TRIALS,
        model_hash: model_hash(model),
        seed,
        trials,
        shard: shard.into(),
        run: RunInfo::of(model),
        tally,
    }
}

/// Trials that shard `index` of `count` plays in a run of `trials`.
pub fn shard_trials(trials: u64, shard: Shard) -> u64 {
    (0..trials.div_ceil(BLOCK_TRIALS))
        .filter(|b| b % shard.count == shard.index)
        .map(|b| ((b + 1) * BLOCK_TRIALS).min(trials) - b * BLOCK_TRIALS)
        .sum()
}

/// Reads a part file (at most [`MAX_PART_BYTES`], whatever kind of file
/// it is).
pub fn read(path: &Path) -> Result<Partial, InputError> {
    let name = path.display().to_string();
    let text = crate::model::load::read_input(path, MAX_PART_BYTES, "a part file is a few kilobytes of JSON")?;
    parse(&name, &text)
}

/// Parses the text of a part file; `name` is what errors call it.
pub fn parse(name: &str, text: &str) -> Result<Partial, InputError> {
    let bad = |what: String, help: &str| InputError::file(name, what, help);
    let part: Partial = serde_json::from_str(text).map_err(|e| {
        InputError::file(
            &format!("{name}:{}:{}", e.line(), e.column()),
            format!("not a negsim part file: {e}"),
            "merge the JSON files written by `negsim run --shard K/N`",
        )
    })?;
    if part.format != FORMAT || part.version != VERSION {
        return Err(bad(
            format!("is a `{}` file of version {}, not {FORMAT} version {VERSION}", part.format, part.version),
            "re-run the shards with this negsim",
        ));
    }
    Ok(part)
}

/// A part file's text: pretty JSON and a final newline.
pub fn to_text(part: &Partial) -> String {
    // A part holds only strings, integers and finite floats, which
    // serde_json cannot fail on.
    serde_json::to_string_pretty(part).map(|s| s + "\n").unwrap_or_default()
}

/// Checks that `parts` are the shards of one run, each once, and merges
/// them. `names` say where each part came from, for errors.
pub fn merge(parts: &[(String, Partial)]) -> Result<(RunInfo, Tally, u64), InputError> {
    let Some((first_name, first)) = parts.first() else {
        return Err(InputError::plain("no parts to merge", "name the part files written by `negsim run --shard K/N`"));
    };
    let count = first.shard.count;
    let mut seen = vec![None::<&str>; usize::try_from(count).unwrap_or(usize::MAX).min(1 << 20)];
    let mut total = first.tally.cleared();
    for (name, part) in parts {
        let differs = |what: &str, a: String, b: String| {
            InputError::file(
                name,
                format!("belongs to another run: its {what} is {b}, but {first_name} has {a}"),
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
        if part.scheme != first.scheme || part.block_trials != first.block_trials {
            return Err(differs("seeding scheme", first.scheme.clone(), part.scheme.clone()));
        }
        let index = part.shard.index;
        let slot = usize::try_from(index.wrapping_sub(1)).ok().and_then(|i| seen.get_mut(i));
        let Some(slot) = slot else {
            return Err(InputError::file(
                name,
                format!("has shard {index} of {count}, which does not exist"),
                "re-run it",
            ));
        };
        if let Some(other) = slot {
            return Err(InputError::file(
                name,
                format!("is shard {index} of {count}, which {other} already is"),
                "give each shard once",
            ));
        }
        *slot = Some(name);
        let expected = shard_trials(part.trials, Shard { index: index - 1, count });
        if !part.tally.same_shape(&total) || part.tally.trials != expected {
            return Err(InputError::file(
                name,
                format!(
                    "its tally does not fit shard {index} of {count} ({} trials, expected {expected})",
                    part.tally.trials
                ),
                "the file was changed or cut short; re-run the shard",
            ));
        }
        total += &part.tally;
    }
    let missing: Vec<String> =
        seen.iter().enumerate().filter(|(_, s)| s.is_none()).map(|(i, _)| (i + 1).to_string()).take(20).collect();
    if !missing.is_empty() {
        return Err(InputError::plain(
            format!("shards missing: {} (of {count})", missing.join(", ")),
            "merge every shard of the run",
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
        for trials in [1, 4096, 4097, 100_000] {
            for count in [1, 2, 3, 7] {
                let sum: u64 = (0..count).map(|index| shard_trials(trials, Shard { index, count })).sum();
                assert_eq!(sum, trials);
            }
        }
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
