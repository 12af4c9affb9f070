//! The COVID-19 vaccine certificate.

use super::{DocumentError, check_name};
use crate::civil_date::CivilDate;
use crate::codes::VaccineProduct;
use crate::nik::Nik;

/// Most doses a certificate may list.
pub const MAX_DOSES: usize = 8;

/// One vaccination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VaccineDose {
    /// Dosis ke- (1, 2, then boosters 3, 4...).
    pub number: u8,
    /// Vaksin.
    pub product: VaccineProduct,
    /// Tanggal vaksinasi.
    pub date: CivilDate,
}

/// The vaccine certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaccineCertificate {
    /// NIK.
    pub nik: Nik,
    /// Nama.
    pub name: String,
    /// Tanggal lahir.
    pub birth_date: CivilDate,
    /// Doses, in order.
    pub doses: Vec<VaccineDose>,
}

impl VaccineCertificate {
    /// Checks the certificate: 1-8 doses numbered 1, 2, 3... on non-decreasing dates after birth.
    pub fn validate(&self) -> Result<(), DocumentError> {
        check_name(&self.name)?;
        if !self.nik.matches_birth_date(self.birth_date) {
            return Err(DocumentError::NikMismatch);
        }
        if self.doses.is_empty() || self.doses.len() > MAX_DOSES {
            return Err(DocumentError::InvalidCount);
        }
        let mut previous = self.birth_date;
        for (index, dose) in self.doses.iter().enumerate() {
            if usize::from(dose.number) != index + 1 || dose.date < previous {
                return Err(DocumentError::DoseOrder);
            }
            previous = dose.date;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_vaccine_certificate;

    #[test]
    fn the_sample_certificate_is_valid() {
        assert_eq!(sample_vaccine_certificate().validate(), Ok(()));
    }

    #[test]
    fn doses_must_be_numbered_in_date_order() {
        let mut cert = sample_vaccine_certificate();
        cert.doses.swap(0, 1);
        assert_eq!(cert.validate(), Err(DocumentError::DoseOrder));
        let mut cert = sample_vaccine_certificate();
        cert.doses[1].date = CivilDate::new(2020, 1, 1).unwrap();
        assert_eq!(cert.validate(), Err(DocumentError::DoseOrder));
        let mut cert = sample_vaccine_certificate();
        cert.doses.clear();
        assert_eq!(cert.validate(), Err(DocumentError::InvalidCount));
    }
}
