//! Disclosure profiles: which claims of a document a credential carries, and their positional
//! CBOR encoding. A desk that needs only "over 17" gets a credential without the NIK.

use minicbor::Decoder;

use crate::cbor::{self, CborError, CborResult, Writer};
use crate::civil_date::CivilDate;
use crate::codes::{
    BloodType, BpjsClass, Citizenship, Education, FamilyRelation, MaritalStatus, Occupation,
    Religion, Sex, VaccineProduct,
};
use crate::documents::bpjs::{MAX_FACILITY_CODE_LEN, MAX_FACILITY_NAME_LEN};
use crate::documents::kk::MAX_MEMBERS;
use crate::documents::vaccine::MAX_DOSES;
use crate::documents::{
    BpjsCard, Document, FamilyCard, FamilyMember, Ktp, MAX_ADDRESS_LEN, MAX_NAME_LEN,
    VaccineCertificate, VaccineDose,
};
use crate::nik::Nik;

/// The age an `AgeOver17` credential attests (17: the age for a KTP and for voting).
pub const ADULT_AGE: i32 = 17;

/// The document and disclosure profile of a credential: one byte on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum DocType {
    /// Every field of the KTP.
    KtpFull = 1,
    /// NIK, name and birth date only.
    KtpBasic = 2,
    /// Name and the fact "17 or older" only: no NIK, no birth date.
    AgeOver17 = 3,
    /// The family card with all members.
    FamilyCard = 4,
    /// The vaccine certificate with all doses.
    Vaccine = 5,
    /// The BPJS Kesehatan card.
    Bpjs = 6,
    /// The family card's number and members (NIK, name, relation): what fits a QR for a family.
    FamilyCardBasic = 7,
}

impl DocType {
    /// Every profile, in code order.
    pub const ALL: [DocType; 7] = [
        DocType::KtpFull,
        DocType::KtpBasic,
        DocType::AgeOver17,
        DocType::FamilyCard,
        DocType::Vaccine,
        DocType::Bpjs,
        DocType::FamilyCardBasic,
    ];

    /// The wire code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The profile for a wire code.
    pub fn from_code(code: u8) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Name for a screen, in Bahasa Indonesia.
    pub fn label_id(self) -> &'static str {
        match self {
            DocType::KtpFull => "KTP (lengkap)",
            DocType::KtpBasic => "KTP (NIK, nama, tanggal lahir)",
            DocType::AgeOver17 => "Bukti usia 17+",
            DocType::FamilyCard => "Kartu Keluarga",
            DocType::Vaccine => "Sertifikat Vaksin",
            DocType::Bpjs => "Kartu BPJS Kesehatan",
            DocType::FamilyCardBasic => "Kartu Keluarga (anggota)",
        }
    }

    /// Name for a screen, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            DocType::KtpFull => "ID card (full)",
            DocType::KtpBasic => "ID card (NIK, name, birth date)",
            DocType::AgeOver17 => "Proof of age 17+",
            DocType::FamilyCard => "Family card",
            DocType::Vaccine => "Vaccine certificate",
            DocType::Bpjs => "BPJS health card",
            DocType::FamilyCardBasic => "Family card (members)",
        }
    }
}

/// The claims of one credential, per profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claims {
    /// [`DocType::KtpFull`].
    KtpFull(Ktp),
    /// [`DocType::KtpBasic`].
    KtpBasic {
        /// NIK.
        nik: Nik,
        /// Name.
        name: String,
        /// Birth date.
        birth_date: CivilDate,
    },
    /// [`DocType::AgeOver17`].
    AgeOver17 {
        /// Name (to match the person at the desk).
        name: String,
    },
    /// [`DocType::FamilyCard`].
    FamilyCard(FamilyCard),
    /// [`DocType::Vaccine`].
    Vaccine(VaccineCertificate),
    /// [`DocType::Bpjs`].
    Bpjs(BpjsCard),
    /// [`DocType::FamilyCardBasic`].
    FamilyCardBasic {
        /// Nomor KK.
        number: u64,
        /// Each member's NIK, name and relation to the head of family.
        members: Vec<(Nik, String, FamilyRelation)>,
    },
}

