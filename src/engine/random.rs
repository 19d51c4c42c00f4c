//! Randomness as an addressable field: every random number a trial uses is
//! named by (trial, stream, index), and computed from that name alone.
//!
//! A trial's numbers come in **streams**, one per kind of event (the
//! drivers, the gaps between meetings, what happens at a meeting, the
//! tactics, the monthly noise of the war, shocks, truces, ceasefires, the US
//! clocks). Number `n` of stream `s` of trial `i` is
//!
//! ```text
//! base(i, s) = mix(key + (i + 1) * G1 + (s + 1) * G2)     (once per trial and stream)
//! x(i, s, n) = mix(base(i, s) + (n + 1) * G)                (SplitMix64)
//! ```
//!
//! where `key = mix(seed XOR "negsimv2")` ([`run_key`]), `mix` is the 64-bit finaliser of SplitMix64
//! (Stafford's variant 13) and `G`, `G1`, `G2` are odd constants. Each
//! stream is a SplitMix64 sequence started at a well-mixed point (Steele,
//! Lea and Flood 2014; SplitMix64 passes BigCrush), so:
//!
//! * any trial replays alone (`negsim trace`), and threads, blocks and
//!   shards are scheduling only;
//! * two models compared trial by trial see the same number for the same
//!   purpose (meeting `k`'s hours, tactic `j`'s draw at meeting `k`, month
//!   `m`'s noise), even when one of them has more events than the other:
//!   common random numbers stay in step by construction, not by drawing a
//!   fixed count;
//! * there is no set-up cost per trial beyond a few multiplications, and no
//!   buffer: a number costs one addition and three multiply-xorshifts.
//!
//! This is not a cryptographic generator and does not need to be. The
//! scheme's name, [`SCHEME`], is recorded in every result; changing any of
//! this is a breaking change caught by the value-stability tests.

/// Name of the seeding scheme, recorded in every result.
pub const SCHEME: &str = "splitmix-streams-v2";

const G: u64 = 0x9E37_79B9_7F4A_7C15;
const G1: u64 = 0xD1B5_4A32_D192_ED03;
const G2: u64 = 0xAEF1_7502_108E_F2D9;

/// SplitMix64's finaliser (Stafford's mix 13): a bijection of 64-bit words
/// whose output bits each depend on every input bit.
#[inline(always)]
pub const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The streams of a trial, by purpose. Their numbers are part of the
/// scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// The per-trial draws of the drivers, one number per driver.
    Drivers = 0,
    /// Unit exponential clocks of the meeting process, one per meeting.
    MeetingClock = 1,
    /// What happens at meeting `k`: numbers `8k .. 8k + 8` (format, hours,
    /// Europeans present, energy pause, its length, its early end, the
    /// share it held).
    Meeting = 2,
    /// Tactics at meeting `k`: numbers `16k .. 16k + 16`, four 16-bit
    /// draws in each (tactic `j` uses number `16k + j / 4`, bits
    /// `16 (j % 4) ..`).
    Tactics = 3,
    /// The war's monthly noise and monthly moves: numbers `19m .. 19m + 19`
    /// of month `m` (the front's, Russia's and Ukraine's noise, then 16
    /// words of move draws).
    Month = 4,
    /// Shocks elsewhere: two numbers per shock (clock, size).
    Shocks = 5,
    /// The US's clocks: walking away (number 0), deadlines (1, 2, ...).
    Us = 6,
    /// Russia's full mobilisation clock (number 0).
    Mobilisation = 7,
    /// Truces on listed dates: numbers `4h .. 4h + 4` of date `h`
    /// (decision, length, early end, share held).
    Holidays = 8,
    /// Ceasefires: number `c` is the unit exponential of the collapse clock
    /// of the `c`-th ceasefire signed.
    Ceasefire = 9,
}

/// How many streams there are.
pub const STREAMS: usize = 10;

/// Where a trial's random numbers come from: the addressable field. The
/// engine is generic over it so that `negsim bench` can count the numbers
/// a trial uses (and time the same numbers alone) at no cost to runs.
pub trait Field {
    /// Number `n` of stream `s`, 64 random bits.
    fn bits(&self, s: Stream, n: u64) -> u64;

