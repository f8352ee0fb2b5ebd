//! Where the page is: one [`Route`] per view, kept in the location hash so
//! that a link reproduces what its sender saw.
//!
//! Form: `#/<view>[/<arg>...][?key=value&...]`, e.g. `#/compare/220/421?lang=fr`.
//! Parsing never fails: an unknown view falls back to the default one and an
//! unreadable parameter to its default value, because a link is user input.

use ftpsim::Lang;
use ftpsim::reply::{Category, Class, ReplyCode};

use crate::reader::Newline;
use crate::sim_params::{Ready, SimParams};
use crate::sizing::SizingParams;

/// Most characters of a wrong code shown back on its error page.
const MAX_SHOWN_TEXT: usize = 12;
use crate::url::{format_query, parse_query};

/// A view and the language it is shown in.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub view: View,
    pub lang: Lang,
}

/// The views of the playground with the state each keeps in the URL.
#[derive(Clone, Debug, PartialEq)]
pub enum View {
    /// A scenario, its run, and one sampled session's transcript.
    Simulator {
        params: SimParams,
        /// The attempt number of the transcript on show.
        session: Option<u64>,
    },
    /// One scenario under every server preset.
    Servers(SimParams),
    /// Refusals against the limit: Erlang B, simulated points, the answer.
    Sizing(SizingParams),
    /// A client's log, diagnosed.
    Diagnose(String),
    /// Raw bytes read by the RFC rule and the lenient rule.
    Reader { raw: String, newline: Newline },
    /// The list of every code.
    Codes(CodesFilter),
    /// One code's page.
    Code(ReplyCode),
    /// A code page asked for something that is not a code (`#/code/999`):
    /// the text as given, trimmed and cut short.
    NotACode(String),
    /// Two codes side by side.
    Compare(ReplyCode, ReplyCode),
}

/// What the code list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodesFilter {
    /// Free text matched against the number, titles and RFC texts.
    pub query: String,
    pub class: Option<Class>,
    pub category: Option<Category>,
}

/// Which entry of the navigation a view belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Simulator,
    Servers,
    Sizing,
    Diagnose,
    Reader,
    Codes,
    Compare,
}

impl Default for View {
    /// The simulator with the quiet evening.
    fn default() -> Self {
        View::Simulator {
            params: SimParams::default(),
            session: None,
        }
    }
}

/// Which of the playground's WebAssembly modules draws a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// `ftpsim_web`: the page, its header and the views that run
    /// simulations; loaded with the page.
    App,
    /// `ftpsim_reading`: the views that read what a server said (code pages,
    /// comparisons, raw replies, client logs); loaded when one is first
    /// opened.
    Reading,
}

impl View {
    pub fn module(&self) -> Module {
        match self {
            View::Simulator { .. } | View::Servers(_) | View::Sizing(_) => Module::App,
            View::Diagnose(_)
            | View::Reader { .. }
            | View::Codes(_)
            | View::Code(_)
            | View::NotACode(_)
            | View::Compare(..) => Module::Reading,
        }
    }

    /// The first comparison a learner should see.
    pub fn default_compare() -> View {
        View::Compare(ReplyCode::SERVICE_READY, ReplyCode::SERVICE_NOT_AVAILABLE)
    }

    /// The reader with its first example.
    pub fn default_reader() -> View {
        View::Reader {
            raw: crate::reader::EXAMPLES[0].raw.to_string(),
            newline: Newline::default(),
        }
    }

    pub fn section(&self) -> Section {
        match self {
            View::Simulator { .. } => Section::Simulator,
            View::Servers(_) => Section::Servers,
            View::Sizing(_) => Section::Sizing,
            View::Diagnose(_) => Section::Diagnose,
            View::Reader { .. } => Section::Reader,
            View::Codes(_) | View::Code(_) | View::NotACode(_) => Section::Codes,
            View::Compare(..) => Section::Compare,
        }
    }
}

impl Route {
    pub fn new(view: View, lang: Lang) -> Route {
        Route { view, lang }
    }

    /// The same view in another language.
    pub fn with_lang(&self, lang: Lang) -> Route {
        Route {
            view: self.view.clone(),
            lang,
        }
    }

    /// Another view in the same language.
    pub fn to(&self, view: View) -> Route {
        Route {
            view,
            lang: self.lang,
        }
    }

