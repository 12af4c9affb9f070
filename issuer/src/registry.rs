//! The citizen registry's line format: one citizen per line of a JSON Lines extract from the
//! civil registry (docs/issuer.md lists the fields). Pure: text in, validated documents out.
//!
//! Place codes (birth place, village) stay Kemendagri codes and the word fields (sex, religion,
//! ...) stay the one-byte codes of `ikd_protocol::codes`: the registry keeps what the credential
//! carries. Errors name a line and a field, never a value from it, since every value is personal
//! data.

use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::codes::{
    BloodType, BpjsClass, Citizenship, Education, FamilyRelation, MaritalStatus, Occupation,
    Religion, Sex, UnknownCode, VaccineProduct,
};
use ikd_protocol::documents::{
    BpjsCard, Document, DocumentError, FamilyCard, FamilyMember, Ktp, VaccineCertificate,
    VaccineDose,
};
use ikd_protocol::nik::{Nik, NikError};
use serde::{Deserialize, Serialize};

/// Longest line accepted (bytes): a family of 20 with every field at its maximum fits well.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One line of the extract, as written (codes as numbers, dates as `YYYY-MM-DD`).
/// No `Debug`: every field is personal data.
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct CitizenLine {
    /// NIK, 16 digits.
    pub nik: String,
    /// Name as on the KTP.
    pub name: String,
    /// Birth place: 4-digit regency/city code.
    pub birth_place: u16,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// `Sex` code.
    pub sex: u8,
    /// `BloodType` code.
    pub blood_type: u8,
    /// Street line.
    pub address: String,
    /// RT.
    pub rt: u16,
    /// RW.
    pub rw: u16,
    /// Village: 10-digit Kemendagri code.
    pub village: u64,
    /// `Religion` code.
    pub religion: u8,
    /// `MaritalStatus` code.
    pub marital_status: u8,
    /// `Occupation` code.
    pub occupation: u8,
    /// `Citizenship` code.
    pub citizenship: u8,
    /// KTP validity end, `YYYY-MM-DD`; absent for a KTP-el valid for life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ktp_valid_until: Option<String>,
    /// The family card the citizen is listed on.
    pub family_card: FamilyCardLine,
    /// COVID-19 vaccine doses; none: no vaccine certificate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vaccine_doses: Vec<DoseLine>,
    /// BPJS Kesehatan card; absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpjs: Option<BpjsLine>,
}

/// The family card part of a line.
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct FamilyCardLine {
    /// KK number, 16 digits.
    pub number: u64,
    /// Head of family's name.
    pub head_name: String,
    /// Street line.
    pub address: String,
    /// RT.
    pub rt: u16,
    /// RW.
    pub rw: u16,
    /// Village code.
    pub village: u64,
    /// Members, the head among them.
    pub members: Vec<MemberLine>,
}

/// One family member.
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct MemberLine {
    /// NIK.
    pub nik: String,
    /// Name.
    pub name: String,
    /// `Sex` code.
    pub sex: u8,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `FamilyRelation` code.
    pub relation: u8,
    /// `Religion` code.
    pub religion: u8,
    /// `Education` code.
    pub education: u8,
    /// `Occupation` code.
    pub occupation: u8,
    /// `MaritalStatus` code.
    pub marital_status: u8,
}

