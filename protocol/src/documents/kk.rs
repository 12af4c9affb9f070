//! The KK (Kartu Keluarga): the family card and its members.

use super::{DocumentError, MAX_ADDRESS_LEN, check_digits, check_name, check_text};
use crate::civil_date::CivilDate;
use crate::codes::{Education, FamilyRelation, MaritalStatus, Occupation, Religion, Sex};
use crate::nik::Nik;

/// Most members a family card may list (keeps decoding bounded; real cards list far fewer).
pub const MAX_MEMBERS: usize = 20;

/// One row of the family card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMember {
    /// NIK.
    pub nik: Nik,
    /// Nama lengkap.
    pub name: String,
    /// Jenis kelamin.
    pub sex: Sex,
    /// Tanggal lahir.
    pub birth_date: CivilDate,
    /// Status hubungan dalam keluarga.
    pub relation: FamilyRelation,
    /// Agama.
    pub religion: Religion,
    /// Pendidikan.
    pub education: Education,
    /// Jenis pekerjaan.
    pub occupation: Occupation,
    /// Status perkawinan.
    pub marital_status: MaritalStatus,
}

/// The family card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyCard {
    /// Nomor KK (16 digits).
    pub number: u64,
    /// Nama kepala keluarga.
    pub head_name: String,
    /// Alamat.
    pub address: String,
    /// RT.
    pub rt: u16,
    /// RW.
    pub rw: u16,
    /// Kelurahan/desa (10-digit Kemendagri code).
    pub village: u64,
    /// Anggota keluarga.
    pub members: Vec<FamilyMember>,
}

impl FamilyCard {
    /// Checks the card: 16-digit number, 1-20 members each consistent with their NIK, exactly
    /// one head of family whose name is the card's.
    pub fn validate(&self) -> Result<(), DocumentError> {
        check_digits(self.number, 16, false)?;
        check_name(&self.head_name)?;
        check_text(&self.address, MAX_ADDRESS_LEN)?;
        check_digits(self.village, 10, false)?;
        if self.rt > 999 || self.rw > 999 {
            return Err(DocumentError::InvalidNumber);
        }
        if self.members.is_empty() || self.members.len() > MAX_MEMBERS {
            return Err(DocumentError::InvalidCount);
        }
        for member in &self.members {
            check_name(&member.name)?;
            if !member.nik.is_consistent_with(member.birth_date, member.sex) {
                return Err(DocumentError::NikMismatch);
            }
        }
        let heads: Vec<&FamilyMember> = self
            .members
            .iter()
            .filter(|m| m.relation == FamilyRelation::Head)
            .collect();
        match heads.as_slice() {
            [head] if head.name == self.head_name => Ok(()),
            _ => Err(DocumentError::HeadOfFamily),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_family_card;

    #[test]
    fn the_sample_family_card_is_valid() {
        assert_eq!(sample_family_card().validate(), Ok(()));
    }

    #[test]
    fn a_card_without_exactly_one_head_is_refused() {
        let mut kk = sample_family_card();
        kk.members.retain(|m| m.relation != FamilyRelation::Head);
        assert_eq!(kk.validate(), Err(DocumentError::HeadOfFamily));
        let mut kk = sample_family_card();
        let head = kk.members[0].clone();
        kk.members.push(head);
        assert_eq!(kk.validate(), Err(DocumentError::HeadOfFamily));
    }

    #[test]
    fn member_lists_are_bounded_and_checked() {
        let mut kk = sample_family_card();
        kk.members.clear();
        assert_eq!(kk.validate(), Err(DocumentError::InvalidCount));
        let mut kk = sample_family_card();
        kk.members[1].sex = Sex::Male;
        kk.members[1].nik = kk.members[0].nik;
        assert_eq!(kk.validate(), Err(DocumentError::NikMismatch));
        let mut kk = sample_family_card();
        kk.number = 12;
        assert_eq!(kk.validate(), Err(DocumentError::InvalidNumber));
    }
}
