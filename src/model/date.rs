//! Calendar dates: the days a scenario starts and ends on, the dates of
//! meetings, truces and signatures.
//!
//! A [`Date`] is a count of days since 1970-01-01 (proleptic Gregorian,
//! UTC), so differences are plain subtraction and the engine works in whole
//! days from the scenario's start. Conversion to and from `YYYY-MM-DD` uses
//! Howard Hinnant's civil-date algorithms (exact for every date of the
//! Gregorian calendar).

use std::fmt;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The day `year-month-day`, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || !(1..=9999).contains(&year) {
            return None;
        }
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok().map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01.
    pub const fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The date `days` after this one (before, if negative).
    pub const fn plus_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to this date.
    pub const fn days_after(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// Year, month (1-12) and day (1-31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        (year, month, day)
    }

    /// The first day of the month after this date's month.
    pub fn first_of_next_month(self) -> Date {
        let (y, m, _) = self.ymd();
        let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        Date::from_ymd(y, m, 1).unwrap_or(self.plus_days(31))
    }

    /// Today (UTC), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date(i32::try_from(secs / 86_400).unwrap_or(0))
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_count_days() {
        let start = Date::parse("2025-06-13").unwrap();
        assert_eq!(start.to_string(), "2025-06-13");
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2026-12-31").unwrap().days_after(start), 566);
        assert_eq!(Date::parse("2024-02-29").unwrap().plus_days(1).to_string(), "2024-03-01");
        assert_eq!(Date::parse("2025-12-15").unwrap().first_of_next_month().to_string(), "2026-01-01");
        for bad in ["2025-02-29", "2025-13-01", "2025-6-13", "x", "2025-06-00", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        // Every seventh day of the years 1000 to 9999 (the four-digit years
        // a date may be written in).
        for d in (-354_285..=2_932_896).step_by(7) {
            let date = Date(d);
            assert_eq!(Date::parse(&date.to_string()), Some(date));
        }
    }
}
