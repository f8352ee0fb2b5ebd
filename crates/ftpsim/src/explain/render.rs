//! Explanations and comparisons as plain text and Markdown.

use alloc::format;
use alloc::string::String;

use super::socket_errors::SocketErrorExplanation;
use super::{Comparison, Explanation, Lang, Side, Text, Translated};

struct Headings {
    lang: Lang,
    description: &'static str,
    when: &'static str,
    resolve: &'static str,
    differences: &'static str,
    which_when: &'static str,
    unregistered: &'static str,
}

// The French headings are those of the seed page the reference grew from.
const HEADINGS: Translated<Headings> = Translated {
    en: Headings {
        lang: Lang::En,
        description: "Description",
        when: "When you see it",
        resolve: "How to resolve",
        differences: "Key differences",
        which_when: "When to use which",
        unregistered: "Not defined by any RFC",
    },
    fr: Headings {
        lang: Lang::Fr,
        description: "Description",
        when: "Quand vous le voyez",
        resolve: "Comment résoudre",
        differences: "Différences clés",
        which_when: "Quand utiliser lequel",
        unregistered: "Aucune RFC ne le définit",
    },
};

fn headings(lang: Lang) -> &'static Headings {
    HEADINGS.get(lang)
}

/// The RFC's wording of a reply, quoted as each language quotes.
const RFC_TEXT_QUOTED: Text = Text {
    en: "RFC text: \"{text}\"",
    fr: "Texte de la RFC : « {text} »",
};

/// The same, as a Markdown block quote (the quote marks are the block's).
const RFC_TEXT_BLOCK: Text = Text {
    en: "RFC text: {text}",
    fr: "Texte de la RFC : {text}",
};

const WIDTH: usize = 78;

/// Appends `text` word-wrapped to [`WIDTH`] columns, every line starting
/// with `indent` (the first with `first_indent`).
fn wrap_into(out: &mut String, text: &str, first_indent: &str, indent: &str) {
    let mut column = 0;
    let mut first_word = true;
    out.push_str(first_indent);
    column += first_indent.chars().count();
    for word in glued_words(text) {
        let word = word.as_str();
        let len = word.chars().count();
        if !first_word && column + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
        } else if !first_word {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
        first_word = false;
    }
    out.push('\n');
}

/// Words to wrap, with French punctuation kept next to its word: a line
/// must never begin with « : », « ; », « ? », « ! » or « » » nor end with « « ».
fn glued_words(text: &str) -> alloc::vec::Vec<String> {
    let mut words: alloc::vec::Vec<String> = alloc::vec::Vec::new();
    let mut glue_next = false;
    for word in text.split_whitespace() {
        let clings_left = matches!(word, ":" | ";" | "?" | "!" | "»");
        match words.last_mut() {
            Some(last) if clings_left || glue_next => {
                last.push('\u{a0}');
                last.push_str(word);
            }
            _ => words.push(String::from(word)),
        }
        glue_next = word == "«";
    }
    words
}

fn text_section(out: &mut String, heading: &str, body: &str) {
    out.push_str("  ");
    out.push_str(heading);
    out.push('\n');
    wrap_into(out, body, "    ", "    ");
}

pub(super) fn explanation_text(e: &Explanation) -> String {
    let h = headings(e.lang);
    let mut out = String::new();
    for (i, m) in e.meanings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{} {}\n", e.code, m.title));
        let source = match (m.rfc, m.section) {
            (Some(rfc), Some(section)) => format!("RFC {rfc} §{section}"),
            _ => String::from(h.unregistered),
        };
        out.push_str(&format!(
            "{} · {} · {}\n",
            e.class_label, e.category_label, source
        ));
        if let Some(text) = m.rfc_text {
            wrap_into(
                &mut out,
                &RFC_TEXT_QUOTED.fill(e.lang, &[("text", &text)]),
                "",
                "  ",
            );
        }
        out.push('\n');
        text_section(&mut out, h.description, &m.description);
        text_section(&mut out, h.when, &m.when);
        text_section(&mut out, h.resolve, &m.resolve);
    }
    out
}

pub(super) fn explanation_markdown(e: &Explanation) -> String {
    let h = headings(e.lang);
    let mut out = String::new();
    for m in &e.meanings {
        out.push_str(&format!("# {} {}\n\n", e.code, m.title));
        let source = match (m.rfc, m.section) {
            (Some(rfc), Some(section)) => format!("RFC {rfc} §{section}"),
            _ => String::from(h.unregistered),
        };
        out.push_str(&format!(
            "*{} · {} · {}*\n\n",
            e.class_label, e.category_label, source
        ));
        if let Some(text) = m.rfc_text {
            out.push_str(&format!(
                "> {}\n\n",
                RFC_TEXT_BLOCK.fill(e.lang, &[("text", &escape_markdown(text))])
            ));
        }
        out.push_str(&format!("## {}\n\n{}\n\n", h.description, m.description));
        out.push_str(&format!("## {}\n\n{}\n\n", h.when, m.when));
        out.push_str(&format!("## {}\n\n{}\n\n", h.resolve, m.resolve));
    }
    out
}

