//! The reference as plain HTML pages: readable without JavaScript, no CDN,
//! one small style sheet.
//!
//! Pages are converted from the same Markdown that is committed under
//! `docs/`, so the site and the repository never disagree. Paths move:
//! `docs/reference/X.md` becomes `X.html`, `docs/reference/charts/*.svg`
//! becomes `charts/*.svg`, and `docs/guides/X.md` becomes `guides/X.html`;
//! every relative link is recomputed for its new place, and a link to
//! anything the site does not publish stops the build.

use std::collections::BTreeMap;

use super::markdown;

/// Where a file under `docs/` goes in the site; `None` if unpublished.
pub fn site_path(docs_path: &str) -> Option<String> {
    let (published, rest) = if let Some(rest) = docs_path.strip_prefix("reference/") {
        (String::new(), rest)
    } else if let Some(rest) = docs_path.strip_prefix("guides/") {
        (String::from("guides/"), rest)
    } else {
        return None;
    };
    match rest.strip_suffix(".md") {
        Some(page) => Some(format!("{published}{page}.html")),
        None => Some(format!("{published}{rest}")),
    }
}

/// `base/../x` style joins, with `..` resolved; `None` when the path would
/// climb above the root.
pub fn resolve(from_file: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_file.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from the page at `from_file` to `to_file` (both
/// relative to the same root).
pub fn relative(from_file: &str, to_file: &str) -> String {
    let from_dir: Vec<&str> = {
        let mut parts: Vec<&str> = from_file.split('/').collect();
        parts.pop();
        parts
    };
    let to: Vec<&str> = to_file.split('/').collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// Whether a link leaves the site (and is not ours to check).
pub fn is_external(target: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| target.starts_with(scheme))
}

/// Builds the site from `sources` (paths relative to `docs/` → contents):
/// Markdown becomes HTML, everything else is copied.
pub fn build(sources: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, String> {
    let mut site = BTreeMap::new();
    site.insert("style.css".to_string(), STYLE.to_string());
    for (docs_path, contents) in sources {
        let Some(out_path) = site_path(docs_path) else {
            continue;
        };
        if !docs_path.ends_with(".md") {
            site.insert(out_path, contents.clone());
            continue;
        }
        let mut map = |target: &str| -> Result<String, String> {
            if is_external(target) || target.starts_with('#') {
                return Ok(target.to_string());
            }
            let (path, fragment) = match target.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (target, None),
            };
            let resolved = resolve(docs_path, path)
                .ok_or_else(|| format!("docs/{docs_path}: link {target} climbs out of docs/"))?;
            if !sources.contains_key(&resolved) {
                return Err(format!(
                    "docs/{docs_path}: link {target} points to docs/{resolved}, which is not a page of the site"
                ));
            }
            let to = site_path(&resolved).ok_or_else(|| {
                format!("docs/{docs_path}: link {target} points to docs/{resolved}, which the site does not publish")
            })?;
            let mut href = relative(&out_path, &to);
            if let Some(fragment) = fragment {
                href.push('#');
                href.push_str(fragment);
            }
            Ok(href)
        };
        let html = markdown::to_html(contents, &mut map).map_err(|e| {
            if e.starts_with("docs/") {
                e
            } else {
                format!("docs/{docs_path}: {e}")
            }
        })?;
        let lang = if out_path.split('/').any(|part| part == "fr") {
            "fr"
        } else {
            "en"
        };
        let page = page(&out_path, lang, html.title.as_deref(), &html.body);
        site.insert(out_path, page);
    }
    Ok(site)
}

fn page(path: &str, lang: &str, title: Option<&str>, body: &str) -> String {
    let style = relative(path, "style.css");
    let home = relative(path, "index.html");
    let title = match title {
        Some(title) => format!("{} · ftpsim", markdown::escape(title)),
        None => "ftpsim".to_string(),
    };
    let footer = match lang {
        "fr" => "Généré à partir du registre des codes de ftpsim.",
        _ => "Generated from the ftpsim reply-code registry.",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{style}\">\n</head>\n<body>\n\
         <header><a href=\"{home}\">ftpsim</a></header>\n<main>\n{body}</main>\n\
         <footer>{footer}</footer>\n</body>\n</html>\n"
    )
}

const STYLE: &str = "\
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #fdfdfc; --muted: #5c6166; \
--link: #0b5cad; --rule: #d8dadc; --code: #f1f2f3; }
@media (prefers-color-scheme: dark) { :root { --fg: #e4e6e8; --bg: #16181a; \
--muted: #a3a8ad; --link: #7fb6f0; --rule: #3a3d40; --code: #222528; } }
body { margin: 0; color: var(--fg); background: var(--bg); \
font: 1rem/1.55 system-ui, -apple-system, \"Segoe UI\", sans-serif; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; font-weight: 600; }
footer { margin-top: 3rem; padding-bottom: 2rem; color: var(--muted); font-size: .875rem; \
border-top: 1px solid var(--rule); }
a { color: var(--link); }
h1 { font-size: 1.75rem; line-height: 1.25; margin-top: 1.5rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; }
blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid var(--rule); \
color: var(--muted); }
code, pre { font-family: ui-monospace, \"SFMono-Regular\", Menlo, Consolas, monospace; \
font-size: .9em; background: var(--code); }
code { padding: .1em .3em; border-radius: 3px; }
pre { padding: .75rem 1rem; overflow-x: auto; border-radius: 4px; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); \
vertical-align: top; }
img { max-width: 100%; height: auto; background: #fff; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_move_into_the_site() {
        assert_eq!(
            site_path("reference/en/421.md").as_deref(),
            Some("en/421.html")
        );
        assert_eq!(
            site_path("reference/index.md").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            site_path("reference/charts/refusal.svg").as_deref(),
            Some("charts/refusal.svg")
        );
        assert_eq!(
            site_path("guides/fr/why-421.md").as_deref(),
            Some("guides/fr/why-421.html")
        );
        assert_eq!(site_path("ARCHITECTURE.md"), None);
    }

    #[test]
    fn relative_paths_resolve_and_relate() {
        assert_eq!(
            resolve("reference/en/421.md", "../../guides/en/why-421.md").as_deref(),
            Some("guides/en/why-421.md")
        );
        assert_eq!(resolve("reference/en/421.md", "../../../x"), None);
        assert_eq!(
            relative("en/421.html", "guides/en/why-421.html"),
            "../guides/en/why-421.html"
        );
        assert_eq!(relative("en/421.html", "en/220.html"), "220.html");
        assert_eq!(relative("index.html", "en/index.html"), "en/index.html");
        assert_eq!(relative("guides/en/a.html", "style.css"), "../../style.css");
    }

    #[test]
    fn links_are_rewritten_for_their_new_place() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "reference/en/421.md".to_string(),
            "# 421\n\n[220](220.md) [guide](../../guides/en/g.md#why) [rfc](https://example.org/)\n"
                .to_string(),
        );
        sources.insert("reference/en/220.md".to_string(), "# 220\n".to_string());
        sources.insert(
            "guides/en/g.md".to_string(),
            "# Why\n\n![chart](../../reference/charts/c.svg)\n".to_string(),
        );
        sources.insert("reference/charts/c.svg".to_string(), "<svg/>".to_string());
        let site = build(&sources).unwrap();
        let page = &site["en/421.html"];
        assert!(page.contains("<a href=\"220.html\">220</a>"), "{page}");
        assert!(page.contains("href=\"../guides/en/g.html#why\""), "{page}");
        assert!(page.contains("href=\"https://example.org/\""));
        assert!(page.contains("<link rel=\"stylesheet\" href=\"../style.css\">"));
        assert!(page.contains("<title>421 · ftpsim</title>"));
        assert!(site["guides/en/g.html"].contains("src=\"../../charts/c.svg\""));
        assert_eq!(site["charts/c.svg"], "<svg/>");
        assert!(site.contains_key("style.css"));
    }

    #[test]
    fn a_link_to_a_missing_or_unpublished_file_fails_the_build() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "reference/en/421.md".to_string(),
            "[x](nope.md)\n".to_string(),
        );
        let err = build(&sources).unwrap_err();
        assert!(
            err.contains("docs/reference/en/421.md") && err.contains("nope.md"),
            "{err}"
        );
        let mut sources = BTreeMap::new();
        sources.insert(
            "guides/en/g.md".to_string(),
            "[a](../../ARCHITECTURE.md)\n".to_string(),
        );
        sources.insert("ARCHITECTURE.md".to_string(), "# A\n".to_string());
        let err = build(&sources).unwrap_err();
        assert!(err.contains("does not publish"), "{err}");
    }
}
