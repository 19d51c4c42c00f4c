//! The few transcendental functions the engine needs (`ln`, `exp`,
//! `powf`), written out here rather than taken from the platform's C
//! library.
//!
//! Two reasons. Reproducibility: the C libraries of different systems
//! (glibc, musl, macOS, Windows) may round `ln` and `pow` differently in the
//! last bit, and a last-bit difference in a clock can move an event across
//! another and change a trial; these functions are plain IEEE arithmetic,
//! so they give the same bits everywhere. Speed: they inline into the event
//! loop, where the library calls cost about a sixth of a trial.
//!
//! Accuracy: relative error below 1e-14 over the ranges the engine uses
//! (arguments of `ln` in (0, 1e300], of `exp` in [-700, 700]), checked
//! against the standard library in the tests.

/// Natural logarithm of `x > 0` (returns `-inf` at 0 and NaN below).
#[inline]
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || x.is_infinite() {
        return if x == 0.0 {
            f64::NEG_INFINITY
        } else if x.is_infinite() {
            x
        } else {
            f64::NAN
        };
    }
    // x = m * 2^e with m in [sqrt(1/2), sqrt(2)).
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7FF) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if e == -1023 {
        // Subnormal: normalise first.
        let y = x * (1u64 << 54) as f64;
        let b = y.to_bits();
        e = ((b >> 52) & 0x7FF) as i64 - 1023 - 54;
        m = f64::from_bits((b & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    }
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716: the series
    // 2 (f + f^3/3 + ... + f^19/19) is exact to about 1e-17.
    let f = (m - 1.0) / (m + 1.0);
    let f2 = f * f;
    let series = 1.0
        + f2 * (1.0 / 3.0
            + f2 * (1.0 / 5.0
                + f2 * (1.0 / 7.0
                    + f2 * (1.0 / 9.0
                        + f2 * (1.0 / 11.0
                            + f2 * (1.0 / 13.0 + f2 * (1.0 / 15.0 + f2 * (1.0 / 17.0 + f2 * (1.0 / 19.0)))))))));
    2.0 * f * series + e as f64 * std::f64::consts::LN_2
}

/// `e^x`.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // x = k ln 2 + r, |r| <= ln 2 / 2; e^r by its Taylor series to r^13
    // (error below 1e-16), then scaled by 2^k.
    let k = (x * std::f64::consts::LOG2_E).round();
    // ln 2 in two parts (Cody and Waite): the high part has trailing zero
    // bits, so k times it is exact and r keeps full precision for large |k|.
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Horner on 1/n!, n = 13 down to 0.
    const INV_FACT: [f64; 14] = [
        1.0,
        1.0,
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let mut sum = INV_FACT[13];
    for c in INV_FACT[..13].iter().rev() {
        sum = sum * r + c;
    }
    let k = k as i64;
    // 2^k in two steps, so that k down to -1074 stays representable.
    let half = k / 2;
    sum * f64::from_bits(((half + 1023) as u64) << 52) * f64::from_bits(((k - half + 1023) as u64) << 52)
}

/// `x^y` for `x >= 0`.
#[inline]
pub fn powf(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        return if y > 0.0 {
            0.0
        } else if y == 0.0 {
            1.0
        } else {
            f64::INFINITY
        };
    }
    exp(y * ln(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library() {
        let mut x = 1e-300_f64;
        while x < 1e300 {
            for k in [1.0, 1.37, 2.9, 7.31] {
                let v = x * k;
                let (a, b) = (ln(v), v.ln());
                assert!((a - b).abs() <= 1e-14 * b.abs().max(1.0), "ln({v}): {a} vs {b}");
            }
            x *= 10.0;
        }
        for i in -7000..=7000 {
            let v = f64::from(i) / 10.0;
            let (a, b) = (exp(v), v.exp());
            assert!((a - b).abs() <= 1e-14 * b, "exp({v}): {a} vs {b}");
        }
        for (x, y) in [(0.5, 0.4), (30.0 / 45.0, 2.5), (1e-3, 0.6), (123.0, 1.0 / 0.6), (2.0, 10.0)] {
            let (a, b) = (powf(x, y), f64::powf(x, y));
            assert!((a - b).abs() <= 1e-13 * b, "pow({x}, {y}): {a} vs {b}");
        }
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(powf(0.0, 0.5), 0.0);
        assert_eq!(exp(-800.0), 0.0);
        assert!(ln(-1.0).is_nan());
        assert!((ln(f64::MIN_POSITIVE / 8.0) - (f64::MIN_POSITIVE / 8.0).ln()).abs() < 1e-12);
    }
}
