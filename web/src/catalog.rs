//! The code list: one row per meaning the registry holds, searchable in the
//! reader's language. Pure functions over the core's registry and texts.

use ftpsim::Lang;
use ftpsim::explain::explain;
use ftpsim::reply::{Category, Class, ReplyCode, registry};

use crate::route::CodesFilter;

/// One meaning of one code, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub code: ReplyCode,
    pub rfc: u16,
    pub section: &'static str,
    pub title: String,
    pub class: Class,
    pub category: Option<Category>,
    /// Lowercase, accents folded: what the search looks in.
    haystack: String,
}

/// Every meaning of every registered code, in registry order (by code,
/// then RFC), with titles in `lang`.
pub fn rows(lang: Lang) -> Vec<Row> {
    let mut out = Vec::with_capacity(registry::ALL.len());
    for code in registry::codes() {
        let explanation = explain(code, lang);
        for meaning in &explanation.meanings {
            let (Some(rfc), Some(section)) = (meaning.rfc, meaning.section) else {
                continue;
            };
            let haystack = fold(&format!(
                "{} {} {} {} {}",
                meaning.title,
                meaning.rfc_text.unwrap_or_default(),
                meaning.description,
                explanation.class_label,
                explanation.category_label,
            ));
            out.push(Row {
                code,
                rfc,
                section,
                title: meaning.title.clone(),
                class: code.class(),
                category: code.category(),
                haystack,
            });
        }
    }
    out
}

impl Row {
    /// Whether the row passes every part of the filter. Words must all
    /// appear (in any order); a number matches codes starting with it and
    /// the RFC with that number.
    pub fn matches(&self, filter: &CodesFilter) -> bool {
        if filter.class.is_some_and(|class| class != self.class) {
            return false;
        }
        if filter.category.is_some() && filter.category != self.category {
            return false;
        }
        let query = fold(&filter.query);
        query.split_whitespace().all(|word| {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                self.code.to_string().starts_with(word) || self.rfc.to_string() == word
            } else {
                self.haystack.contains(word)
            }
        })
    }
}

/// A valid code typed as the whole query, so that the list can offer its
/// page even when no RFC defines it.
pub fn code_in_query(filter: &CodesFilter) -> Option<ReplyCode> {
    filter.query.trim().parse().ok()
}

/// The registered codes just before and after `code` (which need not be
/// registered itself), for stepping through the pages.
pub fn neighbours(code: ReplyCode) -> (Option<ReplyCode>, Option<ReplyCode>) {
    let previous = registry::codes().filter(|&c| c < code).last();
    let next = registry::codes().find(|&c| c > code);
    (previous, next)
}

/// Lowercases and strips the French accents, so that "pret" finds "prêt".
pub fn fold(text: &str) -> String {
    text.chars()
        .map(lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            other => other,
        })
        .collect()
}

/// `c` in lower case where the texts and a French or English query need it
/// (ASCII, Latin-1 and Œ); `char::to_lowercase` would bring Unicode's whole
/// case table (about 16 KB) into the playground. A test checks that every
/// text is folded as with it.
fn lowercase(c: char) -> char {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
        'Œ' => 'œ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    fn filter(query: &str) -> CodesFilter {
        CodesFilter {
            query: query.into(),
            ..CodesFilter::default()
        }
    }

    fn found(lang: Lang, f: &CodesFilter) -> Vec<u16> {
        rows(lang)
            .into_iter()
            .filter(|r| r.matches(f))
            .map(|r| r.code.get())
            .collect()
    }

    #[test]
    fn lowercases_every_text_as_unicode_does() {
        let unicode = |text: &str| {
            text.chars()
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let ours = |text: &str| text.chars().map(lowercase).collect::<String>();
        let mut texts = vec!["PRÊT À ÉTÉ ŒUVRE Ça".to_string()];
        for lang in Lang::ALL {
            for code in registry::codes() {
                let explanation = explain(code, lang);
                texts.push(explanation.class_label.clone());
                texts.push(explanation.category_label.clone());
                for meaning in &explanation.meanings {
                    texts.push(meaning.title.clone());
                    texts.push(meaning.description.clone());
                    texts.extend(meaning.rfc_text.map(String::from));
                }
            }
        }
        for text in texts {
            assert_eq!(ours(&text), unicode(&text), "{text}");
        }
    }

    #[test]
    fn lists_every_registry_entry_once() {
        for lang in Lang::ALL {
            let rows = rows(lang);
            assert_eq!(rows.len(), registry::ALL.len());
            for (row, info) in rows.iter().zip(registry::ALL) {
                assert_eq!((row.code, row.rfc), (info.code, info.rfc));
                assert!(!row.title.is_empty());
            }
        }
    }

    #[test]
    fn an_empty_filter_shows_everything() {
        assert_eq!(
            found(Lang::En, &CodesFilter::default()).len(),
            registry::ALL.len()
        );
    }

    #[test]
    fn numbers_match_code_prefixes_and_rfc_numbers() {
        let codes = found(Lang::En, &filter("42"));
        assert!(codes.contains(&421) && codes.contains(&425));
        assert!(codes.iter().all(|c| c.to_string().starts_with("42")));
        let tls = found(Lang::En, &filter("4217"));
        assert!(tls.contains(&522), "{tls:?}");
        assert!(!tls.contains(&220));
    }

    #[test]
    fn words_match_titles_in_the_readers_language_without_accents() {
        assert!(found(Lang::En, &filter("not AVAILABLE")).contains(&421));
        assert!(found(Lang::Fr, &filter("non disponible")).contains(&421));
        assert!(found(Lang::Fr, &filter("pret")).contains(&220));
        assert!(found(Lang::En, &filter("zzzz")).is_empty());
    }

    #[test]
    fn class_and_category_filter() {
        let f = CodesFilter {
            query: String::new(),
            class: Some(Class::TransientNegative),
            category: Some(Category::Connections),
        };
        let codes = found(Lang::En, &f);
        assert!(codes.contains(&421));
        assert!(codes.iter().all(|c| (420..430).contains(c)), "{codes:?}");
    }

    #[test]
    fn steps_through_registered_codes() {
        let (previous, next) = neighbours(code(220));
        assert!(previous.unwrap() < code(220));
        assert!(next.unwrap() > code(220));
        assert_eq!(neighbours(code(100)).0, None);
        assert_eq!(neighbours(code(699)).1, None);
        let (previous, next) = neighbours(code(299));
        assert!(previous.unwrap().get() < 299 && next.unwrap().get() > 299);
    }

    #[test]
    fn a_typed_code_is_recognised() {
        assert_eq!(code_in_query(&filter(" 299 ")), Some(code(299)));
        assert_eq!(code_in_query(&filter("29")), None);
        assert_eq!(code_in_query(&filter("ready")), None);
    }
}
