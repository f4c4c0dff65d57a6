//! The `.rollcall-sync` file: a magic line, one JSON header line, then the changeset.
//!
//! The header names the campaign and the laptop, counts the rows, and carries the
//! payload's length and SHA-256, so a truncated or damaged file is refused before
//! anything is applied.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SyncError;

/// First line of every sync file; the number is the format version.
pub const MAGIC: &[u8] = b"ROLLCALL-SYNC 1\n";

/// Rows of each journal table in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "SyncCounts")]
pub struct Counts {
    pub events: i64,
    pub voids: i64,
    pub walk_ups: i64,
}

impl Counts {
    pub fn total(&self) -> i64 {
        self.events + self.voids + self.walk_ups
    }
}

/// What a sync file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Random id of this file: importing it twice is noticed by this id.
    pub file_id: String,
    pub campaign_uuid: String,
    pub campaign_name: String,
    /// The laptop that wrote the file.
    pub laptop_id: String,
    pub created_at: String,
    /// The export this file continues from (`--since`), if any.
    pub since: Option<i64>,
    pub counts: Counts,
    pub payload_bytes: u64,
    pub payload_sha256: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Fills in the payload fields of `header` and returns the file's bytes.
pub fn encode(mut header: Header, payload: &[u8]) -> Result<Vec<u8>, SyncError> {
    header.payload_bytes = payload.len() as u64;
    header.payload_sha256 = sha256_hex(payload);
    let json = serde_json::to_vec(&header).map_err(|e| SyncError::Internal(e.to_string()))?;
    let mut out = Vec::with_capacity(MAGIC.len() + json.len() + 1 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&json);
    out.push(b'\n');
    out.extend_from_slice(payload);
    Ok(out)
}

/// Splits and checks a sync file: header parsed, payload complete and unchanged.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(Header, Vec<u8>), SyncError> {
    let file = path.display().to_string();
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| SyncError::NotASyncFile(file.clone()))?;
    let end = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| SyncError::Damaged(file.clone(), "文件头不完整".into()))?;
    let header: Header = serde_json::from_slice(&rest[..end])
        .map_err(|e| SyncError::Damaged(file.clone(), format!("文件头无法读取（{e}）")))?;
    let payload = &rest[end + 1..];
    if payload.len() as u64 != header.payload_bytes {
        return Err(SyncError::Damaged(
            file,
            format!(
                "内容应为 {} 字节，实际 {} 字节（文件可能没有复制完整）",
                header.payload_bytes,
                payload.len()
            ),
        ));
    }
    if sha256_hex(payload) != header.payload_sha256 {
        return Err(SyncError::Damaged(
            file,
            "校验和不符（文件内容被改动或损坏）".into(),
        ));
    }
    Ok((header, payload.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            file_id: "f".into(),
            campaign_uuid: "c".into(),
            campaign_name: "n".into(),
            laptop_id: "l".into(),
            created_at: "2025-04-30 12:00:00".into(),
            since: None,
            counts: Counts::default(),
            payload_bytes: 0,
            payload_sha256: String::new(),
        }
    }

    #[test]
    fn round_trips_and_refuses_truncation_and_damage() {
        let bytes = encode(header(), b"payload bytes").unwrap();
        let p = Path::new("x.rollcall-sync");
        let (h, payload) = decode(p, &bytes).unwrap();
        assert_eq!(payload, b"payload bytes");
        assert_eq!(h.payload_bytes, 13);
        assert!(matches!(
            decode(p, &bytes[..bytes.len() - 1]),
            Err(SyncError::Damaged(..))
        ));
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(matches!(decode(p, &bad), Err(SyncError::Damaged(..))));
        assert!(matches!(
            decode(p, b"PK\x03\x04 a zip"),
            Err(SyncError::NotASyncFile(_))
        ));
    }
}
