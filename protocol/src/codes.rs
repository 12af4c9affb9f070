//! One-byte code tables for the claims: what a KTP prints as words travels as one byte.
//!
//! The numbers are part of the wire format (docs/credential-format.md lists them, and a test keeps
//! that page in step with this file): never renumber, only append.

/// A code byte that no table knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown {table} code")]
pub struct UnknownCode {
    /// The table's name.
    pub table: &'static str,
}

macro_rules! code_table {
    (
        $(#[$meta:meta])*
        $name:ident { $( $variant:ident = $code:literal, $id:literal, $en:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $name {
            $(
                #[doc = $en]
                $variant = $code,
            )+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire code.
            pub fn code(self) -> u8 {
                self as u8
            }

            /// The label in Bahasa Indonesia, as printed on the document.
            pub fn label_id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// The label in English.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        impl TryFrom<u8> for $name {
            type Error = UnknownCode;
            fn try_from(code: u8) -> Result<Self, UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err(UnknownCode { table: stringify!($name) }),
                }
            }
        }
    };
}

code_table! {
    /// Jenis kelamin.
    Sex {
        Male = 1, "LAKI-LAKI", "Male";
        Female = 2, "PEREMPUAN", "Female";
    }
}

code_table! {
    /// Agama (the six recognised religions and the native belief systems).
    Religion {
        Islam = 1, "ISLAM", "Islam";
        Protestant = 2, "KRISTEN", "Protestant Christianity";
        Catholic = 3, "KATOLIK", "Catholicism";
        Hindu = 4, "HINDU", "Hinduism";
        Buddhist = 5, "BUDDHA", "Buddhism";
        Confucian = 6, "KHONGHUCU", "Confucianism";
        NativeBelief = 7, "KEPERCAYAAN TERHADAP TUHAN YME", "Native belief";
    }
}

code_table! {
    /// Status perkawinan.
    MaritalStatus {
        Single = 1, "BELUM KAWIN", "Single";
        Married = 2, "KAWIN", "Married";
        Divorced = 3, "CERAI HIDUP", "Divorced";
        Widowed = 4, "CERAI MATI", "Widowed";
    }
}

code_table! {
    /// Golongan darah.
    BloodType {
        Unknown = 0, "-", "Unknown";
        A = 1, "A", "A";
        B = 2, "B", "B";
        Ab = 3, "AB", "AB";
        O = 4, "O", "O";
        APositive = 5, "A+", "A+";
        ANegative = 6, "A-", "A-";
        BPositive = 7, "B+", "B+";
        BNegative = 8, "B-", "B-";
        AbPositive = 9, "AB+", "AB+";
        AbNegative = 10, "AB-", "AB-";
        OPositive = 11, "O+", "O+";
        ONegative = 12, "O-", "O-";
    }
}

code_table! {
    /// Pekerjaan (the common KTP occupations; `Other` for the rest).
    Occupation {
        Unemployed = 1, "BELUM/TIDAK BEKERJA", "Not working";
        Homemaker = 2, "MENGURUS RUMAH TANGGA", "Homemaker";
        Student = 3, "PELAJAR/MAHASISWA", "Student";
        Retired = 4, "PENSIUNAN", "Retired";
        CivilServant = 5, "PEGAWAI NEGERI SIPIL", "Civil servant";
        Military = 6, "TENTARA NASIONAL INDONESIA", "Armed forces";
        Police = 7, "KEPOLISIAN RI", "Police";
        Trader = 8, "PERDAGANGAN", "Trade";
        Farmer = 9, "PETANI/PEKEBUN", "Farmer";
        Fisher = 10, "NELAYAN/PERIKANAN", "Fisher";
        PrivateEmployee = 11, "KARYAWAN SWASTA", "Private employee";
        StateEnterpriseEmployee = 12, "KARYAWAN BUMN", "State enterprise employee";
        SelfEmployed = 13, "WIRASWASTA", "Self-employed";
        DailyLabourer = 14, "BURUH HARIAN LEPAS", "Day labourer";
        FarmLabourer = 15, "BURUH TANI/PERKEBUNAN", "Farm labourer";
        Driver = 16, "SOPIR", "Driver";
        Teacher = 17, "GURU", "Teacher";
        Lecturer = 18, "DOSEN", "Lecturer";
        Doctor = 19, "DOKTER", "Doctor";
        Nurse = 20, "PERAWAT", "Nurse";
        Midwife = 21, "BIDAN", "Midwife";
        Merchant = 22, "PEDAGANG", "Merchant";
        Carpenter = 23, "TUKANG KAYU", "Carpenter";
        Tailor = 24, "PENJAHIT", "Tailor";
        Other = 99, "LAINNYA", "Other";
    }
}

code_table! {
    /// Status hubungan dalam keluarga (KK).
    FamilyRelation {
        Head = 1, "KEPALA KELUARGA", "Head of family";
        Husband = 2, "SUAMI", "Husband";
        Wife = 3, "ISTRI", "Wife";
        Child = 4, "ANAK", "Child";
        ChildInLaw = 5, "MENANTU", "Child-in-law";
        Grandchild = 6, "CUCU", "Grandchild";
        Parent = 7, "ORANG TUA", "Parent";
        ParentInLaw = 8, "MERTUA", "Parent-in-law";
        OtherRelative = 9, "FAMILI LAIN", "Other relative";
        Helper = 10, "PEMBANTU", "Household helper";
        Other = 11, "LAINNYA", "Other";
    }
}

code_table! {
    /// Pendidikan terakhir (KK).
    Education {
        None = 1, "TIDAK/BELUM SEKOLAH", "No schooling";
        PrimaryIncomplete = 2, "BELUM TAMAT SD/SEDERAJAT", "Primary, not completed";
        Primary = 3, "TAMAT SD/SEDERAJAT", "Primary school";
        JuniorSecondary = 4, "SLTP/SEDERAJAT", "Junior secondary";
        SeniorSecondary = 5, "SLTA/SEDERAJAT", "Senior secondary";
        Diploma12 = 6, "DIPLOMA I/II", "Diploma I/II";
        Diploma3 = 7, "AKADEMI/DIPLOMA III/S. MUDA", "Diploma III";
        Bachelor = 8, "DIPLOMA IV/STRATA I", "Bachelor";
        Master = 9, "STRATA II", "Master";
        Doctorate = 10, "STRATA III", "Doctorate";
    }
}

code_table! {
    /// Kewarganegaraan.
    Citizenship {
        Indonesian = 1, "WNI", "Indonesian citizen";
        Foreign = 2, "WNA", "Foreign national";
    }
}

code_table! {
    /// Kelas rawat BPJS Kesehatan.
    BpjsClass {
        First = 1, "KELAS I", "Class 1";
        Second = 2, "KELAS II", "Class 2";
        Third = 3, "KELAS III", "Class 3";
    }
}

code_table! {
    /// COVID-19 vaccine products used in Indonesia.
    VaccineProduct {
        CoronaVac = 1, "SINOVAC (CORONAVAC)", "Sinovac CoronaVac";
        AstraZeneca = 2, "ASTRAZENECA", "AstraZeneca";
        Pfizer = 3, "PFIZER", "Pfizer-BioNTech";
        Moderna = 4, "MODERNA", "Moderna";
        Sinopharm = 5, "SINOPHARM", "Sinopharm";
        Janssen = 6, "JANSSEN", "Janssen";
        Novavax = 7, "NOVAVAX", "Novavax";
        Zifivax = 8, "ZIFIVAX", "Zifivax";
        IndoVac = 9, "INDOVAC", "IndoVac";
        AwCorna = 10, "AWCORNA", "AWcorna";
        SputnikV = 11, "SPUTNIK V", "Sputnik V";
        Covovax = 12, "COVOVAX", "Covovax";
        InaVac = 13, "INAVAC", "InaVac";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Copy + PartialEq + std::fmt::Debug + TryFrom<u8>>(
        all: &[T],
        code: fn(T) -> u8,
    ) {
        for &value in all {
            assert_eq!(T::try_from(code(value)).ok(), Some(value));
        }
    }

    #[test]
    fn every_code_round_trips_through_its_byte() {
        round_trips(Sex::ALL, Sex::code);
        round_trips(Religion::ALL, Religion::code);
        round_trips(MaritalStatus::ALL, MaritalStatus::code);
        round_trips(BloodType::ALL, BloodType::code);
        round_trips(Occupation::ALL, Occupation::code);
        round_trips(FamilyRelation::ALL, FamilyRelation::code);
        round_trips(Education::ALL, Education::code);
        round_trips(Citizenship::ALL, Citizenship::code);
        round_trips(BpjsClass::ALL, BpjsClass::code);
        round_trips(VaccineProduct::ALL, VaccineProduct::code);
    }

    #[test]
    fn unknown_codes_are_errors_naming_the_table() {
        assert_eq!(
            Religion::try_from(0),
            Err(UnknownCode { table: "Religion" })
        );
        assert!(Sex::try_from(3).is_err());
        assert!(VaccineProduct::try_from(255).is_err());
    }

    #[test]
    fn labels_are_indonesian_and_english() {
        assert_eq!(Religion::Islam.label_id(), "ISLAM");
        assert_eq!(MaritalStatus::Widowed.label_id(), "CERAI MATI");
        assert_eq!(MaritalStatus::Widowed.label_en(), "Widowed");
    }
}
