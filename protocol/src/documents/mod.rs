//! The citizen's documents as typed values, each with the rules that make it valid.

pub mod bpjs;
pub mod kk;
pub mod ktp;
pub mod vaccine;

pub use bpjs::BpjsCard;
pub use kk::{FamilyCard, FamilyMember};
pub use ktp::Ktp;
pub use vaccine::{VaccineCertificate, VaccineDose};

/// Longest name accepted (bytes of UTF-8): KTP names are at most 60 characters.
pub const MAX_NAME_LEN: usize = 60;
/// Longest address line accepted (bytes of UTF-8).
pub const MAX_ADDRESS_LEN: usize = 80;

/// Why a document is not valid. Never quotes a value from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The NIK does not agree with the birth date or sex beside it.
    #[error("the NIK does not match the birth date or sex")]
    NikMismatch,
    /// A name is empty, too long, or has characters a KTP does not print.
    #[error("invalid name")]
    InvalidName,
    /// An address or facility text is empty or too long.
    #[error("invalid text field")]
    InvalidText,
    /// A number (KK, BPJS card, region code, RT/RW) has the wrong number of digits.
    #[error("invalid number")]
    InvalidNumber,
    /// A list (family members, vaccine doses) is empty or too long.
    #[error("invalid list length")]
    InvalidCount,
    /// The family card has no head of family, or more than one.
    #[error("a family card needs exactly one head of family")]
    HeadOfFamily,
    /// Vaccine doses are not numbered 1, 2, 3... in date order.
    #[error("vaccine doses out of order")]
    DoseOrder,
}

/// Any of the documents the wallet carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The KTP (identity card).
    Ktp(Ktp),
    /// The KK (family card).
    FamilyCard(FamilyCard),
    /// The COVID-19 vaccine certificate.
    Vaccine(VaccineCertificate),
    /// The BPJS Kesehatan card.
    Bpjs(BpjsCard),
}

impl Document {
    /// Checks every rule of the document.
    pub fn validate(&self) -> Result<(), DocumentError> {
        match self {
            Document::Ktp(d) => d.validate(),
            Document::FamilyCard(d) => d.validate(),
            Document::Vaccine(d) => d.validate(),
            Document::Bpjs(d) => d.validate(),
        }
    }
}

/// A name as printed on Indonesian documents: letters, spaces and . , ' - only.
pub(crate) fn check_name(name: &str) -> Result<(), DocumentError> {
    let ok = !name.trim().is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .chars()
            .all(|c| c.is_alphabetic() || " .,'-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(DocumentError::InvalidName)
    }
}

/// A free text field: not empty, not too long, no control characters.
pub(crate) fn check_text(text: &str, max: usize) -> Result<(), DocumentError> {
    let ok = !text.trim().is_empty() && text.len() <= max && !text.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(DocumentError::InvalidText)
    }
}

/// A number with exactly `digits` decimal digits (no leading zero unless `leading_zero_ok`).
pub(crate) fn check_digits(
    value: u64,
    digits: u32,
    leading_zero_ok: bool,
) -> Result<(), DocumentError> {
    let max = 10u64.pow(digits);
    let min = if leading_zero_ok {
        0
    } else {
        10u64.pow(digits - 1)
    };
    if (min..max).contains(&value) {
        Ok(())
    } else {
        Err(DocumentError::InvalidNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_allow_letters_and_punctuation_of_real_names() {
        assert!(check_name("SITI NURHALIZA").is_ok());
        assert!(check_name("I GUSTI AYU PUTU D.").is_ok());
        assert!(check_name("MUH. RIDWAN, S.PD").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("   ").is_err());
        assert!(check_name("ROBERT'); DROP").is_err());
        assert!(check_name(&"A".repeat(61)).is_err());
    }

    #[test]
    fn digit_counts_are_exact() {
        assert!(check_digits(3273012001, 10, false).is_ok());
        assert!(check_digits(327301200, 10, false).is_err());
        assert!(check_digits(1234567890, 13, true).is_ok());
        assert!(check_digits(10_000_000_000_000, 13, true).is_err());
    }
}
