//! Riwayat: what the citizen showed, when, and to whom. Every answer the wallet builds for a
//! desk is recorded in the vault as a sealed record, so the history is as unreadable without the
//! PIN as the documents are. It holds no field values: only which fields were shared.
//!
//! The history is bounded ([`MAX_HISTORY_ENTRIES`]); recording one more drops the oldest, in the
//! same transaction.

use ikd_protocol::cbor::{self, CborResult, Writer};
use ikd_protocol::desk::certificate::Sector;
use ikd_protocol::profile::DocType;
use minicbor::Decoder;

use crate::error::CoreError;
use crate::session::Session;
use crate::vault::records::{self, RecordKind};

/// How many entries the history keeps; the oldest goes first. At one desk visit a day this is
/// more than half a year; an entry is about 150 bytes sealed.
pub const MAX_HISTORY_ENTRIES: usize = 200;

const ENTRY_VERSION: u64 = 1;
const MAX_TEXT: usize = 128;
const MAX_FIELDS: usize = 64;

/// One field that was shared: its label only, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedField {
    /// Label in Bahasa Indonesia.
    pub label_id: String,
    /// Label in English.
    pub label_en: String,
}

/// One presentation: a desk answer the wallet built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The record's id, to delete this entry.
    pub id: i64,
    /// When the answer was built (unix seconds, the phone's clock).
    pub at_unix: i64,
    /// The institution, as its desk certificate names it.
    pub institution: String,
    /// The desk (counter).
    pub desk: String,
    /// The kind of institution.
    pub sector: Sector,
    /// The profile shown.
    pub profile: DocType,
    /// Whether it answered a printed desk card (no fresh request).
    pub printed_card: bool,
    /// Which fields were shared.
    pub fields: Vec<SharedField>,
}

/// What is recorded for a new presentation (the id comes from the vault).
#[derive(Debug, Clone)]
pub(crate) struct Presentation<'a> {
    pub(crate) at_unix: i64,
    pub(crate) institution: &'a str,
    pub(crate) desk: &'a str,
    pub(crate) sector: Sector,
    pub(crate) profile: DocType,
    pub(crate) printed_card: bool,
    pub(crate) fields: Vec<(&'a str, &'a str)>,
}

fn encode(p: &Presentation<'_>) -> Vec<u8> {
    let mut w = Writer::new();
    w.array(8)
        .uint(ENTRY_VERSION)
        .int(p.at_unix)
        .text(p.institution)
        .text(p.desk)
        .uint(u64::from(p.sector.code()))
        .uint(u64::from(p.profile as u8))
        .uint(u64::from(p.printed_card))
        .array(p.fields.len());
    for (label_id, label_en) in &p.fields {
        w.array(2).text(label_id).text(label_en);
    }
    w.into_bytes()
}

fn decode(id: i64, bytes: &[u8]) -> CborResult<HistoryEntry> {
    let bad = cbor::CborError;
    let mut d = Decoder::new(bytes);
    cbor::array_of(&mut d, 8, "history entry")?;
    if cbor::uint(&mut d, "version")? != ENTRY_VERSION {
        return Err(bad("history entry version"));
    }
    let at_unix = d.i64().map_err(|_| bad("time"))?;
    let institution = cbor::text(&mut d, MAX_TEXT, "institution")?;
    let desk = cbor::text(&mut d, MAX_TEXT, "desk")?;
    let sector = Sector::from_code(cbor::byte(&mut d, "sector")?).ok_or(bad("sector"))?;
    let profile = DocType::from_code(cbor::byte(&mut d, "profile")?).ok_or(bad("profile"))?;
    let printed_card = match cbor::byte(&mut d, "printed card")? {
        0 => false,
        1 => true,
        _ => return Err(bad("printed card")),
    };
    let count = cbor::array_up_to(&mut d, MAX_FIELDS, "fields")?;
    let mut fields = Vec::with_capacity(count);
    for _ in 0..count {
        cbor::array_of(&mut d, 2, "field")?;
        fields.push(SharedField {
            label_id: cbor::text(&mut d, MAX_TEXT, "label")?,
            label_en: cbor::text(&mut d, MAX_TEXT, "label")?,
        });
    }
    cbor::end(&d, bytes)?;
    Ok(HistoryEntry {
        id,
        at_unix,
        institution,
        desk,
        sector,
        profile,
        printed_card,
        fields,
    })
}

