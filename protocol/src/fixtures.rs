//! A small fictional population for demos and tests (feature `fixtures`).
//!
//! Every name contains "CONTOH" ("example") so that nobody mistakes it for a real person; the NIKs
//! are valid by the format rules but made up. The keys here are FOR TESTS AND DEMOS ONLY: their
//! seeds are printed in this file.

use ed25519_dalek::SigningKey;

use crate::civil_date::CivilDate;
use crate::codes::{
    BloodType, BpjsClass, Citizenship, Education, FamilyRelation, MaritalStatus, Occupation,
    Religion, Sex, VaccineProduct,
};
use crate::documents::{BpjsCard, FamilyCard, FamilyMember, Ktp, VaccineCertificate, VaccineDose};
use crate::nik::Nik;

/// One citizen of the sample population, with every document the issuer holds for them.
#[derive(Debug, Clone)]
pub struct SampleCitizen {
    /// The citizen's KTP.
    pub ktp: Ktp,
    /// The family card they are listed on.
    pub family_card: FamilyCard,
    /// Their vaccine certificate.
    pub vaccine: VaccineCertificate,
    /// Their BPJS Kesehatan card.
    pub bpjs: BpjsCard,
    /// The e-mail address the activation code goes to (reserved example domain).
    pub email: String,
}

fn date(year: i32, month: u8, day: u8) -> CivilDate {
    CivilDate::new(year, month, day).expect("fixture dates are valid")
}

fn nik(text: &str) -> Nik {
    Nik::parse(text).expect("fixture NIKs are valid")
}

/// The issuer key used by the fixtures and test vectors. NOT SECRET.
pub fn issuer_signing_key() -> SigningKey {
    SigningKey::from_bytes(&[0x1D; 32])
}

/// A device key for tests and vectors. NOT SECRET.
pub fn device_signing_key() -> SigningKey {
    SigningKey::from_bytes(&[0xDE; 32])
}

/// Siti Contoh Rahayu's KTP (a woman born 17-08-1990 in Jakarta Selatan).
pub fn sample_ktp() -> Ktp {
    Ktp {
        nik: nik("3174015708900001"),
        name: "SITI CONTOH RAHAYU".into(),
        birth_place: 3174,
        birth_date: date(1990, 8, 17),
        sex: Sex::Female,
        blood_type: BloodType::O,
        address: "JL. MELATI NO. 7".into(),
        rt: 3,
        rw: 5,
        village: 3_174_011_001,
        religion: Religion::Islam,
        marital_status: MaritalStatus::Married,
        occupation: Occupation::Teacher,
        citizenship: Citizenship::Indonesian,
        valid_until: None,
    }
}

/// The Contoh family's card: Budi (head), Siti (wife), Andi (child).
pub fn sample_family_card() -> FamilyCard {
    let member =
        |nik_text: &str, name: &str, sex, born, relation, education, occupation, marital| {
            FamilyMember {
                nik: nik(nik_text),
                name: String::from(name),
                sex,
                birth_date: born,
                relation,
                religion: Religion::Islam,
                education,
                occupation,
                marital_status: marital,
            }
        };
    FamilyCard {
        number: 3_174_010_101_200_001,
        head_name: "BUDI CONTOH SANTOSO".into(),
        address: "JL. MELATI NO. 7".into(),
        rt: 3,
        rw: 5,
        village: 3_174_011_001,
        members: vec![
            member(
                "3174011203880002",
                "BUDI CONTOH SANTOSO",
                Sex::Male,
                date(1988, 3, 12),
                FamilyRelation::Head,
                Education::Bachelor,
                Occupation::PrivateEmployee,
                MaritalStatus::Married,
            ),
            member(
                "3174015708900001",
                "SITI CONTOH RAHAYU",
                Sex::Female,
                date(1990, 8, 17),
                FamilyRelation::Wife,
                Education::Bachelor,
                Occupation::Teacher,
                MaritalStatus::Married,
            ),
            member(
                "3174010105150003",
                "ANDI CONTOH PRATAMA",
                Sex::Male,
                date(2015, 5, 1),
                FamilyRelation::Child,
                Education::PrimaryIncomplete,
                Occupation::Student,
                MaritalStatus::Single,
            ),
        ],
    }
}

/// Siti's vaccine certificate: two CoronaVac doses and a Pfizer booster.
pub fn sample_vaccine_certificate() -> VaccineCertificate {
    VaccineCertificate {
        nik: nik("3174015708900001"),
        name: "SITI CONTOH RAHAYU".into(),
        birth_date: date(1990, 8, 17),
        doses: vec![
            VaccineDose {
                number: 1,
                product: VaccineProduct::CoronaVac,
                date: date(2021, 3, 10),
            },
            VaccineDose {
                number: 2,
                product: VaccineProduct::CoronaVac,
                date: date(2021, 4, 7),
            },
            VaccineDose {
                number: 3,
                product: VaccineProduct::Pfizer,
                date: date(2022, 1, 20),
            },
        ],
    }
}