pub(super) fn comparison_text(c: &Comparison) -> String {
    let h = headings(c.lang);
    let mut out = String::new();
    out.push_str(&c.title);
    out.push('\n');
    out.push_str(&"=".repeat(c.title.chars().count()));
    out.push('\n');
    wrap_into(&mut out, &c.summary, "", "");
    for side in sides(c) {
        out.push('\n');
        side_header_text(&mut out, side, h);
        text_section(&mut out, h.description, &side.description);
        text_section(&mut out, h.when, &side.when);
        text_section(&mut out, h.resolve, &side.resolve);
    }
    out.push('\n');
    out.push_str(h.differences);
    out.push('\n');
    for (i, d) in c.differences.iter().enumerate() {
        let number = format!("  {}. ", i + 1);
        wrap_into(&mut out, d, &number, "     ");
    }
    out.push('\n');
    out.push_str(h.which_when);
    out.push('\n');
    for w in &c.which_when {
        wrap_into(&mut out, w, "  - ", "    ");
    }
    out
}

/// The sides to describe: a code compared with itself is described once.
fn sides(c: &Comparison) -> alloc::vec::Vec<&Side> {
    if c.left.code == c.right.code {
        alloc::vec![&c.left]
    } else {
        alloc::vec![&c.left, &c.right]
    }
}

fn side_header_text(out: &mut String, side: &Side, h: &Headings) {
    out.push_str(&format!("{} {}\n", side.code, side.title));
    let source = side.citation.as_deref().unwrap_or(h.unregistered);
    out.push_str(&format!(
        "{} · {} · {}\n",
        side.class_label, side.category_label, source
    ));
    if let Some(text) = side.rfc_text {
        wrap_into(
            out,
            &RFC_TEXT_QUOTED.fill(h.lang, &[("text", &text)]),
            "",
            "  ",
        );
    }
}

pub(super) fn comparison_markdown(c: &Comparison) -> String {
    let h = headings(c.lang);
    let mut out = format!("# {}\n\n{}\n\n", c.title, c.summary);
    for side in sides(c) {
        out.push_str(&format!("## {} {}\n\n", side.code, side.title));
        let source = side.citation.as_deref().unwrap_or(h.unregistered);
        out.push_str(&format!(
            "*{} · {} · {}*\n\n",
            side.class_label, side.category_label, source
        ));
        if let Some(text) = side.rfc_text {
            out.push_str(&format!(
                "> {}\n\n",
                RFC_TEXT_BLOCK.fill(c.lang, &[("text", &escape_markdown(text))])
            ));
        }
        out.push_str(&format!(
            "### {}\n\n{}\n\n",
            h.description, side.description
        ));
        out.push_str(&format!("### {}\n\n{}\n\n", h.when, side.when));
        out.push_str(&format!("### {}\n\n{}\n\n", h.resolve, side.resolve));
    }
    out.push_str(&format!("## {}\n\n", h.differences));
    for (i, d) in c.differences.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", i + 1, d));
    }
    out.push_str(&format!("\n## {}\n\n", h.which_when));
    for w in &c.which_when {
        out.push_str(&format!("- {w}\n"));
    }
    out
}

const SOCKET_TITLE: Text = Text {
    en: "{number} {name}{posix}: {title}",
    fr: "{number} {name}{posix} : {title}",
};

const SOCKET_KIND: Text = Text {
    en: "Windows socket error (Winsock) · not an FTP reply code",
    fr: "Erreur de socket Windows (Winsock) · pas un code de réponse FTP",
};

fn socket_title(e: &SocketErrorExplanation) -> String {
    let posix = e.posix.map(|p| format!(" ({p})")).unwrap_or_default();
    SOCKET_TITLE.fill(
        e.lang,
        &[
            ("number", &e.number),
            ("name", &e.name),
            ("posix", &posix),
            ("title", &e.title),
        ],
    )
}

pub(super) fn socket_error_text(e: &SocketErrorExplanation) -> String {
    let h = headings(e.lang);
    let mut out = String::new();
    out.push_str(&socket_title(e));
    out.push('\n');
    out.push_str(SOCKET_KIND.of(e.lang));
    out.push_str("\n\n");
    text_section(&mut out, h.description, e.description);
    text_section(&mut out, h.when, e.when);
    text_section(&mut out, h.resolve, e.resolve);
    out
}

pub(super) fn socket_error_markdown(e: &SocketErrorExplanation) -> String {
    let h = headings(e.lang);
    format!(
        "# {}\n\n*{}*\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n",
        socket_title(e),
        SOCKET_KIND.of(e.lang),
        h.description,
        e.description,
        h.when,
        e.when,
        h.resolve,
        e.resolve
    )
}

/// RFC texts hold `<`, `[` and `*`; keep them literal in Markdown.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_width_and_keeps_every_word() {
        let text = "word ".repeat(60);
        let mut out = String::new();
        wrap_into(&mut out, &text, "  - ", "    ");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(out.split_whitespace().filter(|w| *w == "word").count(), 60);
        assert!(out.starts_with("  - word"));
    }

    #[test]
    fn french_punctuation_never_starts_a_line() {
        let text = "mot ".repeat(18) + "fin : suite ; « citée » encore ".repeat(6).as_str();
        let mut out = String::new();
        wrap_into(&mut out, &text, "", "");
        for line in out.lines() {
            let first = line.split_whitespace().next().unwrap_or("");
            assert!(!matches!(first, ":" | ";" | "»"), "{line:?}");
            assert!(!line.ends_with('«'), "{line:?}");
        }
    }

    #[test]
    fn markdown_escapes_rfc_punctuation() {
        assert_eq!(
            escape_markdown("[ADAT=base64data]"),
            "\\[ADAT=base64data\\]"
        );
    }
}
