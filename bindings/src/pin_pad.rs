//! The PIN pad's digits, held in Rust: a shell forwards key presses and never holds the PIN as a
//! string of its own (no copy in the JVM or Swift heap, none in a text field's undo buffer).

use std::sync::{Mutex, PoisonError};

use ikd_core::Pin;
use ikd_core::pin::rules::PIN_LENGTH;
use zeroize::Zeroizing;

/// The digits typed so far on one PIN pad (wiped when cleared, used or dropped).
#[derive(uniffi::Object)]
pub struct PinPad {
    digits: Mutex<Zeroizing<String>>,
}

impl std::fmt::Debug for PinPad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PinPad({} digits)", self.count())
    }
}

impl Default for PinPad {
    fn default() -> Self {
        // Room for every digit up front: pushing never reallocates and leaves no stray copy.
        PinPad {
            digits: Mutex::new(Zeroizing::new(String::with_capacity(PIN_LENGTH))),
        }
    }
}

impl PinPad {
    fn with_digits<T>(&self, f: impl FnOnce(&mut Zeroizing<String>) -> T) -> T {
        f(&mut self.digits.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The digits as a PIN, leaving the pad as it is.
    pub(crate) fn pin(&self) -> Pin {
        self.with_digits(|digits| Pin::new(digits.as_str()))
    }

    /// The digits as a PIN, clearing the pad (every wallet call that uses a pad consumes it).
    pub(crate) fn take(&self) -> Pin {
        let pin = self.pin();
        self.clear();
        pin
    }
}

#[uniffi::export]
impl PinPad {
    /// An empty pad.
    #[uniffi::constructor]
    pub fn new() -> std::sync::Arc<PinPad> {
        std::sync::Arc::new(PinPad::default())
    }

    /// Types `digit` (0-9; anything else, or a seventh digit, is ignored). Returns the count.
    pub fn press(&self, digit: u8) -> u32 {
        self.with_digits(|digits| {
            if digit <= 9 && digits.len() < PIN_LENGTH {
                digits.push(char::from(b'0' + digit));
            }
            digits.len() as u32
        })
    }

    /// Removes the last digit. Returns the count.
    pub fn erase(&self) -> u32 {
        self.with_digits(|digits| {
            digits.pop();
            digits.len() as u32
        })
    }

    /// Removes every digit.
    pub fn clear(&self) {
        // `clear` keeps the buffer; overwrite what was typed first.
        self.with_digits(|digits| {
            zeroize::Zeroize::zeroize(&mut **digits);
            digits.reserve(PIN_LENGTH);
        });
    }

    /// How many digits are typed (the dots the pad shows).
    pub fn count(&self) -> u32 {
        self.with_digits(|digits| digits.len() as u32)
    }

    /// Whether all six digits are typed.
    pub fn is_complete(&self) -> bool {
        self.count() as usize == PIN_LENGTH
    }
}

/// Digits in a PIN (6).
#[uniffi::export]
pub fn pin_length() -> u32 {
    PIN_LENGTH as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pad_takes_six_digits_and_ignores_the_rest() {
        let pad = PinPad::default();
        for digit in [1, 3, 5, 7, 9, 0, 2] {
            pad.press(digit);
        }
        assert_eq!(pad.press(10), 6);
        assert!(pad.is_complete());
        assert_eq!(pad.pin().expose(), "135790");
    }

    #[test]
    fn erase_removes_the_last_digit_and_take_empties_the_pad() {
        let pad = PinPad::default();
        pad.press(4);
        pad.press(2);
        assert_eq!(pad.erase(), 1);
        assert_eq!(pad.take().expose(), "4");
        assert_eq!(pad.count(), 0);
        assert_eq!(pad.erase(), 0);
    }

    #[test]
    fn a_pad_never_prints_its_digits() {
        let pad = PinPad::default();
        pad.press(8);
        assert_eq!(format!("{pad:?}"), "PinPad(1 digits)");
    }
}
