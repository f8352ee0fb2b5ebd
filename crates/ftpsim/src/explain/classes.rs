//! What the first and second digits of any code say, in each language.
//! These texts explain codes that no RFC defines, and label every code.

use alloc::string::String;

use super::{Lang, Meaning, Text, Texts, Translated};
use crate::reply::{Category, Class, ReplyCode};

/// The name of a class, e.g. "Positive Completion".
pub fn class_name(class: Class, lang: Lang) -> &'static str {
    class_texts(class, lang).title
}

/// The class with its pattern: "2xx Positive Completion" in English,
/// "Positive définitive (2xx)" in French, where a pattern does not come
/// before the noun it describes.
pub fn class_label(class: Class, lang: Lang) -> String {
    LABEL.fill(
        lang,
        &[
            ("pattern", &class.pattern()),
            ("name", &class_name(class, lang)),
        ],
    )
}

const LABEL: Text = Text {
    en: "{pattern} {name}",
    fr: "{name} ({pattern})",
};

/// [`class_label`] inside a sentence, after "a … reply" or "une réponse …":
/// French writes the class in lower case there.
pub(crate) fn class_label_in_text(class: Class, lang: Lang) -> String {
    let label = class_label(class, lang);
    match lang {
        Lang::En => label,
        Lang::Fr => lowercase_first(&label),
    }
}

/// The name of a category, e.g. "Connections".
pub fn category_name(category: Category, lang: Lang) -> &'static str {
    category_texts(category).get(lang).0
}

const CATEGORY_LABEL: Text = Text {
    en: "{name} ({pattern})",
    fr: "{name} ({pattern})",
};

const UNASSIGNED_CATEGORY: Text = Text {
    en: "Unassigned (x{digit}z: no RFC defines this second digit)",
    fr: "Non attribuée (x{digit}z : aucune RFC ne définit ce deuxième chiffre)",
};

pub(crate) fn category_label(code: ReplyCode, lang: Lang) -> String {
    match code.category() {
        Some(category) => CATEGORY_LABEL.fill(
            lang,
            &[
                ("name", &category_name(category, lang)),
                ("pattern", &category.pattern()),
            ],
        ),
        None => UNASSIGNED_CATEGORY.fill(lang, &[("digit", &(code.get() / 10 % 10))]),
    }
}

/// Class-level texts, used should a registry entry ever lack its own.
pub(crate) fn fallback_texts(code: ReplyCode, lang: Lang) -> Texts {
    class_texts(code.class(), lang)
}

const UNASSIGNED_SUBJECT: Text = Text {
    en: "Its second digit is not one RFC 959 assigns, so it says nothing about the subject of the reply.",
    fr: "Son deuxième chiffre n'est attribué par aucune RFC : il ne dit rien du sujet de la réponse.",
};

const UNREGISTERED_TITLE: Text = Text {
    en: "Unregistered {pattern} reply",
    fr: "Réponse {pattern} non enregistrée",
};

const UNREGISTERED_INTRO: Text = Text {
    en: "No RFC defines {code}; servers use such codes for their own extensions. Its first digit makes it a {label} reply: {description} {about}",
    fr: "Aucune RFC ne définit {code} ; des serveurs utilisent de tels codes pour leurs propres extensions. Son premier chiffre en fait une réponse {label} : {description} {about}",
};

/// The meaning of a code no RFC defines, from its digits.
pub(crate) fn derived_meaning(code: ReplyCode, lang: Lang) -> Meaning {
    let class = class_texts(code.class(), lang);
    let about = match code.category() {
        Some(category) => category_texts(category).get(lang).1,
        None => UNASSIGNED_SUBJECT.of(lang),
    };
    let pattern = code.class().pattern();
    let description = lowercase_first(class.description);
    Meaning {
        rfc: None,
        section: None,
        rfc_text: None,
        title: UNREGISTERED_TITLE.fill(lang, &[("pattern", &pattern)]),
        description: UNREGISTERED_INTRO.fill(
            lang,
            &[
                ("code", &code),
                ("label", &class_label_in_text(code.class(), lang)),
                ("description", &description),
                ("about", &about),
            ],
        ),
        when: class.when.into(),
        resolve: class.resolve.into(),
    }
}

pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => core::iter::once(lowercase_latin(first))
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// `c` in lower case, for the letters these texts begin with (ASCII and
/// Latin-1's); any other character is kept. `char::to_lowercase` would
/// bring Unicode's whole case table (about 16 KB) into the playground.
fn lowercase_latin(c: char) -> char {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
        _ => c,
    }
}