/// Why claims could not be made from a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// The profile does not apply to this kind of document.
    #[error("this profile does not apply to this document")]
    WrongDocument,
    /// The citizen is younger than 17 on the issue date.
    #[error("the citizen is under 17")]
    Underage,
}

/// One line of a document as a screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimField {
    /// Label in Bahasa Indonesia (as on the paper document).
    pub label_id: &'static str,
    /// Label in English.
    pub label_en: &'static str,
    /// The value as text.
    pub value: String,
}

fn field(label_id: &'static str, label_en: &'static str, value: impl Into<String>) -> ClaimField {
    ClaimField {
        label_id,
        label_en,
        value: value.into(),
    }
}

/// The place of birth by name (a regency or city); its code where the region table does not
/// know it, so nothing is ever hidden or guessed.
fn birth_place_field(code: u16) -> ClaimField {
    match crate::regions::embedded().and_then(|table| table.regency(code)) {
        Some(place) => field("Tempat lahir", "Place of birth", place.regency),
        None => field(
            "Tempat lahir (kode)",
            "Place of birth (code)",
            code.to_string(),
        ),
    }
}

/// Kel/Desa, Kecamatan, Kabupaten/Kota and Provinsi, as the paper KTP prints them; the bare
/// code where the region table does not know it.
fn village_fields(code: u64) -> Vec<ClaimField> {
    match crate::regions::embedded().and_then(|table| table.village(code)) {
        Some(place) => vec![
            field("Kel/Desa", "Village", place.village.unwrap_or_default()),
            field("Kecamatan", "District", place.district.unwrap_or_default()),
            field("Kabupaten/Kota", "Regency/City", place.regency),
            field("Provinsi", "Province", place.province),
        ],
        None => vec![field("Kel/Desa (kode)", "Village (code)", code.to_string())],
    }
}

