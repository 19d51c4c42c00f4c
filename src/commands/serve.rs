//! `negsim serve`: the local web page. The server lives in `crate::serve`;
//! this prints where it listens and how to stop it.

use super::Error;
use crate::cli::ServeArgs;
use crate::cli::write::say;
use crate::serve::{Options, serve as start};
use std::io::Write;

pub(super) fn serve(args: &ServeArgs) -> Result<(), Error> {
    let options = Options { file: args.file.clone(), bind: args.bind, port: args.port };
    start(options, |addr| {
        // The first line of stdout is the address, so scripts and tests
        // can read the port chosen for --port 0.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "http://{addr}/");
        let _ = out.flush();
        say("negsim serve: open the address above in a browser; Ctrl-C stops the server");
        if !addr.ip().is_loopback() {
            say("warning: listening beyond this machine: anyone who can reach the address can run simulations here");
        }
    })?;
    say("negsim serve: stopped");
    Ok(())
}
