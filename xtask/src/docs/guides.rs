//! The commands the guides show, run for real.
//!
//! A guide shows a command and what it prints in a fenced block whose info
//! string is `console`:
//!
//! ````markdown
//! ```console
//! $ ftpsim explain 421
//! 421 Service not available
//! …
//! ```
//! ````
//!
//! Each `$ ` line is a command (a line ending in ` \` continues it); the
//! lines up to the next `$ ` or the end of the block are its output, stdout
//! and stderr interleaved as a terminal shows them. `console exit=N` says
//! every command of the block ends with status N (0 when absent). Commands
//! run through `sh` from the workspace root, with the freshly built
//! `ftpsim` first on `PATH`; so every figure a guide quotes is one the
//! project printed, and a change that alters it fails the check until the
//! guide is updated (`cargo xtask docs --bless` rewrites the outputs).
//!
//! Two more rules keep the prose honest:
//! - a fenced block right after `<!-- file: PATH -->` must be the file at
//!   PATH (relative to the workspace root), e.g. a scenario a command runs;
//! - a measured-looking figure in the prose (a decimal with two or more
//!   decimals, or a percentage with decimals, such as `0.2146` or `21.7%`)
//!   must appear in the output of one of the guide's commands.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One command of a guide with the output the guide says it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The 1-based line of the `$ ` in the guide.
    pub line: usize,
    pub command: String,
    pub expected: Vec<String>,
    pub exit: i32,
    /// The 0-based range of the guide's lines that hold the output.
    pub output_lines: (usize, usize),
}

/// The console examples of a guide, or what is malformed about them.
pub fn examples(text: &str) -> Result<Vec<Example>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut examples = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let Some(info) = trimmed.strip_prefix("```") else {
            i += 1;
            continue;
        };
        let mut words = info.split_whitespace();
        let is_console = words.next() == Some("console");
        let mut exit = 0;
        for word in words {
            match word.strip_prefix("exit=").map(str::parse::<i32>) {
                Some(Ok(code)) => exit = code,
                _ => return Err(format!("line {}: unknown fence attribute {word:?}", i + 1)),
            }
        }
        let open = i;
        i += 1;
        let start = i;
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            i += 1;
        }
        if i == lines.len() {
            return Err(format!("line {}: unclosed code fence", open + 1));
        }
        let end = i;
        i += 1;
        if !is_console {
            continue;
        }
        if !lines.get(start).is_some_and(|l| l.starts_with("$ ")) {
            return Err(format!(
                "line {}: a console block starts with a `$ ` command",
                start + 1
            ));
        }
        let mut j = start;
        while j < end {
            let line = j + 1;
            let mut command = lines[j]["$ ".len()..].to_string();
            j += 1;
            while command.ends_with('\\') && j < end {
                command.pop();
                command.push('\n');
                command.push_str(lines[j]);
                j += 1;
            }
            if !command
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| w == "ftpsim")
            {
                return Err(format!(
                    "line {line}: `{command}` does not run ftpsim; guides show project commands"
                ));
            }
            let out_start = j;
            while j < end && !lines[j].starts_with("$ ") {
                j += 1;
            }
            examples.push(Example {
                line,
                command,
                expected: normalise(&lines[out_start..j].join("\n")),
                exit,
                output_lines: (out_start, j),
            });
        }
    }
    Ok(examples)
}