/// Siti's BPJS Kesehatan card.
pub fn sample_bpjs_card() -> BpjsCard {
    BpjsCard {
        card_number: 1_234_567_890,
        nik: nik("3174015708900001"),
        name: "SITI CONTOH RAHAYU".into(),
        birth_date: date(1990, 8, 17),
        class: BpjsClass::Third,
        facility_code: "0115U012".into(),
        facility_name: "PUSKESMAS KEBAYORAN BARU".into(),
    }
}

/// The whole sample population the reference issuer ships with.
pub fn population() -> Vec<SampleCitizen> {
    let siti = SampleCitizen {
        ktp: sample_ktp(),
        family_card: sample_family_card(),
        vaccine: sample_vaccine_certificate(),
        bpjs: sample_bpjs_card(),
        email: "siti.contoh@example.id".into(),
    };
    let budi_nik = nik("3174011203880002");
    let budi = SampleCitizen {
        ktp: Ktp {
            nik: budi_nik,
            name: "BUDI CONTOH SANTOSO".into(),
            birth_place: 3273,
            birth_date: date(1988, 3, 12),
            sex: Sex::Male,
            blood_type: BloodType::APositive,
            occupation: Occupation::PrivateEmployee,
            religion: Religion::Islam,
            ..sample_ktp()
        },
        family_card: sample_family_card(),
        vaccine: VaccineCertificate {
            nik: budi_nik,
            name: "BUDI CONTOH SANTOSO".into(),
            birth_date: date(1988, 3, 12),
            doses: vec![
                VaccineDose {
                    number: 1,
                    product: VaccineProduct::AstraZeneca,
                    date: date(2021, 6, 2),
                },
                VaccineDose {
                    number: 2,
                    product: VaccineProduct::AstraZeneca,
                    date: date(2021, 8, 25),
                },
            ],
        },
        bpjs: BpjsCard {
            card_number: 1_234_567_891,
            nik: budi_nik,
            name: "BUDI CONTOH SANTOSO".into(),
            birth_date: date(1988, 3, 12),
            class: BpjsClass::Second,
            ..sample_bpjs_card()
        },
        email: "budi.contoh@example.id".into(),
    };
    let made_nik = nik("5171014304580004");
    let made_born = date(1958, 4, 3);
    let made = SampleCitizen {
        ktp: Ktp {
            nik: made_nik,
            name: "NI MADE CONTOH SARI".into(),
            birth_place: 5171,
            birth_date: made_born,
            sex: Sex::Female,
            blood_type: BloodType::B,
            address: "JL. KENANGA GG. II NO. 3".into(),
            rt: 0,
            rw: 0,
            village: 5_171_011_006,
            religion: Religion::Hindu,
            marital_status: MaritalStatus::Widowed,
            occupation: Occupation::Trader,
            citizenship: Citizenship::Indonesian,
            valid_until: None,
        },
        family_card: FamilyCard {
            number: 5_171_010_203_100_002,
            head_name: "NI MADE CONTOH SARI".into(),
            address: "JL. KENANGA GG. II NO. 3".into(),
            rt: 0,
            rw: 0,
            village: 5_171_011_006,
            members: vec![FamilyMember {
                nik: made_nik,
                name: "NI MADE CONTOH SARI".into(),
                sex: Sex::Female,
                birth_date: made_born,
                relation: FamilyRelation::Head,
                religion: Religion::Hindu,
                education: Education::Primary,
                occupation: Occupation::Trader,
                marital_status: MaritalStatus::Widowed,
            }],
        },
        vaccine: VaccineCertificate {
            nik: made_nik,
            name: "NI MADE CONTOH SARI".into(),
            birth_date: made_born,
            doses: vec![
                VaccineDose {
                    number: 1,
                    product: VaccineProduct::CoronaVac,
                    date: date(2021, 2, 1),
                },
                VaccineDose {
                    number: 2,
                    product: VaccineProduct::CoronaVac,
                    date: date(2021, 3, 1),
                },
                VaccineDose {
                    number: 3,
                    product: VaccineProduct::AstraZeneca,
                    date: date(2021, 12, 15),
                },
                VaccineDose {
                    number: 4,
                    product: VaccineProduct::Pfizer,
                    date: date(2022, 8, 9),
                },
            ],
        },
        bpjs: BpjsCard {
            card_number: 2_345_678_901,
            nik: made_nik,
            name: "NI MADE CONTOH SARI".into(),
            birth_date: made_born,
            class: BpjsClass::Third,
            facility_code: "1702P001".into(),
            facility_name: "PUSKESMAS I DENPASAR UTARA".into(),
        },
        email: "made.contoh@example.id".into(),
    };
    vec![siti, budi, made]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Document;

    #[test]
    fn every_sample_document_is_valid_and_clearly_fictional() {
        for citizen in population() {
            for doc in [
                Document::Ktp(citizen.ktp.clone()),
                Document::FamilyCard(citizen.family_card.clone()),
                Document::Vaccine(citizen.vaccine.clone()),
                Document::Bpjs(citizen.bpjs.clone()),
            ] {
                assert_eq!(doc.validate(), Ok(()), "{}", citizen.ktp.name);
            }
            assert!(citizen.ktp.name.contains("CONTOH"));
            assert!(citizen.email.ends_with("@example.id"));
        }
    }
}
