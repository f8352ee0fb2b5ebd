//! Reading a scenario from a JSON or TOML file, with errors that name the
//! file, the line and the field.

use std::fmt;
use std::path::Path;

use ftpsim::sim::{Scenario, ScenarioError};

/// Why a scenario file could not be used.
#[derive(Debug)]
pub struct ScenarioFileError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field at fault, as a path (`arrivals.segments[1].rate`).
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Toml,
}

/// Chooses by extension, and by the first character otherwise (`{` is
/// JSON).
fn format_of(path: &Path, text: &str) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
        Some(ext) if ext.eq_ignore_ascii_case("toml") => Format::Toml,
        _ if text.trim_start().starts_with('{') => Format::Json,
        _ => Format::Toml,
    }
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioFileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioFileError {
        file: file.clone(),
        line: None,
        field: None,
        message: format!("cannot read the scenario: {e}"),
    })?;
    parse(&file, path, &text)
}

/// Parses and validates scenario text; `file` names it in errors.
pub fn parse(file: &str, path: &Path, text: &str) -> Result<Scenario, ScenarioFileError> {
    let format = format_of(path, text);
    let scenario = match format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let result: Result<Scenario, _> = serde_path_to_error::deserialize(&mut de);
            let scenario = result.map_err(|err| {
                let field = field_of(err.path());
                let inner = err.inner();
                ScenarioFileError {
                    file: file.to_string(),
                    line: Some(inner.line()).filter(|&l| l > 0),
                    field,
                    message: strip_position(&inner.to_string()),
                }
            })?;
            de.end().map_err(|err| ScenarioFileError {
                file: file.to_string(),
                line: Some(err.line()),
                field: None,
                message: strip_position(&err.to_string()),
            })?;
            scenario
        }
        Format::Toml => {
            let de = toml::Deserializer::parse(text).map_err(|err| ScenarioFileError {
                file: file.to_string(),
                line: err.span().map(|s| line_of(text, s.start)),
                field: None,
                message: err.message().trim().to_string(),
            })?;
            let result: Result<Scenario, _> = serde_path_to_error::deserialize(de);
            result.map_err(|err| {
                let field = field_of(err.path());
                let inner = err.inner();
                ScenarioFileError {
                    file: file.to_string(),
                    line: inner.span().map(|s| line_of(text, s.start)),
                    field,
                    message: inner.message().trim().to_string(),
                }
            })?
        }
    };
    scenario
        .validate()
        .map_err(|err| validation_error(file, format, text, err))?;
    Ok(scenario)
}

fn field_of(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (text != ".").then_some(text)
}

/// serde_json appends " at line L column C"; the line is reported apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn validation_error(
    file: &str,
    format: Format,
    text: &str,
    err: ScenarioError,
) -> ScenarioFileError {
    let path = split_path(&err.field);
    let offset = match format {
        Format::Json => locate_json(text, &path),
        Format::Toml => locate_toml(text, &path),
    };
    ScenarioFileError {
        file: file.to_string(),
        line: offset.map(|o| line_of(text, o)),
        field: Some(err.field),
        message: err.message,
    }
}

/// 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `arrivals.segments[2].from` → arrivals, segments, 2, from.
fn split_path(field: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in field.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                segments.push(Segment::Key(rest[..open].to_string()));
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let Some(close) = stripped.find(']') else {
                    break;
                };
                if let Ok(index) = stripped[..close].parse() {
                    segments.push(Segment::Index(index));
                }
                rest = &stripped[close + 1..];
            }
        } else if !rest.is_empty() {
            segments.push(Segment::Key(rest.to_string()));
        }
    }
    segments
}

/// The byte offset of the deepest part of `path` found in a TOML document.
fn locate_toml(text: &str, path: &[Segment]) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let first = match path.first()? {
        Segment::Key(key) => root.get_ref().get(key.as_str())?,
        Segment::Index(_) => return None,
    };
    let mut current = first;
    let mut found = Some(first.span().start);
    for segment in &path[1..] {
        let next = match segment {
            Segment::Key(key) => current.get_ref().get(key.as_str()),
            Segment::Index(index) => current.get_ref().get(*index),
        };
        match next {
            Some(value) => {
                found = Some(value.span().start);
                current = value;
            }
            None => break,
        }
    }
    found
}

/// The byte offset of the deepest part of `path` found in a JSON document,
/// by a small scanner (serde_json keeps no positions for values).
fn locate_json(text: &str, path: &[Segment]) -> Option<usize> {
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    let mut found = None;
    for segment in path {
        scanner.skip_space();
        let located = match segment {
            Segment::Key(key) => scanner.find_key(key),
            Segment::Index(index) => scanner.find_index(*index),
        };
        match located {
            Some(at) => found = Some(at),
            None => break,
        }
    }
    found
}

