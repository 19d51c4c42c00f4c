//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The `negsim` binary, as a user runs it.
pub fn negsim() -> assert_cmd::Command {
    assert_cmd::cargo::cargo_bin_cmd!("negsim")
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}
