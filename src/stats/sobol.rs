//! Sobol global sensitivity indices, by Saltelli's sampling scheme: pure
//! arithmetic on a function of the unit cube, so it can be checked on a
//! function whose indices are known (Ishigami) before it is trusted with
//! the model.
//!
//! For `d` inputs and `n` base samples, two independent `n x d` matrices
//! `A` and `B` of uniform numbers are drawn, and for each input `i` the
//! matrix `A_B^i`: `A` with its column `i` taken from `B`. The function is
//! evaluated at the `n (d + 2)` rows ([`points`]), and from the values
//! ([`estimate`]):
//!
//! * `V`, the variance of the values at `A` and `B` together;
//! * first-order index (Saltelli et al. 2010, "Variance based sensitivity
//!   analysis of model output", Comput. Phys. Commun. 181, table 2 (b)):
//!   `S_i = mean(f(B) (f(A_B^i) - f(A))) / V`, the share of the variance
//!   that input `i` explains alone (with `f` centred on its mean, which
//!   leaves the estimate unbiased and cuts its variance);
//! * total index (Jansen 1999, the same table (f)):
//!   `ST_i = mean((f(A) - f(A_B^i))^2) / (2 V)`, the share it has a hand
//!   in, interactions included.
//!
//! Confidence intervals come from a bootstrap over the base samples (the
//! rows `j` of `A`, `B` and every `A_B^i` are resampled together, since
//! they are one unit of the design) with percentile intervals.
//!
//! The uniform numbers are pseudo-random (SplitMix64 streams keyed by the
//! seed), not a quasi-random Sobol' sequence: the error falls as
//! `1 / sqrt(n)` rather than nearly `1 / n`, but the bootstrap intervals
//! stay valid (they assume independent rows) and every index is
//! reproducible from the seed alone.

use crate::engine::random::mix;

const G: u64 = 0x9E37_79B9_7F4A_7C15;
const G1: u64 = 0xD1B5_4A32_D192_ED03;
/// Salt of these streams, so that they share nothing with a trial's.
const SALT: u64 = 0x736F_626F_6C5F_7631; // "sobol_v1"

/// Uniform numbers on [0, 1): stream `stream` of a seed, SplitMix64.
#[derive(Clone, Debug)]
pub struct Uniforms {
    state: u64,
}

impl Uniforms {
    /// Stream `stream` of `seed`: streams of one seed are independent.
    pub fn new(seed: u64, stream: u64) -> Uniforms {
        Uniforms { state: mix(mix(seed ^ SALT).wrapping_add(stream.wrapping_add(1).wrapping_mul(G1))) }
    }

    /// The next number, with 53 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> f64 {
        self.state = self.state.wrapping_add(G);
        (mix(self.state) >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// The next whole number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// The points to evaluate, in the unit cube: for each base sample `j` in
/// turn, the row `j` of `A`, of `B`, then of `A_B^1` ... `A_B^d`; so the
/// value of row `j` of `A_B^i` is at `j (d + 2) + 2 + i`.
pub fn points(d: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let (mut ua, mut ub) = (Uniforms::new(seed, 0), Uniforms::new(seed, 1));
    let mut out = Vec::with_capacity(n * (d + 2));
    for _ in 0..n {
        let a: Vec<f64> = (0..d).map(|_| ua.next()).collect();
        let b: Vec<f64> = (0..d).map(|_| ub.next()).collect();
        let mixed: Vec<Vec<f64>> = (0..d)
            .map(|i| {
                let mut row = a.clone();
                row[i] = b[i];
                row
            })
            .collect();
        out.push(a);
        out.push(b);
        out.extend(mixed);
    }
    out
}

/// One input's indices, with their 95 % bootstrap intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    /// First-order index (Saltelli 2010).
    pub first: f64,
    /// Its 95 % bootstrap interval.
    pub first_ci: [f64; 2],
    /// Total index (Jansen).
    pub total: f64,
    /// Its 95 % bootstrap interval.
    pub total_ci: [f64; 2],
}

/// Every input's indices, and what they are shares of.
#[derive(Clone, Debug, PartialEq)]
pub struct Indices {
    /// Mean of the function over `A` and `B`.
    pub mean: f64,
    /// Variance of the function over `A` and `B` (what the indices divide).
    pub variance: f64,
    /// Per input, in input order.
    pub inputs: Vec<Index>,
}

/// The indices from one resample of the base samples (`rows`).
fn indices_of(values: &[f64], d: usize, rows: &[usize]) -> (f64, f64, Vec<(f64, f64)>) {
    let n = rows.len() as f64;
    let at = |j: usize, k: usize| values[j * (d + 2) + k];
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for &j in rows {
        for k in 0..2 {
            sum += at(j, k);
            sum_sq += at(j, k) * at(j, k);
        }
    }
    let mean = sum / (2.0 * n);
    let variance = (sum_sq / (2.0 * n) - mean * mean).max(0.0);
    let out = (0..d)
        .map(|i| {
            let (mut first, mut total) = (0.0, 0.0);
            for &j in rows {
                // Centred: the first-order sum has the same expectation
                // (f(A) and f(A_B^i) have the same mean), but without the
                // mean squared in its variance, which dominates when the
                // measure is a share far from 0 and the spread is small.
                let (fa, fb, fab) = (at(j, 0) - mean, at(j, 1) - mean, at(j, 2 + i) - mean);
                first += fb * (fab - fa);
                total += (fa - fab) * (fa - fab);
            }
            if variance > 0.0 { (first / n / variance, total / (2.0 * n) / variance) } else { (0.0, 0.0) }
        })
        .collect();
    (mean, variance, out)
}

/// The `q` quantile of sorted numbers, interpolating linearly between
/// order statistics (Hyndman and Fan's type 7, R's default); 0 when empty.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        len => {
            let h = (len - 1) as f64 * q.clamp(0.0, 1.0);
            let (lo, frac) = (h.floor() as usize, h - h.floor());
            let hi = (lo + 1).min(len - 1);
            sorted[lo] + frac * (sorted[hi] - sorted[lo])
        }
    }
}

