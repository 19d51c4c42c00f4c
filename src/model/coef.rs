//! The model's scalar coefficients: one list, defined once.
//!
//! Each line of the `coefficients!` table below gives a coefficient's key
//! (its dotted path in a scenario file and in `--set`), its variant in
//! [`Coef`], its range, its unit and what it means. The file loader checks
//! every key of the scalar tables against this list (unknown keys get a
//! did-you-mean), the checker every value against its range, and the
//! engine reads a trial's values from a flat array indexed by [`Coef`]: a
//! driver that draws a coefficient per trial just writes its slot.
//!
//! Rates are per 30 days ("a month") unless the unit says otherwise.

macro_rules! coefficients {
    ($( $key:literal => $variant:ident, $lo:literal ..= $hi:literal, $unit:literal, $doc:literal; )*) => {
        /// A scalar coefficient of the model.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Coef {
            $( #[doc = $doc] $variant, )*
        }

        impl Coef {
            /// Every coefficient, in the order of the engine's array.
            pub const ALL: [Coef; Coef::COUNT] = [$(Coef::$variant),*];
            /// How many there are.
            pub const COUNT: usize = [$($key),*].len();

            /// Its dotted key in scenario files.
            pub const fn key(self) -> &'static str {
                match self { $(Coef::$variant => $key,)* }
            }

            /// Its closed range.
            pub const fn range(self) -> (f64, f64) {
                match self { $(Coef::$variant => ($lo, $hi),)* }
            }

            /// Its unit, in words.
            pub const fn unit(self) -> &'static str {
                match self { $(Coef::$variant => $unit,)* }
            }

            /// What it means.
            pub const fn doc(self) -> &'static str {
                match self { $(Coef::$variant => $doc,)* }
            }
        }
    };
}

