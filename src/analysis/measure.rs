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
    /// Trials with a ceasefire in force on the horizon date.
    InForce,
}

impl Measure {
    /// Parses `negotiated`, `signed`, `in_force`, an outcome number 1-7 or
    /// an outcome id.
    pub fn parse(s: &str) -> Result<Measure, String> {
        match s {
            "negotiated" => Ok(Measure::Negotiated),
            "signed" => Ok(Measure::Signed),
            "in_force" | "in-force" => Ok(Measure::InForce),
            other => {
                let known = seeds::scenarios();
                match known.iter().position(|sc| sc.id == other || sc.number.to_string() == other) {
                    Some(i) => Ok(Measure::Outcome(i)),
                    None => {
                        let ids: Vec<&str> = known.iter().map(|s| s.id.as_str()).collect();
                        Err(format!(
                            "`{other}` is not a target: use negotiated, signed, in_force, an outcome number 1-{OUTCOMES}, or an id ({})",
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
            Measure::InForce => t.in_force,
            Measure::Outcome(i) => t.outcomes[i],
        };
        k as f64 / t.trials.max(1) as f64
    }

    /// The name it goes by in reports.
    /// Its short id, as `--target` takes it (`negotiated`, `signed`,
    /// `in_force`, or the outcome's id).
    pub fn id(self) -> String {
        match self {
            Measure::Negotiated => "negotiated".into(),
            Measure::Signed => "signed".into(),
            Measure::InForce => "in_force".into(),
            Measure::Outcome(i) => seeds::scenarios()[i].id.clone(),
        }
    }

    /// What it measures, in words.
    pub fn name(self) -> String {
        match self {
            Measure::Negotiated => "negotiated share (outcomes 5-7)".into(),
            Measure::Signed => "signed ceasefires".into(),
            Measure::InForce => "ceasefires in force on the horizon date".into(),
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
        assert_eq!(Measure::parse("in_force"), Ok(Measure::InForce));
        assert!(Measure::parse("held").is_err());
        assert_eq!(Measure::parse("5"), Ok(Measure::Outcome(4)));
        assert_eq!(Measure::parse("durable-peace"), Ok(Measure::Outcome(6)));
        assert!(Measure::parse("peace").is_err());
        assert!(Measure::parse("0").is_err());
    }
}
