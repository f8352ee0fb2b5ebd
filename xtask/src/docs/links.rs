//! Every internal link must land: on a file that exists, and, when it names
//! a `#fragment`, on a heading (Markdown) or an `id` (HTML) of that file.

use std::collections::BTreeMap;
use std::path::Path;

use super::{markdown, site};

/// Checks the links of Markdown files. `files` maps paths relative to the
/// workspace root to their text; a link may land on any file under `root`.
pub fn check_markdown(root: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, text) in files {
        let targets = match markdown::link_targets(text) {
            Ok(targets) => targets,
            Err(e) => {
                problems.push(format!("{path}: {e}"));
                continue;
            }
        };
        for target in targets {
            if site::is_external(&target) {
                continue;
            }
            let (resolved, fragment) = link_target(path, &target);
            let Some(resolved) = resolved else {
                problems.push(format!("{path}: link {target} climbs out of the workspace"));
                continue;
            };
            let text = match files.get(&resolved) {
                Some(text) => Some(text.clone()),
                None if root.join(&resolved).exists() => {
                    std::fs::read_to_string(root.join(&resolved)).ok()
                }
                None => {
                    problems.push(format!("{path}: link {target}: {resolved} does not exist"));
                    continue;
                }
            };
            if let Some(fragment) = fragment {
                let ids = match text.as_deref().filter(|_| resolved.ends_with(".md")) {
                    Some(text) => markdown::heading_ids(text).unwrap_or_default(),
                    None => {
                        problems.push(format!(
                            "{path}: link {target}: #{fragment} in a file that has no headings"
                        ));
                        continue;
                    }
                };
                if !ids.iter().any(|id| id == fragment) {
                    problems.push(format!(
                        "{path}: link {target}: {resolved} has no heading #{fragment}"
                    ));
                }
            }
        }
    }
    problems
}

/// Checks every `href` and `src` of the HTML files of `site` (paths
/// relative to the site's root).
pub fn check_html(site_files: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, html) in site_files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for target in attribute_values(html, &["href", "src"]) {
            if site::is_external(&target) {
                continue;
            }
            let (resolved, fragment) = link_target(path, &target);
            let Some(resolved) = resolved else {
                problems.push(format!("{path}: {target} climbs out of the site"));
                continue;
            };
            let Some(landing) = site_files.get(&resolved) else {
                problems.push(format!("{path}: {target}: {resolved} is not in the site"));
                continue;
            };
            if let Some(fragment) = fragment {
                let ids = attribute_values(landing, &["id"]);
                if !ids.iter().any(|id| id == fragment) {
                    problems.push(format!("{path}: {target}: {resolved} has no id {fragment}"));
                }
            }
        }
    }
    problems
}

/// Where a link written in the file `path` leads: the file it lands on
/// (`None` when it climbs above the root; the file itself for a bare
/// `#fragment`) and the fragment, if any.
fn link_target<'t>(path: &str, target: &'t str) -> (Option<String>, Option<&'t str>) {
    let (file, fragment) = split_fragment(target);
    let resolved = if file.is_empty() {
        Some(path.to_string())
    } else {
        site::resolve(path, file)
    };
    (resolved, fragment)
}

fn split_fragment(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target, None),
    }
}

/// The values of `name="…"` attributes in `html`, entities decoded.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        let mut rest = html;
        while let Some(start) = rest.find(&needle) {
            let after = &rest[start + needle.len()..];
            let end = after.find('"').unwrap_or(after.len());
            values.push(markdown::unescape(&after[..end]));
            rest = &after[end..];
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn markdown_links_must_reach_a_file_and_a_heading() {
        let docs = files(&[
            (
                "docs/a.md",
                "# A\n\n## Part two\n\n[b](b.md) [b2](b.md#top) [self](#part-two) [gone](c.md) \
                 [bad](b.md#nowhere) [web](https://example.org/x.md) [x](#missing)",
            ),
            ("docs/b.md", "# Top\n"),
        ]);
        let problems = check_markdown(Path::new("/nonexistent-root"), &docs);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("c.md does not exist"));
        assert!(problems[1].contains("no heading #nowhere"));
        assert!(problems[2].contains("no heading #missing"));
    }

    #[test]
    fn html_links_must_reach_a_page_and_an_id() {
        let site = files(&[
            (
                "en/a.html",
                "<a href=\"b.html\">b</a><a href=\"b.html#x\">x</a><a href=\"b.html#y\">y</a>\
                 <img src=\"../charts/c.svg\"><a href=\"../nope.html\">n</a>\
                 <a href=\"https://example.org/\">e</a>",
            ),
            ("en/b.html", "<h1 id=\"x\">X</h1>"),
            ("charts/c.svg", "<svg/>"),
        ]);
        let problems = check_html(&site);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("has no id y"));
        assert!(problems[1].contains("nope.html is not in the site"));
    }
}
