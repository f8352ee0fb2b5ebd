//! The playground's own words, in every language the core's teaching texts
//! are written in. The texts about codes come from the core
//! ([`ftpsim::explain`]); only the labels of the interface live here.
//!
//! One struct with a field per label: a label missing in one language is a
//! compile error, not a blank on the page.

use ftpsim::Lang;

/// Declares [`Ui`] with one `&'static str` field per label, and
/// [`Ui::all`] listing them by name (for the completeness tests).
macro_rules! labels {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Every label of the interface, in one language.
        #[derive(Debug)]
        pub struct Ui {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        impl Ui {
            /// Every label with its field name.
            #[cfg(test)]
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name)),*]
            }
        }
    };
}

labels! {
    app_title,
    tagline,
    skip_to_content,
    nav_label,
    nav_codes,
    nav_compare,
    language,
    footer,
    loading,

    // Codes
    codes_heading,
    codes_intro,
    search,
    search_placeholder,
    class,
    category,
    any,
    code,
    title,
    rfc,
    shown_of,
    no_match,
    explain_anyway,
    clear_filters,

    // One code
    rfc_text,
    description,
    when,
    resolve,
    unregistered,
    meaning,
    previous_code,
    next_code,
    all_codes,
    compare_with,
    compare_button,
    closes_connection,
    retry_may_help,

    // Compare
    compare_heading,
    compare_intro,
    first_code,
    second_code,
    swap,
    differences,
    which_when,
    invalid_code,
}

/// The labels in `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// A language's own name, as shown in the switcher.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Fr => "Français",
    }
}

static EN: Ui = Ui {
    app_title: "ftpsim playground",
    tagline: "Why an FTP server greets with 220 or refuses with 421",
    skip_to_content: "Skip to content",
    nav_label: "Views",
    nav_codes: "Codes",
    nav_compare: "Compare",
    language: "Language",
    footer: "Everything on this page is computed in your browser by the ftpsim core, compiled to WebAssembly. Every view keeps its state in the address: copy the link to share what you see.",
    loading: "Loading…",

    codes_heading: "FTP reply codes",
    codes_intro: "Every reply code the FTP RFCs define (959, 1123, 1639, 2228, 2428, 4217). Search by number or words, or filter by the first digit (class) and the second digit (category).",
    search: "Search",
    search_placeholder: "421, ready, password…",
    class: "Class",
    category: "Category",
    any: "Any",
    code: "Code",
    title: "Title",
    rfc: "RFC",
    shown_of: "shown of",
    no_match: "No code matches.",
    explain_anyway: "No RFC defines this code; see what its digits say",
    clear_filters: "Clear filters",

    rfc_text: "RFC text",
    description: "Description",
    when: "When you see it",
    resolve: "How to resolve",
    unregistered: "Not defined by any RFC",
    meaning: "Meaning",
    previous_code: "Previous code",
    next_code: "Next code",
    all_codes: "All codes",
    compare_with: "Compare with",
    compare_button: "Compare",
    closes_connection: "The server closes the control connection after this reply.",
    retry_may_help: "Transient: the same request may succeed later.",

    compare_heading: "Compare two codes",
    compare_intro: "Any two codes side by side: what each means, how they differ, and when each is the one to expect.",
    first_code: "First code",
    second_code: "Second code",
    swap: "Swap",
    differences: "Key differences",
    which_when: "When to use which",
    invalid_code: "Not a reply code",
};

static FR: Ui = Ui {
    app_title: "Bac à sable ftpsim",
    tagline: "Pourquoi un serveur FTP accueille par 220 ou refuse par 421",
    skip_to_content: "Aller au contenu",
    nav_label: "Vues",
    nav_codes: "Codes",
    nav_compare: "Comparer",
    language: "Langue",
    footer: "Tout ce que montre cette page est calculé dans votre navigateur par le cœur de ftpsim, compilé en WebAssembly. Chaque vue garde son état dans l'adresse : copiez le lien pour partager ce que vous voyez.",
    loading: "Chargement…",

    codes_heading: "Codes de réponse FTP",
    codes_intro: "Tous les codes de réponse définis par les RFC de FTP (959, 1123, 1639, 2228, 2428, 4217). Cherchez par numéro ou par mots, ou filtrez par premier chiffre (classe) et deuxième chiffre (catégorie).",
    search: "Rechercher",
    search_placeholder: "421, prêt, mot de passe…",
    class: "Classe",
    category: "Catégorie",
    any: "Toutes",
    code: "Code",
    title: "Titre",
    rfc: "RFC",
    shown_of: "affichés sur",
    no_match: "Aucun code ne correspond.",
    explain_anyway: "Aucune RFC ne définit ce code ; voyez ce que disent ses chiffres",
    clear_filters: "Effacer les filtres",

    rfc_text: "Texte de la RFC",
    description: "Description",
    when: "Quand vous le voyez",
    resolve: "Comment résoudre",
    unregistered: "Défini par aucune RFC",
    meaning: "Sens",
    previous_code: "Code précédent",
    next_code: "Code suivant",
    all_codes: "Tous les codes",
    compare_with: "Comparer avec",
    compare_button: "Comparer",
    closes_connection: "Le serveur ferme la connexion de contrôle après cette réponse.",
    retry_may_help: "Temporaire : la même demande pourra réussir plus tard.",

    compare_heading: "Comparer deux codes",
    compare_intro: "Deux codes côte à côte : ce que chacun signifie, ce qui les distingue, et quand attendre l'un ou l'autre.",
    first_code: "Premier code",
    second_code: "Deuxième code",
    swap: "Inverser",
    differences: "Différences clés",
    which_when: "Quand utiliser lequel",
    invalid_code: "Pas un code de réponse",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_written_in_every_language() {
        for lang in Lang::ALL {
            for (name, text) in ui(lang).all() {
                assert!(!text.trim().is_empty(), "{name} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn french_labels_are_translated() {
        // Words spelt alike in both languages.
        const SAME: &[&str] = &["nav_codes", "code", "rfc", "description"];
        for ((name, en), (_, fr)) in EN.all().into_iter().zip(FR.all()) {
            if !SAME.contains(&name) {
                assert_ne!(en, fr, "{name} is not translated");
            }
        }
    }
}
