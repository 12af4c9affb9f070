//! The KTP (Kartu Tanda Penduduk): the identity card.

use super::{DocumentError, MAX_ADDRESS_LEN, check_digits, check_name, check_text};
use crate::civil_date::CivilDate;
use crate::codes::{BloodType, Citizenship, MaritalStatus, Occupation, Religion, Sex};
use crate::nik::Nik;

/// The data printed on a KTP-el.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ktp {
    /// NIK.
    pub nik: Nik,
    /// Nama.
    pub name: String,
    /// Tempat lahir, as the Kemendagri regency/city code (4 digits, e.g. 3273 = Kota Bandung).
    pub birth_place: u16,
    /// Tanggal lahir.
    pub birth_date: CivilDate,
    /// Jenis kelamin.
    pub sex: Sex,
    /// Golongan darah.
    pub blood_type: BloodType,
    /// Alamat (street line).
    pub address: String,
    /// RT (neighbourhood unit).
    pub rt: u16,
    /// RW (community unit).
    pub rw: u16,
    /// Kelurahan/desa as the 10-digit Kemendagri code (it implies kecamatan, kabupaten, provinsi).
    pub village: u64,
    /// Agama.
    pub religion: Religion,
    /// Status perkawinan.
    pub marital_status: MaritalStatus,
    /// Pekerjaan.
    pub occupation: Occupation,
    /// Kewarganegaraan.
    pub citizenship: Citizenship,
    /// Berlaku hingga: None for a KTP-el, which is valid for life ("SEUMUR HIDUP").
    pub valid_until: Option<CivilDate>,
}

impl Ktp {
    /// Checks the KTP's rules: the NIK agrees with birth date and sex, fields are well formed.
    pub fn validate(&self) -> Result<(), DocumentError> {
        if !self.nik.is_consistent_with(self.birth_date, self.sex) {
            return Err(DocumentError::NikMismatch);
        }
        check_name(&self.name)?;
        check_text(&self.address, MAX_ADDRESS_LEN)?;
        check_digits(u64::from(self.birth_place), 4, false)?;
        check_digits(self.village, 10, false)?;
        if self.rt > 999 || self.rw > 999 {
            return Err(DocumentError::InvalidNumber);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_ktp;

    #[test]
    fn the_sample_ktp_is_valid() {
        assert_eq!(sample_ktp().validate(), Ok(()));
    }

    #[test]
    fn a_nik_that_disagrees_with_birth_date_or_sex_is_refused() {
        let mut ktp = sample_ktp();
        ktp.sex = Sex::Male;
        assert_eq!(ktp.validate(), Err(DocumentError::NikMismatch));
        let mut ktp = sample_ktp();
        ktp.birth_date = CivilDate::new(1990, 8, 18).unwrap();
        assert_eq!(ktp.validate(), Err(DocumentError::NikMismatch));
    }

    #[test]
    fn malformed_fields_are_refused() {
        let mut ktp = sample_ktp();
        ktp.village = 123;
        assert_eq!(ktp.validate(), Err(DocumentError::InvalidNumber));
        let mut ktp = sample_ktp();
        ktp.rt = 1000;
        assert_eq!(ktp.validate(), Err(DocumentError::InvalidNumber));
        let mut ktp = sample_ktp();
        ktp.address = "\u{7}".into();
        assert_eq!(ktp.validate(), Err(DocumentError::InvalidText));
    }
}
