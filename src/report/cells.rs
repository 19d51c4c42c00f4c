//! Numbers become text here and nowhere else, so a share, a difference or
//! an interval reads the same in the table, the Markdown and the HTML page.

use crate::results::{ForecasterScore, Summary};

/// One row of the outcome table, its figures already text, so the table,
/// the Markdown and the page show the same numbers: the seven outcomes,
/// then the two families.
pub struct ShareRow {
    /// `1` to `7`, or `1-4` / `5-7` for a family.
    pub number: String,
    /// The outcome's id, or the family's name.
    pub id: String,
    /// The outcome's title (empty for a family).
    pub title: String,
    /// A family row.
    pub family: bool,
    /// The published share.
    pub published: String,
    /// The simulated share.
    pub simulated: String,
    /// The 95 % interval's ends, in percent with one decimal.
    pub interval: [String; 2],
    /// Simulated minus published.
    pub diff: String,
}

/// The outcome table's rows.
pub fn share_rows(s: &Summary) -> Vec<ShareRow> {
    let row = |number: String, id: &str, title: &str, family: bool, published: f64, p: f64, ci: [f64; 2]| ShareRow {
        number,
        id: id.to_string(),
        title: title.to_string(),
        family,
        published: pct(published),
        simulated: pct(p),
        interval: [format!("{:.1}", 100.0 * ci[0]), format!("{:.1}", 100.0 * ci[1])],
        diff: pp(p - published, 1),
    };
    let mut rows: Vec<ShareRow> = s
        .outcomes
        .iter()
        .map(|o| row(o.number.to_string(), &o.id, &o.title, false, o.published, o.probability, o.ci95))
        .collect();
    for (number, id, f) in [("1-4", "military", &s.families.military), ("5-7", "negotiated", &s.families.negotiated)] {
        rows.push(row(number.to_string(), id, "", true, f.published, f.probability, f.ci95));
    }
    rows
}

/// A forecaster's six scores in the order of the backtest's score table:
/// its own Brier score and log loss, then the model's and the base rate's
/// on the same pairs; four decimals, `-` where there is none.
pub fn scores(s: &ForecasterScore) -> [String; 6] {
    [s.brier, s.log_loss, s.model_brier, s.model_log_loss, s.base_rate_brier, s.base_rate_log_loss]
        .map(|x| x.map_or_else(|| "-".to_string(), |v| format!("{v:.4}")))
}

/// A share as a percentage with one decimal: `12.5 %`.
pub fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// A difference of shares in percentage points, signed, with `decimals`
/// decimals: `+1.2 pp`. A difference that rounds to zero is written
/// without a sign (`0.0 pp`), never `-0.0 pp`.
pub fn pp(x: f64, decimals: usize) -> String {
    format!("{} pp", signed(100.0 * x, decimals))
}

/// A signed number with `decimals` decimals (`+1.2`, `-0.4`); one that
/// rounds to zero has no sign (`0.0`), never `-0.0` or `+0.0`.
pub fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{:+.*}", decimals, x);
    let zero = text.trim_start_matches(['+', '-']).chars().all(|c| c == '0' || c == '.');
    if zero { text.trim_start_matches(['+', '-']).to_string() } else { text }
}

/// An interval of shares in percent: `12.3 to 12.7 %`.
pub fn interval(ci: [f64; 2]) -> String {
    format!("{:.1} to {:.1} %", 100.0 * ci[0], 100.0 * ci[1])
}

/// A number for CSV and other machine-read text: the shortest text that
/// reads back to the same float, after rounding away the binary noise of
/// sums and products past 12 significant digits (`0.7200000000000001`
/// is written `0.72`). Very small and very large numbers take an exponent
/// (`1e-300`), never hundreds of digits.
pub fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{}", if x == 0.0 { 0.0 } else { x });
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    let rounded = if (0..=300).contains(&digits) {
        let scale = 10f64.powi(digits);
        let r = (x * scale).round() / scale;
        if r.is_finite() { r } else { x }
    } else {
        x
    };
    if rounded.abs() < 1e-6 || rounded.abs() >= 1e15 { format!("{rounded:e}") } else { format!("{rounded}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_points_read_as_documented() {
        assert_eq!(pct(0.125), "12.5 %");
        assert_eq!(pp(0.012, 1), "+1.2 pp");
        assert_eq!(pp(-0.0004, 1), "0.0 pp");
        assert_eq!(pp(-0.0123, 2), "-1.23 pp");
        assert_eq!(interval([0.123, 0.127]), "12.3 to 12.7 %");
    }

    #[test]
    fn numbers_lose_float_noise_but_keep_their_value() {
        assert_eq!(num(0.7200000000000001), "0.72");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(123456.0), "123456");
        assert_eq!(num(1e-300), "1e-300");
        assert_eq!(num(0.15015015015015015), "0.15015015015");
    }
}
