//! The languages ftpsim speaks, and the one way a text is translated.
//!
//! Every text a person reads, from a reply code's teaching page to a parser
//! error, is a [`Translated`] value: the same thing written once per
//! language, side by side, so that a language missing is a compile error
//! rather than a blank. A text with values in it is a [`Text`] template with
//! `{name}` placeholders, filled by [`Text::fill`]; the sentence stays whole
//! in each language, so a translator can move the values where French wants
//! them.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

/// The languages the texts are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag, `"en"` or `"fr"`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

/// An unknown language tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown language {:?}: use \"en\" or \"fr\"", self.0)
    }
}

impl core::error::Error for UnknownLang {}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "fr" | "french" | "français" | "francais" => Ok(Lang::Fr),
            _ => Err(UnknownLang(String::from(s))),
        }
    }
}

/// One value in every [`Lang`]: a text, or a struct of texts such as the
/// teaching texts of a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Translated<T> {
    pub en: T,
    pub fr: T,
}

impl<T> Translated<T> {
    /// The value in `lang`.
    pub const fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// A text in every language, possibly a template with `{name}`
/// placeholders.
pub type Text = Translated<&'static str>;

impl Translated<&'static str> {
    /// The text in `lang`, placeholders left as they are.
    pub const fn of(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }

    /// The text in `lang` with every `{name}` replaced by the value given
    /// for `name`. A placeholder with no value is kept as written, so a
    /// slip shows on the page instead of vanishing (tests look for `{`).
    pub fn fill(&self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = self.write(&mut out, lang, args);
        out
    }

    /// [`Text::fill`] into any writer, for `Display` implementations.
    pub fn write(
        &self,
        out: &mut impl fmt::Write,
        lang: Lang,
        args: &[(&str, &dyn fmt::Display)],
    ) -> fmt::Result {
        let mut rest = self.of(lang);
        while let Some(open) = rest.find('{') {
            out.write_str(&rest[..open])?;
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                args.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (close, *value))
            });
            match value {
                Some((close, value)) => {
                    write!(out, "{value}")?;
                    rest = &after[close + 1..];
                }
                None => {
                    out.write_str("{")?;
                    rest = after;
                }
            }
        }
        out.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: Text = Text {
        en: "at byte {offset}: {what}",
        fr: "à l'octet {offset} : {what}",
    };

    #[test]
    fn fills_placeholders_in_each_language() {
        let args: [(&str, &dyn fmt::Display); 2] = [("offset", &7), ("what", &"x")];
        assert_eq!(SAMPLE.fill(Lang::En, &args), "at byte 7: x");
        assert_eq!(SAMPLE.fill(Lang::Fr, &args), "à l'octet 7 : x");
    }

    #[test]
    fn a_placeholder_without_a_value_stays_visible() {
        let args: [(&str, &dyn fmt::Display); 1] = [("offset", &7)];
        assert_eq!(SAMPLE.fill(Lang::En, &args), "at byte 7: {what}");
        let brace = Text {
            en: "a { alone",
            fr: "un { seul",
        };
        assert_eq!(brace.fill(Lang::En, &[]), "a { alone");
    }

    #[test]
    fn picks_the_value_of_the_language() {
        let pair = Translated { en: 1, fr: 2 };
        assert_eq!(*pair.get(Lang::En), 1);
        assert_eq!(*pair.get(Lang::Fr), 2);
        assert_eq!(SAMPLE.of(Lang::Fr), SAMPLE.fr);
    }

    #[test]
    fn parses_language_tags() {
        assert_eq!("FR".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!("english".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }
}
