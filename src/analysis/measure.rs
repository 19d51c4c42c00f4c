//! What an analysis measures in a run: an outcome's share, the negotiated
//! family, signed or held ceasefires. Resolved once when the command line
//! is read, so no analysis looks an outcome up by name again.

use crate::seeds::{self, OUTCOMES};
use crate::stats::Tally;

/// A share of trials an analysis can measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The share of one outcome (0-based index in the table).
    Outcome(usize),
    /// Outcomes 5-7.
    Negotiated,
    /// Trials with a signed ceasefire.
    Signed,
    /// Trials whose ceasefire held.
    Held,
}

impl Measure {
    /// Parses `negotiated`, `signed`, `held`, an outcome number 1-7 or an
    /// outcome id.
    pub fn parse(s: &str) -> Result<Measure, String> {
        match s {
            "negotiated" => Ok(Measure::Negotiated),
            "signed" => Ok(Measure::Signed),
            "held" => Ok(Measure::Held),
            other => {
                let known = seeds::scenarios();
                match known.iter().position(|sc| sc.id == other || sc.number.to_string() == other) {
                    Some(i) => Ok(Measure::Outcome(i)),
                    None => {
                        let ids: Vec<&str> = known.iter().map(|s| s.id.as_str()).collect();
                        Err(format!(
                            "`{other}` is not a target: use negotiated, signed, held, an outcome number 1-{OUTCOMES}, or an id ({})",
                            ids.join(", ")
                        ))
                    }
                }
            }
        }
    }

    /// Its value in a run: a share of the run's trials.
    pub fn of(self, t: &Tally) -> f64 {
        let k = match self {
            Measure::Negotiated => t.outcomes[4..].iter().sum(),
            Measure::Signed => t.signed,
            Measure::Held => t.held,
            Measure::Outcome(i) => t.outcomes[i],
        };
        k as f64 / t.trials.max(1) as f64
    }

    /// The name it goes by in reports.
    pub fn name(self) -> String {
        match self {
            Measure::Negotiated => "negotiated share (outcomes 5-7)".into(),
            Measure::Signed => "signed ceasefires".into(),
            Measure::Held => "ceasefires that held".into(),
            Measure::Outcome(i) => {
                let s = &seeds::scenarios()[i];
                format!("outcome {} {}", s.number, s.id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_name_outcomes_or_aggregates() {
        assert_eq!(Measure::parse("held"), Ok(Measure::Held));
        assert_eq!(Measure::parse("5"), Ok(Measure::Outcome(4)));
        assert_eq!(Measure::parse("durable-peace"), Ok(Measure::Outcome(6)));
        assert!(Measure::parse("peace").is_err());
        assert!(Measure::parse("0").is_err());
    }
}
