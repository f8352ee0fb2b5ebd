//! Two codes side by side: "220 vs 421".

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Explanation, Lang, explain, render};
use crate::reply::{Class, ReplyCode};

/// A side-by-side comparison of two codes, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Comparison {
    pub lang: Lang,
    /// E.g. "FTP 220 Service ready vs 421 Service not available".
    pub title: String,
    /// One sentence: class against class.
    pub summary: String,
    pub left: Side,
    pub right: Side,
    pub differences: Vec<String>,
    /// When each code is the one to expect (or, for a server, to send).
    pub which_when: Vec<String>,
}

/// One code of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Side {
    pub code: ReplyCode,
    pub title: String,
    /// E.g. "2xx Positive Completion".
    pub class_label: String,
    pub category_label: String,
    /// E.g. "RFC 959 §4.2.2"; `None` for a code no RFC defines.
    pub citation: Option<String>,
    pub rfc_text: Option<&'static str>,
    pub description: String,
    pub when: String,
    pub resolve: String,
}

impl Comparison {
    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        render::comparison_text(self)
    }

    /// A Markdown page.
    pub fn to_markdown(&self) -> String {
        render::comparison_markdown(self)
    }
}

/// Compares two codes in `lang`. Any two valid codes can be compared,
/// including a code with itself and codes no RFC defines.
pub fn compare(a: ReplyCode, b: ReplyCode, lang: Lang) -> Comparison {
    let left = explain(a, lang);
    let right = explain(b, lang);
    let title = match lang {
        Lang::En => format!(
            "FTP {a} {} vs {b} {}",
            left.primary().title,
            right.primary().title
        ),
        Lang::Fr => format!(
            "FTP {a} {} ou {b} {}",
            left.primary().title,
            right.primary().title
        ),
    };
    let summary = summary(&left, &right, lang);
    let differences = differences(&left, &right, lang);
    let which_when = which_when(&left, &right, lang);
    Comparison {
        lang,
        title,
        summary,
        left: side(&left),
        right: side(&right),
        differences,
        which_when,
    }
}

fn side(e: &Explanation) -> Side {
    let m = e.primary();
    Side {
        code: e.code,
        title: m.title.clone(),
        class_label: e.class_label.clone(),
        category_label: e.category_label.clone(),
        citation: m
            .rfc
            .zip(m.section)
            .map(|(rfc, s)| format!("RFC {rfc} §{s}")),
        rfc_text: m.rfc_text,
        description: m.description.clone(),
        when: m.when.clone(),
        resolve: m.resolve.clone(),
    }
}

fn summary(a: &Explanation, b: &Explanation, lang: Lang) -> String {
    let (ta, tb) = (&a.primary().title, &b.primary().title);
    let (ca, cb) = (a.code, b.code);
    match lang {
        Lang::En if a.class == b.class => format!(
            "FTP {ca} ({ta}) and {cb} ({tb}) are both {} replies.",
            a.class_label
        ),
        Lang::En => format!(
            "FTP {ca} ({ta}) is a {} reply, while {cb} ({tb}) is a {} reply.",
            a.class_label, b.class_label
        ),
        Lang::Fr if a.class == b.class => format!(
            "FTP {ca} ({ta}) et {cb} ({tb}) sont toutes deux des réponses {}.",
            a.class_label
        ),
        Lang::Fr => format!(
            "FTP {ca} ({ta}) est une réponse {}, tandis que {cb} ({tb}) est une réponse {}.",
            a.class_label, b.class_label
        ),
    }
}

/// What a client does after a reply of this class, as a verb phrase.
fn client_move(class: Class, lang: Lang) -> &'static str {
    match (class, lang) {
        (Class::PositivePreliminary, Lang::En) => "waits for the reply that follows",
        (Class::PositivePreliminary, Lang::Fr) => "attend la réponse qui suit",
        (Class::PositiveCompletion, Lang::En) => "goes on with its next command",
        (Class::PositiveCompletion, Lang::Fr) => "passe à sa commande suivante",
        (Class::PositiveIntermediate, Lang::En) => "sends the command that completes the sequence",
        (Class::PositiveIntermediate, Lang::Fr) => "envoie la commande qui complète la séquence",
        (Class::TransientNegative, Lang::En) => "tries the same request again later",
        (Class::TransientNegative, Lang::Fr) => "retente la même demande plus tard",
        (Class::PermanentNegative, Lang::En) => "changes the request before trying again",
        (Class::PermanentNegative, Lang::Fr) => "modifie la demande avant de réessayer",
        (Class::Protected, Lang::En) => "decodes the protected reply it carries",
        (Class::Protected, Lang::Fr) => "décode la réponse protégée qu'elle transporte",
    }
}

