//! Bytes of a CSV class list → text: UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode
//! Text" from Excel), or Windows-1258 ("CSV (Comma delimited)" on Vietnamese Windows).
//!
//! Decoding is encoding_rs's; Windows-1258 writes most tone marks as combining characters, so
//! the text is composed to NFC afterwards.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// Which encoding the text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Utf8,
    Utf16,
    /// A guess: the caller checks that a header row appears in the result before trusting it.
    Windows1258,
}

/// The text of the file and how it was read; `Err(offset)` when it is none of the above
/// (the first byte that is not valid UTF-8).
pub fn decode(bytes: &[u8]) -> Result<(String, Source), usize> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if enc == UTF_8 {
            return std::str::from_utf8(body)
                .map(|s| (s.to_string(), Source::Utf8))
                .map_err(|e| bom + e.valid_up_to());
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(0);
        }
        return Ok((text.nfc().collect(), Source::Utf16));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Source::Utf8)),
        Err(e) => {
            let offset = e.valid_up_to();
            // NUL bytes mean UTF-16 without a BOM (or not text at all): not guessable.
            if bytes.contains(&0) {
                return Err(offset);
            }
            let (text, had_errors) = WINDOWS_1258.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(offset);
            }
            Ok((text.nfc().collect(), Source::Windows1258))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn windows_1258_is_composed() {
        // "Nguyễn Thị Hoa" as Excel writes it: ê precomposed, tilde and dot below combining.
        let bytes = b"Nguy\xea\xden Th\x69\xf2 Hoa";
        let (text, src) = decode(bytes).unwrap();
        assert_eq!(src, Source::Windows1258);
        assert_eq!(text, "Nguyễn Thị Hoa");
        assert!(unicode_normalization::is_nfc(&text));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Họ tên\tNăm sinh".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            ("Họ tên\tNăm sinh".to_string(), Source::Utf16)
        );
    }

    #[test]
    fn utf16_without_bom_is_not_guessed() {
        let bytes: Vec<u8> = "Họ tên".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&bytes).is_err());
    }
}
