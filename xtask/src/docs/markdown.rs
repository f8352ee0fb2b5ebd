//! The Markdown the project writes, turned into HTML.
//!
//! Not a general CommonMark implementation: it covers what the generated
//! reference pages and the guides use (ATX headings, paragraphs, lists with
//! nested blocks, block quotes, fenced code, pipe tables, HTML comments,
//! code spans, emphasis, links and images) and fails loudly on a link the
//! caller cannot place, so a broken page never reaches the site.
//!
//! Heading ids follow GitHub's rule (lower case, punctuation dropped, spaces
//! to hyphens, `-1`, `-2`… for repeats) so that a `#fragment` link means the
//! same thing on GitHub and in the generated HTML.

use std::collections::HashMap;

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
    let lines: Vec<&str> = markdown.lines().collect();
    let mut converter = Converter {
        map,
        ids: Ids::default(),
        title: None,
    };
    let mut body = String::new();
    converter.blocks(&lines, &mut body)?;
    Ok(Html {
        body,
        title: converter.title,
    })
}

/// The ids the headings of `markdown` get, in order (for fragment checks).
pub fn heading_ids(markdown: &str) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut keep = |url: &str| Ok(url.to_string());
    let html = to_html(markdown, &mut keep)?;
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

struct Converter<'m, 'a> {
    map: &'m mut LinkMap<'a>,
    ids: Ids,
    title: Option<String>,
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[hashes..];
    if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')) {
        Some((hashes, rest.trim()))
    } else {
        None
    }
}