fn outcome(code: ReplyCode, lang: Lang) -> String {
    let text = match (code.class(), lang) {
        (Class::PositivePreliminary, Lang::En) => "announces that another reply follows",
        (Class::PositivePreliminary, Lang::Fr) => "annonce qu'une autre réponse va suivre",
        (Class::PositiveCompletion, Lang::En) => "reports success: nothing to retry",
        (Class::PositiveCompletion, Lang::Fr) => "signale un succès : rien à retenter",
        (Class::PositiveIntermediate, Lang::En) => "asks for the next step of a sequence",
        (Class::PositiveIntermediate, Lang::Fr) => "demande l'étape suivante d'une séquence",
        (Class::TransientNegative, Lang::En) => "is temporary: the same request may succeed later",
        (Class::TransientNegative, Lang::Fr) => {
            "est temporaire : la même demande pourra réussir plus tard"
        }
        (Class::PermanentNegative, Lang::En) => "is final: the same request will fail again",
        (Class::PermanentNegative, Lang::Fr) => {
            "est définitive : la même demande échouera de nouveau"
        }
        (Class::Protected, Lang::En) => "only wraps another reply, protected by RFC 2228 security",
        (Class::Protected, Lang::Fr) => {
            "ne fait qu'envelopper une autre réponse, protégée par la sécurité de la RFC 2228"
        }
    };
    format!("{code} {text}")
}

fn differences(a: &Explanation, b: &Explanation, lang: Lang) -> Vec<String> {
    let (ca, cb) = (a.code, b.code);
    let mut out = Vec::new();

    out.push(if a.class == b.class {
        match lang {
            Lang::En => format!(
                "Same class: {ca} and {cb} are both {} replies.",
                a.class_label
            ),
            Lang::Fr => format!(
                "Même classe : {ca} et {cb} sont toutes deux des réponses {}.",
                a.class_label
            ),
        }
    } else {
        match lang {
            Lang::En => format!(
                "Class: {ca} is {}, {cb} is {}.",
                a.class_label, b.class_label
            ),
            Lang::Fr => format!(
                "Classe : {ca} est une réponse {}, {cb} une réponse {}.",
                a.class_label, b.class_label
            ),
        }
    });

    out.push(if a.category == b.category {
        match lang {
            Lang::En => format!("Same category: both are {}.", a.category_label),
            Lang::Fr => format!(
                "Même catégorie : toutes deux relèvent de {}.",
                a.category_label
            ),
        }
    } else {
        match lang {
            Lang::En => format!(
                "Category: {ca} is {}, {cb} is {}.",
                a.category_label, b.category_label
            ),
            Lang::Fr => format!(
                "Catégorie : {ca} relève de {}, {cb} de {}.",
                a.category_label, b.category_label
            ),
        }
    });

    let (close_a, close_b) = (ca.closes_connection(), cb.closes_connection());
    if close_a || close_b {
        out.push(match (close_a, close_b, lang) {
            (true, true, Lang::En) => format!("The server closes the control connection after both {ca} and {cb}."),
            (true, true, Lang::Fr) => format!("Le serveur ferme la connexion de contrôle après {ca} comme après {cb}."),
            (true, false, Lang::En) => format!("After {ca} the server closes the control connection; after {cb} it stays open."),
            (true, false, Lang::Fr) => format!("Après {ca} le serveur ferme la connexion de contrôle ; après {cb} elle reste ouverte."),
            (_, _, Lang::En) => format!("After {cb} the server closes the control connection; after {ca} it stays open."),
            (_, _, Lang::Fr) => format!("Après {cb} le serveur ferme la connexion de contrôle ; après {ca} elle reste ouverte."),
        });
    }

    if a.class != b.class {
        let separator = match lang {
            Lang::En => "; ",
            Lang::Fr => " ; ",
        };
        out.push(format!(
            "{}{separator}{}.",
            outcome(ca, lang),
            outcome(cb, lang)
        ));
    }

    let source = |e: &Explanation| match (e.primary().rfc, e.primary().section) {
        (Some(rfc), Some(section)) => match lang {
            Lang::En => format!("RFC {rfc} §{section}"),
            Lang::Fr => format!("la RFC {rfc} §{section}"),
        },
        _ => match lang {
            Lang::En => String::from("no RFC"),
            Lang::Fr => String::from("aucune RFC"),
        },
    };
    out.push(match lang {
        Lang::En => format!("Defined by: {ca} in {}, {cb} in {}.", source(a), source(b)),
        Lang::Fr => format!(
            "Définition : {ca} dans {}, {cb} dans {}.",
            source(a),
            source(b)
        ),
    });

    for e in [a, b] {
        for other in e.meanings.iter().skip(1) {
            if let Some(rfc) = other.rfc {
                out.push(match lang {
                    Lang::En => format!(
                        "{} has a second meaning in RFC {rfc}: {}.",
                        e.code, other.title
                    ),
                    Lang::Fr => format!(
                        "{} a un second sens dans la RFC {rfc} : {}.",
                        e.code, other.title
                    ),
                });
            }
        }
    }
    out
}