/// The indices from the values at [`points`]`(d, n, _)`, with 95 %
/// percentile intervals from `resamples` bootstrap resamples of the base
/// samples (drawn from `seed`; none when `resamples` is 0, the intervals
/// then the estimate itself).
pub fn estimate(values: &[f64], d: usize, n: usize, resamples: usize, seed: u64) -> Indices {
    let n = n.min(values.len() / (d + 2).max(1));
    let all: Vec<usize> = (0..n).collect();
    let (mean, variance, point) = indices_of(values, d, &all);
    let mut firsts = vec![Vec::with_capacity(resamples); d];
    let mut totals = vec![Vec::with_capacity(resamples); d];
    let mut u = Uniforms::new(seed, 2);
    let mut rows = vec![0; n];
    for _ in 0..resamples {
        for r in rows.iter_mut() {
            *r = u.below(n);
        }
        let (_, _, b) = indices_of(values, d, &rows);
        for (i, (s, t)) in b.into_iter().enumerate() {
            firsts[i].push(s);
            totals[i].push(t);
        }
    }
    let interval = |mut v: Vec<f64>, at: f64| -> [f64; 2] {
        if v.is_empty() {
            return [at, at];
        }
        v.sort_by(f64::total_cmp);
        [quantile(&v, 0.025), quantile(&v, 0.975)]
    };
    let inputs = point
        .into_iter()
        .zip(firsts.into_iter().zip(totals))
        .map(|((first, total), (fs, ts))| Index {
            first,
            first_ci: interval(fs, first),
            total,
            total_ci: interval(ts, total),
        })
        .collect();
    Indices { mean, variance, inputs }
}

/// The indices of `f` on the unit cube `[0, 1)^d`: [`points`], `f` at
/// each, then [`estimate`].
pub fn indices(f: impl Fn(&[f64]) -> f64, d: usize, n: usize, resamples: usize, seed: u64) -> Indices {
    let values: Vec<f64> = points(d, n, seed).iter().map(|x| f(x)).collect();
    estimate(&values, d, n, resamples, seed)
}

/// The Ishigami function (Ishigami and Homma 1990) of three numbers of the
/// unit cube, each mapped to `[-pi, pi]`: `sin x1 + a sin^2 x2 + b x3^4 sin
/// x1`, the standard test of Sobol estimators. With `a = 7`, `b = 0.1` its
/// indices are known in closed form: first order 0.3139, 0.4424, 0; total
/// 0.5576, 0.4424, 0.2437.
pub fn ishigami(u: &[f64], a: f64, b: f64) -> f64 {
    let x = |i: usize| -std::f64::consts::PI + 2.0 * std::f64::consts::PI * u.get(i).copied().unwrap_or(0.5);
    x(0).sin() + a * x(1).sin().powi(2) + b * x(2).powi(4) * x(0).sin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ishigami_indices_come_out_as_known() {
        // At n = 20000 the standard error of each estimate is about 0.01
        // for this function (Saltelli 2010, fig. 2), so 0.05 is five
        // standard errors: a wrong estimator misses by far more (swapping
        // A and B in the first-order formula gives S3 = -0.2).
        let got = indices(|u| ishigami(u, 7.0, 0.1), 3, 20_000, 100, 1);
        let first = [0.3139, 0.4424, 0.0];
        let total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            let x = &got.inputs[i];
            assert!((x.first - first[i]).abs() < 0.05, "S{}: {}", i + 1, x.first);
            assert!((x.total - total[i]).abs() < 0.05, "ST{}: {}", i + 1, x.total);
            assert!(x.first_ci[0] <= x.first && x.first <= x.first_ci[1], "{x:?}");
            assert!(x.total_ci[0] <= x.total && x.total <= x.total_ci[1], "{x:?}");
            assert!(x.total_ci[1] - x.total_ci[0] < 0.1, "{x:?}");
        }
        // The variance of Ishigami: a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
        let v =
            49.0 / 8.0 + 0.1 * std::f64::consts::PI.powi(4) / 5.0 + 0.01 * std::f64::consts::PI.powi(8) / 18.0 + 0.5;
        assert!((got.variance - v).abs() / v < 0.05, "{} vs {v}", got.variance);
    }

    #[test]
    fn a_constant_has_no_indices_and_the_design_is_reproducible() {
        let got = indices(|_| 1.0, 2, 50, 10, 3);
        assert!(got.inputs.iter().all(|x| x.first == 0.0 && x.total == 0.0));
        assert_eq!(points(2, 5, 9), points(2, 5, 9));
        assert_ne!(points(2, 5, 9), points(2, 5, 10));
        let p = points(2, 1, 4);
        assert_eq!((p[2][0], p[2][1]), (p[1][0], p[0][1]), "A_B^1 takes column 1 from B");
        assert_eq!((p[3][0], p[3][1]), (p[0][0], p[1][1]), "A_B^2 takes column 2 from B");
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&[5.0], 0.9), 5.0);
        assert_eq!(quantile(&[], 0.9), 0.0);
        assert_eq!(quantile(&[0.0, 10.0], 0.05), 0.5);
    }
}