/// A list item marker: (ordered, width of the marker with its space, text).
fn list_marker(line: &str) -> Option<(bool, usize, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, 2, rest));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && line[digits..].starts_with(". ") {
        return Some((true, digits + 2, &line[digits + 2..]));
    }
    None
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Whether `line` begins a block that interrupts a paragraph.
fn starts_block(line: &str) -> bool {
    heading(line).is_some()
        || is_fence(line)
        || line.starts_with('>')
        || list_marker(line).is_some()
        || line.starts_with("<!--")
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

impl Converter<'_, '_> {
    fn blocks(&mut self, lines: &[&str], out: &mut String) -> Result<(), String> {
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                i += 1;
            } else if is_fence(line) {
                i = self.fenced(lines, i, out)?;
            } else if line.starts_with("<!--") {
                let mut end = i;
                while end < lines.len() && !lines[end].contains("-->") {
                    end += 1;
                }
                if end == lines.len() {
                    return Err(format!("line {}: unclosed HTML comment", i + 1));
                }
                for comment in &lines[i..=end] {
                    out.push_str(comment);
                    out.push('\n');
                }
                i = end + 1;
            } else if let Some((level, text)) = heading(line) {
                let inner = self.inline(text)?;
                let plain = plain_text(&inner);
                let id = self.ids.unique(slug(&plain));
                if level == 1 && self.title.is_none() {
                    self.title = Some(plain);
                }
                out.push_str(&format!(
                    "<h{level} id=\"{}\">{inner}</h{level}>\n",
                    escape(&id)
                ));
                i += 1;
            } else if line.starts_with('>') {
                let mut inner = Vec::new();
                while i < lines.len() && lines[i].starts_with('>') {
                    let l = &lines[i][1..];
                    inner.push(l.strip_prefix(' ').unwrap_or(l));
                    i += 1;
                }
                out.push_str("<blockquote>\n");
                self.blocks(&inner, out)?;
                out.push_str("</blockquote>\n");
            } else if list_marker(line).is_some() {
                i = self.list(lines, i, out)?;
            } else if line.trim_start().starts_with('|')
                && lines.get(i + 1).is_some_and(|l| is_table_separator(l))
            {
                i = self.table(lines, i, out)?;
            } else {
                let mut text = Vec::new();
                while i < lines.len()
                    && !is_blank(lines[i])
                    && (text.is_empty() || !starts_block(lines[i]))
                {
                    text.push(lines[i].trim());
                    i += 1;
                }
                let inner = self.inline(&text.join("\n"))?;
                out.push_str(&format!("<p>{inner}</p>\n"));
            }
        }
        Ok(())
    }

    fn fenced(&mut self, lines: &[&str], start: usize, out: &mut String) -> Result<usize, String> {
        let open = lines[start].trim_start();
        let info = open.trim_start_matches('`').trim();
        let language = info.split_whitespace().next().unwrap_or("");
        let mut end = start + 1;
        while end < lines.len() && !lines[end].trim_start().starts_with("```") {
            end += 1;
        }
        if end == lines.len() {
            return Err(format!("line {}: unclosed code fence", start + 1));
        }
        if language.is_empty() {
            out.push_str("<pre><code>");
        } else {
            out.push_str(&format!(
                "<pre><code class=\"language-{}\">",
                escape(language)
            ));
        }
        for line in &lines[start + 1..end] {
            out.push_str(&escape(line));
            out.push('\n');
        }
        out.push_str("</code></pre>\n");
        Ok(end + 1)
    }

    fn list(&mut self, lines: &[&str], start: usize, out: &mut String) -> Result<usize, String> {
        let ordered = list_marker(lines[start]).is_some_and(|(o, _, _)| o);
        let mut items: Vec<Vec<&str>> = Vec::new();
        let mut loose = false;
        let mut i = start;
        while i < lines.len() {
            let Some((o, width, text)) = list_marker(lines[i]) else {
                break;
            };
            if o != ordered {
                break;
            }
            let mut item = vec![text];
            i += 1;
            loop {
                if i >= lines.len() {
                    break;
                }
                let line = lines[i];
                if is_blank(line) {
                    // A blank line continues the item only when an
                    // indented line follows it.
                    let next = lines[i + 1..].iter().position(|l| !is_blank(l));
                    match next.map(|n| lines[i + 1 + n]) {
                        Some(l) if indent_of(l) >= width.min(2) => {
                            item.push("");
                            i += 1;
                        }
                        Some(l) if list_marker(l).is_some_and(|(o2, _, _)| o2 == ordered) => {
                            loose = true;
                            i += 1;
                            break;
                        }
                        _ => break,
                    }
                } else if indent_of(line) >= 2 {
                    let cut = indent_of(line).min(width);
                    item.push(&line[cut..]);
                    i += 1;
                } else if list_marker(line).is_none() && !starts_block(line) {
                    // A lazy continuation of the item's paragraph.
                    item.push(line);
                    i += 1;
                } else {
                    break;
                }
            }
            items.push(item);
        }
        out.push_str(if ordered { "<ol>\n" } else { "<ul>\n" });
        for item in items {
            let mut inner = String::new();
            self.blocks(&item, &mut inner)?;
            let tight = !loose
                && inner.starts_with("<p>")
                && inner.matches("<p>").count() == 1
                && inner.ends_with("</p>\n");
            out.push_str("<li>");
            if tight {
                out.push_str(&inner["<p>".len()..inner.len() - "</p>\n".len()]);
            } else if let Some(rest) = inner.strip_prefix("<p>").filter(|_| !loose) {
                // First paragraph tight, nested blocks after it.
                let end = rest.find("</p>\n").unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                out.push('\n');
                out.push_str(&rest[(end + "</p>\n".len()).min(rest.len())..]);
            } else {
                out.push('\n');
                out.push_str(&inner);
            }
            out.push_str("</li>\n");
        }
        out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
        Ok(i)
    }

    fn table(&mut self, lines: &[&str], start: usize, out: &mut String) -> Result<usize, String> {
        let alignments: Vec<&'static str> = cells(lines[start + 1])
            .iter()
            .map(|c| {
                let c = c.trim();
                match (c.starts_with(':'), c.ends_with(':')) {
                    (true, true) => " style=\"text-align:center\"",
                    (false, true) => " style=\"text-align:right\"",
                    _ => "",
                }
            })
            .collect();
        out.push_str("<table>\n<thead>\n<tr>");
        for (n, cell) in cells(lines[start]).iter().enumerate() {
            let align = alignments.get(n).copied().unwrap_or("");
            out.push_str(&format!("<th{align}>{}</th>", self.inline(cell.trim())?));
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        let mut i = start + 2;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            out.push_str("<tr>");
            for (n, cell) in cells(lines[i]).iter().enumerate() {
                let align = alignments.get(n).copied().unwrap_or("");
                out.push_str(&format!("<td{align}>{}</td>", self.inline(cell.trim())?));
            }
            out.push_str("</tr>\n");
            i += 1;
        }
        out.push_str("</tbody>\n</table>\n");
        Ok(i)
    }

    fn inline(&mut self, text: &str) -> Result<String, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                    push_escaped(&mut out, chars[i + 1]);
                    i += 2;
                }
                '`' => {
                    let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                    match find_run(&chars, i + run, '`', run) {
                        Some(end) => {
                            let code: String = chars[i + run..end].iter().collect();
                            let code = code.replace('\n', " ");
                            let code = if code.starts_with(' ')
                                && code.ends_with(' ')
                                && code.trim() != ""
                            {
                                &code[1..code.len() - 1]
                            } else {
                                code.as_str()
                            };
                            out.push_str(&format!("<code>{}</code>", escape(code)));
                            i = end + run;
                        }
                        None => {
                            for _ in 0..run {
                                out.push('`');
                            }
                            i += run;
                        }
                    }
                }
                '!' if chars.get(i + 1) == Some(&'[') => match link_at(&chars, i + 1) {
                    Some((alt, url, end)) => {
                        let src = (self.map)(&url)?;
                        out.push_str(&format!(
                            "<img src=\"{}\" alt=\"{}\">",
                            escape(&src),
                            escape(&plain_text(&self.inline(&alt)?))
                        ));
                        i = end;
                    }
                    None => {
                        out.push('!');
                        i += 1;
                    }
                },
                '[' => match link_at(&chars, i) {
                    Some((label, url, end)) => {
                        let href = (self.map)(&url)?;
                        let label = self.inline(&label)?;
                        out.push_str(&format!("<a href=\"{}\">{label}</a>", escape(&href)));
                        i = end;
                    }
                    None => {
                        out.push('[');
                        i += 1;
                    }
                },
                '<' if autolink_at(&chars, i).is_some() => {
                    let (url, end) = autolink_at(&chars, i).unwrap_or_default();
                    let href = (self.map)(&url)?;
                    out.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        escape(&href),
                        escape(&url)
                    ));
                    i = end;
                }
                '*' => {
                    let run = if chars.get(i + 1) == Some(&'*') { 2 } else { 1 };
                    let opens = chars.get(i + run).is_some_and(|c| !c.is_whitespace());
                    match find_closing_emphasis(&chars, i + run, run).filter(|_| opens) {
                        Some(end) => {
                            let inner: String = chars[i + run..end].iter().collect();
                            let tag = if run == 2 { "strong" } else { "em" };
                            out.push_str(&format!("<{tag}>{}</{tag}>", self.inline(&inner)?));
                            i = end + run;
                        }
                        None => {
                            out.push('*');
                            i += 1;
                        }
                    }
                }
                c => {
                    push_escaped(&mut out, c);
                    i += 1;
                }
            }
        }
        Ok(out)
    }
}

