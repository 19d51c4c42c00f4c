//! `negsim merge`: the part files of a sharded run, merged into the report
//! the single run would print.

use super::{Error, write_out};
use crate::analysis::shard;
use crate::cli::MergeArgs;
use crate::results::Summary;

pub(super) fn merge(args: &MergeArgs) -> Result<(), Error> {
    args.out.guard(&args.parts)?;
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        parts.push((path.display().to_string(), shard::read(path)?));
    }
    let (info, tally, seed) = shard::merge(&parts)?;
    write_out(&args.out, &Summary::new(&info, &tally, seed))
}