struct JsonScanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonScanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Skips a string starting at `"`; returns its raw contents.
    fn string(&mut self) -> Option<&[u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 2,
                b'"' => {
                    let raw = &self.bytes[start..self.at];
                    self.at += 1;
                    return Some(raw);
                }
                _ => self.at += 1,
            }
        }
        None
    }

    /// Skips one value of any kind.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
                None
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// Inside an object (at `{`), moves to the value of `key` and returns
    /// the key's offset.
    fn find_key(&mut self, key: &str) -> Option<usize> {
        if self.peek() != Some(b'{') {
            return None;
        }
        self.at += 1;
        loop {
            self.skip_space();
            match self.peek()? {
                b'}' => return None,
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let key_at = self.at;
            let name = self.string()?;
            let matched = name == key.as_bytes();
            self.skip_space();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            self.skip_space();
            if matched {
                return Some(key_at);
            }
            self.skip_value()?;
        }
    }

    /// Inside an array (at `[`), moves to element `index`.
    fn find_index(&mut self, index: usize) -> Option<usize> {
        if self.peek() != Some(b'[') {
            return None;
        }
        self.at += 1;
        for _ in 0..index {
            self.skip_value()?;
            self.skip_space();
            if self.peek()? != b',' {
                return None;
            }
            self.at += 1;
        }
        self.skip_space();
        Some(self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(name: &str, text: &str) -> ScenarioFileError {
        parse(name, Path::new(name), text).unwrap_err()
    }

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            split_path("arrivals.segments[2].from"),
            vec![
                Segment::Key("arrivals".into()),
                Segment::Key("segments".into()),
                Segment::Index(2),
                Segment::Key("from".into()),
            ]
        );
    }

    #[test]
    fn toml_type_errors_name_line_and_field() {
        let err = error(
            "s.toml",
            "duration = 60\n\n[arrivals]\nkind = \"poisson\"\nrate = \"fast\"\n",
        );
        assert_eq!(err.field.as_deref(), Some("arrivals.rate"), "{err}");
        assert!(err.line.is_some(), "{err}");
        assert!(err.to_string().starts_with("s.toml:"), "{err}");
    }

    #[test]
    fn toml_validation_errors_point_at_the_field() {
        let err = error(
            "s.toml",
            "duration = 60\n[session]\nkind = \"pareto\"\nmean = 10\nshape = 0.8\n",
        );
        assert_eq!(err.field.as_deref(), Some("session.shape"));
        assert_eq!(err.line, Some(5));
        let err = error(
            "s.toml",
            "duration = 60\n[arrivals]\nkind = \"piecewise\"\nsegments = [\n  { from = 0, rate = 1 },\n  { from = -5, rate = 2 },\n]\n",
        );
        assert_eq!(err.field.as_deref(), Some("arrivals.segments[1].from"));
        assert_eq!(err.line, Some(6));
    }

    #[test]
    fn unknown_toml_fields_are_named() {
        let err = error("s.toml", "duration = 60\n[server]\nmax_client = 3\n");
        assert!(err.message.contains("max_client"), "{err}");
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn json_errors_name_line_and_field() {
        let err = error(
            "s.json",
            "{\n  \"duration\": 60,\n  \"server\": {\n    \"max_clients\": -1\n  }\n}\n",
        );
        assert_eq!(err.field.as_deref(), Some("server.max_clients"));
        assert_eq!(err.line, Some(4));
        let err = error(
            "s.json",
            "{\n  \"duration\": 60,\n  \"retry\": {\"kind\": \"backoff\", \"base\": 5,\n \"max\": 1, \"max_attempts\": 3}\n}\n",
        );
        assert_eq!(err.field.as_deref(), Some("retry.max"));
        assert_eq!(err.line, Some(4));
        let err = error("s.json", "{\"duration\": 60,\n\"duraton\": 1}");
        assert!(err.message.contains("duraton"), "{err}");
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn json_arrays_are_located() {
        let text =
            "{\"arrivals\": {\"kind\": \"explicit\", \"times\": [1,\n 2,\n 1]}, \"duration\": 9}";
        let err = error("s.json", text);
        assert_eq!(err.field.as_deref(), Some("arrivals.times[2]"));
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn a_valid_file_parses_in_both_formats() {
        let json = parse(
            "a.json",
            Path::new("a.json"),
            "{\"duration\": 10, \"server\": {\"preset\": \"vsftpd\", \"max_clients\": 3}}",
        )
        .unwrap();
        let toml = parse(
            "a.toml",
            Path::new("a.toml"),
            "duration = 10\n[server]\npreset = \"vsftpd\"\nmax_clients = 3\n",
        )
        .unwrap();
        assert_eq!(json, toml);
    }
}
