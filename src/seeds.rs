//! The sources' facts as data: the published seven-scenario table and the
//! tactic catalogue, embedded from `seeds/` at build time.
//!
//! These are the reference every scenario file builds on and every report
//! compares against (the "published" column). They record what the sources
//! say, never what a model needs, and are not edited to tune a result.

use serde::Deserialize;
use std::sync::OnceLock;

/// Number of scenarios in the published table, and so of starting worlds
/// and of outcomes.
pub const OUTCOMES: usize = 7;

/// The scenario table, as TOML (`seeds/globsec-2025.toml`).
pub const SCENARIO_TABLE_TOML: &str = include_str!("../seeds/globsec-2025.toml");
/// The tactic catalogue, as TOML (`seeds/tactics.toml`).
pub const TACTICS_TOML: &str = include_str!("../seeds/tactics.toml");

/// `seeds/globsec-2025.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioTable {
    /// Where the table comes from.
    pub source: TableSource,
    /// The seven scenarios, in table order.
    pub scenarios: Vec<Scenario>,
}

/// Provenance of the scenario table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSource {
    /// Source file name.
    pub file: String,
    /// Section of the source file.
    pub section: String,
    /// The document that reproduces the table.
    pub document: String,
    /// The report the table comes from.
    pub original: String,
    /// Number of experts behind the table.
    pub experts: u32,
    /// Published split between the families, in percent.
    pub family_percent: FamilyPercent,
}

/// The split between military and negotiated futures, in percent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyPercent {
    /// Scenarios 1-4.
    pub military: u32,
    /// Scenarios 5-7.
    pub negotiated: u32,
}

/// Whether a future is decided on the battlefield or at the table.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// The war goes on in some form (scenarios 1-4).
    Military,
    /// A ceasefire is signed (scenarios 5-7).
    Negotiated,
}

/// One published scenario.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// 1 to 7, as published.
    pub number: u32,
    /// Short id used in files and output.
    pub id: String,
    /// Title, in our words.
    pub title: String,
    /// Military or negotiated.
    pub family: Family,
    /// Published probability, percent.
    pub probability_percent: u32,
    /// What the scenario describes.
    pub summary: String,
    /// Russian behaviours listed for it, as tactic ids.
    pub tactics: Vec<String>,
    /// Listed characteristics that are not Russian tactics.
    pub context: Vec<String>,
}

impl Scenario {
    /// Published probability as a share of one.
    pub fn prior(&self) -> f64 {
        f64::from(self.probability_percent) / 100.0
    }
}

/// `seeds/tactics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Every documented tactic.
    pub tactics: Vec<CatalogueTactic>,
}

/// A documented tactic.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueTactic {
    /// Id used in scenario files.
    pub id: String,
    /// Human name.
    pub name: String,
    /// One line, in our words.
    pub description: String,
    /// Where it is documented.
    pub source: String,
    /// Scenario numbers whose behaviours list it.
    pub scenarios: Vec<u32>,
    /// Documented instances.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A documented instance of a tactic.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What happened.
    pub what: String,
    /// ISO date or month, when the source gives one.
    #[serde(default)]
    pub date: Option<String>,
    /// Length of the talks in hours, when the source gives one.
    #[serde(default)]
    pub hours: Option<f64>,
    /// How the source qualifies the length: about, under, over.
    #[serde(default)]
    pub hours_bound: Option<String>,
    /// Where it is documented.
    pub source: String,
}

/// The published scenario table. The embedded file is checked by the test
/// suite, so a failure to parse it is a build defect, not a user error.
pub fn scenario_table() -> &'static ScenarioTable {
    static TABLE: OnceLock<ScenarioTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        #[allow(clippy::expect_used)]
        let table: ScenarioTable =
            toml::from_str(SCENARIO_TABLE_TOML).expect("seeds/globsec-2025.toml is checked by the test suite");
        table
    })
}

/// The tactic catalogue (see [`scenario_table`] on why it cannot fail).
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        #[allow(clippy::expect_used)]
        let catalogue: Catalogue =
            toml::from_str(TACTICS_TOML).expect("seeds/tactics.toml is checked by the test suite");
        catalogue
    })
}

/// The seven scenarios in table order.
pub fn scenarios() -> &'static [Scenario] {
    &scenario_table().scenarios
}

/// Index (0-based) of a scenario by id.
pub fn scenario_index(id: &str) -> Option<usize> {
    scenarios().iter().position(|s| s.id == id)
}

/// Published probabilities, as shares of one, in table order.
pub fn priors() -> [f64; OUTCOMES] {
    let mut out = [0.0; OUTCOMES];
    for (slot, s) in out.iter_mut().zip(scenarios()) {
        *slot = s.prior();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_seven_scenarios_numbered_in_order() {
        let numbers: Vec<u32> = scenarios().iter().map(|s| s.number).collect();
        assert_eq!(numbers, (1..=OUTCOMES as u32).collect::<Vec<_>>());
    }

    #[test]
    fn the_table_sums_to_one_hundred_percent() {
        let total: u32 = scenarios().iter().map(|s| s.probability_percent).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn published_probabilities_are_as_in_the_source() {
        let published: Vec<u32> = scenarios().iter().map(|s| s.probability_percent).collect();
        assert_eq!(published, [20, 13, 4, 38, 11, 12, 2]);
    }

    #[test]
    fn the_families_split_75_25_as_published() {
        let share =
            |family| -> u32 { scenarios().iter().filter(|s| s.family == family).map(|s| s.probability_percent).sum() };
        assert_eq!(share(Family::Military), 75);
        assert_eq!(share(Family::Negotiated), 25);
        let fp = &scenario_table().source.family_percent;
        assert_eq!((fp.military, fp.negotiated), (75, 25));
        let military: Vec<u32> =
            scenarios().iter().filter(|s| s.family == Family::Military).map(|s| s.number).collect();
        assert_eq!(military, [1, 2, 3, 4]);
    }

    #[test]
    fn every_tactic_a_scenario_names_is_in_the_catalogue() {
        for s in scenarios() {
            for id in &s.tactics {
                assert!(
                    catalogue().tactics.iter().any(|t| &t.id == id),
                    "scenario {} names unknown tactic {id}",
                    s.number
                );
            }
        }
    }

    #[test]
    fn catalogue_ids_are_unique_and_scenario_lists_agree() {
        let mut ids: Vec<&str> = catalogue().tactics.iter().map(|t| t.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate tactic id");
        assert!(n >= 15, "the catalogue must hold at least the fifteen tactics of DESIGN.md");
        for t in &catalogue().tactics {
            let listed: Vec<u32> = scenarios().iter().filter(|s| s.tactics.contains(&t.id)).map(|s| s.number).collect();
            assert_eq!(t.scenarios, listed, "tactic {}", t.id);
        }
    }

    #[test]
    fn the_documented_durations_are_recorded() {
        let hours = |id: &str| -> Vec<f64> {
            catalogue()
                .tactics
                .iter()
                .filter(|t| t.id == id)
                .flat_map(|t| t.evidence.iter().filter_map(|e| e.hours))
                .collect()
        };
        assert_eq!(hours("time_exhaustion"), [18.0, 12.0]);
        assert_eq!(hours("shortened_talks"), [2.0, 1.0]);
        for t in &catalogue().tactics {
            assert!(!t.source.is_empty() && !t.description.is_empty(), "tactic {} lacks source or description", t.id);
        }
    }
}
