//! `negsim backtest`: the model's forecasts from past dates, scored.

use super::{Error, emit, watched_fallible, write_out};
use crate::analysis::{asof, backtest as bt};
use crate::cli::BacktestArgs;
use crate::cli::options::{inputs_of, origin};
use crate::model::InputError;
use crate::model::date::Date;
use crate::model::record::{self, Record};
use crate::report::html;

pub(super) fn backtest(args: &BacktestArgs) -> Result<(), Error> {
    let model = args.model.load(&origin(args.file.as_deref()))?;
    let mut inputs = inputs_of([&model]);
    inputs.extend(args.record.iter().chain(&args.forecasts).filter_map(|p| p.canonicalize().ok()));
    args.out.guard(&inputs)?;
    let record = match &args.record {
        Some(path) => Record::read(path)?,
        None => Record::embedded()?,
    };
    let forecasts = match &args.forecasts {
        Some(path) => record::read_forecasts(path, record.end)?,
        None => record::embedded_forecasts(record.end)?,
    };
    let dates = match &args.dates {
        Some(text) => parse_dates(text)?,
        None => bt::default_dates(),
    };
    let settings = args.model.settings(&model, Some(asof::DEFAULT_CAP));
    let accepted = args.accepted.unwrap_or(bt::DEFAULT_ACCEPTED);
    let min_ess = args.min_ess.unwrap_or(asof::MIN_ESS);
    // Progress counts the cap of every date's run (most stop far earlier).
    let total = settings.trials.saturating_mul(dates.len() as u64 + 1);
    let result = watched_fallible(total, settings.quiet, |control| {
        bt::backtest(&model, &record, &forecasts, &dates, &settings.runner(control), accepted, min_ess)
    })?;
    if let Some(page) = &args.out.html {
        emit(&html::backtest_page(&result), Some(page))?;
    }
    write_out(&args.out.text, &result)
}

/// `2025-07-01,2025-08-01`: dates in order, each once.
fn parse_dates(text: &str) -> Result<Vec<Date>, InputError> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim) {
        let Some(d) = Date::parse(part) else {
            return Err(InputError::plain(
                format!("--dates: `{part}` is not a date"),
                "write dates as YYYY-MM-DD, separated by commas, e.g. --dates 2025-09-01,2025-12-01",
            ));
        };
        out.push(d);
    }
    out.sort();
    out.dedup();
    Ok(out)
}