/// One vaccine dose.
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct DoseLine {
    /// 1, 2, 3...
    pub number: u8,
    /// `VaccineProduct` code.
    pub product: u8,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// The BPJS part of a line (name, NIK and birth date are the KTP's).
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct BpjsLine {
    /// Card number, 13 digits.
    pub card_number: u64,
    /// `BpjsClass` code.
    pub class: u8,
    /// Facility code.
    pub facility_code: String,
    /// Facility name.
    pub facility_name: String,
}

/// A validated registry entry: every document the issuer holds for one citizen.
#[derive(Clone)]
pub struct Citizen {
    /// The KTP.
    pub ktp: Ktp,
    /// The family card that lists them.
    pub family_card: FamilyCard,
    /// The vaccine certificate, if they have one.
    pub vaccine: Option<VaccineCertificate>,
    /// The BPJS card, if they have one.
    pub bpjs: Option<BpjsCard>,
}

impl Citizen {
    /// Every document, in the order credentials are issued.
    pub fn documents(&self) -> Vec<Document> {
        let mut documents = vec![
            Document::Ktp(self.ktp.clone()),
            Document::FamilyCard(self.family_card.clone()),
        ];
        documents.extend(self.vaccine.clone().map(Document::Vaccine));
        documents.extend(self.bpjs.clone().map(Document::Bpjs));
        documents
    }

    /// The line that describes this citizen (what the registry table stores).
    pub fn to_line(&self) -> CitizenLine {
        let k = &self.ktp;
        let f = &self.family_card;
        CitizenLine {
            nik: k.nik.expose(),
            name: k.name.clone(),
            birth_place: k.birth_place,
            birth_date: iso(k.birth_date),
            sex: k.sex.code(),
            blood_type: k.blood_type.code(),
            address: k.address.clone(),
            rt: k.rt,
            rw: k.rw,
            village: k.village,
            religion: k.religion.code(),
            marital_status: k.marital_status.code(),
            occupation: k.occupation.code(),
            citizenship: k.citizenship.code(),
            ktp_valid_until: k.valid_until.map(iso),
            family_card: FamilyCardLine {
                number: f.number,
                head_name: f.head_name.clone(),
                address: f.address.clone(),
                rt: f.rt,
                rw: f.rw,
                village: f.village,
                members: f
                    .members
                    .iter()
                    .map(|m| MemberLine {
                        nik: m.nik.expose(),
                        name: m.name.clone(),
                        sex: m.sex.code(),
                        birth_date: iso(m.birth_date),
                        relation: m.relation.code(),
                        religion: m.religion.code(),
                        education: m.education.code(),
                        occupation: m.occupation.code(),
                        marital_status: m.marital_status.code(),
                    })
                    .collect(),
            },
            vaccine_doses: self
                .vaccine
                .iter()
                .flat_map(|v| &v.doses)
                .map(|d| DoseLine {
                    number: d.number,
                    product: d.product.code(),
                    date: iso(d.date),
                })
                .collect(),
            bpjs: self.bpjs.as_ref().map(|b| BpjsLine {
                card_number: b.card_number,
                class: b.class.code(),
                facility_code: b.facility_code.clone(),
                facility_name: b.facility_name.clone(),
            }),
        }
    }

    /// The line as JSON text (one line, no newline).
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_string(&self.to_line()).unwrap_or_default()
    }
}

/// What is wrong with one line. Names the field, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    /// Longer than [`MAX_LINE_BYTES`].
    #[error("baris terlalu panjang / line too long")]
    TooLong,
    /// The file could not be read from here on.
    #[error("berkas tidak terbaca / the file cannot be read")]
    Unreadable,
    /// Not UTF-8.
    #[error("bukan teks UTF-8 / not UTF-8 text")]
    NotUtf8,
    /// Not a JSON object of the documented fields and types.
    #[error(
        "bukan JSON yang sah atau kolom salah/hilang (kolom karakter {column}) / not valid JSON or a field is missing, unknown or of the wrong type (character {column})"
    )]
    Json {
        /// Character position where parsing stopped.
        column: usize,
    },
    /// A NIK breaks the protocol's NIK rules.
    #[error("{field}: {error}")]
    Nik {
        /// Which field.
        field: &'static str,
        /// Which rule.
        error: NikError,
    },
    /// A date is not a real `YYYY-MM-DD` date.
    #[error("{field}: tanggal bukan YYYY-MM-DD / not a YYYY-MM-DD date")]
    Date {
        /// Which field.
        field: &'static str,
    },
    /// A code is not in its table.
    #[error("{field}: kode tidak dikenal / unknown code")]
    Code {
        /// Which field.
        field: &'static str,
    },
    /// A document breaks its rules.
    #[error("{document}: {error}")]
    Document {
        /// `ktp`, `family_card`, `vaccine` or `bpjs`.
        document: &'static str,
        /// Which rule.
        error: DocumentError,
    },
    /// The family card does not list the citizen's NIK.
    #[error(
        "family_card: NIK warga tidak ada di anggota KK / the citizen's NIK is not among the members"
    )]
    NotOnFamilyCard,
    /// The same NIK is on an earlier line of the same file.
    #[error("NIK sudah ada di baris {first_line} / the NIK is already on line {first_line}")]
    Duplicate {
        /// Where it was first.
        first_line: usize,
    },
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("baris/line {line}: {problem}")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub problem: LineProblem,
}

