//! Two codes side by side: "220 vs 421".

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::classes::class_label_in_text;
use super::{Explanation, Lang, Text, explain, render};
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
/// including codes no RFC defines; a code compared with itself gets a page
/// that says so instead of a list of non-differences.
///
/// ```
/// use ftpsim::explain::compare;
/// use ftpsim::{Lang, ReplyCode};
///
/// let code = |n| ReplyCode::new(n).unwrap();
/// let page = compare(code(220), code(421), Lang::En);
/// assert!(page.to_text().contains("421"));
/// ```
pub fn compare(a: ReplyCode, b: ReplyCode, lang: Lang) -> Comparison {
    let left = explain(a, lang);
    let right = explain(b, lang);
    let (ta, tb) = (&left.primary().title, &right.primary().title);
    let same = a == b;
    let (title, summary, differences, which_when) = if same {
        (
            SAME_TITLE.fill(lang, &[("a", &a), ("ta", ta)]),
            SAME_SUMMARY.fill(
                lang,
                &[
                    ("a", &a),
                    ("ta", ta),
                    ("class", &class_label_in_text(left.class, lang)),
                ],
            ),
            same_code_notes(&left, lang),
            alloc::vec![when_line(&left, lang), client_move_line(&left, None, lang)],
        )
    } else {
        (
            TITLE.fill(lang, &[("a", &a), ("ta", ta), ("b", &b), ("tb", tb)]),
            summary(&left, &right, lang),
            differences(&left, &right, lang),
            alloc::vec![
                when_line(&left, lang),
                when_line(&right, lang),
                client_move_line(&left, Some(&right), lang),
            ],
        )
    };
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

const TITLE: Text = Text {
    en: "FTP {a} {ta} vs {b} {tb}",
    fr: "FTP {a} {ta} ou {b} {tb}",
};

const SAME_TITLE: Text = Text {
    en: "FTP {a} {ta}, compared with itself",
    fr: "FTP {a} {ta}, comparé à lui-même",
};

const SAME_SUMMARY: Text = Text {
    en: "Both sides are {a} ({ta}): the same code, so the same {class} reply with the same meaning. There is nothing to tell apart; the page below describes it once.",
    fr: "Les deux côtés sont {a} ({ta}) : le même code, donc la même réponse {class}, avec le même sens. Il n'y a rien à distinguer ; la page ci-dessous le décrit une seule fois.",
};

const SAME_CODE: Text = Text {
    en: "Same code: {a} and {a} are one reply, with one class, one category and one definition ({source}).",
    fr: "Même code : {a} et {a} sont une seule et même réponse, avec une classe, une catégorie et une définition ({source}).",
};

const SAME_CODE_TWO_MEANINGS: Text = Text {
    en: "Same number, two definitions: {a} means \"{t1}\" in RFC {r1} and \"{t2}\" in RFC {r2}; the command it answers tells which one the server meant.",
    fr: "Même numéro, deux définitions : {a} signifie « {t1} » dans la RFC {r1} et « {t2} » dans la RFC {r2} ; la commande à laquelle il répond dit laquelle le serveur voulait dire.",
};

/// The notes of a code compared with itself: that it is the same code,
/// and, for a number two RFCs define, that the same number still has two
/// meanings.
fn same_code_notes(e: &Explanation, lang: Lang) -> Vec<String> {
    let a = e.code;
    let mut out = alloc::vec![SAME_CODE.fill(lang, &[("a", &a), ("source", &source(e, lang))])];
    let mut meanings = e.meanings.iter().filter_map(|m| m.rfc.map(|rfc| (rfc, m)));
    if let (Some((r1, m1)), Some((r2, m2))) = (meanings.next(), meanings.next()) {
        out.push(SAME_CODE_TWO_MEANINGS.fill(
            lang,
            &[
                ("a", &a),
                ("t1", &m1.title),
                ("r1", &r1),
                ("t2", &m2.title),
                ("r2", &r2),
            ],
        ));
    }
    out
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

const SUMMARY_SAME_CLASS: Text = Text {
    en: "FTP {a} ({ta}) and {b} ({tb}) are both {class} replies.",
    fr: "FTP {a} ({ta}) et {b} ({tb}) sont toutes deux des réponses {class}.",
};

const SUMMARY: Text = Text {
    en: "FTP {a} ({ta}) is a {ca} reply, while {b} ({tb}) is a {cb} reply.",
    fr: "FTP {a} ({ta}) est une réponse {ca}, tandis que {b} ({tb}) est une réponse {cb}.",
};

fn summary(a: &Explanation, b: &Explanation, lang: Lang) -> String {
    let (ta, tb) = (&a.primary().title, &b.primary().title);
    let (ca, cb) = (
        class_label_in_text(a.class, lang),
        class_label_in_text(b.class, lang),
    );
    let args: [(&str, &dyn fmt::Display); 6] = [
        ("a", &a.code),
        ("ta", ta),
        ("b", &b.code),
        ("tb", tb),
        ("ca", &ca),
        ("cb", &cb),
    ];
    if a.class == b.class {
        SUMMARY_SAME_CLASS.fill(lang, &[args[0], args[1], args[2], args[3], ("class", &ca)])
    } else {
        SUMMARY.fill(lang, &args)
    }
}

/// What a client does after a reply, as a verb phrase. A code that closes
/// the connection is its own case: after 221 the session is over, and
/// after 421 nothing can be retried on a connection that is gone (and a
/// 421 in place of the greeting answered no request at all).
fn client_move(code: ReplyCode) -> Text {
    match code.get() {
        221 => Text {
            en: "has nothing left to do: the session it ended with QUIT is over",
            fr: "n'a plus rien à faire : la session qu'il a terminée par QUIT est close",
        },
        421 => Text {
            en: "must open a new connection, later and with a growing delay, before anything else: the old one is closed, and a 421 sent in place of the greeting answered no request that could be repeated",
            fr: "doit ouvrir une nouvelle connexion, plus tard et avec un délai croissant, avant toute autre chose : l'ancienne est fermée, et un 421 envoyé à la place de l'accueil ne répondait à aucune demande qu'on pourrait répéter",
        },
        _ => match code.class() {
            Class::PositivePreliminary => Text {
                en: "waits for the reply that follows",
                fr: "attend la réponse qui suit",
            },
            Class::PositiveCompletion => Text {
                en: "goes on with its next command",
                fr: "passe à sa commande suivante",
            },
            Class::PositiveIntermediate => Text {
                en: "sends the command that completes the sequence",
                fr: "envoie la commande qui complète la séquence",
            },
            Class::TransientNegative => Text {
                en: "tries the same request again later",
                fr: "retente la même demande plus tard",
            },
            Class::PermanentNegative => Text {
                en: "changes the request before trying again",
                fr: "modifie la demande avant de réessayer",
            },
            Class::Protected => Text {
                en: "decodes the protected reply it carries",
                fr: "décode la réponse protégée qu'elle transporte",
            },
        },
    }
}

/// What a reply tells the client about its request, after the code.
fn outcome(code: ReplyCode) -> Text {
    match code.get() {
        221 => Text {
            en: "ends a session the client asked to end: nothing failed",
            fr: "termine une session que le client a demandé de terminer : rien n'a échoué",
        },
        421 => Text {
            en: "is temporary, but the connection is gone: only a new connection, later, may succeed",
            fr: "est temporaire, mais la connexion est perdue : seule une nouvelle connexion, plus tard, pourra réussir",
        },
        _ => match code.class() {
            Class::PositivePreliminary => Text {
                en: "announces that another reply follows",
                fr: "annonce qu'une autre réponse va suivre",
            },
            Class::PositiveCompletion => Text {
                en: "reports success: nothing to retry",
                fr: "signale un succès : rien à retenter",
            },
            Class::PositiveIntermediate => Text {
                en: "asks for the next step of a sequence",
                fr: "demande l'étape suivante d'une séquence",
            },
            Class::TransientNegative => Text {
                en: "is temporary: the same request may succeed later",
                fr: "est temporaire : la même demande pourra réussir plus tard",
            },
            Class::PermanentNegative => Text {
                en: "is final: the same request will fail again",
                fr: "est définitive : la même demande échouera de nouveau",
            },
            Class::Protected => Text {
                en: "only wraps another reply, protected by RFC 2228 security",
                fr: "ne fait qu'envelopper une autre réponse, protégée par la sécurité de la RFC 2228",
            },
        },
    }
}

const SAME_CLASS: Text = Text {
    en: "Same class: {a} and {b} are both {class} replies.",
    fr: "Même classe : {a} et {b} sont toutes deux des réponses {class}.",
};
const CLASS: Text = Text {
    en: "Class: {a} is {ca}, {b} is {cb}.",
    fr: "Classe : {a} est une réponse {ca}, {b} une réponse {cb}.",
};
// "relève de la catégorie …": the category's name is a noun that may start
// with a vowel (Authentification), where a bare "de" would need elision.
const SAME_CATEGORY: Text = Text {
    en: "Same category: both are {category}.",
    fr: "Même catégorie : toutes deux relèvent de la catégorie {category}.",
};
const CATEGORY: Text = Text {
    en: "Category: {a} is {ca}, {b} is {cb}.",
    fr: "Catégorie : {a} relève de la catégorie {ca}, {b} de la catégorie {cb}.",
};
const BOTH_CLOSE: Text = Text {
    en: "The server closes the control connection after both {a} and {b}.",
    fr: "Le serveur ferme la connexion de contrôle après {a} comme après {b}.",
};
const ONE_CLOSES: Text = Text {
    en: "After {closing} the server closes the control connection; after {open} it stays open.",
    fr: "Après {closing} le serveur ferme la connexion de contrôle ; après {open} elle reste ouverte.",
};
const WHY_221_421_CLOSE: Text = Text {
    en: "221 closes because the client asked to leave (QUIT): the end of a session that went well. 421 closes because the server will not or cannot go on: a limit, an idle timeout, a shutdown. RFC 959 has no other code that closes the control connection, and 421 is its only negative one.",
    fr: "221 ferme parce que le client a demandé à partir (QUIT) : c'est la fin d'une session qui s'est bien passée. 421 ferme parce que le serveur ne veut pas ou ne peut pas continuer : une limite, un délai d'inactivité dépassé, un arrêt. La RFC 959 n'a pas d'autre code qui ferme la connexion de contrôle, et 421 est le seul négatif des deux.",
};
const OUTCOMES: Text = Text {
    en: "{a} {oa}; {b} {ob}.",
    fr: "{a} {oa} ; {b} {ob}.",
};
const DEFINED_BY: Text = Text {
    en: "Defined by: {a} in {sa}, {b} in {sb}.",
    fr: "Définition : {a} dans {sa}, {b} dans {sb}.",
};
const SECOND_MEANING: Text = Text {
    en: "{code} has a second meaning in RFC {rfc}: {title}.",
    fr: "{code} a un second sens dans la RFC {rfc} : {title}.",
};
const SOURCE: Text = Text {
    en: "RFC {rfc} §{section}",
    fr: "la RFC {rfc} §{section}",
};
const NO_SOURCE: Text = Text {
    en: "no RFC",
    fr: "aucune RFC",
};

fn source(e: &Explanation, lang: Lang) -> String {
    match (e.primary().rfc, e.primary().section) {
        (Some(rfc), Some(section)) => SOURCE.fill(lang, &[("rfc", &rfc), ("section", &section)]),
        _ => String::from(NO_SOURCE.of(lang)),
    }
}

fn differences(a: &Explanation, b: &Explanation, lang: Lang) -> Vec<String> {
    let (ca, cb) = (a.code, b.code);
    let mut out = Vec::new();

    let (la, lb) = (
        class_label_in_text(a.class, lang),
        class_label_in_text(b.class, lang),
    );
    out.push(if a.class == b.class {
        SAME_CLASS.fill(lang, &[("a", &ca), ("b", &cb), ("class", &la)])
    } else {
        let (la, lb) = match lang {
            // English names the class as a label here: "220 is 2xx …".
            Lang::En => (a.class_label.clone(), b.class_label.clone()),
            Lang::Fr => (la, lb),
        };
        CLASS.fill(lang, &[("a", &ca), ("ca", &la), ("b", &cb), ("cb", &lb)])
    });

    out.push(if a.category == b.category {
        SAME_CATEGORY.fill(lang, &[("category", &a.category_label)])
    } else {
        CATEGORY.fill(
            lang,
            &[
                ("a", &ca),
                ("ca", &a.category_label),
                ("b", &cb),
                ("cb", &b.category_label),
            ],
        )
    });

    match (ca.closes_connection(), cb.closes_connection()) {
        (true, true) => {
            out.push(BOTH_CLOSE.fill(lang, &[("a", &ca), ("b", &cb)]));
            out.push(String::from(WHY_221_421_CLOSE.of(lang)));
        }
        (true, false) => out.push(ONE_CLOSES.fill(lang, &[("closing", &ca), ("open", &cb)])),
        (false, true) => out.push(ONE_CLOSES.fill(lang, &[("closing", &cb), ("open", &ca)])),
        (false, false) => {}
    }

    if a.class != b.class || ca.closes_connection() || cb.closes_connection() {
        out.push(OUTCOMES.fill(
            lang,
            &[
                ("a", &ca),
                ("oa", &outcome(ca).of(lang)),
                ("b", &cb),
                ("ob", &outcome(cb).of(lang)),
            ],
        ));
    }

    out.push(DEFINED_BY.fill(
        lang,
        &[
            ("a", &ca),
            ("sa", &source(a, lang)),
            ("b", &cb),
            ("sb", &source(b, lang)),
        ],
    ));

    for e in [a, b] {
        for other in e.meanings.iter().skip(1) {
            if let Some(rfc) = other.rfc {
                out.push(SECOND_MEANING.fill(
                    lang,
                    &[("code", &e.code), ("rfc", &rfc), ("title", &other.title)],
                ));
            }
        }
    }
    out
}

const WHEN: Text = Text {
    en: "{code} ({title}): {when}",
    fr: "{code} ({title}) : {when}",
};
const MOVES: Text = Text {
    en: "After {a}, a client {ma}; after {b}, it {mb}.",
    fr: "Après {a}, un client {ma} ; après {b}, il {mb}.",
};
const MOVE: Text = Text {
    en: "After {a}, a client {ma}.",
    fr: "Après {a}, un client {ma}.",
};

fn when_line(e: &Explanation, lang: Lang) -> String {
    let m = e.primary();
    WHEN.fill(
        lang,
        &[("code", &e.code), ("title", &m.title), ("when", &m.when)],
    )
}

fn client_move_line(a: &Explanation, b: Option<&Explanation>, lang: Lang) -> String {
    let ma = client_move(a.code).of(lang);
    match b {
        Some(b) => MOVES.fill(
            lang,
            &[
                ("a", &a.code),
                ("ma", &ma),
                ("b", &b.code),
                ("mb", &client_move(b.code).of(lang)),
            ],
        ),
        None => MOVE.fill(lang, &[("a", &a.code), ("ma", &ma)]),
    }
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
            c.summary.contains("4xx Transient Negative Completion"),
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
        for (a, b) in [(299, 421), (631, 110), (522, 521), (120, 220), (220, 220)] {
            for lang in Lang::ALL {
                let c = compare(code(a), code(b), lang);
                assert!(!c.differences.is_empty());
                assert_eq!(c.which_when.len(), if a == b { 2 } else { 3 });
                let md = c.to_markdown();
                assert!(!md.is_empty());
                assert!(!md.contains('{'), "unfilled placeholder in\n{md}");
            }
        }
    }

    #[test]
    fn a_code_compared_with_itself_is_described_once() {
        for lang in Lang::ALL {
            let c = compare(code(220), code(220), lang);
            let page = c.to_text();
            let heading = match lang {
                Lang::En => "When you see it",
                Lang::Fr => "Quand vous le voyez",
            };
            assert_eq!(page.matches(heading).count(), 1, "{page}");
            assert_eq!(c.differences.len(), 1, "{:?}", c.differences);
        }
        let c = compare(code(220), code(220), Lang::En);
        assert!(c.summary.contains("the same code"), "{}", c.summary);
        assert!(
            c.differences[0].starts_with("Same code"),
            "{:?}",
            c.differences
        );
        let c = compare(code(522), code(522), Lang::Fr);
        assert!(
            c.differences
                .iter()
                .any(|d| d.contains("RFC 2428") && d.contains("RFC 4217")),
            "{:?}",
            c.differences
        );
    }

    #[test]
    fn closing_codes_are_not_retried_as_requests() {
        let c = compare(code(221), code(421), Lang::En);
        let advice = c.which_when.last().unwrap();
        assert!(
            !advice.contains("goes on with its next command"),
            "{advice}"
        );
        assert!(!advice.contains("tries the same request"), "{advice}");
        assert!(advice.contains("new connection"), "{advice}");
        assert!(
            c.differences
                .iter()
                .any(|d| d.contains("only negative one")),
            "{:?}",
            c.differences
        );
        let c = compare(code(220), code(421), Lang::Fr);
        let advice = c.which_when.last().unwrap();
        assert!(advice.contains("nouvelle connexion"), "{advice}");
        assert!(!advice.contains("retente la même demande"), "{advice}");
    }

    #[test]
    fn french_names_a_category_without_elision_trouble() {
        let c = compare(code(220), code(530), Lang::Fr);
        let category = &c.differences[1];
        assert!(
            category.contains("de la catégorie Authentification et comptes (x3z)"),
            "{category}"
        );
        assert!(!category.contains("de Authentification"), "{category}");
        assert!(
            c.summary.contains("une réponse positive définitive (2xx)"),
            "{}",
            c.summary
        );
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
