//! The Markdown the project writes, turned into HTML with pulldown-cmark
//! (CommonMark with pipe tables).
//!
//! Two things are the project's own, on top of the parser's events:
//!
//! - every link and image target goes through the caller's map, which
//!   places it on the site or refuses it, so a broken link stops the
//!   conversion instead of reaching the site. The target is written as the
//!   map returns it, HTML-escaped only (no percent-encoding), so a fragment
//!   reads exactly as the heading id it points to;
//! - heading ids follow GitHub's rule (lower case, punctuation dropped,
//!   spaces to hyphens, `-1`, `-2`… for repeats) so that a `#fragment`
//!   link means the same thing on GitHub and in the generated HTML.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// What a link target becomes in the output; `Err` stops the conversion.
pub type LinkMap<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// A Markdown document converted to HTML.
#[derive(Debug)]
pub struct Html {
    pub body: String,
    /// The plain text of the first level-1 heading.
    pub title: Option<String>,
}

/// Converts `markdown`, passing every link and image target through `map`.
pub fn to_html(markdown: &str, map: &mut LinkMap<'_>) -> Result<Html, String> {
    let mut events = Parser::new_ext(markdown, Options::ENABLE_TABLES).peekable();
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut ids = Ids::default();
    let mut title = None;
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                // The id depends on the heading's whole text: gather it first.
                let mut inner = Vec::new();
                for event in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(event);
                }
                let plain = plain_text(&inner);
                let id = ids.unique(slug(&plain));
                if level == HeadingLevel::H1 && title.is_none() {
                    title = Some(plain);
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
                for event in inner {
                    out.push(place_link(event, map)?);
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let mut alt = Vec::new();
                for event in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::Image)) {
                        break;
                    }
                    alt.push(event);
                }
                let src = map(&dest_url)?;
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<img src=\"{}\" alt=\"{}\">",
                    escape(&src),
                    escape(&plain_text(&alt))
                ))));
            }
            event => out.push(place_link(event, map)?),
        }
    }
    let mut body = String::new();
    html::push_html(&mut body, out.into_iter());
    Ok(Html { body, title })
}

/// A link's start tag with its target placed by `map`; other events as
/// they are.
fn place_link<'e>(event: Event<'e>, map: &mut LinkMap<'_>) -> Result<Event<'e>, String> {
    Ok(match event {
        Event::Start(Tag::Link { dest_url, .. }) => {
            let href = map(&dest_url)?;
            Event::InlineHtml(CowStr::from(format!("<a href=\"{}\">", escape(&href))))
        }
        Event::End(TagEnd::Link) => Event::InlineHtml(CowStr::Borrowed("</a>")),
        event => event,
    })
}

/// The ids the headings of `markdown` get, in order (for fragment checks).
pub fn heading_ids(markdown: &str) -> Result<Vec<String>, String> {
    let mut keep = |url: &str| Ok(url.to_string());
    let html = to_html(markdown, &mut keep)?;
    let mut ids = Vec::new();
    let mut rest = html.body.as_str();
    while let Some(start) = rest.find(" id=\"") {
        let after = &rest[start + 5..];
        let end = after.find('"').unwrap_or(after.len());
        ids.push(unescape(&after[..end]));
        rest = &after[end..];
    }
    Ok(ids)
}

/// Every link and image target of `markdown`, outside code.
pub fn link_targets(markdown: &str) -> Result<Vec<String>, String> {
    let mut targets = Vec::new();
    let mut record = |url: &str| {
        targets.push(url.to_string());
        Ok(url.to_string())
    };
    to_html(markdown, &mut record)?;
    Ok(targets)
}

/// GitHub's anchor for a heading's plain text.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[derive(Default)]
struct Ids {
    seen: HashMap<String, usize>,
}

impl Ids {
    fn unique(&mut self, base: String) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        let id = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        id
    }
}