/// Parses and validates one line of the extract.
pub fn parse_line(text: &str) -> Result<Citizen, LineProblem> {
    if text.len() > MAX_LINE_BYTES {
        return Err(LineProblem::TooLong);
    }
    // serde_json's messages quote the offending value: keep only the position.
    let line: CitizenLine =
        serde_json::from_str(text).map_err(|e| LineProblem::Json { column: e.column() })?;
    citizen_of(&line)
}

/// Validates a parsed line.
pub fn citizen_of(line: &CitizenLine) -> Result<Citizen, LineProblem> {
    let nik = nik("nik", &line.nik)?;
    let birth_date = date("birth_date", &line.birth_date)?;
    let ktp = Ktp {
        nik,
        name: line.name.clone(),
        birth_place: line.birth_place,
        birth_date,
        sex: code::<Sex>("sex", line.sex)?,
        blood_type: code::<BloodType>("blood_type", line.blood_type)?,
        address: line.address.clone(),
        rt: line.rt,
        rw: line.rw,
        village: line.village,
        religion: code::<Religion>("religion", line.religion)?,
        marital_status: code::<MaritalStatus>("marital_status", line.marital_status)?,
        occupation: code::<Occupation>("occupation", line.occupation)?,
        citizenship: code::<Citizenship>("citizenship", line.citizenship)?,
        valid_until: line
            .ktp_valid_until
            .as_deref()
            .map(|d| date("ktp_valid_until", d))
            .transpose()?,
    };
    ktp.validate().map_err(document("ktp"))?;
    let f = &line.family_card;
    let members = f
        .members
        .iter()
        .map(|m| {
            Ok(FamilyMember {
                nik: self::nik("family_card.members.nik", &m.nik)?,
                name: m.name.clone(),
                sex: code::<Sex>("family_card.members.sex", m.sex)?,
                birth_date: date("family_card.members.birth_date", &m.birth_date)?,
                relation: code::<FamilyRelation>("family_card.members.relation", m.relation)?,
                religion: code::<Religion>("family_card.members.religion", m.religion)?,
                education: code::<Education>("family_card.members.education", m.education)?,
                occupation: code::<Occupation>("family_card.members.occupation", m.occupation)?,
                marital_status: code::<MaritalStatus>(
                    "family_card.members.marital_status",
                    m.marital_status,
                )?,
            })
        })
        .collect::<Result<Vec<_>, LineProblem>>()?;
    let family_card = FamilyCard {
        number: f.number,
        head_name: f.head_name.clone(),
        address: f.address.clone(),
        rt: f.rt,
        rw: f.rw,
        village: f.village,
        members,
    };
    family_card.validate().map_err(document("family_card"))?;
    if !family_card.members.iter().any(|m| m.nik == nik) {
        return Err(LineProblem::NotOnFamilyCard);
    }
    let vaccine = if line.vaccine_doses.is_empty() {
        None
    } else {
        let doses = line
            .vaccine_doses
            .iter()
            .map(|d| {
                Ok(VaccineDose {
                    number: d.number,
                    product: code::<VaccineProduct>("vaccine_doses.product", d.product)?,
                    date: date("vaccine_doses.date", &d.date)?,
                })
            })
            .collect::<Result<Vec<_>, LineProblem>>()?;
        let certificate = VaccineCertificate {
            nik,
            name: ktp.name.clone(),
            birth_date,
            doses,
        };
        certificate.validate().map_err(document("vaccine"))?;
        Some(certificate)
    };
    let bpjs = match &line.bpjs {
        None => None,
        Some(b) => {
            let card = BpjsCard {
                card_number: b.card_number,
                nik,
                name: ktp.name.clone(),
                birth_date,
                class: code::<BpjsClass>("bpjs.class", b.class)?,
                facility_code: b.facility_code.clone(),
                facility_name: b.facility_name.clone(),
            };
            card.validate().map_err(document("bpjs"))?;
            Some(card)
        }
    };
    Ok(Citizen {
        ktp,
        family_card,
        vaccine,
        bpjs,
    })
}

fn nik(field: &'static str, text: &str) -> Result<Nik, LineProblem> {
    Nik::parse(text).map_err(|error| LineProblem::Nik { field, error })
}

fn code<T: TryFrom<u8, Error = UnknownCode>>(
    field: &'static str,
    value: u8,
) -> Result<T, LineProblem> {
    T::try_from(value).map_err(|_| LineProblem::Code { field })
}

