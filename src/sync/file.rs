//! The `.rollcall-sync` file: a magic line, one JSON header line, one signature line,
//! then the changeset.
//!
//! The header names the campaign and the laptop, counts the rows, and carries the
//! payload's length and SHA-256, so a truncated or damaged file is refused before
//! anything is applied. The SHA-256 only finds damage: anyone can recompute it. What
//! makes a file impossible to forge is the signature line, the HMAC-SHA256 of the magic
//! line, the header line and the payload under the campaign's secret key (32 random
//! bytes, `campaign_key`, created with the campaign and carried to another laptop only
//! by a backup of the database, never in a sync file). Version 1 files had no signature
//! and are refused as [`SyncError::OldFormat`].

use std::path::Path;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SyncError;

/// First line of every sync file; the number is the format version.
pub const MAGIC: &[u8] = b"ROLLCALL-SYNC 2\n";

/// First line of the unsigned files of earlier versions, refused with their own message.
const MAGIC_V1: &[u8] = b"ROLLCALL-SYNC 1\n";

type HmacSha256 = Hmac<Sha256>;

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
    /// Its human name (设置 → 本机名称); files of an earlier version have none.
    #[serde(default)]
    pub laptop_name: String,
    pub created_at: String,
    /// The export this file continues from (`--since`), if any.
    pub since: Option<i64>,
    pub counts: Counts,
    pub payload_bytes: u64,
    pub payload_sha256: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The keyed MAC of a file's signed parts: magic line, header line, payload.
fn mac(key: &[u8], header_line: &[u8], payload: &[u8]) -> Result<HmacSha256, SyncError> {
    let mut mac = HmacSha256::new_from_slice(key)
        .map_err(|e| SyncError::Internal(format!("同步密钥无效（{e}）")))?;
    mac.update(MAGIC);
    mac.update(header_line);
    mac.update(b"\n");
    mac.update(payload);
    Ok(mac)
}

/// Fills in the payload fields of `header`, signs header and payload with the
/// campaign's `key`, and returns the file's bytes.
pub fn encode(mut header: Header, payload: &[u8], key: &[u8]) -> Result<Vec<u8>, SyncError> {
    header.payload_bytes = payload.len() as u64;
    header.payload_sha256 = sha256_hex(payload);
    let json = serde_json::to_vec(&header).map_err(|e| SyncError::Internal(e.to_string()))?;
    let signature = hex(&mac(key, &json, payload)?.finalize().into_bytes());
    let mut out =
        Vec::with_capacity(MAGIC.len() + json.len() + signature.len() + 2 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&json);
    out.push(b'\n');
    out.extend_from_slice(signature.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload);
    Ok(out)
}

/// A sync file split and checked for damage, its signature not yet verified (that
/// needs the key of the campaign its header names: [`Decoded::verify`]).
#[derive(Debug)]
pub struct Decoded {
    pub header: Header,
    pub payload: Vec<u8>,
    header_line: Vec<u8>,
    signature: Vec<u8>,
}

impl Decoded {
    /// True when the file was signed with `key` and not changed since (constant-time).
    pub fn verify(&self, key: &[u8]) -> Result<bool, SyncError> {
        Ok(mac(key, &self.header_line, &self.payload)?
            .verify_slice(&self.signature)
            .is_ok())
    }
}

fn unhex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

/// Splits and checks a sync file: header parsed, payload complete and unchanged.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, SyncError> {
    let file = path.display().to_string();
    if bytes.starts_with(MAGIC_V1) {
        return Err(SyncError::OldFormat(file));
    }
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| SyncError::NotASyncFile(file.clone()))?;
    let end = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| SyncError::Damaged(file.clone(), "文件头不完整".into()))?;
    let header_line = &rest[..end];
    let header: Header = serde_json::from_slice(header_line)
        .map_err(|e| SyncError::Damaged(file.clone(), format!("文件头无法读取（{e}）")))?;
    let rest = &rest[end + 1..];
    let end = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| SyncError::Damaged(file.clone(), "签名不完整".into()))?;
    let signature = unhex(&rest[..end])
        .ok_or_else(|| SyncError::Damaged(file.clone(), "签名无法读取".into()))?;
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
    Ok(Decoded {
        header,
        payload: payload.to_vec(),
        header_line: header_line.to_vec(),
        signature,
    })
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
            laptop_name: "高明签到台".into(),
            created_at: "2025-04-30 12:00:00".into(),
            since: None,
            counts: Counts::default(),
            payload_bytes: 0,
            payload_sha256: String::new(),
        }
    }

    #[test]
    fn round_trips_and_refuses_truncation_and_damage() {
        let key = [7u8; 32];
        let bytes = encode(header(), b"payload bytes", &key).unwrap();
        let p = Path::new("x.rollcall-sync");
        let d = decode(p, &bytes).unwrap();
        assert_eq!(d.payload, b"payload bytes");
        assert_eq!(d.header.payload_bytes, 13);
        assert!(d.verify(&key).unwrap());
        assert!(!d.verify(&[8u8; 32]).unwrap());
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
        assert!(matches!(
            decode(p, b"ROLLCALL-SYNC 1\n{}\n"),
            Err(SyncError::OldFormat(_))
        ));
    }

    #[test]
    fn a_changed_header_or_payload_no_longer_verifies() {
        let key = [7u8; 32];
        let bytes = encode(header(), b"payload bytes", &key).unwrap();
        let p = Path::new("x.rollcall-sync");
        // An attacker edits the header (another laptop) and keeps the signature.
        let text =
            String::from_utf8_lossy(&bytes).replace("\"laptop_id\":\"l\"", "\"laptop_id\":\"m\"");
        let d = decode(p, text.as_bytes()).unwrap();
        assert!(!d.verify(&key).unwrap());
    }
}
