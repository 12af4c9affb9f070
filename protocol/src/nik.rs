//! The NIK (Nomor Induk Kependudukan): the 16-digit population number on every KTP.
//!
//! Layout: PPKKCC DDMMYY SSSS: province, regency/city and district codes (Kemendagri), the birth
//! date (women add 40 to the day), and a serial. The number is personal data: `Debug` hides it and
//! errors never quote it.

use std::fmt;

use crate::civil_date::{CivilDate, days_in_month};
use crate::codes::Sex;

/// Kemendagri province codes (including the Papua provinces created in 2022).
pub const PROVINCE_CODES: [u8; 39] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
];

/// Why a string is not a valid NIK. Never contains the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    /// Not exactly 16 characters.
    #[error("NIK harus 16 angka / a NIK has 16 digits")]
    WrongLength,
    /// Contains a non-digit.
    #[error("NIK hanya berisi angka / a NIK has digits only")]
    NotDigits,
    /// The first two digits are not a province code.
    #[error("kode provinsi NIK tidak dikenal / unknown province code in the NIK")]
    InvalidProvince,
    /// Regency/city or district code 00.
    #[error("kode wilayah NIK tidak sah / invalid region code in the NIK")]
    InvalidRegion,
    /// Digits 7-12 are not a date (DDMMYY, day + 40 for women).
    #[error("tanggal lahir dalam NIK tidak sah / invalid birth date in the NIK")]
    InvalidBirthDate,
    /// Serial 0000.
    #[error("nomor urut NIK tidak sah / invalid serial in the NIK")]
    ZeroSerial,
}

/// A validated NIK.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Nik {
    digits: [u8; 16],
}