/// Output as it is compared: trailing spaces and trailing blank lines go
/// (a Markdown editor may strip them), everything else must match.
pub fn normalise(output: &str) -> Vec<String> {
    let mut lines: Vec<String> = output.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// What a command printed and how it ended.
#[derive(Debug)]
pub struct Outcome {
    pub output: Vec<String>,
    pub status: Option<i32>,
}

/// A command that is still running after this long is broken.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// Runs `command` from `root` with `bin_dir` first on `PATH`.
pub fn run(command: &str, root: &Path, bin_dir: &Path) -> Result<Outcome, String> {
    let path = match std::env::var_os("PATH") {
        Some(old) => {
            let mut dirs = vec![bin_dir.to_path_buf()];
            dirs.extend(std::env::split_paths(&old));
            std::env::join_paths(dirs).map_err(|e| e.to_string())?
        }
        None => bin_dir.as_os_str().to_owned(),
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(root)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout pipe")?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            // Ends the process this function started, by its handle.
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let bytes = reader
        .join()
        .map_err(|_| "output reader panicked".to_string())?
        .map_err(|e| format!("cannot read output: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    Ok(Outcome {
        output: normalise(&text),
        status: status.code(),
    })
}

/// Runs every example of the guide `name` and describes each mismatch.
pub fn check(name: &str, text: &str, root: &Path, bin_dir: &Path) -> Vec<String> {
    let examples = match examples(text) {
        Ok(examples) => examples,
        Err(e) => return vec![format!("{name}: {e}")],
    };
    let mut problems = Vec::new();
    for example in &examples {
        match run(&example.command, root, bin_dir) {
            Err(e) => problems.push(format!(
                "{name}:{}: `{}`: {e}",
                example.line, example.command
            )),
            Ok(outcome) => {
                if outcome.status != Some(example.exit) {
                    problems.push(format!(
                        "{name}:{}: `{}` ended with status {:?}, the guide says {}",
                        example.line, example.command, outcome.status, example.exit
                    ));
                }
                if let Some(diff) = first_difference(&example.expected, &outcome.output) {
                    problems.push(format!(
                        "{name}:{}: `{}` prints something else than the guide shows\n{diff}",
                        example.line, example.command
                    ));
                }
            }
        }
    }
    match shown_files(text) {
        Ok(files) => {
            for (line, path, shown) in files {
                match std::fs::read_to_string(root.join(&path)) {
                    Ok(actual) if normalise(&actual) == shown => {}
                    Ok(_) => problems.push(format!("{name}:{line}: the block differs from {path}")),
                    Err(e) => problems.push(format!("{name}:{line}: cannot read {path}: {e}")),
                }
            }
        }
        Err(e) => problems.push(format!("{name}: {e}")),
    }
    let outputs: String = examples
        .iter()
        .flat_map(|e| e.expected.iter())
        .map(|l| format!("{l}\n"))
        .collect();
    let decimal = if name.contains("/fr/") { ',' } else { '.' };
    for (line, figure) in prose_figures(text, decimal) {
        if !outputs.contains(&figure) {
            problems.push(format!(
                "{name}:{line}: the figure {figure} is not in the output of any command the guide shows"
            ));
        }
    }
    problems
}

/// The blocks announced by `<!-- file: PATH -->`: (line, path, contents).
pub fn shown_files(text: &str) -> Result<Vec<(usize, String, Vec<String>)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(path) = line
            .trim()
            .strip_prefix("<!-- file:")
            .and_then(|rest| rest.strip_suffix("-->"))
        else {
            continue;
        };
        if !lines.get(i + 1).is_some_and(|l| l.starts_with("```")) {
            return Err(format!(
                "line {}: a `<!-- file: -->` line must be followed by a code fence",
                i + 1
            ));
        }
        let start = i + 2;
        let end = start
            + lines[start..]
                .iter()
                .position(|l| l.starts_with("```"))
                .ok_or_else(|| format!("line {}: unclosed code fence", i + 2))?;
        out.push((
            i + 2,
            path.trim().to_string(),
            normalise(&lines[start..end].join("\n")),
        ));
    }
    Ok(out)
}

/// Figures in the prose that look measured: (line, figure), the figure
/// written with a decimal point whatever `decimal` separator the guide's
/// language uses (`.` in English, `,` in French, where a space may also
/// come before `%`).
pub fn prose_figures(text: &str, decimal: char) -> Vec<(usize, String)> {
    let mut figures = Vec::new();
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.trim_start().starts_with("<!--") {
            continue;
        }
        // Code spans hold commands and settings, not results.
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(n, _)| n % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        let chars: Vec<char> = prose.chars().collect();
        let separator_at = |k: usize| {
            chars[k] == decimal
                && k > 0
                && chars[k - 1].is_ascii_digit()
                && chars.get(k + 1).is_some_and(char::is_ascii_digit)
        };
        let mut j = 0;
        while j < chars.len() {
            let continues_number = j > 0 && (chars[j - 1].is_ascii_digit() || separator_at(j - 1));
            if !chars[j].is_ascii_digit() || continues_number {
                j += 1;
                continue;
            }
            let mut end = j;
            while end < chars.len() && (chars[end].is_ascii_digit() || separator_at(end)) {
                end += 1;
            }
            let token: String = chars[j..end]
                .iter()
                .map(|&c| if c == decimal { '.' } else { c })
                .collect();
            let mut after = end;
            if decimal == ',' && matches!(chars.get(after), Some(' ' | '\u{a0}' | '\u{202f}')) {
                after += 1;
            }
            let percent = chars.get(after) == Some(&'%');
            let separators = token.matches('.').count();
            let decimals = token.split('.').nth(1).map_or(0, str::len);
            let after_section = j > 0 && chars[j - 1] == '§';
            if separators == 1 && !after_section && (decimals >= 2 || percent) {
                figures.push((i + 1, if percent { format!("{token}%") } else { token }));
            }
            j = end;
        }
    }
    figures
}

/// The first line where `expected` and `actual` differ, shown both ways.
fn first_difference(expected: &[String], actual: &[String]) -> Option<String> {
    let n = expected
        .iter()
        .zip(actual)
        .take_while(|(e, a)| e == a)
        .count();
    if n == expected.len() && n == actual.len() {
        return None;
    }
    let show = |lines: &[String]| {
        lines
            .get(n)
            .map_or("(end of output)".to_string(), |l| format!("{l:?}"))
    };
    Some(format!(
        "    output line {}:\n      guide:   {}\n      command: {}",
        n + 1,
        show(expected),
        show(actual)
    ))
}

