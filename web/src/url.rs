//! Percent-encoding for the query part of the location hash.
//!
//! Pure Rust rather than the browser's `encodeURIComponent`, so that routes
//! round-trip in host tests exactly as they do in the page.

/// Percent-encodes `text` for a query value: everything but the unreserved
/// characters of RFC 3986 is written as `%XX` of its UTF-8 bytes.
pub fn encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// Decodes a query value. `+` is a space (as in forms, so hand-typed links
/// work); a `%` not followed by two hex digits is kept as it is; bytes that
/// are not UTF-8 become U+FFFD. Never fails: a link is user input.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex_value(b)),
                bytes.get(i + 2).and_then(|&b| hex_value(b)),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Splits `a=1&b=two` into decoded pairs; a part without `=` has an empty
/// value, empty parts are skipped.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (decode(key), decode(value)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// Builds `?a=1&b=two` from pairs (empty when there are none).
pub fn format_query<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a str, String)>,
{
    let mut out = String::new();
    for (key, value) in pairs {
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&encode(key));
        out.push('=');
        out.push_str(&encode(&value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_text() {
        for text in [
            "",
            "plain",
            "421 Too many users\\r\\n",
            "a&b=c?d#e/f%g+h",
            "français: ça marche",
            "\u{0}\u{7f}\u{10ffff}",
        ] {
            assert_eq!(decode(&encode(text)), text, "{text:?}");
        }
    }

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("A-z_0.9~"), "A-z_0.9~");
    }

    #[test]
    fn decodes_hand_typed_links_without_failing() {
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%ff"), "\u{fffd}");
        assert_eq!(decode("%41%62"), "Ab");
    }

    #[test]
    fn parses_and_formats_queries() {
        let pairs = parse_query("q=ready&class=2&&flag&lang=fr");
        assert_eq!(
            pairs,
            [
                ("q".to_string(), "ready".to_string()),
                ("class".to_string(), "2".to_string()),
                ("flag".to_string(), String::new()),
                ("lang".to_string(), "fr".to_string()),
            ]
        );
        assert_eq!(
            format_query([("q", "a b".to_string()), ("lang", "fr".to_string())]),
            "?q=a%20b&lang=fr"
        );
        assert_eq!(format_query(Vec::<(&str, String)>::new()), "");
    }
}
