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
        if i > 0 && (digits.len() - i) % 3 == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;

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
