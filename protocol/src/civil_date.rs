//! Calendar dates as day counts since 1970-01-01: what the credential stores (compact and
//! unambiguous), with the conversions people read.

use std::fmt;

/// A date in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Year, e.g. 1990.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
}

/// The date does not exist (e.g. 31 April, 29 February 2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid calendar date")]
pub struct InvalidDate;

/// Whether `year` is a leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year` (0 for an invalid month).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    /// A validated date.
    pub fn new(year: i32, month: u8, day: u8) -> Result<CivilDate, InvalidDate> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return Err(InvalidDate);
        }
        Ok(CivilDate { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i32 {
        // Howard Hinnant's days_from_civil, over eras of 400 years.
        let y = self.year - i32::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; None outside years 1-9999.
    pub fn from_days(days: i32) -> Option<CivilDate> {
        let z = i64::from(days) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let year = i32::try_from(year).ok()?;
        CivilDate::new(year, month, day).ok()
    }

    /// The date of a unix timestamp (UTC).
    pub fn from_unix(seconds: i64) -> Option<CivilDate> {
        CivilDate::from_days(i32::try_from(seconds.div_euclid(86_400)).ok()?)
    }

    /// Full years of age on `on` for someone born on `self`.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - i32::from(!had_birthday)
    }
}

impl fmt::Display for CivilDate {
    /// DD-MM-YYYY, as printed on a KTP.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_epoch_is_day_zero_and_known_dates_have_known_counts() {
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(CivilDate::new(2000, 3, 1).unwrap().to_days(), 11_017);
        assert_eq!(CivilDate::new(1945, 8, 17).unwrap().to_days(), -8_903);
        assert_eq!(
            CivilDate::from_days(-1),
            Some(CivilDate::new(1969, 12, 31).unwrap())
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(CivilDate::new(2023, 2, 29).is_err());
        assert!(CivilDate::new(2024, 2, 29).is_ok());
        assert!(CivilDate::new(1900, 2, 29).is_err());
        assert!(CivilDate::new(2000, 2, 29).is_ok());
        assert!(CivilDate::new(2024, 4, 31).is_err());
        assert!(CivilDate::new(2024, 13, 1).is_err());
        assert!(CivilDate::new(2024, 1, 0).is_err());
    }

    #[test]
    fn age_counts_whole_years_up_to_the_birthday() {
        let born = CivilDate::new(2008, 8, 17).unwrap();
        assert_eq!(born.age_on(CivilDate::new(2025, 8, 16).unwrap()), 16);
        assert_eq!(born.age_on(CivilDate::new(2025, 8, 17).unwrap()), 17);
        let leapling = CivilDate::new(2008, 2, 29).unwrap();
        assert_eq!(leapling.age_on(CivilDate::new(2025, 2, 28).unwrap()), 16);
        assert_eq!(leapling.age_on(CivilDate::new(2025, 3, 1).unwrap()), 17);
    }

    #[test]
    fn display_is_the_ktp_format() {
        assert_eq!(
            CivilDate::new(1990, 8, 7).unwrap().to_string(),
            "07-08-1990"
        );
    }

    proptest! {
        #[test]
        fn day_counts_round_trip(days in -700_000i32..2_900_000) {
            let date = CivilDate::from_days(days).unwrap();
            prop_assert_eq!(date.to_days(), days);
        }
    }
}
