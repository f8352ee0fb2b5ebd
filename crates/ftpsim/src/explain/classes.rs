//! What the first and second digits of any code say, in each language.
//! These texts explain codes that no RFC defines, and label every code.

use alloc::format;
use alloc::string::String;

use super::{Lang, Meaning, Texts};
use crate::reply::{Category, Class, ReplyCode};

/// The name of a class, e.g. "Positive Completion".
pub fn class_name(class: Class, lang: Lang) -> &'static str {
    class_texts(class, lang).title
}

/// The class with its pattern, e.g. "2xx Positive Completion".
pub fn class_label(class: Class, lang: Lang) -> String {
    format!("{} {}", class.pattern(), class_name(class, lang))
}

/// The name of a category, e.g. "Connections".
pub fn category_name(category: Category, lang: Lang) -> &'static str {
    category_texts(category, lang).0
}

pub(crate) fn category_label(code: ReplyCode, lang: Lang) -> String {
    match code.category() {
        Some(category) => format!("{} ({})", category_name(category, lang), category.pattern()),
        None => {
            let digit = code.get() / 10 % 10;
            match lang {
                Lang::En => format!("Unassigned (x{digit}z: no RFC defines this second digit)"),
                Lang::Fr => {
                    format!("Non attribuée (x{digit}z : aucune RFC ne définit ce deuxième chiffre)")
                }
            }
        }
    }
}

/// Class-level texts, used should a registry entry ever lack its own.
pub(crate) fn fallback_texts(code: ReplyCode, lang: Lang) -> Texts {
    class_texts(code.class(), lang)
}

