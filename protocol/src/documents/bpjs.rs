//! The BPJS Kesehatan card (national health insurance, JKN-KIS).

use super::{DocumentError, check_digits, check_name, check_text};
use crate::civil_date::CivilDate;
use crate::codes::BpjsClass;
use crate::nik::Nik;

/// Longest facility code accepted.
pub const MAX_FACILITY_CODE_LEN: usize = 12;
/// Longest facility name accepted.
pub const MAX_FACILITY_NAME_LEN: usize = 60;

/// The BPJS Kesehatan card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BpjsCard {
    /// Nomor kartu: 13 digits, often with leading zeros (0001234567890).
    pub card_number: u64,
    /// NIK.
    pub nik: Nik,
    /// Nama.
    pub name: String,
    /// Tanggal lahir.
    pub birth_date: CivilDate,
    /// Kelas rawat.
    pub class: BpjsClass,
    /// Faskes tingkat 1 (first-level health facility) code.
    pub facility_code: String,
    /// Faskes tingkat 1 name.
    pub facility_name: String,
}

impl BpjsCard {
    /// The card number as printed: 13 digits with leading zeros.
    pub fn card_number_text(&self) -> String {
        format!("{:013}", self.card_number)
    }

    /// Checks the card: 13-digit number, the NIK's birth date, facility fields well formed.
    pub fn validate(&self) -> Result<(), DocumentError> {
        check_digits(self.card_number, 13, true)?;
        if self.card_number == 0 {
            return Err(DocumentError::InvalidNumber);
        }
        check_name(&self.name)?;
        if !self.nik.matches_birth_date(self.birth_date) {
            return Err(DocumentError::NikMismatch);
        }
        check_text(&self.facility_code, MAX_FACILITY_CODE_LEN)?;
        check_text(&self.facility_name, MAX_FACILITY_NAME_LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_bpjs_card;

    #[test]
    fn the_sample_card_is_valid_and_prints_leading_zeros() {
        let card = sample_bpjs_card();
        assert_eq!(card.validate(), Ok(()));
        assert_eq!(card.card_number_text().len(), 13);
        assert!(card.card_number_text().starts_with("000"));
    }

    #[test]
    fn a_card_number_of_more_than_13_digits_is_refused() {
        let mut card = sample_bpjs_card();
        card.card_number = 12_345_678_901_234;
        assert_eq!(card.validate(), Err(DocumentError::InvalidNumber));
    }
}
