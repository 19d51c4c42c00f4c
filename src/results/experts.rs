//! Expert disagreement: the spread of each figure across tables redrawn
//! around the scenario's (see `analysis::experts`).

use serde::Serialize;

/// 5th, 50th and 95th percentiles of a measure across replicates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// Measure (outcome id, `military`, `negotiated`, `signed`, `held`, or
    /// `world:<id>` for a world's table probability).
    pub measure: String,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Band {
    /// The band of the values `xs` took.
    pub fn of(measure: String, mut xs: Vec<f64>) -> Band {
        xs.sort_by(f64::total_cmp);
        Band { measure, p05: quantile(&xs, 0.05), p50: quantile(&xs, 0.5), p95: quantile(&xs, 0.95) }
    }

    /// Width of the 5-95 % band.
    pub fn width(&self) -> f64 {
        self.p95 - self.p05
    }
}

/// Linear-interpolation quantile of sorted values (type 7, as R's default).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// What the replicates gave.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpertSpread {
    /// Concentration K.
    pub concentration: f64,
    /// Replicates R.
    pub replicates: u32,
    /// Trials in each replicate (the same trials in every one).
    pub trials_per_replicate: u64,
    /// Spread of each outcome's share, in outcome order.
    pub outcomes: Vec<Band>,
    /// Spread of the family, signed and held shares.
    pub measures: Vec<Band>,
    /// Spread of each world's drawn table probability.
    pub worlds: Vec<Band>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&xs, 0.5), 2.0);
        assert!((quantile(&xs, 0.05) - 0.2).abs() < 1e-12);
        assert!((quantile(&xs, 0.95) - 3.8).abs() < 1e-12);
    }
}