coefficients! {
    "war.intensity" => Intensity, 0.0 ..= 1.0, "share",
        "fighting intensity with no escalation beyond the front";
    "war.escalation_intensity" => EscalationIntensity, 0.0 ..= 1.0, "share",
        "extra intensity at full escalation";
    "war.ceasefire_intensity" => CeasefireIntensity, 0.0 ..= 1.0, "share of intensity",
        "share of the fighting that goes on while a signed ceasefire is in force (violations)";
    "war.truce_intensity" => TruceIntensity, 0.0 ..= 1.0, "share of intensity",
        "share of the fighting that goes on during a declared truce";
    "war.front_pull" => FrontPull, 0.0 ..= 1.0, "per month",
        "front movement per month per unit of resource advantage, at intensity 1";
    "war.front_noise" => FrontNoise, 0.0 ..= 1.0, "per month",
        "standard deviation of the front's random move each month";
    "war.resource_noise" => ResourceNoise, 0.0 ..= 1.0, "per month",
        "standard deviation of each side's random gain or loss of resources each month";
    "war.fatigue_rate" => FatigueRate, 0.0 ..= 1.0, "per month",
        "war weariness Ukraine gains per month at intensity 1";
    "war.escalation_decay" => EscalationDecay, 0.0 ..= 1.0, "per month",
        "share of escalation that fades per month";
    "war.support_drift" => SupportDrift, -1.0 ..= 1.0, "per month",
        "change of Western support per month";
    "war.sanctions_drift" => SanctionsDrift, -1.0 ..= 1.0, "per month",
        "change of sanctions pressure per month";
    "war.hybrid_escalation" => HybridEscalation, 0.0 ..= 1.0, "share",
        "escalation at which the war has become part of a wider hybrid war (rules' `hybrid`)";

    "russia.burn" => RuBurn, 0.0 ..= 1.0, "per month",
        "resources Russia spends per month at intensity 1";
    "russia.resupply" => RuResupply, 0.0 ..= 1.0, "per month",
        "resources Russia regains per month, times 1 - sanctions";
    "russia.mobilised_resupply" => RuMobilisedResupply, 0.0 ..= 1.0, "per month",
        "extra resources per month after a full mobilisation";
    "russia.mobilisation_rate" => RuMobilisationRate, 0.0 ..= 10.0, "per year",
        "rate of a decision to mobilise fully";
    "russia.reserve_demand" => RuReserve, 0.0 ..= 1.0, "share",
        "lowest demand Russia concedes to without pain";
    "russia.desperation" => RuDesperation, 0.0 ..= 1.0, "share",
        "how far full pain lowers Russia's reserve demand";
    "russia.pace" => RuPace, 0.0 ..= 1.0, "share per meeting",
        "share of the way to its limit Russia concedes at a meeting that moves it, without pain";
    "russia.pain_pace" => RuPainPace, 0.0 ..= 1.0, "share per meeting",
        "extra share conceded at full pain";
    "russia.political_premium" => RuPremium, 0.0 ..= 1.0, "share",
        "political terms added to any draft (neutrality, army limits, a friendly government)";
    "russia.pain.resources" => RuPainResources, 0.0 ..= 10.0, "weight",
        "weight of Russia's depleted resources in its pain";
    "russia.pain.front" => RuPainFront, 0.0 ..= 10.0, "weight",
        "weight of the front moving against Russia";
    "russia.pain.sanctions" => RuPainSanctions, 0.0 ..= 10.0, "weight",
        "weight of sanctions";
    "russia.pain.western_support" => RuPainSupport, 0.0 ..= 10.0, "weight",
        "weight of Western support to Ukraine";

    "ukraine.burn" => UaBurn, 0.0 ..= 1.0, "per month",
        "resources Ukraine spends per month at intensity 1";
    "ukraine.resupply" => UaResupply, 0.0 ..= 1.0, "per month",
        "resources Ukraine regains per month, times Western support";
    "ukraine.max_concession" => UaMaxConcession, 0.0 ..= 1.0, "share",
        "furthest Ukraine can be pushed without pain";
    "ukraine.desperation" => UaDesperation, 0.0 ..= 1.0, "share",
        "how far full pain moves Ukraine's furthest concession";
    "ukraine.pace" => UaPace, 0.0 ..= 1.0, "share per meeting",
        "share of the way to its limit Ukraine concedes at a meeting that moves it, without pain";
    "ukraine.pain_pace" => UaPainPace, 0.0 ..= 1.0, "share per meeting",
        "extra share conceded at full pain";
    "ukraine.red_line" => UaRedLine, 0.0 ..= 1.0, "share",
        "terms above this are unacceptable to Ukraine";
    "ukraine.pain.resources" => UaPainResources, 0.0 ..= 10.0, "weight",
        "weight of Ukraine's depleted resources in its pain";
    "ukraine.pain.front" => UaPainFront, 0.0 ..= 10.0, "weight",
        "weight of the front moving against Ukraine";
    "ukraine.pain.fatigue" => UaPainFatigue, 0.0 ..= 10.0, "weight",
        "weight of war weariness";
    "ukraine.pain.support" => UaPainSupport, 0.0 ..= 10.0, "weight",
        "weight of missing Western support (1 - support)";

    "us.engagement_drift" => UsEngagementDrift, -1.0 ..= 1.0, "per month",
        "change of US engagement per month while the US mediates";
    "us.walkaway_rate" => UsWalkawayRate, 0.0 ..= 10.0, "per month",
        "rate at which the US walks away, times 1 - engagement";
    "us.support_loss" => UsSupportLoss, 0.0 ..= 1.0, "share",
        "Western support lost when the US walks away (US arms and money)";
    "us.pressure" => UsPressure, 0.0 ..= 1.0, "share per meeting",
        "extra share of its way Russia concedes at a meeting with the US, at full engagement";
    "us.push" => UsPush, 0.0 ..= 1.0, "share per meeting",
        "extra share of its way Ukraine concedes at a meeting with the US, at full engagement";
    "us.deadline_days" => UsDeadlineDays, 1.0 ..= 365.0, "days",
        "time an ultimatum gives Russia (002: 50 days)";
    "us.follow_through" => UsFollowThrough, 0.0 ..= 1.0, "probability",
        "chance the US acts when a deadline passes with no ceasefire";
    "us.sanctions_step" => UsSanctionsStep, 0.0 ..= 1.0, "share",
        "sanctions added when the US acts (secondary sanctions, tariffs)";
    "us.disengage" => UsDisengage, 0.0 ..= 1.0, "share",
        "share of its engagement the US loses when it lets a deadline pass";

    "europe.presence" => EuPresence, 0.0 ..= 1.0, "probability",
        "chance European leaders or advisers join a US-Ukraine or trilateral meeting";
    "europe.guarantee_step" => EuGuaranteeStep, 0.0 ..= 1.0, "share per meeting",
        "share of the way to full security guarantees gained at a meeting with Europeans";

    "meetings.us_ua.rate" => RateUsUa, 0.0 ..= 30.0, "per month",
        "US-Ukraine meetings per month at full US engagement";
    "meetings.us_ru.rate" => RateUsRu, 0.0 ..= 30.0, "per month",
        "US-Russia meetings per month at full US engagement";
    "meetings.ru_ua.rate" => RateRuUa, 0.0 ..= 30.0, "per month",
        "direct Russia-Ukraine meetings per month";
    "meetings.trilateral.rate" => RateTri, 0.0 ..= 30.0, "per month",
        "trilateral meetings per month at full US engagement, once the gap is narrow";
    "meetings.us_ua.hours_min" => HoursMinUsUa, 0.0 ..= 48.0, "hours", "shortest ordinary US-Ukraine session";
    "meetings.us_ua.hours_max" => HoursMaxUsUa, 0.0 ..= 48.0, "hours", "longest ordinary US-Ukraine session";
    "meetings.us_ru.hours_min" => HoursMinUsRu, 0.0 ..= 48.0, "hours", "shortest ordinary US-Russia session";
    "meetings.us_ru.hours_max" => HoursMaxUsRu, 0.0 ..= 48.0, "hours", "longest ordinary US-Russia session";
    "meetings.ru_ua.hours_min" => HoursMinRuUa, 0.0 ..= 48.0, "hours", "shortest ordinary Russia-Ukraine session";
    "meetings.ru_ua.hours_max" => HoursMaxRuUa, 0.0 ..= 48.0, "hours", "longest ordinary Russia-Ukraine session";
    "meetings.trilateral.hours_min" => HoursMinTri, 0.0 ..= 48.0, "hours", "shortest ordinary trilateral session";
    "meetings.trilateral.hours_max" => HoursMaxTri, 0.0 ..= 48.0, "hours", "longest ordinary trilateral session";
    "meetings.us_ua.moves_russia" => MovesRuUsUa, 0.0 ..= 1.0, "share", "how much a US-Ukraine meeting moves Russia's position";
    "meetings.us_ua.moves_ukraine" => MovesUaUsUa, 0.0 ..= 1.0, "share", "how much a US-Ukraine meeting moves Ukraine's position";
    "meetings.us_ru.moves_russia" => MovesRuUsRu, 0.0 ..= 1.0, "share", "how much a US-Russia meeting moves Russia's position";
    "meetings.us_ru.moves_ukraine" => MovesUaUsRu, 0.0 ..= 1.0, "share", "how much a US-Russia meeting moves Ukraine's position";
    "meetings.ru_ua.moves_russia" => MovesRuRuUa, 0.0 ..= 1.0, "share", "how much a Russia-Ukraine meeting moves Russia's position";
    "meetings.ru_ua.moves_ukraine" => MovesUaRuUa, 0.0 ..= 1.0, "share", "how much a Russia-Ukraine meeting moves Ukraine's position";
    "meetings.trilateral.moves_russia" => MovesRuTri, 0.0 ..= 1.0, "share", "how much a trilateral meeting moves Russia's position";
    "meetings.trilateral.moves_ukraine" => MovesUaTri, 0.0 ..= 1.0, "share", "how much a trilateral meeting moves Ukraine's position";
    "meetings.trilateral_gap" => TrilateralGap, 0.0 ..= 1.0, "share",
        "the trilateral format meets only while Russia's demand is within this of Ukraine's offer";
    "meetings.pause_escalation" => PauseEscalation, 0.0 ..= 1.0, "share",
        "escalation above which talks pause";
    "meetings.pause_factor" => PauseFactor, 0.0 ..= 1.0, "share",
        "meeting rates while talks pause";
    "meetings.ceasefire_factor" => CeasefireFactor, 0.0 ..= 1.0, "share",
        "meeting rates while a ceasefire is in force";

    "agreement.precondition" => Precondition, 0.0 ..= 1.0, "share",
        "Ukraine's offer must reach this before any draft forms, and terms are at least this (0 = none)";
    "agreement.reversal_cooldown" => ReversalCooldown, 0.0 ..= 365.0, "days",
        "days after a reversed draft before a new draft can form";
    "agreement.hardening" => Hardening, 0.0 ..= 1.0, "share",
        "demand Russia adds when it reverses a draft";

    "ceasefire.median_days" => CeasefireMedianDays, 1.0 ..= 36500.0, "days",
        "median days a ceasefire holds at zero trust and no guarantees";
    "ceasefire.shape" => CeasefireShape, 0.05 ..= 5.0, "",
        "Weibull shape of the time to collapse: below 1, early failures are the most likely";
    "ceasefire.trust_effect" => CeasefireTrustEffect, 0.0 ..= 20.0, "",
        "time to collapse is multiplied by exp(this * trust)";
    "ceasefire.guarantee_effect" => CeasefireGuaranteeEffect, 0.0 ..= 20.0, "",
        "time to collapse is multiplied by exp(this * guarantees)";
    "ceasefire.trust_gain" => CeasefireTrustGain, 0.0 ..= 1.0, "per month",
        "trust gained per month a ceasefire holds";
    "ceasefire.collapse_trust" => CollapseTrust, 0.0 ..= 1.0, "share",
        "share of trust lost when a ceasefire collapses";

    "truces.holiday_probability" => HolidayProbability, 0.0 ..= 1.0, "probability",
        "chance Russia declares a truce for a listed date";
    "truces.holiday_hours_min" => HolidayHoursMin, 0.0 ..= 720.0, "hours", "shortest declared holiday truce";
    "truces.holiday_hours_max" => HolidayHoursMax, 0.0 ..= 720.0, "hours", "longest declared holiday truce";
    "truces.energy_probability" => EnergyProbability, 0.0 ..= 1.0, "probability",
        "chance a US-Russia meeting yields a pause in strikes on energy and cities, at full US engagement";
    "truces.energy_days_min" => EnergyDaysMin, 0.0 ..= 365.0, "days", "shortest declared energy pause";
    "truces.energy_days_max" => EnergyDaysMax, 0.0 ..= 365.0, "days", "longest declared energy pause";
    "truces.early_end" => TruceEarlyEnd, 0.0 ..= 1.0, "probability",
        "chance a truce ends before its declared end (it then holds a uniform share of it)";

    "shocks.rate" => ShockRate, 0.0 ..= 50.0, "per year",
        "escalation shocks elsewhere (regional wars, hybrid attacks on NATO)";
    "shocks.size_min" => ShockSizeMin, 0.0 ..= 1.0, "share", "smallest escalation a shock adds";
    "shocks.size_max" => ShockSizeMax, 0.0 ..= 1.0, "share", "largest escalation a shock adds";
}