/// What a class means, when it comes and what to do about it: the texts
/// that introduce each class in the reference pages.
pub fn class_texts(class: Class, lang: Lang) -> Texts {
    *class_table(class).get(lang)
}

// The English names are RFC 959's own (§4.2.1), "Completion" included in
// the negative ones.
fn class_table(class: Class) -> &'static Translated<Texts> {
    match class {
        Class::PositivePreliminary => &Translated {
            en: Texts {
                title: "Positive Preliminary",
                description: "The action has started and another reply will follow before the client may send its next command.",
                when: "While a transfer opens (125, 150) or while a server asks for patience before it is ready (120).",
                resolve: "Nothing is wrong: wait for the reply that completes this one.",
            },
            fr: Texts {
                title: "Positive préliminaire",
                description: "L'action a commencé et une autre réponse suivra avant que le client puisse envoyer sa commande suivante.",
                when: "À l'ouverture d'un transfert (125, 150) ou quand un serveur demande de patienter avant d'être prêt (120).",
                resolve: "Rien d'anormal : attendez la réponse qui complète celle-ci.",
            },
        },
        Class::PositiveCompletion => &Translated {
            en: Texts {
                title: "Positive Completion",
                description: "The requested action has been completed successfully.",
                when: "After any command that the server carried out in full.",
                resolve: "Nothing to fix: the client may send its next command.",
            },
            fr: Texts {
                title: "Positive définitive",
                description: "L'action demandée a été menée à bien.",
                when: "Après toute commande que le serveur a entièrement exécutée.",
                resolve: "Rien à corriger : le client peut envoyer sa commande suivante.",
            },
        },
        Class::PositiveIntermediate => &Translated {
            en: Texts {
                title: "Positive Intermediate",
                description: "The command was accepted but the server needs more information to finish it.",
                when: "In the middle of a sequence, such as the password request after USER or the pending rename after RNFR.",
                resolve: "Send the command that completes the sequence (PASS, ACCT, RNTO, …).",
            },
            fr: Texts {
                title: "Positive intermédiaire",
                description: "La commande a été acceptée mais le serveur a besoin d'informations supplémentaires pour l'achever.",
                when: "Au milieu d'une séquence, comme la demande de mot de passe après USER ou le renommage en attente après RNFR.",
                resolve: "Envoyez la commande qui complète la séquence (PASS, ACCT, RNTO…).",
            },
        },
        Class::TransientNegative => &Translated {
            en: Texts {
                title: "Transient Negative Completion",
                description: "The action was not taken, but the condition is temporary: the same request may succeed later.",
                when: "When the server is busy, a resource is momentarily unavailable or a connection could not be made.",
                resolve: "Retry the same request after a delay, with backoff; nothing in the request needs to change. After a code that also closes the connection (421), reconnect first.",
            },
            fr: Texts {
                title: "Négative transitoire",
                description: "L'action n'a pas eu lieu, mais la cause est temporaire : la même demande pourra réussir plus tard.",
                when: "Quand le serveur est occupé, qu'une ressource est momentanément indisponible ou qu'une connexion n'a pas pu s'établir.",
                resolve: "Renouvelez la même demande après un délai croissant ; rien n'est à changer dans la demande. Après un code qui ferme aussi la connexion (421), reconnectez-vous d'abord.",
            },
        },
        Class::PermanentNegative => &Translated {
            en: Texts {
                title: "Permanent Negative Completion",
                description: "The action was not taken and repeating the same request unchanged will fail again.",
                when: "After a syntax error, a command the server does not implement, a refused login or a missing file or permission.",
                resolve: "Change something before trying again: the command, its arguments, the credentials or the file.",
            },
            fr: Texts {
                title: "Négative permanente",
                description: "L'action n'a pas eu lieu et la même demande, répétée telle quelle, échouera de nouveau.",
                when: "Après une erreur de syntaxe, une commande non implémentée, une authentification refusée, ou un fichier ou un droit manquant.",
                resolve: "Changez quelque chose avant de réessayer : la commande, ses arguments, les identifiants ou le fichier.",
            },
        },
        Class::Protected => &Translated {
            en: Texts {
                title: "Protected",
                description: "A protected reply of RFC 2228: the real reply travels inside, encoded in base64 and protected by the security mechanism agreed with AUTH and ADAT.",
                when: "Only on sessions that negotiated an RFC 2228 security mechanism (for example GSSAPI) with integrity or privacy protection of commands.",
                resolve: "Let the security layer decode the text into the reply it carries, then act on that reply.",
            },
            fr: Texts {
                title: "Protégée",
                description: "Une réponse protégée de la RFC 2228 : la vraie réponse voyage à l'intérieur, codée en base64 et protégée par le mécanisme de sécurité négocié avec AUTH et ADAT.",
                when: "Seulement sur les sessions qui ont négocié un mécanisme de sécurité de la RFC 2228 (par exemple GSSAPI) avec protection en intégrité ou en confidentialité des commandes.",
                resolve: "Laissez la couche de sécurité décoder le texte pour retrouver la réponse qu'il transporte, puis traitez cette réponse.",
            },
        },
    }
}