impl Nik {
    /// Parses and validates a NIK written as 16 digits.
    pub fn parse(text: &str) -> Result<Nik, NikError> {
        let bytes = text.as_bytes();
        if bytes.len() != 16 {
            return Err(NikError::WrongLength);
        }
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(NikError::NotDigits);
        }
        let mut digits = [0u8; 16];
        for (d, b) in digits.iter_mut().zip(bytes) {
            *d = b - b'0';
        }
        let nik = Nik { digits };
        nik.validate()?;
        Ok(nik)
    }

    /// The NIK stored as an integer (credentials carry it this way: 8 bytes instead of 16).
    pub fn from_u64(value: u64) -> Result<Nik, NikError> {
        if !(1_000_000_000_000_000..10_000_000_000_000_000).contains(&value) {
            return Err(NikError::WrongLength);
        }
        Nik::parse(&format!("{value:016}"))
    }

    /// The NIK as an integer.
    pub fn as_u64(&self) -> u64 {
        self.digits
            .iter()
            .fold(0u64, |acc, &d| acc * 10 + u64::from(d))
    }

    /// The 16 digits, for the places that must show or send the number.
    pub fn expose(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    fn two(&self, at: usize) -> u8 {
        self.digits[at] * 10 + self.digits[at + 1]
    }

    fn validate(&self) -> Result<(), NikError> {
        if !PROVINCE_CODES.contains(&self.two(0)) {
            return Err(NikError::InvalidProvince);
        }
        if self.two(2) == 0 || self.two(4) == 0 {
            return Err(NikError::InvalidRegion);
        }
        let coded_day = self.two(6);
        let day = if coded_day > 40 {
            coded_day - 40
        } else {
            coded_day
        };
        let (month, year2) = (self.two(8), i32::from(self.two(10)));
        // The century is unknown here: the date must exist in 19YY or 20YY.
        let longest = days_in_month(1900 + year2, month).max(days_in_month(2000 + year2, month));
        if day == 0 || day > longest {
            return Err(NikError::InvalidBirthDate);
        }
        if self.digits[12..].iter().all(|&d| d == 0) {
            return Err(NikError::ZeroSerial);
        }
        Ok(())
    }

    /// Province, regency/city and district code (6 digits as a number, e.g. 317401).
    pub fn district_code(&self) -> u32 {
        self.digits[..6]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    }

    /// The sex encoded in the NIK (day + 40 for women).
    pub fn sex(&self) -> Sex {
        if self.two(6) > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// The birth day, month and two-digit year as written (day without the +40).
    pub fn birth_day_month_year2(&self) -> (u8, u8, u8) {
        let coded = self.two(6);
        (
            if coded > 40 { coded - 40 } else { coded },
            self.two(8),
            self.two(10),
        )
    }

    /// The birth date, choosing the latest century that puts it on or before `reference`.
    pub fn birth_date(&self, reference: CivilDate) -> Option<CivilDate> {
        let (day, month, year2) = self.birth_day_month_year2();
        let century = reference.year - reference.year.rem_euclid(100);
        [century, century - 100]
            .into_iter()
            .filter_map(|c| CivilDate::new(c + i32::from(year2), month, day).ok())
            .find(|date| *date <= reference)
    }

    /// Whether a full birth date agrees with the one the NIK encodes.
    pub fn matches_birth_date(&self, birth_date: CivilDate) -> bool {
        let (day, month, year2) = self.birth_day_month_year2();
        birth_date.day == day
            && birth_date.month == month
            && birth_date.year.rem_euclid(100) == i32::from(year2)
    }

    /// Whether a full birth date and sex agree with what the NIK encodes.
    pub fn is_consistent_with(&self, birth_date: CivilDate, sex: Sex) -> bool {
        self.matches_birth_date(birth_date) && sex == self.sex()
    }

    /// The serial (last four digits).
    pub fn serial(&self) -> u16 {
        self.digits[12..]
            .iter()
            .fold(0u16, |acc, &d| acc * 10 + u16::from(d))
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Nik(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fictional numbers, valid by the format rules.
    const MAN: &str = "3273011708450003"; // Bandung, 17-08-(19)45
    const WOMAN: &str = "3174015708900001"; // Jakarta Selatan, 17-08-(19)90, day + 40

    #[test]
    fn a_valid_nik_parses_and_round_trips_as_an_integer() {
        let nik = Nik::parse(MAN).unwrap();
        assert_eq!(nik.as_u64(), 3_273_011_708_450_003);
        assert_eq!(Nik::from_u64(nik.as_u64()).unwrap(), nik);
        assert_eq!(nik.expose(), MAN);
        assert_eq!(nik.district_code(), 327_301);
        assert_eq!(nik.serial(), 3);
    }

    #[test]
    fn a_womans_nik_has_forty_added_to_the_day() {
        let nik = Nik::parse(WOMAN).unwrap();
        assert_eq!(nik.sex(), Sex::Female);
        assert_eq!(nik.birth_day_month_year2(), (17, 8, 90));
        let born = CivilDate::new(1990, 8, 17).unwrap();
        assert!(nik.is_consistent_with(born, Sex::Female));
        assert!(!nik.is_consistent_with(born, Sex::Male));
        assert!(!nik.is_consistent_with(CivilDate::new(1990, 8, 18).unwrap(), Sex::Female));
    }

    #[test]
    fn the_century_is_the_latest_that_is_not_in_the_future() {
        let nik = Nik::parse(MAN).unwrap();
        let today = CivilDate::new(2026, 11, 22).unwrap();
        assert_eq!(
            nik.birth_date(today),
            Some(CivilDate::new(1945, 8, 17).unwrap())
        );
        let child = Nik::parse("3273011708150003").unwrap();
        assert_eq!(
            child.birth_date(today),
            Some(CivilDate::new(2015, 8, 17).unwrap())
        );
    }

    #[test]
    fn malformed_niks_get_their_own_errors() {
        assert_eq!(Nik::parse("327301170845000"), Err(NikError::WrongLength));
        assert_eq!(Nik::parse("32730117084500a3"), Err(NikError::NotDigits));
        assert_eq!(
            Nik::parse("9973011708450003"),
            Err(NikError::InvalidProvince)
        );
        assert_eq!(Nik::parse("3200011708450003"), Err(NikError::InvalidRegion));
        assert_eq!(
            Nik::parse("3273011713450003"),
            Err(NikError::InvalidBirthDate)
        );
        assert_eq!(
            Nik::parse("3273013202450003"),
            Err(NikError::InvalidBirthDate)
        );
        assert_eq!(
            Nik::parse("3273017202450003"),
            Err(NikError::InvalidBirthDate)
        );
        assert_eq!(Nik::parse("3273011708450000"), Err(NikError::ZeroSerial));
        assert!(Nik::from_u64(42).is_err());
    }

    #[test]
    fn february_29_is_accepted_when_either_century_allows_it() {
        assert!(Nik::parse("3273012902000001").is_ok()); // 2000 is a leap year
        assert!(Nik::parse("3273012902010001").is_err());
    }

    #[test]
    fn debug_and_errors_never_show_the_number() {
        let nik = Nik::parse(MAN).unwrap();
        assert!(!format!("{nik:?}").contains("3273"));
        let error = Nik::parse("9973011708450003").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("9973"));
    }
}