    /// Reads a location hash, with or without its leading `#`.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let params = parse_query(query);
        let param = |key: &str| {
            params
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let lang = param("lang")
            .and_then(|tag| tag.parse::<Lang>().ok())
            .unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let code_at = |i: usize| segments.get(i).and_then(|s| s.parse::<ReplyCode>().ok());
        let sim_params =
            || SimParams::from_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))).0;
        let view = match segments.first().copied() {
            Some("sim") => View::Simulator {
                params: sim_params(),
                session: param("sample").and_then(|s| s.parse().ok()),
            },
            // Without a scenario, the servers' own: one where they differ.
            Some("servers") if !params.iter().any(|(k, _)| k != "lang") => {
                View::Servers(Ready::SameCrowd.params())
            }
            Some("servers") => View::Servers(sim_params()),
            Some("diagnose") => View::Diagnose(param("log").unwrap_or_default().to_string()),
            Some("sizing") => View::Sizing(SizingParams::from_pairs(
                params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )),
            Some("reader") => match param("raw") {
                Some(raw) => View::Reader {
                    raw: raw.to_string(),
                    newline: param("nl").and_then(Newline::from_key).unwrap_or_default(),
                },
                None => View::default_reader(),
            },
            Some("codes") => View::Codes(CodesFilter {
                query: param("q").unwrap_or_default().to_string(),
                class: param("class").and_then(class_from_digit),
                category: param("cat")
                    .and_then(|d| d.parse::<u8>().ok())
                    .and_then(Category::from_digit),
            }),
            Some("code") => match code_at(1) {
                Some(code) => View::Code(code),
                None => View::NotACode(
                    segments
                        .get(1)
                        .map(|s| s.chars().take(MAX_SHOWN_TEXT).collect())
                        .unwrap_or_default(),
                ),
            },
            Some("compare") => match (code_at(1), code_at(2)) {
                (Some(a), Some(b)) => View::Compare(a, b),
                _ => View::default_compare(),
            },
            _ => View::default(),
        };
        Route { view, lang }
    }

    /// The location hash for this route, starting with `#`.
    pub fn href(&self) -> String {
        let mut params: Vec<(&str, String)> = Vec::new();
        let path = match &self.view {
            View::Simulator {
                params: sim,
                session,
            } => {
                params.extend(sim.to_pairs());
                if let Some(session) = session {
                    params.push(("sample", session.to_string()));
                }
                "sim".to_string()
            }
            View::Servers(sim) => {
                params.extend(sim.to_pairs());
                "servers".to_string()
            }
            View::Diagnose(log) => {
                if !log.is_empty() {
                    params.push(("log", log.clone()));
                }
                "diagnose".to_string()
            }
            View::Sizing(sizing) => {
                params.extend(sizing.to_pairs());
                "sizing".to_string()
            }
            View::Reader { raw, newline } => {
                params.push(("raw", raw.clone()));
                params.push(("nl", newline.key().to_string()));
                "reader".to_string()
            }
            View::Codes(filter) => {
                if !filter.query.is_empty() {
                    params.push(("q", filter.query.clone()));
                }
                if let Some(class) = filter.class {
                    params.push(("class", class.digit().to_string()));
                }
                if let Some(category) = filter.category {
                    params.push(("cat", category.digit().to_string()));
                }
                "codes".to_string()
            }
            View::Code(code) => format!("code/{code}"),
            View::NotACode(given) => format!("code/{}", crate::url::encode(given)),
            View::Compare(a, b) => format!("compare/{a}/{b}"),
        };
        params.push(("lang", self.lang.tag().to_string()));
        format!("#/{path}{}", format_query(params))
    }
}

fn class_from_digit(digit: &str) -> Option<Class> {
    let digit = digit.parse::<u8>().ok()?;
    Class::ALL.into_iter().find(|c| c.digit() == digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    #[test]
    fn every_view_round_trips_through_its_link() {
        let rush = crate::sim_params::Ready::NineOClockRush.params();
        let views = [
            View::default(),
            View::Simulator {
                params: rush.clone(),
                session: Some(17),
            },
            View::Servers(rush),
            View::Sizing(SizingParams::default()),
            View::Diagnose("Response:\t421 Too many connections (8) from this IP\n".into()),
            View::default_reader(),
            View::Reader {
                raw: "220 caf\\xE9\n&=?#".into(),
                newline: Newline::Ignore,
            },
            View::Codes(CodesFilter::default()),
            View::Codes(CodesFilter {
                query: "ready & waiting".into(),
                class: Some(Class::TransientNegative),
                category: Some(Category::Connections),
            }),
            View::Code(code(421)),
            View::NotACode("abc".into()),
            View::Compare(code(220), code(421)),
            View::Compare(code(631), code(299)),
        ];
        for view in views {
            for lang in Lang::ALL {
                let route = Route::new(view.clone(), lang);
                assert_eq!(Route::parse(&route.href()), route, "{}", route.href());
            }
        }
    }

    #[test]
    fn links_are_readable() {
        let route = Route::new(View::Compare(code(220), code(421)), Lang::Fr);
        assert_eq!(route.href(), "#/compare/220/421?lang=fr");
        let route = Route::new(
            View::Codes(CodesFilter {
                query: "not available".into(),
                class: Some(Class::TransientNegative),
                category: None,
            }),
            Lang::En,
        );
        assert_eq!(route.href(), "#/codes?q=not%20available&class=4&lang=en");
    }

    #[test]
    fn bad_links_fall_back_without_failing() {
        assert_eq!(Route::parse(""), Route::new(View::default(), Lang::En));
        assert_eq!(Route::parse("#/nowhere?lang=de").view, View::default());
        assert_eq!(
            Route::parse("#/code/999").view,
            View::NotACode("999".into())
        );
        assert_eq!(
            Route::parse("#/code/abc").view,
            View::NotACode("abc".into())
        );
        assert_eq!(
            Route::parse("#/servers?lang=fr").view,
            View::Servers(Ready::SameCrowd.params())
        );
        assert_eq!(
            Route::parse("#/sim?max=many&sample=x").view,
            View::Simulator {
                params: SimParams::default(),
                session: None
            }
        );
        assert_eq!(Route::parse("#/reader").view, View::default_reader());
        assert_eq!(Route::parse("#/compare/220").view, View::default_compare());
        let filter = match Route::parse("#/codes?class=9&cat=7&q=%zz").view {
            View::Codes(filter) => filter,
            other => panic!("{other:?}"),
        };
        assert_eq!(filter.class, None);
        assert_eq!(filter.category, None);
        assert_eq!(filter.query, "%zz");
    }

    #[test]
    fn the_last_repeated_parameter_wins_and_hash_is_optional() {
        assert_eq!(Route::parse("/code/220?lang=en&lang=fr").lang, Lang::Fr);
        assert_eq!(Route::parse("#/code/220").view, View::Code(code(220)));
    }
}