/// (name, one sentence about the subject)
fn category_texts(category: Category) -> &'static Translated<(&'static str, &'static str)> {
    match category {
        Category::Syntax => &Translated {
            en: (
                "Syntax",
                "Its second digit, 0, puts it among replies about command syntax and commands that fit no other group.",
            ),
            fr: (
                "Syntaxe",
                "Son deuxième chiffre, 0, le range parmi les réponses sur la syntaxe des commandes et les commandes qui n'entrent dans aucun autre groupe.",
            ),
        },
        Category::Information => &Translated {
            en: (
                "Information",
                "Its second digit, 1, puts it among replies to requests for information, such as status or help.",
            ),
            fr: (
                "Information",
                "Son deuxième chiffre, 1, le range parmi les réponses aux demandes d'information, comme l'état ou l'aide.",
            ),
        },
        Category::Connections => &Translated {
            en: (
                "Connections",
                "Its second digit, 2, puts it among replies about the control and data connections.",
            ),
            fr: (
                "Connexions",
                "Son deuxième chiffre, 2, le range parmi les réponses sur les connexions de contrôle et de données.",
            ),
        },
        Category::Authentication => &Translated {
            en: (
                "Authentication and accounting",
                "Its second digit, 3, puts it among replies about login and accounting.",
            ),
            fr: (
                "Authentification et comptes",
                "Son deuxième chiffre, 3, le range parmi les réponses sur l'authentification et les comptes.",
            ),
        },
        Category::Unspecified => &Translated {
            en: (
                "Unspecified",
                "Its second digit, 4, is left unspecified by RFC 959.",
            ),
            fr: (
                "Non spécifiée",
                "Son deuxième chiffre, 4, n'a pas de sens fixé par la RFC 959.",
            ),
        },
        Category::FileSystem => &Translated {
            en: (
                "File system",
                "Its second digit, 5, puts it among replies about the server's file system.",
            ),
            fr: (
                "Système de fichiers",
                "Son deuxième chiffre, 5, le range parmi les réponses sur le système de fichiers du serveur.",
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_the_first_letter_as_unicode_does() {
        let classes = [
            Class::PositivePreliminary,
            Class::PositiveCompletion,
            Class::PositiveIntermediate,
            Class::TransientNegative,
            Class::PermanentNegative,
            Class::Protected,
        ];
        let mut texts: Vec<String> = ["Été", "Œuvre", "Über", "À", "É", "ÿ", "×", "Ω"]
            .map(String::from)
            .to_vec();
        for class in classes {
            for lang in [Lang::En, Lang::Fr] {
                texts.push(class_label(class, lang));
                texts.push(class_table(class).get(lang).description.into());
            }
        }
        for text in texts {
            let mut chars = text.chars();
            let first = chars.next().unwrap();
            let unicode: String = first.to_lowercase().chain(chars).collect();
            let ours = lowercase_first(&text);
            // Beyond Latin-1 the letter is kept as it is (Œ, Ω), by design;
            // every text of the tables is within it.
            if u32::from(first) < 0x100 {
                assert_eq!(ours, unicode, "{text}");
            } else {
                assert_eq!(ours, text, "{text}");
            }
        }
    }

    #[test]
    fn labels_follow_each_language_word_order() {
        let class = Class::PositiveCompletion;
        assert_eq!(class_label(class, Lang::En), "2xx Positive Completion");
        assert_eq!(class_label(class, Lang::Fr), "Positive définitive (2xx)");
        assert_eq!(
            class_label_in_text(class, Lang::Fr),
            "positive définitive (2xx)"
        );
        assert_eq!(
            class_label(Class::TransientNegative, Lang::En),
            "4xx Transient Negative Completion"
        );
        assert_eq!(
            class_label(Class::PositivePreliminary, Lang::Fr),
            "Positive préliminaire (1xx)"
        );
    }

    #[test]
    fn every_french_class_name_starts_with_its_polarity() {
        for class in [
            Class::PositivePreliminary,
            Class::PositiveCompletion,
            Class::PositiveIntermediate,
            Class::TransientNegative,
            Class::PermanentNegative,
        ] {
            let name = class_name(class, Lang::Fr);
            assert!(
                name.starts_with("Positive ") || name.starts_with("Négative "),
                "{name}"
            );
        }
    }
}