/// The meaning of a code no RFC defines, from its digits.
pub(crate) fn derived_meaning(code: ReplyCode, lang: Lang) -> Meaning {
    let class = class_texts(code.class(), lang);
    let about = match code.category() {
        Some(category) => category_texts(category, lang).1,
        None => match lang {
            Lang::En => {
                "Its second digit is not one RFC 959 assigns, so it says nothing about the subject of the reply."
            }
            Lang::Fr => {
                "Son deuxième chiffre n'est attribué par aucune RFC : il ne dit rien du sujet de la réponse."
            }
        },
    };
    let pattern = code.class().pattern();
    let (title, intro) = match lang {
        Lang::En => (
            format!("Unregistered {pattern} reply"),
            format!(
                "No RFC defines {code}; servers use such codes for their own extensions. Its first digit makes it a {pattern} reply: "
            ),
        ),
        Lang::Fr => (
            format!("Réponse {pattern} non enregistrée"),
            format!(
                "Aucune RFC ne définit {code} ; des serveurs utilisent de tels codes pour leurs propres extensions. Son premier chiffre en fait une réponse {pattern} : "
            ),
        ),
    };
    Meaning {
        rfc: None,
        section: None,
        rfc_text: None,
        title,
        description: format!("{intro}{} {about}", lowercase_first(class.description)),
        when: class.when.into(),
        resolve: class.resolve.into(),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a class means, when it comes and what to do about it: the texts
/// that introduce each class in the reference pages.
pub fn class_texts(class: Class, lang: Lang) -> Texts {
    match (class, lang) {
        (Class::PositivePreliminary, Lang::En) => Texts {
            title: "Positive Preliminary",
            description: "The action has started and another reply will follow before the client may send its next command.",
            when: "While a transfer opens (125, 150) or while a server asks for patience before it is ready (120).",
            resolve: "Nothing is wrong: wait for the reply that completes this one.",
        },
        (Class::PositivePreliminary, Lang::Fr) => Texts {
            title: "Préliminaire positive",
            description: "L'action a commencé et une autre réponse suivra avant que le client puisse envoyer sa commande suivante.",
            when: "À l'ouverture d'un transfert (125, 150) ou quand un serveur demande de patienter avant d'être prêt (120).",
            resolve: "Rien d'anormal : attendez la réponse qui complète celle-ci.",
        },
        (Class::PositiveCompletion, Lang::En) => Texts {
            title: "Positive Completion",
            description: "The requested action has been completed successfully.",
            when: "After any command that the server carried out in full.",
            resolve: "Nothing to fix: the client may send its next command.",
        },
        (Class::PositiveCompletion, Lang::Fr) => Texts {
            title: "Positive définitive",
            description: "L'action demandée a été menée à bien.",
            when: "Après toute commande que le serveur a entièrement exécutée.",
            resolve: "Rien à corriger : le client peut envoyer sa commande suivante.",
        },
        (Class::PositiveIntermediate, Lang::En) => Texts {
            title: "Positive Intermediate",
            description: "The command was accepted but the server needs more information to finish it.",
            when: "In the middle of a sequence, such as the password request after USER or the pending rename after RNFR.",
            resolve: "Send the command that completes the sequence (PASS, ACCT, RNTO, …).",
        },
        (Class::PositiveIntermediate, Lang::Fr) => Texts {
            title: "Positive intermédiaire",
            description: "La commande a été acceptée mais le serveur a besoin d'informations supplémentaires pour l'achever.",
            when: "Au milieu d'une séquence, comme la demande de mot de passe après USER ou le renommage en attente après RNFR.",
            resolve: "Envoyez la commande qui complète la séquence (PASS, ACCT, RNTO…).",
        },
        (Class::TransientNegative, Lang::En) => Texts {
            title: "Transient Negative",
            description: "The action was not taken, but the condition is temporary: the same request may succeed later.",
            when: "When the server is busy, a resource is momentarily unavailable or a connection could not be made.",
            resolve: "Retry the same request after a delay, with backoff; nothing in the request needs to change.",
        },
        (Class::TransientNegative, Lang::Fr) => Texts {
            title: "Négative transitoire",
            description: "L'action n'a pas eu lieu, mais la cause est temporaire : la même demande pourra réussir plus tard.",
            when: "Quand le serveur est occupé, qu'une ressource est momentanément indisponible ou qu'une connexion n'a pas pu s'établir.",
            resolve: "Renouvelez la même demande après un délai croissant ; rien n'est à changer dans la demande.",
        },
        (Class::PermanentNegative, Lang::En) => Texts {
            title: "Permanent Negative",
            description: "The action was not taken and repeating the same request unchanged will fail again.",
            when: "After a syntax error, a command the server does not implement, a refused login or a missing file or permission.",
            resolve: "Change something before trying again: the command, its arguments, the credentials or the file.",
        },
        (Class::PermanentNegative, Lang::Fr) => Texts {
            title: "Négative permanente",
            description: "L'action n'a pas eu lieu et la même demande, répétée telle quelle, échouera de nouveau.",
            when: "Après une erreur de syntaxe, une commande non implémentée, une authentification refusée, ou un fichier ou un droit manquant.",
            resolve: "Changez quelque chose avant de réessayer : la commande, ses arguments, les identifiants ou le fichier.",
        },
        (Class::Protected, Lang::En) => Texts {
            title: "Protected",
            description: "A protected reply of RFC 2228: the real reply travels inside, encoded in base64 and protected by the security mechanism agreed with AUTH and ADAT.",
            when: "Only on sessions that negotiated an RFC 2228 security mechanism (for example GSSAPI) with integrity or privacy protection of commands.",
            resolve: "Let the security layer decode the text into the reply it carries, then act on that reply.",
        },
        (Class::Protected, Lang::Fr) => Texts {
            title: "Protégée",
            description: "Une réponse protégée de la RFC 2228 : la vraie réponse voyage à l'intérieur, codée en base64 et protégée par le mécanisme de sécurité négocié avec AUTH et ADAT.",
            when: "Seulement sur les sessions qui ont négocié un mécanisme de sécurité de la RFC 2228 (par exemple GSSAPI) avec protection en intégrité ou en confidentialité des commandes.",
            resolve: "Laissez la couche de sécurité décoder le texte pour retrouver la réponse qu'il transporte, puis traitez cette réponse.",
        },
    }
}

/// (name, one sentence about the subject)
fn category_texts(category: Category, lang: Lang) -> (&'static str, &'static str) {
    match (category, lang) {
        (Category::Syntax, Lang::En) => (
            "Syntax",
            "Its second digit, 0, puts it among replies about command syntax and commands that fit no other group.",
        ),
        (Category::Syntax, Lang::Fr) => (
            "Syntaxe",
            "Son deuxième chiffre, 0, le range parmi les réponses sur la syntaxe des commandes et les commandes qui n'entrent dans aucun autre groupe.",
        ),
        (Category::Information, Lang::En) => (
            "Information",
            "Its second digit, 1, puts it among replies to requests for information, such as status or help.",
        ),
        (Category::Information, Lang::Fr) => (
            "Information",
            "Son deuxième chiffre, 1, le range parmi les réponses aux demandes d'information, comme l'état ou l'aide.",
        ),
        (Category::Connections, Lang::En) => (
            "Connections",
            "Its second digit, 2, puts it among replies about the control and data connections.",
        ),
        (Category::Connections, Lang::Fr) => (
            "Connexions",
            "Son deuxième chiffre, 2, le range parmi les réponses sur les connexions de contrôle et de données.",
        ),
        (Category::Authentication, Lang::En) => (
            "Authentication and accounting",
            "Its second digit, 3, puts it among replies about login and accounting.",
        ),
        (Category::Authentication, Lang::Fr) => (
            "Authentification et comptabilité",
            "Son deuxième chiffre, 3, le range parmi les réponses sur l'authentification et la comptabilité.",
        ),
        (Category::Unspecified, Lang::En) => (
            "Unspecified",
            "Its second digit, 4, is left unspecified by RFC 959.",
        ),
        (Category::Unspecified, Lang::Fr) => (
            "Non spécifiée",
            "Son deuxième chiffre, 4, n'a pas de sens fixé par la RFC 959.",
        ),
        (Category::FileSystem, Lang::En) => (
            "File system",
            "Its second digit, 5, puts it among replies about the server's file system.",
        ),
        (Category::FileSystem, Lang::Fr) => (
            "Système de fichiers",
            "Son deuxième chiffre, 5, le range parmi les réponses sur le système de fichiers du serveur.",
        ),
    }
}
