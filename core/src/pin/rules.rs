//! What makes a PIN acceptable: exactly six digits, not trivially guessable.

use crate::secret::Pin;

/// Number of digits in a PIN.
pub const PIN_LENGTH: usize = 6;

/// Why a new PIN was refused. Each variant maps to its own message in the shells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinRuleError {
    /// Not exactly six characters.
    #[error("PIN harus 6 angka / PIN must be 6 digits")]
    WrongLength,
    /// Contains something other than the digits 0-9.
    #[error("PIN hanya boleh berisi angka / PIN may contain digits only")]
    NotDigits,
    /// All six digits are the same (000000, 777777...).
    #[error("PIN tidak boleh angka yang sama semua / PIN must not repeat one digit")]
    AllSameDigit,
    /// A straight run up or down (123456, 876543...).
    #[error("PIN tidak boleh angka berurutan / PIN must not be a sequence")]
    Sequence,
    /// The birth date written in the citizen's NIK, in any common order.
    #[error("PIN tidak boleh tanggal lahir / PIN must not be your birth date")]
    BirthDate,
    /// The confirmation differs from the new PIN.
    #[error("PIN tidak sama / the PINs differ")]
    Mismatch,
}

/// A birth date as it appears in a NIK: day of month (1-31), month (1-12), two-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthDate {
    /// Day of the month, 1-31 (the real day, without the +40 NIK offset for women).
    pub day: u8,
    /// Month, 1-12.
    pub month: u8,
    /// Year modulo 100.
    pub year2: u8,
    /// Whether the NIK writes the day with +40 (women).
    pub nik_day_offset: bool,
}

impl BirthDate {
    /// The six-digit strings a PIN must not equal: DDMMYY, YYMMDD, MMDDYY and the NIK's own digits.
    fn forbidden_pins(&self) -> Vec<String> {
        let (d, m, y) = (self.day, self.month, self.year2);
        let mut pins = vec![
            format!("{d:02}{m:02}{y:02}"),
            format!("{y:02}{m:02}{d:02}"),
            format!("{m:02}{d:02}{y:02}"),
        ];
        if self.nik_day_offset {
            pins.push(format!("{:02}{m:02}{y:02}", d + 40));
        }
        pins
    }
}

/// Checks a new PIN against every rule; `birth_date` comes from the citizen's NIK when known.
pub fn check_new_pin(pin: &Pin, birth_date: Option<BirthDate>) -> Result<(), PinRuleError> {
    check_format(pin)?;
    let digits: Vec<u8> = pin.expose().bytes().map(|b| b - b'0').collect();
    if digits.iter().all(|&d| d == digits[0]) {
        return Err(PinRuleError::AllSameDigit);
    }
    let steps: Vec<i8> = digits.windows(2).map(|w| w[1] as i8 - w[0] as i8).collect();
    if steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1) {
        return Err(PinRuleError::Sequence);
    }
    if let Some(date) = birth_date
        && date.forbidden_pins().iter().any(|p| p == pin.expose())
    {
        return Err(PinRuleError::BirthDate);
    }
    Ok(())
}

/// Checks that the PIN typed a second time is the same (in constant time).
pub fn check_confirmation(pin: &Pin, confirmation: &Pin) -> Result<(), PinRuleError> {
    use subtle::ConstantTimeEq;
    let same: bool = pin
        .expose()
        .as_bytes()
        .ct_eq(confirmation.expose().as_bytes())
        .into();
    if same {
        Ok(())
    } else {
        Err(PinRuleError::Mismatch)
    }
}

/// Checks only the shape (six digits): what an unlock attempt needs before spending a KDF.
pub fn check_format(pin: &Pin) -> Result<(), PinRuleError> {
    let pin = pin.expose();
    if pin.chars().count() != PIN_LENGTH {
        return Err(PinRuleError::WrongLength);
    }
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinRuleError::NotDigits);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pin: &str) -> Result<(), PinRuleError> {
        check_new_pin(&Pin::new(pin), None)
    }

    #[test]
    fn a_confirmation_must_repeat_the_pin_exactly() {
        let pin = Pin::new("274913");
        assert_eq!(check_confirmation(&pin, &Pin::new("274913")), Ok(()));
        assert_eq!(
            check_confirmation(&pin, &Pin::new("274914")),
            Err(PinRuleError::Mismatch)
        );
        assert_eq!(
            check_confirmation(&pin, &Pin::new("27491")),
            Err(PinRuleError::Mismatch)
        );
    }

    #[test]
    fn a_plain_six_digit_pin_is_accepted() {
        assert_eq!(check("274913"), Ok(()));
        assert_eq!(check("012346"), Ok(()));
    }

    #[test]
    fn pins_of_other_lengths_are_refused() {
        for pin in ["", "12345", "1234567", "27491"] {
            assert_eq!(check(pin), Err(PinRuleError::WrongLength), "{pin}");
        }
    }

    #[test]
    fn non_digits_are_refused() {
        for pin in ["27491a", "27 913", "２７４９１３", "-27491"] {
            assert!(check(pin).is_err(), "{pin}");
        }
        assert_eq!(check("27491a"), Err(PinRuleError::NotDigits));
    }

    #[test]
    fn all_same_digits_are_refused() {
        for d in 0..=9 {
            let pin = d.to_string().repeat(6);
            assert_eq!(check(&pin), Err(PinRuleError::AllSameDigit));
        }
    }

    #[test]
    fn straight_sequences_up_and_down_are_refused() {
        for pin in ["012345", "123456", "456789", "987654", "543210", "654321"] {
            assert_eq!(check(pin), Err(PinRuleError::Sequence), "{pin}");
        }
        assert_eq!(check("123457"), Ok(()));
    }

    #[test]
    fn the_birth_date_in_any_common_order_is_refused() {
        let date = BirthDate {
            day: 17,
            month: 8,
            year2: 45,
            nik_day_offset: false,
        };
        for pin in ["170845", "450817", "081745"] {
            assert_eq!(
                check_new_pin(&Pin::new(pin), Some(date)),
                Err(PinRuleError::BirthDate)
            );
        }
        assert_eq!(check_new_pin(&Pin::new("170846"), Some(date)), Ok(()));
    }

    #[test]
    fn a_womans_nik_coded_birth_date_is_refused_too() {
        let date = BirthDate {
            day: 5,
            month: 3,
            year2: 90,
            nik_day_offset: true,
        };
        assert_eq!(
            check_new_pin(&Pin::new("450390"), Some(date)),
            Err(PinRuleError::BirthDate)
        );
        assert_eq!(
            check_new_pin(&Pin::new("050390"), Some(date)),
            Err(PinRuleError::BirthDate)
        );
    }

    #[test]
    fn rule_messages_are_indonesian_first_and_never_echo_the_pin() {
        let message = check("123456").unwrap_err().to_string();
        assert!(message.starts_with("PIN tidak boleh"));
        assert!(!message.contains("123456"));
    }
}
