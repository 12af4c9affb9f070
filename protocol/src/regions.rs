//! Names of Indonesia's administrative regions (Kemendagri codes), so that a screen shows
//! "Tebet Timur, Tebet, Kota Administrasi Jakarta Selatan" where a KTP carries `3174011001`.
//!
//! The table is data committed with the code: `protocol/data/regions.bin`, made by
//! `protocol/data/make_regions.py` from the 2025 region codes (format and licence in
//! `protocol/data/README.md`). It is 375 KiB compressed and is unpacked once, on first use, to
//! about 1 MiB; a lookup walks it (a few hundred microseconds) and needs no index.

use std::sync::OnceLock;

/// The committed table, compressed.
const EMBEDDED: &[u8] = include_bytes!("../data/regions.bin");
const MAGIC: &[u8; 4] = b"IKDR";
const FORMAT_VERSION: u8 = 1;
/// Magic, version, entry count (u32 LE), length of the code stream (u32 LE).
const HEADER_LEN: usize = 13;
/// The unpacked table is about 1.1 MB; anything far larger is not our table.
const MAX_UNPACKED: usize = 4 << 20;

/// Why a region table could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegionTableError {
    /// It does not start with the table's magic and version.
    #[error("not a region table of a known version")]
    UnknownFormat,
    /// The compressed body is damaged or too large.
    #[error("the region table's body is damaged")]
    Damaged,
    /// The code stream and the names do not agree.
    #[error("the region table's codes and names do not match")]
    Inconsistent,
}

/// The names of a place at each administrative level, from the province down to the level of
/// its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// Provinsi.
    pub province: &'a str,
    /// Kabupaten or kota (regency or city).
    pub regency: &'a str,
    /// Kecamatan (district); absent for a regency code.
    pub district: Option<&'a str>,
    /// Kelurahan or desa (village); absent for a regency code.
    pub village: Option<&'a str>,
}

/// An unpacked region table.
#[derive(Debug)]
pub struct RegionTable {
    entries: usize,
    /// One or three bytes per entry: the level in the top two bits, then the code segment as a
    /// step from the previous sibling (or, after a zero step, in two bytes).
    codes: Vec<u8>,
    names: String,
}

impl RegionTable {
    /// Reads a table in the committed format (see `protocol/data/README.md`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, RegionTableError> {
        let (header, body) = bytes
            .split_at_checked(HEADER_LEN)
            .ok_or(RegionTableError::UnknownFormat)?;
        if &header[..4] != MAGIC || header[4] != FORMAT_VERSION {
            return Err(RegionTableError::UnknownFormat);
        }
        let entries = u32_le(&header[5..9]) as usize;
        let codes_len = u32_le(&header[9..13]) as usize;
        let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(body, MAX_UNPACKED)
            .map_err(|_| RegionTableError::Damaged)?;
        if codes_len > unpacked.len() {
            return Err(RegionTableError::Inconsistent);
        }
        let (codes, names) = unpacked.split_at(codes_len);
        let names = String::from_utf8(names.to_vec()).map_err(|_| RegionTableError::Damaged)?;
        let table = RegionTable {
            entries,
            codes: codes.to_vec(),
            names,
        };
        // Every entry must have exactly one name and a well-formed code: checked once here, so
        // a lookup can trust the walk.
        let mut walked = 0;
        for entry in table.walk() {
            entry?;
            walked += 1;
        }
        if walked != entries || table.names.split('\n').count() != entries {
            return Err(RegionTableError::Inconsistent);
        }
        Ok(table)
    }

    /// The number of regions in the table (provinces, regencies, districts and villages).
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether the table holds no region.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The place of a 4-digit regency or city code (a KTP's place of birth, e.g. 3174).
    pub fn regency(&self, code: u16) -> Option<Place<'_>> {
        let code = u64::from(code);
        self.find([code / 100, code, u64::MAX, u64::MAX])
    }

    /// The place of a 10-digit village code (a KTP's or KK's kelurahan/desa, e.g. 3174011001).
    pub fn village(&self, code: u64) -> Option<Place<'_>> {
        let district = code / 10_000;
        let regency = district / 100;
        self.find([regency / 100, regency, district, code])
    }

    /// Walks the table once and keeps the names along `path` (full codes per level; `u64::MAX`
    /// where the wanted place stops above that level).
    fn find(&self, path: [u64; 4]) -> Option<Place<'_>> {
        let mut found: [Option<&str>; 4] = [None; 4];
        for (entry, name) in self.walk().zip(self.names.split('\n')) {
            let (level, code) = entry.ok()?;
            if path[level] == code {
                found[level] = Some(name);
                if level == 3 || path[level + 1] == u64::MAX {
                    break;
                }
            } else if level == 0 && found[0].is_some() {
                // Past the wanted province: the rest cannot match (the table is in code order).
                break;
            }
        }
        let place = Place {
            province: found[0]?,
            regency: found[1]?,
            district: found[2],
            village: found[3],
        };
        // A village code needs all four levels; a regency code exactly two.
        let complete = if path[3] == u64::MAX {
            true
        } else {
            place.district.is_some() && place.village.is_some()
        };
        complete.then_some(place)
    }

    /// Every entry in table order as (level 0..=3, full code).
    fn walk(&self) -> impl Iterator<Item = Result<(usize, u64), RegionTableError>> + '_ {
        // Digits of each level's own segment: 31 . 74 . 01 . 1001.
        const LIMIT: [u64; 4] = [100, 100, 100, 10_000];
        let mut at = 0;
        let mut last = [0u64; 4];
        let mut code = [0u64; 4];
        std::iter::from_fn(move || {
            let byte = *self.codes.get(at)?;
            at += 1;
            let level = usize::from(byte >> 6);
            let step = u64::from(byte & 0x3f);
            let segment = if step == 0 {
                let Some(two) = self.codes.get(at..at + 2) else {
                    return Some(Err(RegionTableError::Inconsistent));
                };
                at += 2;
                u64::from(u16::from_be_bytes([two[0], two[1]]))
            } else {
                last[level] + step
            };
            // A segment too long for its level, or a child before any parent.
            if segment >= LIMIT[level] || (level > 0 && code[level - 1] == 0) {
                return Some(Err(RegionTableError::Inconsistent));
            }
            last[level] = segment;
            last[level + 1..].fill(0);
            code[level + 1..].fill(0);
            code[level] = if level == 0 {
                segment
            } else {
                code[level - 1] * LIMIT[level] + segment
            };
            Some(Ok((level, code[level])))
        })
    }
}