/// `text` with every example's output replaced by what the command prints
/// now. Fails if a command cannot run or ends with an unexpected status.
pub fn bless(name: &str, text: &str, root: &Path, bin_dir: &Path) -> Result<String, String> {
    let examples = examples(text).map_err(|e| format!("{name}: {e}"))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for example in examples.iter().rev() {
        let outcome = run(&example.command, root, bin_dir)
            .map_err(|e| format!("{name}:{}: {e}", example.line))?;
        if outcome.status != Some(example.exit) {
            return Err(format!(
                "{name}:{}: `{}` ended with status {:?}, the block says {}:\n{}",
                example.line,
                example.command,
                outcome.status,
                example.exit,
                outcome.output.join("\n")
            ));
        }
        let (start, end) = example.output_lines;
        lines.splice(start..end, outcome.output);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Guide\n\n```console\n$ ftpsim explain 421 \\\n  --lang fr\nline one  \n\n$ printf 'x' | ftpsim parse\nx\n```\n\n```text\n$ not a command\n```\n\n```console exit=2\n$ ftpsim explain 999\nerror\n```\n";

    #[test]
    fn finds_commands_outputs_continuations_and_statuses() {
        let examples = examples(GUIDE).unwrap();
        assert_eq!(examples.len(), 3);
        assert_eq!(examples[0].command, "ftpsim explain 421 \n  --lang fr");
        assert_eq!(examples[0].line, 4);
        assert_eq!(examples[0].expected, ["line one"]);
        assert_eq!(examples[0].exit, 0);
        assert_eq!(examples[1].command, "printf 'x' | ftpsim parse");
        assert_eq!(examples[1].expected, ["x"]);
        assert_eq!(examples[2].exit, 2);
        assert_eq!(examples[2].expected, ["error"]);
    }

    #[test]
    fn rejects_blocks_that_are_not_project_commands() {
        assert!(examples("```console\nls -l\n```\n").is_err());
        assert!(
            examples("```console\n$ ls -l\n```\n")
                .unwrap_err()
                .contains("does not run ftpsim")
        );
        assert!(examples("```console exit=two\n$ ftpsim\n```\n").is_err());
        assert!(examples("```console\n$ ftpsim\n").is_err());
    }

    #[test]
    fn runs_commands_through_the_shell_and_compares_every_line() {
        let root = std::env::temp_dir();
        let guide = "```console\n$ echo ftpsim; echo two >&2\nftpsim\ntwo\n```\n\n```console exit=3\n$ echo ftpsim; exit 3\nftpsim\n```\n";
        assert!(check("g.md", guide, &root, &root).is_empty());
        let wrong = "```console\n$ echo ftpsim 1\nftpsim 2\n```\n";
        let problems = check("g.md", wrong, &root, &root);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("g.md:2") && problems[0].contains("\"ftpsim 2\""),
            "{problems:?}"
        );
        let status = "```console\n$ echo ftpsim; false\nftpsim\n```\n";
        assert!(check("g.md", status, &root, &root)[0].contains("status Some(1)"));
    }

    #[test]
    fn shown_files_must_match_the_files() {
        let root = std::env::temp_dir().join(format!("xtask-guides-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("s.toml"), "a = 1\n").unwrap();
        let good = "<!-- file: s.toml -->\n```toml\na = 1\n```\n";
        assert!(check("g.md", good, &root, &root).is_empty());
        let bad = "<!-- file: s.toml -->\n```toml\na = 2\n```\n";
        assert!(check("g.md", bad, &root, &root)[0].contains("differs from s.toml"));
        let missing = "<!-- file: none.toml -->\n```toml\n```\n";
        assert!(check("g.md", missing, &root, &root)[0].contains("cannot read none.toml"));
        assert!(shown_files("<!-- file: s.toml -->\ntext\n").is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn figures_in_the_prose_must_come_from_a_command() {
        let text = "RFC 959 §4.2.2, vsftpd 3.0.3, Python 3.9, a 1% target, `--rate 0.25`.\n\
                    Refused: 21.7% of attempts, B = 0.2146.\n\n```text\n0.99\n```\n";
        assert_eq!(
            prose_figures(text, '.'),
            [(2, "21.7%".to_string()), (2, "0.2146".to_string())]
        );
        let french = "Python 3.9, vsftpd 3.0.3, 1 000 connexions, 5 %, 1,2 par seconde :\n\
                      21,7 % refusées, B = 0,2146, 16,50 en moyenne.\n";
        assert_eq!(
            prose_figures(french, ','),
            [
                (2, "21.7%".to_string()),
                (2, "0.2146".to_string()),
                (2, "16.50".to_string())
            ]
        );
        let root = std::env::temp_dir();
        let guide = format!("{text}\n```console\n$ echo ftpsim 21.7%\nftpsim 21.7%\n```\n");
        let problems = check("g.md", &guide, &root, &root);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("g.md:2: the figure 0.2146"),
            "{problems:?}"
        );
    }

    #[test]
    fn bless_rewrites_only_the_outputs() {
        let root = std::env::temp_dir();
        let guide =
            "Intro\n\n```console\n$ echo ftpsim new\nold\nlines\n$ echo ftpsim b\nb?\n```\nEnd\n";
        let blessed = bless("g.md", guide, &root, &root).unwrap();
        assert_eq!(
            blessed,
            "Intro\n\n```console\n$ echo ftpsim new\nftpsim new\n$ echo ftpsim b\nftpsim b\n```\nEnd\n"
        );
    }
}