impl Session {
    /// The history, newest first.
    pub fn history(&self) -> Result<Vec<HistoryEntry>, CoreError> {
        let mut entries = self.with_keys(|keys, vault| {
            let rows =
                records::read_all(vault.connection(), &keys.master_key, RecordKind::History)?;
            rows.iter()
                .map(|(id, bytes)| decode(*id, bytes).map_err(|_| CoreError::MalformedRecord))
                .collect::<Result<Vec<_>, _>>()
        })?;
        entries.sort_by(|a, b| b.at_unix.cmp(&a.at_unix).then(b.id.cmp(&a.id)));
        Ok(entries)
    }

    /// Deletes one entry. An id that is not (or no longer) a history entry changes nothing: a
    /// second tap on "delete" is not an error, and no other record can be deleted through it.
    pub fn delete_history_entry(&self, id: i64) -> Result<(), CoreError> {
        self.with_keys(|keys, vault| {
            let key = &keys.master_key;
            vault.write(|tx| {
                let rows = records::read_all(tx, key, RecordKind::History)?;
                if rows.iter().any(|(row, _)| *row == id) {
                    records::delete(tx, key, id)?;
                }
                Ok(())
            })?;
            Ok(())
        })
    }

    /// Deletes the whole history.
    pub fn clear_history(&self) -> Result<(), CoreError> {
        self.with_keys(|keys, vault| {
            let key = &keys.master_key;
            vault.write(|tx| {
                for (id, _) in records::read_all(tx, key, RecordKind::History)? {
                    records::delete(tx, key, id)?;
                }
                Ok(())
            })?;
            Ok(())
        })
    }

    /// Records one presentation, dropping the oldest entries beyond the bound.
    pub(crate) fn record_presentation(&self, p: &Presentation<'_>) -> Result<(), CoreError> {
        let bytes = encode(p);
        self.with_keys(|keys, vault| {
            let key = &keys.master_key;
            vault.write(|tx| {
                let rows = records::read_all(tx, key, RecordKind::History)?;
                // Oldest first by time, then by id; an entry that does not decode goes first.
                let mut by_age: Vec<(i64, i64)> = rows
                    .iter()
                    .map(|(id, b)| (decode(*id, b).map_or(i64::MIN, |e| e.at_unix), *id))
                    .collect();
                by_age.sort_unstable();
                let excess = (by_age.len() + 1).saturating_sub(MAX_HISTORY_ENTRIES);
                for (_, id) in by_age.iter().take(excess) {
                    records::delete(tx, key, *id)?;
                }
                records::insert(tx, key, RecordKind::History, &bytes)?;
                Ok(())
            })?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Presentation<'static> {
        Presentation {
            at_unix: 1_790_000_000,
            institution: "BANK CONTOH",
            desk: "LOKET 1",
            sector: Sector::Finance,
            profile: DocType::KtpBasic,
            printed_card: false,
            fields: vec![("NIK", "NIK"), ("Nama", "Name")],
        }
    }

    #[test]
    fn an_entry_reads_back_as_it_was_written() {
        let entry = decode(7, &encode(&sample())).unwrap();
        assert_eq!(entry.id, 7);
        assert_eq!(entry.institution, "BANK CONTOH");
        assert_eq!(entry.sector, Sector::Finance);
        assert_eq!(entry.profile, DocType::KtpBasic);
        assert_eq!(entry.fields.len(), 2);
        assert_eq!(entry.fields[1].label_en, "Name");
    }

    #[test]
    fn a_damaged_entry_is_refused_not_misread() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert!(decode(1, &bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(1, &longer).is_err());
    }
}
