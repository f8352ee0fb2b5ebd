//! Teaching texts: what a reply code means, when you meet it, what to do
//! about it, in English and French; and side-by-side comparisons.
//!
//! Every code gets an answer. A code the RFCs define is explained from its
//! own texts; any other valid code is explained from what its first two
//! digits say (its class and category).

mod classes;
mod compare;
mod render;
mod socket_errors;
mod texts;

use alloc::string::String;
use alloc::vec::Vec;

use crate::reply::{Category, Class, ReplyCode, registry};

pub use crate::lang::{Lang, Text, Translated, UnknownLang};
pub use classes::{category_name, class_label, class_name, class_texts};
pub use compare::{Comparison, Side, compare};
pub use socket_errors::{SOCKET_ERRORS, SocketError, SocketErrorExplanation, socket_error};

/// The teaching texts of one meaning of a code, in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Texts {
    /// A short name, e.g. "Service ready".
    pub title: &'static str,
    /// What the reply means.
    pub description: &'static str,
    /// When you see it.
    pub when: &'static str,
    /// How to resolve it (or what to do next).
    pub resolve: &'static str,
}

/// What one code means, in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Explanation {
    pub code: ReplyCode,
    pub lang: Lang,
    pub class: Class,
    pub category: Option<Category>,
    /// E.g. "2xx Positive Completion".
    pub class_label: String,
    /// E.g. "Connections (x2z)", or a note that the digit is unassigned.
    pub category_label: String,
    /// Whether an RFC defines this code.
    pub registered: bool,
    /// One entry per RFC meaning; exactly one, derived from the digits, for
    /// a code no RFC defines.
    pub meanings: Vec<Meaning>,
}

/// One meaning of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Meaning {
    /// The defining RFC, or `None` for a code no RFC defines.
    pub rfc: Option<u16>,
    pub section: Option<&'static str>,
    /// The RFC's text for the reply.
    pub rfc_text: Option<&'static str>,
    pub title: String,
    pub description: String,
    pub when: String,
    pub resolve: String,
}

impl Explanation {
    /// The first meaning; every explanation has at least one.
    pub fn primary(&self) -> &Meaning {
        &self.meanings[0]
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        render::explanation_text(self)
    }

    /// A Markdown page.
    pub fn to_markdown(&self) -> String {
        render::explanation_markdown(self)
    }
}

/// Explains `code` in `lang`. Never fails: a code no RFC defines is
/// explained from its class and category.
///
/// ```
/// use ftpsim::explain::explain;
/// use ftpsim::{Lang, ReplyCode};
///
/// let page = explain(ReplyCode::new(421).unwrap(), Lang::Fr);
/// assert!(page.to_markdown().starts_with("# 421"));
/// assert!(!page.to_text().is_empty());
/// ```
pub fn explain(code: ReplyCode, lang: Lang) -> Explanation {
    let infos = registry::lookup(code);
    let meanings: Vec<Meaning> = if infos.is_empty() {
        alloc::vec![classes::derived_meaning(code, lang)]
    } else {
        infos
            .iter()
            .map(|info| {
                let texts = texts_for(info.code, info.rfc, lang);
                Meaning {
                    rfc: Some(info.rfc),
                    section: Some(info.section),
                    rfc_text: Some(info.text),
                    title: texts.title.into(),
                    description: texts.description.into(),
                    when: texts.when.into(),
                    resolve: texts.resolve.into(),
                }
            })
            .collect()
    };
    Explanation {
        code,
        lang,
        class: code.class(),
        category: code.category(),
        class_label: class_label(code.class(), lang),
        category_label: classes::category_label(code, lang),
        registered: !infos.is_empty(),
        meanings,
    }
}