fn document(document: &'static str) -> impl Fn(DocumentError) -> LineProblem {
    move |error| LineProblem::Document { document, error }
}

/// `YYYY-MM-DD`, exactly.
fn date(field: &'static str, text: &str) -> Result<CivilDate, LineProblem> {
    let bad = || LineProblem::Date { field };
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(bad());
    }
    let year = text[0..4].parse().map_err(|_| bad())?;
    let month = text[5..7].parse().map_err(|_| bad())?;
    let day = text[8..10].parse().map_err(|_| bad())?;
    CivilDate::new(year, month, day).map_err(|_| bad())
}

/// `YYYY-MM-DD` of a date (the extract's format; the console shows dates this way too).
pub fn iso(date: CivilDate) -> String {
    // Display is DD-MM-YYYY (as printed on a KTP); the extract uses ISO order.
    let text = date.to_string();
    format!("{}-{}-{}", &text[6..10], &text[3..5], &text[0..2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ikd_protocol::fixtures::population;

    fn sample_line() -> CitizenLine {
        let c = &population()[0];
        Citizen {
            ktp: c.ktp.clone(),
            family_card: c.family_card.clone(),
            vaccine: Some(c.vaccine.clone()),
            bpjs: Some(c.bpjs.clone()),
        }
        .to_line()
    }

    fn problem(line: &CitizenLine) -> LineProblem {
        citizen_of(line).err().expect("the line is refused")
    }

    #[test]
    fn a_citizen_survives_writing_and_reading_its_line() {
        for c in population() {
            let citizen = Citizen {
                ktp: c.ktp.clone(),
                family_card: c.family_card.clone(),
                vaccine: Some(c.vaccine.clone()),
                bpjs: Some(c.bpjs.clone()),
            };
            let back = parse_line(&citizen.to_json()).unwrap();
            assert_eq!(back.documents(), citizen.documents());
        }
    }

    #[test]
    fn dates_are_iso_and_real() {
        assert_eq!(
            date("d", "1990-08-17").unwrap(),
            CivilDate::new(1990, 8, 17).unwrap()
        );
        for bad in [
            "17-08-1990",
            "1990-02-30",
            "1990-8-17",
            "1990-08-17 ",
            "+990-08-17",
        ] {
            assert_eq!(
                date("d", bad),
                Err(LineProblem::Date { field: "d" }),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_nik_that_breaks_the_rules_is_refused_by_field() {
        let mut line = sample_line();
        line.nik = "9974015708900001".into();
        assert_eq!(
            problem(&line),
            LineProblem::Nik {
                field: "nik",
                error: NikError::InvalidProvince
            }
        );
        let mut line = sample_line();
        // A man's birth date against a woman's NIK.
        line.sex = Sex::Male.code();
        assert!(matches!(
            problem(&line),
            LineProblem::Document {
                document: "ktp",
                error: DocumentError::NikMismatch
            }
        ));
    }

    #[test]
    fn codes_outside_their_tables_and_unlisted_citizens_are_refused() {
        let mut line = sample_line();
        line.religion = 200;
        assert_eq!(problem(&line), LineProblem::Code { field: "religion" });
        let mut line = sample_line();
        // Siti is the wife on her family card: without her the card is still valid.
        line.family_card.members.retain(|m| m.nik != line.nik);
        assert_eq!(problem(&line), LineProblem::NotOnFamilyCard);
    }

    #[test]
    fn optional_documents_may_be_absent() {
        let mut line = sample_line();
        line.vaccine_doses.clear();
        line.bpjs = None;
        let citizen = citizen_of(&line).unwrap();
        assert_eq!(citizen.documents().len(), 2);
    }

    #[test]
    fn json_errors_give_a_position_and_never_the_value() {
        let mut text = serde_json::to_string(&sample_line()).unwrap();
        text = text.replace("\"rt\":3", "\"rt\":\"SITI\"");
        let problem = parse_line(&text).err().unwrap();
        assert!(matches!(problem, LineProblem::Json { .. }));
        assert!(!problem.to_string().contains("SITI"));
        let unknown = text.replacen('{', "{\"secret\":1,", 1);
        assert!(matches!(
            parse_line(&unknown),
            Err(LineProblem::Json { .. })
        ));
        assert_eq!(
            parse_line(&"x".repeat(MAX_LINE_BYTES + 1)).err(),
            Some(LineProblem::TooLong)
        );
    }
}