    /// Number `n` of stream `s` as a uniform float in [0, 1), 53 bits.
    #[inline(always)]
    fn uniform(&self, s: Stream, n: u64) -> f64 {
        (self.bits(s, n) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Number `n` of stream `s` as a unit exponential, for clocks:
    /// `-ln(1 - u)`, finite (u < 1).
    #[inline]
    fn exponential(&self, s: Stream, n: u64) -> f64 {
        -crate::model::math::ln(1.0 - self.uniform(s, n))
    }
}

/// The random numbers of one trial.
#[derive(Clone, Debug)]
pub struct Draws {
    base: [u64; STREAMS],
}

impl Draws {
    /// The numbers of trial `index` of a run keyed by `key` (see
    /// [`run_key`]).
    #[inline]
    pub fn new(key: u64, index: u64) -> Draws {
        let trial = key.wrapping_add(index.wrapping_add(1).wrapping_mul(G1));
        let mut base = [0_u64; STREAMS];
        for (s, b) in base.iter_mut().enumerate() {
            *b = mix(trial.wrapping_add((s as u64 + 1).wrapping_mul(G2)));
        }
        Draws { base }
    }
}

impl Field for Draws {
    #[inline(always)]
    fn bits(&self, s: Stream, n: u64) -> u64 {
        mix(self.base[s as usize].wrapping_add(n.wrapping_add(1).wrapping_mul(G)))
    }
}

/// The key of a run: the seed, mixed.
#[inline]
pub const fn run_key(seed: u64) -> u64 {
    mix(seed ^ 0x6E65_6773_696D_7632) // "negsimv2"
}

/// A 16-bit lane of a 64-bit word: lane 0 is the low bits.
#[inline(always)]
pub const fn lane16(word: u64, lane: usize) -> u64 {
    (word >> (16 * (lane & 3))) & 0xFFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_depend_on_their_whole_address_only() {
        let a = Draws::new(run_key(1), 7);
        let b = Draws::new(run_key(1), 7);
        assert_eq!(a.bits(Stream::Meeting, 3), b.bits(Stream::Meeting, 3));
        assert_ne!(a.bits(Stream::Meeting, 3), a.bits(Stream::Meeting, 4));
        assert_ne!(a.bits(Stream::Meeting, 3), a.bits(Stream::Tactics, 3));
        assert_ne!(a.bits(Stream::Meeting, 3), Draws::new(run_key(1), 8).bits(Stream::Meeting, 3));
        assert_ne!(a.bits(Stream::Meeting, 3), Draws::new(run_key(2), 7).bits(Stream::Meeting, 3));
    }

    #[test]
    fn uniforms_are_uniform_and_bits_balanced() {
        // 200 000 numbers over many trials and streams: each decile holds
        // 10 % within 4 standard errors (0.27 pp), each bit is set half the
        // time within 4 standard errors, and the mean of the exponentials is
        // 1 within 4 standard errors.
        let key = run_key(20250613);
        let n = 200_000_u64;
        let mut deciles = [0_u64; 10];
        let mut ones = [0_u64; 64];
        let mut exp_sum = 0.0;
        for i in 0..n {
            let d = Draws::new(key, i / 20);
            let s = [Stream::Meeting, Stream::Tactics, Stream::Month, Stream::Shocks][(i % 4) as usize];
            let u = d.uniform(s, i % 20);
            deciles[(u * 10.0) as usize] += 1;
            let bits = d.bits(s, 100 + i % 20);
            for (b, count) in ones.iter_mut().enumerate() {
                *count += (bits >> b) & 1;
            }
            exp_sum += d.exponential(s, 200 + i % 20);
        }
        let se = (0.1 * 0.9 / n as f64).sqrt();
        for (k, &c) in deciles.iter().enumerate() {
            assert!((c as f64 / n as f64 - 0.1).abs() < 4.0 * se, "decile {k}: {c}");
        }
        let se_bit = (0.25 / n as f64).sqrt();
        for (b, &c) in ones.iter().enumerate() {
            assert!((c as f64 / n as f64 - 0.5).abs() < 4.0 * se_bit, "bit {b}: {c}");
        }
        assert!((exp_sum / n as f64 - 1.0).abs() < 4.0 / (n as f64).sqrt());
    }

    #[test]
    fn neighbouring_trials_are_uncorrelated() {
        // The correlation of the same number in trial i and trial i + 1
        // over 100 000 pairs is within 4 / sqrt(n) of zero.
        let key = run_key(5);
        let n = 100_000_u64;
        let (mut sxy, mut sx, mut sy, mut sxx, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for i in 0..n {
            let x = Draws::new(key, i).uniform(Stream::Meeting, 0);
            let y = Draws::new(key, i + 1).uniform(Stream::Meeting, 0);
            sxy += x * y;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
        }
        let nf = n as f64;
        let cov = sxy / nf - sx / nf * sy / nf;
        let r = cov / ((sxx / nf - (sx / nf).powi(2)) * (syy / nf - (sy / nf).powi(2))).sqrt();
        assert!(r.abs() < 4.0 / nf.sqrt(), "r = {r}");
    }
}