fn which_when(a: &Explanation, b: &Explanation, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for e in [a, b] {
        let m = e.primary();
        let colon = match lang {
            Lang::En => ":",
            Lang::Fr => " :",
        };
        out.push(format!("{} ({}){colon} {}", e.code, m.title, m.when));
    }
    out.push(match lang {
        Lang::En => format!(
            "After {}, a client {}; after {}, it {}.",
            a.code,
            client_move(a.class, lang),
            b.code,
            client_move(b.class, lang)
        ),
        Lang::Fr => format!(
            "Après {}, un client {} ; après {}, il {}.",
            a.code,
            client_move(a.class, lang),
            b.code,
            client_move(b.class, lang)
        ),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    #[test]
    fn compares_220_and_421_class_against_class() {
        let c = compare(code(220), code(421), Lang::En);
        assert_eq!(
            c.title,
            "FTP 220 Service ready vs 421 Service not available"
        );
        assert!(
            c.summary.contains("2xx Positive Completion"),
            "{}",
            c.summary
        );
        assert!(
            c.summary.contains("4xx Transient Negative"),
            "{}",
            c.summary
        );
        assert!(
            c.differences
                .iter()
                .any(|d| d.contains("After 421 the server closes")),
            "{:?}",
            c.differences
        );
        assert_eq!(c.left.citation.as_deref(), Some("RFC 959 §4.2.2"));
    }

    #[test]
    fn french_comparison_is_a_complete_french_page() {
        let c = compare(code(220), code(421), Lang::Fr);
        let page = c.to_text();
        for heading in [
            "Description",
            "Quand vous le voyez",
            "Comment résoudre",
            "Différences clés",
            "Quand utiliser lequel",
        ] {
            assert!(page.contains(heading), "missing {heading} in\n{page}");
        }
        for english in [
            "When you see it",
            "How to resolve",
            "Key differences",
            " vs ",
            "reply,",
        ] {
            assert!(!page.contains(english), "English {english:?} in\n{page}");
        }
        let md = c.to_markdown();
        assert!(md.contains("## Différences clés"), "{md}");
    }

    #[test]
    fn any_two_codes_compare_without_panicking() {
        for (a, b) in [(220, 220), (299, 421), (631, 110), (522, 521), (120, 220)] {
            for lang in Lang::ALL {
                let c = compare(code(a), code(b), lang);
                assert!(c.differences.len() >= 2);
                assert_eq!(c.which_when.len(), 3);
                assert!(!c.to_markdown().is_empty());
            }
        }
    }

    #[test]
    fn second_meanings_are_named() {
        let c = compare(code(522), code(421), Lang::En);
        assert!(
            c.differences.iter().any(|d| d.contains("RFC 4217")),
            "{:?}",
            c.differences
        );
    }
}