/// The cells of a table row, split on `|` outside code spans and escapes.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cell.push('`');
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// The index of the next run of exactly `len` `mark`s at or after `from`.
fn find_run(chars: &[char], from: usize, mark: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == mark {
            let run = chars[i..].iter().take_while(|&&c| c == mark).count();
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The closing `*` or `**` of an emphasis opened before `from`: preceded
/// by a non-space, outside code spans.
fn find_closing_emphasis(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => {
                let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
                i = find_run(chars, i + ticks, '`', ticks).map_or(i + ticks, |end| end + ticks);
            }
            '*' => {
                let stars = chars[i..].iter().take_while(|&&c| c == '*').count();
                let after_text = i > from && !chars[i - 1].is_whitespace();
                if after_text && (stars == run || (run == 1 && stars == 3)) {
                    return Some(i);
                }
                if run == 1 && stars == 2 {
                    // A nested strong span: skip to its end.
                    i = find_closing_emphasis(chars, i + 2, 2).map_or(i + 2, |end| end + 2);
                } else {
                    i += stars;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// `[label](url)` starting at `open`: (label, url, index after it).
fn link_at(chars: &[char], open: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let url_start = close + 2;
    let url_end = url_start + chars[url_start..].iter().position(|&c| c == ')')?;
    let url: String = chars[url_start..url_end].iter().collect();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let label: String = chars[open + 1..close].iter().collect();
    Some((label, url, url_end + 1))
}

/// `<https://…>` starting at `open`: (url, index after it).
fn autolink_at(chars: &[char], open: usize) -> Option<(String, usize)> {
    let close = open + chars[open..].iter().position(|&c| c == '>')?;
    let url: String = chars[open + 1..close].iter().collect();
    let is_url = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace);
    is_url.then_some((url, close + 1))
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        c => out.push(c),
    }
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Undoes [`escape`].
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text of an HTML fragment, tags dropped and entities decoded.
fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text)
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
            "# 421 Service not available\n\n## Quand vous le voyez\n\n## Description\n\n## Description\n",
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
            "See [the *220* page](220.md#x) and ![chart](c.svg) or <https://example.org/a>.",
            &mut map,
        )
        .unwrap();
        assert_eq!(
            out.body,
            "<p>See <a href=\"220.html#x\">the <em>220</em> page</a> and <img src=\"c.svg\" alt=\"chart\"> or <a href=\"https://example.org/a\">https://example.org/a</a>.</p>\n"
        );
        assert_eq!(seen, ["220.md#x", "c.svg", "https://example.org/a"]);
    }

    #[test]
    fn a_link_the_map_refuses_is_an_error() {
        let mut refuse = |url: &str| Err(format!("no page for {url}"));
        let err = to_html("[a](nowhere.md)", &mut refuse).unwrap_err();
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
        assert_eq!(
            html("- a\n\n  ```text\n  x\n  ```\n"),
            "<ul>\n<li>a\n<pre><code class=\"language-text\">x\n</code></pre>\n</li>\n</ul>\n"
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
        let mut keep = |url: &str| Ok(url.to_string());
        assert!(to_html("```\nopen", &mut keep).is_err());
    }

    #[test]
    fn tables_with_alignment_and_escaped_pipes() {
        let out = html("| Code | Title |\n|---:|---|\n| [421](421.md) | a \\| b |\n");
        assert_eq!(
            out,
            "<table>\n<thead>\n<tr><th style=\"text-align:right\">Code</th><th>Title</th></tr>\n</thead>\n<tbody>\n<tr><td style=\"text-align:right\"><a href=\"421.md\">421</a></td><td>a | b</td></tr>\n</tbody>\n</table>\n"
        );
    }

    #[test]
    fn heading_ids_lists_every_heading() {
        let ids = heading_ids("# A b\n\ntext\n\n## C\n\n## C\n").unwrap();
        assert_eq!(ids, ["a-b", "c", "c-1"]);
    }
}
