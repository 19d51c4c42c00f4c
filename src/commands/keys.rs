//! `negsim keys`: the reference of every scenario key, from the lists the
//! loader checks against (so it is never out of date).

use super::{Error, write_out};
use crate::cli::KeysArgs;
use crate::results::KeyReference;

pub(super) fn keys(args: &KeysArgs) -> Result<(), Error> {
    args.out.guard(&[])?;
    write_out(&args.out, &KeyReference::new(args.pattern.as_deref()))
}