/// The texts of one registry meaning. Every registry entry has texts in
/// every language (tested); should one ever be missing, the answer falls
/// back to the class and category rather than panicking.
fn texts_for(code: ReplyCode, rfc: u16, lang: Lang) -> Texts {
    match texts::find(code.get(), rfc) {
        Some(teaching) => *teaching.texts.get(lang),
        None => classes::fallback_texts(code, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    #[test]
    fn every_registry_entry_has_complete_texts_in_both_languages() {
        let mut missing = Vec::new();
        for info in registry::ALL {
            match texts::find(info.code.get(), info.rfc) {
                None => missing.push(alloc::format!("{} (RFC {})", info.code, info.rfc)),
                Some(t) => {
                    for texts in [t.texts.en, t.texts.fr] {
                        for field in [texts.title, texts.description, texts.when, texts.resolve] {
                            assert!(
                                field.trim().len() > 3,
                                "{} (RFC {}) has an empty text",
                                info.code,
                                info.rfc
                            );
                        }
                    }
                    assert_ne!(
                        t.texts.en.description, t.texts.fr.description,
                        "{} is not translated",
                        info.code
                    );
                }
            }
        }
        assert!(missing.is_empty(), "no teaching texts for {missing:?}");
    }

    #[test]
    fn french_texts_quote_with_guillemets_and_name_classes_in_french_order() {
        for value in 100..=699 {
            let e = explain(code(value), Lang::Fr);
            for m in &e.meanings {
                for field in [&m.title, &m.description, &m.when, &m.resolve] {
                    assert!(!field.contains('"'), "{value}: straight quote in {field}");
                    assert!(!field.contains('{'), "{value}: placeholder in {field}");
                }
            }
            let page = e.to_text();
            assert_eq!(
                e.registered,
                page.contains("Texte de la RFC\u{a0}: «"),
                "{value}: the RFC's words are quoted with « »\n{page}"
            );
            assert!(
                e.class_label
                    .ends_with(&alloc::format!("({})", e.class.pattern())),
                "{}",
                e.class_label
            );
        }
    }

    #[test]
    fn every_teaching_row_belongs_to_a_registry_entry_once() {
        let mut seen = Vec::new();
        for t in texts::all() {
            assert!(
                registry::lookup_in(code(t.code), t.rfc).is_some(),
                "{} (RFC {}) is not in the registry",
                t.code,
                t.rfc
            );
            assert!(!seen.contains(&(t.code, t.rfc)), "{} twice", t.code);
            seen.push((t.code, t.rfc));
        }
    }

    #[test]
    fn explains_registered_codes_from_their_rfc() {
        let e = explain(code(421), Lang::En);
        assert!(e.registered);
        assert_eq!(e.class_label, "4xx Transient Negative Completion");
        assert_eq!(e.primary().rfc, Some(959));
        assert_eq!(e.primary().title, "Service not available");
        let fr = explain(code(421), Lang::Fr);
        assert_eq!(fr.primary().title, "Service non disponible");
    }

    #[test]
    fn codes_with_two_meanings_explain_both() {
        let e = explain(code(522), Lang::En);
        let rfcs: Vec<_> = e.meanings.iter().map(|m| m.rfc).collect();
        assert_eq!(rfcs, [Some(2428), Some(4217)]);
    }

    #[test]
    fn every_valid_code_gets_a_non_empty_answer_in_every_language() {
        for value in 100..=699 {
            for lang in Lang::ALL {
                let e = explain(code(value), lang);
                assert!(!e.meanings.is_empty());
                for m in &e.meanings {
                    for field in [&m.title, &m.description, &m.when, &m.resolve] {
                        assert!(!field.trim().is_empty(), "{value} {lang:?}");
                    }
                }
                assert!(e.to_text().contains(&alloc::format!("{value}")));
                assert!(!e.to_markdown().is_empty());
            }
        }
    }

    #[test]
    fn unknown_codes_are_explained_from_their_digits() {
        let e = explain(code(299), Lang::En);
        assert!(!e.registered);
        assert_eq!(e.primary().rfc, None);
        assert!(
            e.primary().description.contains("2xx"),
            "{}",
            e.primary().description
        );
        let e = explain(code(454), Lang::Fr);
        assert!(e.primary().description.contains("4xx"));
    }
}