impl Claims {
    /// The profiles the issuer makes for a document.
    pub fn profiles_for(document: &Document) -> &'static [DocType] {
        match document {
            Document::Ktp(_) => &[DocType::KtpFull, DocType::KtpBasic, DocType::AgeOver17],
            Document::FamilyCard(_) => &[DocType::FamilyCard, DocType::FamilyCardBasic],
            Document::Vaccine(_) => &[DocType::Vaccine],
            Document::Bpjs(_) => &[DocType::Bpjs],
        }
    }

    /// The claims of `document` under `doc_type`, as of the issue date `as_of`.
    pub fn from_document(
        document: &Document,
        doc_type: DocType,
        as_of: CivilDate,
    ) -> Result<Claims, ProfileError> {
        Ok(match (document, doc_type) {
            (Document::Ktp(k), DocType::KtpFull) => Claims::KtpFull(k.clone()),
            (Document::Ktp(k), DocType::KtpBasic) => Claims::KtpBasic {
                nik: k.nik,
                name: k.name.clone(),
                birth_date: k.birth_date,
            },
            (Document::Ktp(k), DocType::AgeOver17) => {
                if k.birth_date.age_on(as_of) < ADULT_AGE {
                    return Err(ProfileError::Underage);
                }
                Claims::AgeOver17 {
                    name: k.name.clone(),
                }
            }
            (Document::FamilyCard(f), DocType::FamilyCard) => Claims::FamilyCard(f.clone()),
            (Document::FamilyCard(f), DocType::FamilyCardBasic) => Claims::FamilyCardBasic {
                number: f.number,
                members: f
                    .members
                    .iter()
                    .map(|m| (m.nik, m.name.clone(), m.relation))
                    .collect(),
            },
            (Document::Vaccine(v), DocType::Vaccine) => Claims::Vaccine(v.clone()),
            (Document::Bpjs(b), DocType::Bpjs) => Claims::Bpjs(b.clone()),
            _ => return Err(ProfileError::WrongDocument),
        })
    }

    /// The profile these claims belong to.
    pub fn doc_type(&self) -> DocType {
        match self {
            Claims::KtpFull(_) => DocType::KtpFull,
            Claims::KtpBasic { .. } => DocType::KtpBasic,
            Claims::AgeOver17 { .. } => DocType::AgeOver17,
            Claims::FamilyCard(_) => DocType::FamilyCard,
            Claims::Vaccine(_) => DocType::Vaccine,
            Claims::Bpjs(_) => DocType::Bpjs,
            Claims::FamilyCardBasic { .. } => DocType::FamilyCardBasic,
        }
    }

    /// The holder's name.
    pub fn holder_name(&self) -> &str {
        match self {
            Claims::KtpFull(k) => &k.name,
            Claims::KtpBasic { name, .. } | Claims::AgeOver17 { name } => name,
            Claims::FamilyCard(f) => &f.head_name,
            Claims::Vaccine(v) => &v.name,
            Claims::Bpjs(b) => &b.name,
            Claims::FamilyCardBasic { members, .. } => members
                .iter()
                .find(|(_, _, relation)| *relation == FamilyRelation::Head)
                .map_or("", |(_, name, _)| name.as_str()),
        }
    }

    /// The lines a screen shows for these claims, in the order of the paper document.
    pub fn fields(&self) -> Vec<ClaimField> {
        match self {
            Claims::KtpFull(k) => vec![
                field("NIK", "NIK", k.nik.expose()),
                field("Nama", "Name", &k.name),
                birth_place_field(k.birth_place),
                field("Tanggal lahir", "Date of birth", k.birth_date.to_string()),
                field("Jenis kelamin", "Sex", k.sex.label_id()),
                field("Golongan darah", "Blood type", k.blood_type.label_id()),
                field("Alamat", "Address", &k.address),
                field("RT/RW", "RT/RW", format!("{:03}/{:03}", k.rt, k.rw)),
            ]
            .into_iter()
            .chain(village_fields(k.village))
            .chain([
                field("Agama", "Religion", k.religion.label_id()),
                field(
                    "Status perkawinan",
                    "Marital status",
                    k.marital_status.label_id(),
                ),
                field("Pekerjaan", "Occupation", k.occupation.label_id()),
                field("Kewarganegaraan", "Citizenship", k.citizenship.label_id()),
                field(
                    "Berlaku hingga",
                    "Valid until",
                    k.valid_until
                        .map_or("SEUMUR HIDUP".into(), |d| d.to_string()),
                ),
            ])
            .collect(),
            Claims::KtpBasic {
                nik,
                name,
                birth_date,
            } => vec![
                field("NIK", "NIK", nik.expose()),
                field("Nama", "Name", name),
                field("Tanggal lahir", "Date of birth", birth_date.to_string()),
            ],
            Claims::AgeOver17 { name } => vec![
                field("Nama", "Name", name),
                field("Usia", "Age", "17 TAHUN ATAU LEBIH / 17 OR OLDER"),
            ],
            Claims::FamilyCard(f) => {
                let mut lines = vec![
                    field("No. KK", "Family card no.", format!("{:016}", f.number)),
                    field("Kepala keluarga", "Head of family", &f.head_name),
                    field("Alamat", "Address", &f.address),
                ];
                lines.extend(village_fields(f.village));
                for m in &f.members {
                    lines.push(field(
                        m.relation.label_id(),
                        m.relation.label_en(),
                        format!("{} ({}, {})", m.name, m.nik.expose(), m.birth_date),
                    ));
                }
                lines
            }
            Claims::Vaccine(v) => {
                let mut lines = vec![
                    field("NIK", "NIK", v.nik.expose()),
                    field("Nama", "Name", &v.name),
                    field("Tanggal lahir", "Date of birth", v.birth_date.to_string()),
                ];
                for d in &v.doses {
                    lines.push(field(
                        "Dosis",
                        "Dose",
                        format!("{}: {} ({})", d.number, d.product.label_id(), d.date),
                    ));
                }
                lines
            }
            Claims::FamilyCardBasic { number, members } => {
                let mut lines = vec![field("No. KK", "Family card no.", format!("{number:016}"))];
                for (nik, name, relation) in members {
                    lines.push(field(
                        relation.label_id(),
                        relation.label_en(),
                        format!("{name} ({})", nik.expose()),
                    ));
                }
                lines
            }
            Claims::Bpjs(b) => vec![
                field("No. kartu", "Card no.", b.card_number_text()),
                field("NIK", "NIK", b.nik.expose()),
                field("Nama", "Name", &b.name),
                field("Tanggal lahir", "Date of birth", b.birth_date.to_string()),
                field("Kelas", "Class", b.class.label_id()),
                field(
                    "Faskes tingkat 1",
                    "Primary care facility",
                    &b.facility_name,
                ),
            ],
        }
    }

    /// Writes the claims as one positional CBOR array.
    pub(crate) fn encode(&self, w: &mut Writer) {
        match self {
            Claims::KtpFull(k) => {
                w.array(15)
                    .uint(k.nik.as_u64())
                    .text(&k.name)
                    .uint(k.birth_place.into());
                w.int(k.birth_date.to_days().into())
                    .uint(k.sex.code().into());
                w.uint(k.blood_type.code().into())
                    .text(&k.address)
                    .uint(k.rt.into());
                w.uint(k.rw.into())
                    .uint(k.village)
                    .uint(k.religion.code().into());
                w.uint(k.marital_status.code().into())
                    .uint(k.occupation.code().into());
                w.uint(k.citizenship.code().into());
                match k.valid_until {
                    Some(d) => w.int(d.to_days().into()),
                    None => w.null(),
                };
            }
            Claims::KtpBasic {
                nik,
                name,
                birth_date,
            } => {
                w.array(3)
                    .uint(nik.as_u64())
                    .text(name)
                    .int(birth_date.to_days().into());
            }
            Claims::AgeOver17 { name } => {
                w.array(1).text(name);
            }
            Claims::FamilyCard(f) => {
                w.array(7)
                    .uint(f.number)
                    .text(&f.head_name)
                    .text(&f.address);
                w.uint(f.rt.into())
                    .uint(f.rw.into())
                    .uint(f.village)
                    .array(f.members.len());
                for m in &f.members {
                    w.array(9)
                        .uint(m.nik.as_u64())
                        .text(&m.name)
                        .uint(m.sex.code().into());
                    w.int(m.birth_date.to_days().into())
                        .uint(m.relation.code().into());
                    w.uint(m.religion.code().into())
                        .uint(m.education.code().into());
                    w.uint(m.occupation.code().into())
                        .uint(m.marital_status.code().into());
                }
            }
            Claims::Vaccine(v) => {
                w.array(4)
                    .uint(v.nik.as_u64())
                    .text(&v.name)
                    .int(v.birth_date.to_days().into());
                w.array(v.doses.len());
                for d in &v.doses {
                    w.array(3)
                        .uint(d.number.into())
                        .uint(d.product.code().into());
                    w.int(d.date.to_days().into());
                }
            }
            Claims::FamilyCardBasic { number, members } => {
                w.array(2).uint(*number).array(members.len());
                for (nik, name, relation) in members {
                    w.array(3)
                        .uint(nik.as_u64())
                        .text(name)
                        .uint(relation.code().into());
                }
            }
            Claims::Bpjs(b) => {
                w.array(7)
                    .uint(b.card_number)
                    .uint(b.nik.as_u64())
                    .text(&b.name);
                w.int(b.birth_date.to_days().into())
                    .uint(b.class.code().into());
                w.text(&b.facility_code).text(&b.facility_name);
            }
        }
    }

    /// Reads the claims of `doc_type` from `d`, bounded, and checks the document's rules.
    pub(crate) fn decode(doc_type: DocType, d: &mut Decoder<'_>) -> CborResult<Claims> {
        let claims = match doc_type {
            DocType::KtpFull => {
                cbor::array_of(d, 15, "ktp")?;
                Claims::KtpFull(Ktp {
                    nik: nik(d)?,
                    name: name(d)?,
                    birth_place: cbor::short(d, "birth place")?,
                    birth_date: date(d)?,
                    sex: code(d)?,
                    blood_type: code::<BloodType>(d)?,
                    address: cbor::text(d, MAX_ADDRESS_LEN, "address")?,
                    rt: cbor::short(d, "rt")?,
                    rw: cbor::short(d, "rw")?,
                    village: cbor::uint(d, "village")?,
                    religion: code::<Religion>(d)?,
                    marital_status: code::<MaritalStatus>(d)?,
                    occupation: code::<Occupation>(d)?,
                    citizenship: code::<Citizenship>(d)?,
                    valid_until: cbor::optional(d, date)?,
                })
            }
            DocType::KtpBasic => {
                cbor::array_of(d, 3, "ktp basic")?;
                Claims::KtpBasic {
                    nik: nik(d)?,
                    name: name(d)?,
                    birth_date: date(d)?,
                }
            }
            DocType::AgeOver17 => {
                cbor::array_of(d, 1, "age")?;
                Claims::AgeOver17 { name: name(d)? }
            }
            DocType::FamilyCard => {
                cbor::array_of(d, 7, "kk")?;
                let number = cbor::uint(d, "kk number")?;
                let head_name = name(d)?;
                let address = cbor::text(d, MAX_ADDRESS_LEN, "address")?;
                let (rt, rw) = (cbor::short(d, "rt")?, cbor::short(d, "rw")?);
                let village = cbor::uint(d, "village")?;
                let count = cbor::array_up_to(d, MAX_MEMBERS, "members")?;
                let mut members = Vec::with_capacity(count);
                for _ in 0..count {
                    cbor::array_of(d, 9, "member")?;
                    members.push(FamilyMember {
                        nik: nik(d)?,
                        name: name(d)?,
                        sex: code::<Sex>(d)?,
                        birth_date: date(d)?,
                        relation: code::<FamilyRelation>(d)?,
                        religion: code::<Religion>(d)?,
                        education: code::<Education>(d)?,
                        occupation: code::<Occupation>(d)?,
                        marital_status: code::<MaritalStatus>(d)?,
                    });
                }
                Claims::FamilyCard(FamilyCard {
                    number,
                    head_name,
                    address,
                    rt,
                    rw,
                    village,
                    members,
                })
            }
            DocType::Vaccine => {
                cbor::array_of(d, 4, "vaccine")?;
                let (nik, name, birth_date) = (nik(d)?, name(d)?, date(d)?);
                let count = cbor::array_up_to(d, MAX_DOSES, "doses")?;
                let mut doses = Vec::with_capacity(count);
                for _ in 0..count {
                    cbor::array_of(d, 3, "dose")?;
                    doses.push(VaccineDose {
                        number: cbor::byte(d, "dose number")?,
                        product: code::<VaccineProduct>(d)?,
                        date: date(d)?,
                    });
                }
                Claims::Vaccine(VaccineCertificate {
                    nik,
                    name,
                    birth_date,
                    doses,
                })
            }
            DocType::FamilyCardBasic => {
                cbor::array_of(d, 2, "kk basic")?;
                let number = cbor::uint(d, "kk number")?;
                let count = cbor::array_up_to(d, MAX_MEMBERS, "members")?;
                let mut members = Vec::with_capacity(count);
                for _ in 0..count {
                    cbor::array_of(d, 3, "member")?;
                    members.push((nik(d)?, name(d)?, code::<FamilyRelation>(d)?));
                }
                Claims::FamilyCardBasic { number, members }
            }
            DocType::Bpjs => {
                cbor::array_of(d, 7, "bpjs")?;
                Claims::Bpjs(BpjsCard {
                    card_number: cbor::uint(d, "card number")?,
                    nik: nik(d)?,
                    name: name(d)?,
                    birth_date: date(d)?,
                    class: code::<BpjsClass>(d)?,
                    facility_code: cbor::text(d, MAX_FACILITY_CODE_LEN, "facility code")?,
                    facility_name: cbor::text(d, MAX_FACILITY_NAME_LEN, "facility name")?,
                })
            }
        };
        claims.validate().map_err(|_| CborError("document rules"))?;
        Ok(claims)
    }

    /// Checks the rules of the document behind these claims.
    fn validate(&self) -> Result<(), crate::documents::DocumentError> {
        match self {
            Claims::KtpFull(k) => k.validate(),
            Claims::KtpBasic {
                nik,
                name,
                birth_date,
            } => {
                crate::documents::check_name(name)?;
                // No sex in this profile: the NIK's day (or day + 40) must still be the birth day.
                if nik.matches_birth_date(*birth_date) {
                    Ok(())
                } else {
                    Err(crate::documents::DocumentError::NikMismatch)
                }
            }
            Claims::AgeOver17 { name } => crate::documents::check_name(name),
            Claims::FamilyCard(f) => f.validate(),
            Claims::Vaccine(v) => v.validate(),
            Claims::Bpjs(b) => b.validate(),
            Claims::FamilyCardBasic { number, members } => {
                crate::documents::check_digits(*number, 16, false)?;
                if members.is_empty() {
                    return Err(crate::documents::DocumentError::InvalidCount);
                }
                members
                    .iter()
                    .try_for_each(|(_, name, _)| crate::documents::check_name(name))?;
                // Made from a full card, which has exactly one head: so must this.
                let heads = members
                    .iter()
                    .filter(|(_, _, relation)| *relation == FamilyRelation::Head)
                    .count();
                if heads == 1 {
                    Ok(())
                } else {
                    Err(crate::documents::DocumentError::HeadOfFamily)
                }
            }
        }
    }
}