impl Coef {
    /// Looks a coefficient up by its key.
    pub fn from_key(key: &str) -> Option<Coef> {
        Coef::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The minimum-maximum pairs: the maximum must not be below the minimum.
pub const PAIRS: [(Coef, Coef); 7] = [
    (Coef::HoursMinUsUa, Coef::HoursMaxUsUa),
    (Coef::HoursMinUsRu, Coef::HoursMaxUsRu),
    (Coef::HoursMinRuUa, Coef::HoursMaxRuUa),
    (Coef::HoursMinTri, Coef::HoursMaxTri),
    (Coef::HolidayHoursMin, Coef::HolidayHoursMax),
    (Coef::EnergyDaysMin, Coef::EnergyDaysMax),
    (Coef::ShockSizeMin, Coef::ShockSizeMax),
];

/// One value per coefficient, indexed by [`Coef`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coefs(pub [f64; Coef::COUNT]);

impl std::ops::Index<Coef> for Coefs {
    type Output = f64;
    #[inline(always)]
    fn index(&self, c: Coef) -> &f64 {
        &self.0[c as usize]
    }
}

impl std::ops::IndexMut<Coef> for Coefs {
    #[inline(always)]
    fn index_mut(&mut self, c: Coef) -> &mut f64 {
        &mut self.0[c as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_ranges_ordered() {
        let mut keys: Vec<&str> = Coef::ALL.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Coef::COUNT);
        for c in Coef::ALL {
            let (lo, hi) = c.range();
            assert!(lo < hi, "{}", c.key());
            assert_eq!(Coef::from_key(c.key()), Some(c));
            assert!(!c.doc().is_empty());
        }
    }
}
