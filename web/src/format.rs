//! Numbers as each language writes them.

use ftpsim::Lang;

/// `x` with `digits` decimals: `0.25` in English, `0,25` in French.
pub fn decimal(x: f64, digits: usize, lang: Lang) -> String {
    let text = format!("{x:.digits$}");
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// A probability as a percentage: `21.46 %`-style with the language's
/// separator (French puts a space before `%`).
pub fn percent(p: f64, lang: Lang) -> String {
    let digits = if p == 0.0 || p >= 0.1 {
        1
    } else if p >= 0.001 {
        2
    } else {
        3
    };
    let value = decimal(p * 100.0, digits, lang);
    match lang {
        Lang::En => format!("{value}%"),
        Lang::Fr => format!("{value}\u{a0}%"),
    }
}

/// A whole number with thousands separators (`12,345` / `12 345`).
pub fn count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// Seconds from the start as `mm:ss.mmm` (or `h:mm:ss.mmm`), as FTP logs
/// print times.
pub fn clock(seconds: f64) -> String {
    let millis = (seconds.max(0.0) * 1000.0).round() as u64;
    let (h, m, s, ms) = (
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000,
    );
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{ms:03}")
    } else {
        format!("{m:02}:{s:02}.{ms:03}")
    }
}

/// `text` as Rust's `str::parse::<f64>` reads it (same grammar, same
/// correctly rounded value), without linking its tables into the playground:
/// core's parser brings about 10 KB of powers of five and its code. A value
/// whose digits and exponent fit an exact `f64` computation is computed here;
/// any other goes to the browser's `parseFloat`, which rounds correctly too
/// (the grammar was checked first, so it reads the whole text).
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    for (word, value) in [
        ("inf", f64::INFINITY),
        ("infinity", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        if body.eq_ignore_ascii_case(word) {
            return Some(sign * value);
        }
    }
    let bytes = body.as_bytes();
    let mut at = 0;
    // Significant digits as an integer, while it stays exact.
    let (mut mantissa, mut exact, mut digits) = (0u64, true, 0usize);
    let mut scale = 0i64;
    let mut push = |digit: u8, scale_step: i64, scale: &mut i64| {
        digits += 1;
        match mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(digit - b'0')))
        {
            Some(m) if m < (1 << 53) => {
                mantissa = m;
                *scale += scale_step;
            }
            _ => exact = false,
        }
    };
    while at < bytes.len() && bytes[at].is_ascii_digit() {
        push(bytes[at], 0, &mut scale);
        at += 1;
    }
    if at < bytes.len() && bytes[at] == b'.' {
        at += 1;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            push(bytes[at], -1, &mut scale);
            at += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if at < bytes.len() && (bytes[at] == b'e' || bytes[at] == b'E') {
        at += 1;
        let mut exponent_negative = false;
        if at < bytes.len() && (bytes[at] == b'+' || bytes[at] == b'-') {
            exponent_negative = bytes[at] == b'-';
            at += 1;
        }
        let start = at;
        let mut exponent = 0i64;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            exponent = (exponent * 10 + i64::from(bytes[at] - b'0')).min(1 << 20);
            at += 1;
        }
        if at == start {
            return None;
        }
        scale += if exponent_negative {
            -exponent
        } else {
            exponent
        };
    }
    if at != bytes.len() {
        return None;
    }
    // Both the mantissa (< 2^53) and 10^|scale| (|scale| <= 22) are exact
    // f64 values, so one multiplication or division rounds once: correctly.
    if exact && (-22..=22).contains(&scale) {
        let power = 10f64.powi(scale.unsigned_abs() as i32);
        let value = if scale < 0 {
            mantissa as f64 / power
        } else {
            mantissa as f64 * power
        };
        return Some(sign * value);
    }
    Some(parse_rare(text))
}

#[cfg(target_arch = "wasm32")]
fn parse_rare(text: &str) -> f64 {
    // Only decimal text gets here (the words inf and nan were handled), in
    // a grammar parseFloat reads whole.
    js_sys::parse_float(text)
}

/// Off the browser (host tests), core's parser.
#[cfg(not(target_arch = "wasm32"))]
fn parse_rare(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal as Rust's parser says, NaN included.
    fn same(text: &str) {
        let ours = parse_f64(text);
        let core = text.parse::<f64>().ok();
        match (ours, core) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text:?}: {a:?} vs {b:?}"),
        }
    }

    #[test]
    fn reads_numbers_as_core_does() {
        let words = "0 1 -1 +2.5 2. .5 -.5 0.015 1e3 1E-3 2.5e+2 1e22 1e23 1e-22 1e-23
            9007199254740991 9007199254740993 0.1 0.30000000000000004
            123456789012345678901234567890 1e400 1e-400 inf -Infinity NaN - + . e3 1e 1e+
            1.2.3 1,5 0x10 ١ 00012.5000 0.899999999999999 0.8999999999999999 4.35 60
            1000000 3600.5 0.000001 -0 +nan";
        for text in words.split_whitespace().chain(["", " 1", "1 "]) {
            same(text);
        }
        // Every value the form writes back: up to 17 decimals of minutes.
        for seconds in [0.9, 1.0, 2.5, 45.0, 90.0, 0.015 * 60.0, 3000.0, 1.0 / 3.0] {
            let exact = seconds / 60.0;
            for digits in 0..=17 {
                same(&format!("{exact:.digits$}"));
            }
            same(&exact.to_string());
        }
        let mut x = 0.000123f64;
        while x < 1e12 {
            same(&x.to_string());
            same(&format!("{x:.3}"));
            x *= 1.37;
        }
    }

    #[test]
    fn writes_numbers_per_language() {
        assert_eq!(decimal(0.125, 2, Lang::En), "0.12");
        assert_eq!(decimal(2.5, 1, Lang::Fr), "2,5");
        assert_eq!(percent(0.2146, Lang::En), "21.5%");
        assert_eq!(percent(0.0016, Lang::Fr), "0,16\u{a0}%");
        assert_eq!(percent(0.0, Lang::En), "0.0%");
        assert_eq!(percent(0.00004, Lang::En), "0.004%");
        assert_eq!(count(1234567, Lang::En), "1,234,567");
        assert_eq!(count(999, Lang::Fr), "999");
        assert_eq!(count(12345, Lang::Fr), "12\u{202f}345");
    }

    #[test]
    fn writes_log_times() {
        assert_eq!(clock(0.0), "00:00.000");
        assert_eq!(clock(65.4321), "01:05.432");
        assert_eq!(clock(3725.0), "1:02:05.000");
        assert_eq!(clock(-1.0), "00:00.000");
    }
}
