//! The second stage of the command line: from clap's arguments to what the
//! work needs. Defaults that come from the scenario (trials, seed) are
//! resolved here, once; checks that concern several flags live here and
//! name the flags.

use super::args::{ModelArgs, OutputArgs, PagedOutput};
use super::write;
use crate::analysis::Runner;
use crate::engine::Control;
use crate::model::{InputError, Model, Origin, Overrides};
use std::path::{Path, PathBuf};

/// Where a command's scenario comes from: the file given, or the embedded
/// baseline.
pub fn origin(file: Option<&Path>) -> Origin {
    file.map_or_else(Origin::baseline, |p| Origin::Path(p.to_path_buf()))
}

/// Worker threads: the flag, or every core.
pub fn threads(flag: Option<u16>) -> usize {
    flag.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// How a command plays its models, resolved once from the flags and the
/// scenario's `[simulation]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Trials per run.
    pub trials: u64,
    /// Seed of every run.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// No progress bar.
    pub quiet: bool,
}

impl Settings {
    /// The analyses' runner for these settings.
    pub fn runner<'c>(&self, control: &'c Control<'c>) -> Runner<'c> {
        Runner { trials: self.trials, seed: self.seed, threads: self.threads, control }
    }
}

impl ModelArgs {
    /// The `--set` overrides.
    pub fn overrides(&self) -> Overrides {
        Overrides { sets: self.set.clone() }
    }

    /// Loads a scenario with the overrides, and with its drivers fixed at
    /// their central values if `--central-drivers` says so.
    pub fn load(&self, origin: &Origin) -> Result<Model, InputError> {
        self.load_with(origin, &self.overrides())
    }

    /// As [`ModelArgs::load`], with other overrides.
    pub fn load_with(&self, origin: &Origin, overrides: &Overrides) -> Result<Model, InputError> {
        let model = Model::load_with(origin, overrides)?;
        Ok(if self.central_drivers { model.with_central_drivers() } else { model })
    }

    /// Trials, seed and threads: the flags, else `default_trials` when the
    /// command has its own default, else the scenario's `[simulation]`.
    pub fn settings(&self, model: &Model, default_trials: Option<u64>) -> Settings {
        Settings {
            trials: self.trials.or(default_trials).unwrap_or(model.settings.trials),
            seed: self.seed.unwrap_or(model.settings.seed),
            threads: threads(self.threads),
            quiet: self.quiet,
        }
    }
}

impl OutputArgs {
    /// Refuses, before any work, an `-o` that would replace one of the
    /// command's inputs or a scenario file (unless `--force`).
    pub fn guard(&self, inputs: &[PathBuf]) -> Result<(), InputError> {
        match &self.output {
            Some(path) => write::guard(path, inputs, self.force),
            None => Ok(()),
        }
    }
}

impl PagedOutput {
    /// Refuses, before any work, an `-o` or a page that would replace one
    /// of the command's inputs or a scenario file (unless `--force`).
    pub fn guard(&self, inputs: &[PathBuf]) -> Result<(), InputError> {
        self.text.guard(inputs)?;
        match &self.html {
            Some(path) => write::guard(path, inputs, self.text.force),
            None => Ok(()),
        }
    }
}

/// Every file a set of models read (scenario files and their chains).
pub fn inputs_of<'m>(models: impl IntoIterator<Item = &'m Model>) -> Vec<PathBuf> {
    models.into_iter().flat_map(|m| m.inputs.iter().cloned()).collect()
}

/// Refuses a sweep that cannot mean what it says: of a key also given with
/// `--set` (the sweep would silently overwrite it), of the seed (each value
/// would be another run, not a change of the model) or of the trial count
/// (every row would run the same trials).
pub fn check_sweep_key(key: &str, sets: &[String]) -> Result<(), InputError> {
    if sets.iter().any(|s| s.split('=').next().map(str::trim) == Some(key)) {
        return Err(InputError::plain(
            format!("--set-range {key}=... and --set {key}=... both set `{key}`: the sweep would overwrite the --set"),
            format!("drop the --set of `{key}`; the sweep sets it to each of its values in turn"),
        ));
    }
    match key {
        "simulation.seed" | "simulation.trials" => Err(InputError::plain(
            format!(
                "--set-range {key}=...: a sweep runs every value with the same --seed and --trials, so this would print identical rows"
            ),
            "sweep a model parameter; to compare seeds or trial counts, run `negsim run --seed S` or `--trials N` once per value",
        )),
        _ => Ok(()),
    }
}
