//! The months after signature: each month the world's ceasefire tactics
//! may fire (adding to the hazard and acting on the state), then the
//! ceasefire is violated with the month's hazard.

use super::{Observer, Trial};
use crate::model::{Model, State, StateVar, World};
use rand::{Rng, RngExt};

/// Follows a signed ceasefire month by month over the horizon, or until it
/// is violated.
pub(super) fn follow<R: Rng + ?Sized, O: Observer>(
    model: &Model,
    world: &World,
    s: &mut State,
    t: &mut Trial,
    rng: &mut R,
    obs: &mut O,
) {
    let horizon = model.settings.horizon_months;
    let c = &model.ceasefire;
    t.held = true;
    t.months_held = horizon;
    for month in 1..=horizon {
        let mut hazard = c.base_hazard + c.distrust_hazard * (1.0 - s[StateVar::Trust]);
        for a in &world.ceasefire {
            if u64::from(rng.next_u32()) < a.threshold {
                t.tactic_uses[a.tactic] += 1;
                s.apply(&a.delta);
                hazard += a.violation_hazard;
                obs.tactic(month, true, a.tactic, s);
            }
        }
        let violated = rng.random::<f64>() < hazard;
        obs.month(month, hazard.min(1.0), violated);
        if violated {
            t.held = false;
            t.months_held = month - 1;
            break;
        }
    }
}
