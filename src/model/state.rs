//! The named state variables of a trial, and a table keyed by them.
//!
//! One list, defined once by the `state_vars!` macro, gives the engine its
//! fixed-size state array, the scenario files their keys (`[start]`, world
//! `start`, tactic `effects`, rule `min`/`max`), and the docs their ranges.
//! Adding a variable is adding one line here.

use serde::Deserialize;

macro_rules! state_vars {
    ($( $(#[doc = $doc:literal])* $name:ident => $variant:ident, $lo:literal ..= $hi:literal; )*) => {
        /// A state variable of a trial. All are dimensionless shares; see
        /// [`StateVar::range`] for each one's range.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum StateVar {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl StateVar {
            /// Every variable, in the order of the engine's state array.
            pub const ALL: [StateVar; StateVar::COUNT] = [$(StateVar::$variant),*];
            /// How many variables there are.
            pub const COUNT: usize = [$(stringify!($name)),*].len();

            /// The key used for this variable in scenario files and output.
            pub const fn key(self) -> &'static str {
                match self { $(StateVar::$variant => stringify!($name),)* }
            }

            /// The closed range the variable is kept in, at every event.
            pub const fn range(self) -> (f64, f64) {
                match self { $(StateVar::$variant => ($lo, $hi),)* }
            }

            /// What the variable means (its doc comment).
            pub const fn doc(self) -> &'static str {
                match self { $(StateVar::$variant => concat!($($doc),*),)* }
            }
        }

        /// A partial table keyed by state variable, as written in a file:
        /// every key optional, unknown keys refused.
        #[derive(Clone, Debug, Deserialize)]
        #[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
        pub struct StateTable<T> {
            $( $(#[doc = $doc])* #[serde(default)] pub $name: Option<T>, )*
        }

        impl<T> Default for StateTable<T> {
            fn default() -> Self {
                StateTable { $($name: None,)* }
            }
        }

        impl<T> StateTable<T> {
            /// The entries, in [`StateVar::ALL`] order.
            pub fn entries(&self) -> [(StateVar, Option<&T>); StateVar::COUNT] {
                [$((StateVar::$variant, self.$name.as_ref())),*]
            }
        }
    };
}

state_vars! {
    /// Battlefield balance: -1 Ukraine advancing everywhere, 0 stalemate,
    /// +1 Russian breakthrough.
    front => Front, -1.0 ..= 1.0;
    /// Russia's stock of men, materiel and money for the war (1 = full).
    ru_resources => RuResources, 0.0 ..= 1.0;
    /// Ukraine's stock of men, materiel and money for the war (1 = full).
    ua_resources => UaResources, 0.0 ..= 1.0;
    /// Western military and financial support to Ukraine (1 = the most
    /// the West could give).
    western_support => WesternSupport, 0.0 ..= 1.0;
    /// US engagement as mediator (0 = absent, 1 = fully engaged).
    us_engagement => UsEngagement, 0.0 ..= 1.0;
    /// Sanctions pressure on Russia's war economy (1 = full secondary sanctions).
    sanctions => Sanctions, 0.0 ..= 1.0;
    /// War weariness of Ukraine's society and delegation.
    fatigue => Fatigue, 0.0 ..= 1.0;
    /// Escalation of the conflict beyond the front (hybrid attacks,
    /// strikes, threats to NATO).
    escalation => Escalation, 0.0 ..= 1.0;
    /// Trust between the parties that commitments will be kept.
    trust => Trust, 0.0 ..= 1.0;
    /// Russia's current demand, as a share of its maximal demands
    /// (territory, neutrality, army limits, government change).
    demand => Demand, 0.0 ..= 1.0;
    /// Ukraine's furthest concession so far, on the same scale as `demand`.
    offer => Offer, 0.0 ..= 1.0;
    /// Security guarantees on offer to Ukraine for after a ceasefire (0 =
    /// none, 1 = a collective-defence commitment by the US and Europe).
    guarantees => Guarantees, 0.0 ..= 1.0;
}

impl StateVar {
    /// Looks a variable up by its file key.
    pub fn from_key(key: &str) -> Option<StateVar> {
        StateVar::ALL.into_iter().find(|v| v.key() == key)
    }

    /// Clamps `x` into this variable's range.
    #[inline]
    pub fn clamp(self, x: f64) -> f64 {
        let (lo, hi) = self.range();
        x.clamp(lo, hi)
    }
}

/// Lower ends of the variables' ranges, in [`StateVar::ALL`] order.
const LOWER: [f64; StateVar::COUNT] = {
    let mut out = [0.0; StateVar::COUNT];
    let mut i = 0;
    while i < StateVar::COUNT {
        out[i] = StateVar::ALL[i].range().0;
        i += 1;
    }
    out
};

/// Upper ends of the variables' ranges, in [`StateVar::ALL`] order.
const UPPER: [f64; StateVar::COUNT] = {
    let mut out = [0.0; StateVar::COUNT];
    let mut i = 0;
    while i < StateVar::COUNT {
        out[i] = StateVar::ALL[i].range().1;
        i += 1;
    }
    out
};

/// A full assignment of every state variable: the engine's state.
///
/// A plain array of `f64`, indexed by [`StateVar`], so that applying a
/// tactic's effects is one loop over a fixed-size array and a trial's state
/// is a copy of 96 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct State(pub [f64; StateVar::COUNT]);

impl std::ops::Index<StateVar> for State {
    type Output = f64;
    #[inline]
    fn index(&self, v: StateVar) -> &f64 {
        &self.0[v as usize]
    }
}

impl std::ops::IndexMut<StateVar> for State {
    #[inline]
    fn index_mut(&mut self, v: StateVar) -> &mut f64 {
        &mut self.0[v as usize]
    }
}

impl State {
    /// Sets `v` to `x`, clamped into its range.
    #[inline]
    pub fn set(&mut self, v: StateVar, x: f64) {
        self[v] = v.clamp(x);
    }

    /// Adds `dx` to `v`, clamped into its range.
    #[inline]
    pub fn add(&mut self, v: StateVar, dx: f64) {
        self.set(v, self[v] + dx);
    }

    /// Adds a whole vector of changes and clamps every variable into its
    /// range: a fixed-length loop with no branches, which the compiler turns
    /// into a few vector instructions. Zero changes leave the state as it
    /// is, since it is always in range.
    #[inline]
    pub fn apply(&mut self, delta: &State) {
        for i in 0..StateVar::COUNT {
            self.0[i] = (self.0[i] + delta.0[i]).max(LOWER[i]).min(UPPER[i]);
        }
    }

    /// True when every variable is finite and inside its range.
    pub fn in_range(&self) -> bool {
        StateVar::ALL.into_iter().all(|v| {
            let (lo, hi) = v.range();
            let x = self[v];
            x.is_finite() && x >= lo && x <= hi
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for v in StateVar::ALL {
            assert_eq!(StateVar::from_key(v.key()), Some(v));
        }
        let mut keys: Vec<_> = StateVar::ALL.iter().map(|v| v.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), StateVar::COUNT);
    }

    #[test]
    fn add_clamps_into_range() {
        let mut s = State([0.5; StateVar::COUNT]);
        s.add(StateVar::Front, -5.0);
        assert_eq!(s[StateVar::Front], -1.0);
        s.add(StateVar::Trust, 0.7);
        assert_eq!(s[StateVar::Trust], 1.0);
        assert!(s.in_range());
        let mut delta = State([0.0; StateVar::COUNT]);
        delta[StateVar::Escalation] = 0.7;
        delta[StateVar::Front] = -0.25;
        let before = s;
        s.apply(&delta);
        assert_eq!(s[StateVar::Escalation], 1.0);
        assert_eq!(s[StateVar::Front], -1.0);
        assert_eq!(s[StateVar::Trust], before[StateVar::Trust]);
        s[StateVar::Fatigue] = f64::NAN;
        assert!(!s.in_range());
    }
}