/// The table committed with the code, unpacked on first use; `None` only if the committed data
/// were damaged (a unit test proves they are not).
pub fn embedded() -> Option<&'static RegionTable> {
    static TABLE: OnceLock<Option<RegionTable>> = OnceLock::new();
    TABLE
        .get_or_init(|| RegionTable::from_bytes(EMBEDDED).ok())
        .as_ref()
}

fn u32_le(bytes: &[u8]) -> u32 {
    let mut four = [0u8; 4];
    four.copy_from_slice(bytes);
    u32::from_le_bytes(four)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_table_reads_and_holds_every_level_of_the_2025_codes() {
        let table = RegionTable::from_bytes(EMBEDDED).expect("committed table");
        // 38 provinces, 514 regencies and cities, 7,285 districts, 83,762 villages.
        assert_eq!(table.len(), 38 + 514 + 7_285 + 83_762);
        assert!(embedded().is_some());
    }

    #[test]
    fn a_village_code_gives_the_names_of_all_four_levels() {
        let table = embedded().expect("table");
        let place = table.village(3_174_011_001).expect("Tebet Timur");
        assert_eq!(
            place,
            Place {
                province: "Daerah Khusus Ibukota Jakarta",
                regency: "Kota Administrasi Jakarta Selatan",
                district: Some("Tebet"),
                village: Some("Tebet Timur"),
            }
        );
        // The first village of the first district of the first province, and one in Papua.
        assert_eq!(
            table.village(1_101_012_001).and_then(|p| p.village),
            Some("Keude Bakongan")
        );
    }

    #[test]
    fn a_regency_code_gives_the_regency_and_its_province() {
        let table = embedded().expect("table");
        let place = table.regency(3273).expect("Bandung");
        assert_eq!(place.regency, "Kota Bandung");
        assert_eq!(place.province, "Jawa Barat");
        assert_eq!(place.district, None);
    }

    #[test]
    fn codes_that_do_not_exist_give_no_place() {
        let table = embedded().expect("table");
        assert_eq!(table.regency(9999), None);
        assert_eq!(table.regency(3199), None);
        // An existing district with a village number it does not have.
        assert_eq!(table.village(3_174_019_999), None);
        assert_eq!(table.village(0), None);
        assert_eq!(table.village(u64::MAX), None);
    }

    #[test]
    fn a_damaged_or_foreign_table_is_refused_with_a_reason() {
        assert_eq!(
            RegionTable::from_bytes(b"IKD").err(),
            Some(RegionTableError::UnknownFormat)
        );
        let mut other_version = EMBEDDED.to_vec();
        other_version[4] = 2;
        assert_eq!(
            RegionTable::from_bytes(&other_version).err(),
            Some(RegionTableError::UnknownFormat)
        );
        let mut flipped = EMBEDDED.to_vec();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x55;
        assert!(RegionTable::from_bytes(&flipped).is_err());
        let mut wrong_count = EMBEDDED.to_vec();
        wrong_count[5] ^= 1;
        assert_eq!(
            RegionTable::from_bytes(&wrong_count).err(),
            Some(RegionTableError::Inconsistent)
        );
        let truncated = &EMBEDDED[..EMBEDDED.len() - 100];
        assert!(RegionTable::from_bytes(truncated).is_err());
    }
}