fn nik(d: &mut Decoder<'_>) -> CborResult<Nik> {
    Nik::from_u64(cbor::uint(d, "nik")?).map_err(|_| CborError("nik"))
}

fn name(d: &mut Decoder<'_>) -> CborResult<String> {
    cbor::text(d, MAX_NAME_LEN, "name")
}

fn date(d: &mut Decoder<'_>) -> CborResult<CivilDate> {
    CivilDate::from_days(cbor::int32(d, "date")?).ok_or(CborError("date"))
}

fn code<T: TryFrom<u8>>(d: &mut Decoder<'_>) -> CborResult<T> {
    T::try_from(cbor::byte(d, "code")?).map_err(|_| CborError("unknown code"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn the_ktp_gives_three_profiles_and_age_over_17_carries_no_nik() {
        let ktp = Document::Ktp(fixtures::sample_ktp());
        let today = CivilDate::new(2026, 11, 22).unwrap();
        assert_eq!(Claims::profiles_for(&ktp).len(), 3);
        let age = Claims::from_document(&ktp, DocType::AgeOver17, today).unwrap();
        let shown: String = age.fields().iter().map(|f| f.value.clone()).collect();
        assert!(!shown.contains("3174"));
        let mut w = Writer::new();
        age.encode(&mut w);
        let bytes = w.into_bytes();
        let nik = fixtures::sample_ktp().nik.as_u64().to_be_bytes();
        assert!(
            !bytes.windows(8).any(|x| x == nik),
            "no NIK in the encoding"
        );
    }

    fn decodes(claims: &Claims) -> bool {
        let mut w = Writer::new();
        claims.encode(&mut w);
        let bytes = w.into_bytes();
        Claims::decode(claims.doc_type(), &mut Decoder::new(&bytes)).is_ok()
    }

    #[test]
    fn a_ktp_basic_whose_nik_disagrees_with_its_birth_date_does_not_decode() {
        let ktp = fixtures::sample_ktp();
        let basic = |birth_date| Claims::KtpBasic {
            nik: ktp.nik,
            name: ktp.name.clone(),
            birth_date,
        };
        assert!(decodes(&basic(ktp.birth_date)));
        assert!(!decodes(&basic(CivilDate::new(1991, 1, 1).unwrap())));
    }

    #[test]
    fn a_family_card_basic_without_exactly_one_head_does_not_decode() {
        let card = Document::FamilyCard(fixtures::sample_family_card());
        let today = CivilDate::new(2026, 11, 22).unwrap();
        let basic = Claims::from_document(&card, DocType::FamilyCardBasic, today).unwrap();
        assert!(decodes(&basic));
        let Claims::FamilyCardBasic { number, members } = basic else {
            panic!("the basic profile");
        };
        let mut headless = members.clone();
        headless.retain(|(_, _, relation)| *relation != FamilyRelation::Head);
        let mut two_heads = members.clone();
        two_heads
            .iter_mut()
            .for_each(|m| m.2 = FamilyRelation::Head);
        for members in [headless, two_heads] {
            assert!(!decodes(&Claims::FamilyCardBasic { number, members }));
        }
    }

    #[test]
    fn the_ktp_shows_place_names_where_the_card_carries_region_codes() {
        let ktp = Document::Ktp(fixtures::sample_ktp());
        let today = CivilDate::new(2026, 11, 22).unwrap();
        let full = Claims::from_document(&ktp, DocType::KtpFull, today).unwrap();
        let value = |label: &str| {
            full.fields()
                .into_iter()
                .find(|f| f.label_id == label)
                .map(|f| f.value)
        };
        assert_eq!(
            value("Tempat lahir").as_deref(),
            Some("Kota Administrasi Jakarta Selatan")
        );
        assert_eq!(value("Kel/Desa").as_deref(), Some("Tebet Timur"));
        assert_eq!(value("Kecamatan").as_deref(), Some("Tebet"));
        assert_eq!(
            value("Provinsi").as_deref(),
            Some("Daerah Khusus Ibukota Jakarta")
        );
        assert_eq!(value("Kel/Desa (kode)"), None);
    }

    #[test]
    fn a_region_code_the_table_does_not_know_is_shown_as_the_code() {
        let mut ktp = fixtures::sample_ktp();
        ktp.birth_place = 3199;
        ktp.village = 3_174_019_999;
        let today = CivilDate::new(2026, 11, 22).unwrap();
        let full = Claims::from_document(&Document::Ktp(ktp), DocType::KtpFull, today).unwrap();
        let fields = full.fields();
        assert!(
            fields
                .iter()
                .any(|f| f.label_id == "Tempat lahir (kode)" && f.value == "3199")
        );
        assert!(
            fields
                .iter()
                .any(|f| f.label_id == "Kel/Desa (kode)" && f.value == "3174019999")
        );
    }

    #[test]
    fn a_minor_gets_no_age_over_17_credential() {
        let mut ktp = fixtures::sample_ktp();
        ktp.birth_date = CivilDate::new(2010, 8, 17).unwrap();
        let on = CivilDate::new(2026, 11, 22).unwrap();
        assert_eq!(
            Claims::from_document(&Document::Ktp(ktp), DocType::AgeOver17, on),
            Err(ProfileError::Underage)
        );
    }

    #[test]
    fn a_profile_for_another_document_is_refused() {
        let bpjs = Document::Bpjs(fixtures::sample_bpjs_card());
        let on = CivilDate::new(2026, 11, 22).unwrap();
        assert_eq!(
            Claims::from_document(&bpjs, DocType::KtpFull, on),
            Err(ProfileError::WrongDocument)
        );
    }

    #[test]
    fn every_profile_of_every_sample_round_trips() {
        let on = CivilDate::new(2026, 11, 22).unwrap();
        for citizen in fixtures::population() {
            for doc in [
                Document::Ktp(citizen.ktp),
                Document::FamilyCard(citizen.family_card),
                Document::Vaccine(citizen.vaccine),
                Document::Bpjs(citizen.bpjs),
            ] {
                for &doc_type in Claims::profiles_for(&doc) {
                    let claims = Claims::from_document(&doc, doc_type, on).unwrap();
                    let mut w = Writer::new();
                    claims.encode(&mut w);
                    let bytes = w.into_bytes();
                    let mut d = Decoder::new(&bytes);
                    assert_eq!(Claims::decode(doc_type, &mut d).unwrap(), claims);
                    assert!(!claims.fields().is_empty());
                }
            }
        }
    }
}