/// The text a reader sees in `events`: text and code, markup dropped.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`], and pulldown-cmark's escape of `'`.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut keep = |url: &str| Ok(url.to_string());
        to_html(md, &mut keep).unwrap().body
    }

    #[test]
    fn headings_get_github_ids_and_the_first_one_is_the_title() {
        let mut keep = |url: &str| Ok(url.to_string());
        let out = to_html(
            "# 421 Service *not* available\n\n## Quand vous le voyez\n\n## Description\n\n## Description\n",
            &mut keep,
        )
        .unwrap();
        assert_eq!(out.title.as_deref(), Some("421 Service not available"));
        assert!(out.body.contains("<h1 id=\"421-service-not-available\">"));
        assert!(out.body.contains("<h2 id=\"quand-vous-le-voyez\">"));
        assert!(out.body.contains("<h2 id=\"description-1\">"));
        assert_eq!(slug("4xx Négative transitoire"), "4xx-négative-transitoire");
        assert_eq!(slug("Why did I get 421?"), "why-did-i-get-421");
    }

    #[test]
    fn paragraphs_emphasis_code_and_escapes() {
        let out =
            html("*4xx · RFC 959 §4.2.2*\n\nA `<code>` and **bold** \\[x\\] 5 * 3 & error_temp");
        assert_eq!(
            out,
            "<p><em>4xx · RFC 959 §4.2.2</em></p>\n<p>A <code>&lt;code&gt;</code> and <strong>bold</strong> [x] 5 * 3 &amp; error_temp</p>\n"
        );
    }

    #[test]
    fn links_and_images_go_through_the_map() {
        let mut seen = Vec::new();
        let mut map = |url: &str| {
            seen.push(url.to_string());
            Ok(url.replace(".md", ".html"))
        };
        let out = to_html(
            "See [the *220* page](220.md#x) and ![a *chart*](c.svg) or <https://example.org/a>.",
            &mut map,
        )
        .unwrap();
        assert_eq!(
            out.body,
            "<p>See <a href=\"220.html#x\">the <em>220</em> page</a> and <img src=\"c.svg\" alt=\"a chart\"> or <a href=\"https://example.org/a\">https://example.org/a</a>.</p>\n"
        );
        assert_eq!(seen, ["220.md#x", "c.svg", "https://example.org/a"]);
    }

    #[test]
    fn a_fragment_keeps_its_letters_as_the_heading_id_has_them() {
        let out = html("[4xx](index.md#4xx-négative-transitoire)");
        assert_eq!(
            out,
            "<p><a href=\"index.md#4xx-négative-transitoire\">4xx</a></p>\n"
        );
        assert_eq!(
            heading_ids("## 4xx Négative transitoire\n").unwrap(),
            ["4xx-négative-transitoire"]
        );
    }

    #[test]
    fn a_link_the_map_refuses_is_an_error() {
        let mut refuse = |url: &str| Err(format!("no page for {url}"));
        let err = to_html("[a](nowhere.md)", &mut refuse).unwrap_err();
        assert_eq!(err, "no page for nowhere.md");
        let err = to_html("## See [a](nowhere.md)", &mut refuse).unwrap_err();
        assert_eq!(err, "no page for nowhere.md");
    }

    #[test]
    fn links_inside_code_are_not_links() {
        let targets = link_targets("`[a](b.md)`\n\n```text\n[c](d.md)\n```\n\n[e](f.md)").unwrap();
        assert_eq!(targets, ["f.md"]);
    }

    #[test]
    fn lists_tight_loose_ordered_and_nested() {
        assert_eq!(
            html("- a\n- b\ncontinued\n"),
            "<ul>\n<li>a</li>\n<li>b\ncontinued</li>\n</ul>\n"
        );
        assert_eq!(
            html("1. one\n2. two\n"),
            "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
        );
        assert_eq!(
            html("- a\n  - inner\n- b\n"),
            "<ul>\n<li>a\n<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>b</li>\n</ul>\n"
        );
        assert_eq!(
            html("- a\n\n- b\n"),
            "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn blockquotes_fences_and_comments() {
        assert_eq!(
            html("> RFC text: a \\<b\\>\n"),
            "<blockquote>\n<p>RFC text: a &lt;b&gt;</p>\n</blockquote>\n"
        );
        assert_eq!(
            html("```console\n$ ftpsim explain 421\n<x> & y\n```\n"),
            "<pre><code class=\"language-console\">$ ftpsim explain 421\n&lt;x&gt; &amp; y\n</code></pre>\n"
        );
        assert_eq!(
            html("<!-- generated -->\n# T\n"),
            "<!-- generated -->\n<h1 id=\"t\">T</h1>\n"
        );
    }

    #[test]
    fn tables_with_alignment_and_escaped_pipes() {
        let out = html("| Code | Title |\n|---:|---|\n| [421](421.md) | a \\| b |\n");
        assert!(
            out.contains("<th style=\"text-align: right\">Code</th><th>Title</th>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<td style=\"text-align: right\"><a href=\"421.md\">421</a></td><td>a | b</td>"
            ),
            "{out}"
        );
    }

    #[test]
    fn heading_ids_lists_every_heading() {
        let ids = heading_ids("# A b\n\ntext\n\n## C\n\n## C\n").unwrap();
        assert_eq!(ids, ["a-b", "c", "c-1"]);
    }
}
