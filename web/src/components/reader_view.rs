//! The reply reader: paste what a server sent, see how each client's rule
//! splits it into replies, rules that agree side by side, and where and why
//! a rule gives up.

use ftpsim::Lang;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::format::count;
use crate::i18n::{Ui, ui};
use ftpsim::reply::parser::{Reading, Rule};

use crate::reader::{EXAMPLES, Glyph, Newline, Role, compare, decode, spans, visible};
use crate::route::{Route, View};

#[derive(Properties, PartialEq, Debug)]
pub struct ReaderViewProps {
    pub raw: String,
    pub newline: Newline,
    pub lang: Lang,
    /// Typing in the box.
    pub on_edit: Callback<(String, Newline)>,
    /// Loading an example.
    pub on_load: Callback<(String, Newline)>,
}

/// The wire view shows at most this many bytes; the parse covers them all.
const SHOWN_BYTES: usize = 4096;

#[component]
pub fn ReaderView(props: &ReaderViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let decoded = use_memo((props.raw.clone(), props.newline), |(raw, newline)| {
        decode(raw, *newline)
    });
    let oninput = {
        let (on_edit, newline) = (props.on_edit.clone(), props.newline);
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_edit.emit((area.value(), newline));
        })
    };
    let newline_choice = |newline: Newline, label: &'static str| {
        let (on_edit, raw) = (props.on_edit.clone(), props.raw.clone());
        let onchange = Callback::from(move |_: Event| on_edit.emit((raw.clone(), newline)));
        html! {
            <label class="radio">
                <input type="radio" name="newline" value={newline.key()} checked={props.newline == newline} {onchange} />
                { label }
            </label>
        }
    };

    let body = match &*decoded {
        Err(error) => html! {
            <p class="form-error" role="alert" id="escape-error">{ error.message(lang) }</p>
        },
        Ok(bytes) => {
            let comparison = compare(bytes);
            let verdict = match comparison.part_ways_at {
                None => text.rules_agree.to_string(),
                Some(at) => format!("{} {at}.", text.rules_disagree),
            };
            html! {
                <>
                    <p class="count" id="byte-count">{ format!("{} {}", count(bytes.len() as u64, lang), text.bytes) }</p>
                    <p class={classes!("verdict", if comparison.part_ways_at.is_none() { "agree" } else { "disagree" })} id="verdict"
                       data-groups={comparison.groups.len().to_string()}>
                        { verdict }
                    </p>
                    <div class="readings">
                        { for comparison.groups.iter().filter_map(|group| {
                            let reading = comparison.readings.iter().find(|r| r.rule == group[0])?;
                            Some(reading_view(bytes, reading, group, text, lang))
                        }) }
                    </div>
                </>
            }
        }
    };

    html! {
        <section class="reader" aria-labelledby="reader-heading">
            <h1 id="reader-heading">{ text.reader_heading }</h1>
            <p class="intro">{ text.reader_intro }</p>
            <div class="examples" role="group" aria-label={text.examples}>
                <span class="hint">{ text.examples }</span>
                { for EXAMPLES.iter().map(|example| {
                    let onclick = props.on_load.reform(move |_: MouseEvent| (example.raw.to_string(), Newline::default()));
                    let current = props.raw == example.raw;
                    html! {
                        <button type="button" class="quiet" data-example={example.key} aria-pressed={current.to_string()} {onclick}>
                            { example.title(lang) }
                        </button>
                    }
                }) }
            </div>
            <label class="field" for="raw-input">{ text.raw_bytes }</label>
            <textarea id="raw-input" rows="6" spellcheck="false" autocomplete="off" value={props.raw.clone()}
                      {oninput} aria-describedby="raw-hint" />
            <p class="hint" id="raw-hint">{ text.escapes_hint }</p>
            <fieldset class="newline">
                <legend>{ text.typed_line_break }</legend>
                { newline_choice(Newline::CrLf, "CR LF") }
                { newline_choice(Newline::Lf, "LF") }
                { newline_choice(Newline::Ignore, text.nothing) }
            </fieldset>
            { body }
        </section>
    }
}

fn glyph(glyph: Glyph) -> Html {
    match glyph {
        Glyph::Text(text) => html! { { text } },
        Glyph::Control(name) if name == "LF" => {
            html! { <><span class="ctl">{ name }</span>{ "\n" }</> }
        }
        Glyph::Control(name) => html! { <span class="ctl">{ name }</span> },
        Glyph::Hex(byte) => html! { <span class="ctl hex">{ format!("{byte:02X}") }</span> },
    }
}

/// One reading, shared by every rule of `group`.
fn reading_view(bytes: &[u8], reading: &Reading, group: &[Rule], text: &Ui, lang: Lang) -> Html {
    let id = reading.rule.name();
    let title = group
        .iter()
        .map(|rule| rule.label())
        .collect::<Vec<_>>()
        .join(" · ");
    let shown = bytes.len().min(SHOWN_BYTES);
    let wire: Vec<Html> = spans(bytes.len(), reading)
        .into_iter()
        .filter(|s| s.start < shown || (s.role == Role::Error && s.start <= shown))
        .map(|s| {
            let end = s.end.min(shown);
            let class = match s.role {
                Role::Reply(i) if i % 2 == 0 => "seg even",
                Role::Reply(_) => "seg odd",
                Role::Unfinished => "seg unfinished",
                Role::Error => "seg error",
                Role::Unread => "seg unread",
            };
            let content: Html = if s.start == s.end {
                html! { <span class="ctl">{ text.end_of_input }</span> }
            } else {
                visible(&bytes[s.start..end])
                    .into_iter()
                    .map(glyph)
                    .collect()
            };
            let title = match s.role {
                Role::Reply(i) => format!("{} {} · {}–{}", text.reply, i + 1, s.start, s.end),
                Role::Error => format!("{} {}", text.byte, s.start),
                _ => format!("{}–{}", s.start, s.end),
            };
            html! { <span {class} {title}>{ content }</span> }
        })
        .collect();
    html! {
        <article class="reading" id={format!("reading-{id}")} data-replies={reading.replies.len().to_string()}>
            <h2>{ title }</h2>
            <ul class="rules hint" aria-label={text.read_alike}>
                { for group.iter().map(|rule| html! {
                    <li id={format!("rule-{}", rule.name())} data-replies={reading.replies.len().to_string()}>
                        <strong>{ rule.label() }</strong>{ " — " }{ rule.about(lang) }
                        <br /><small>{ rule.source() }</small>
                    </li>
                }) }
            </ul>
            <pre class="wire" aria-label={text.wire_view}>{ for wire }</pre>
            if bytes.len() > shown {
                <p class="hint">{ format!("{} {} {}", text.wire_truncated, count(shown as u64, lang), text.bytes) }</p>
            }
            <ol class="replies">
                { for reading.replies.iter().enumerate().map(|(i, parsed)| {
                    let code = parsed.code();
                    let reply = parsed.reply();
                    html! {
                        <li class={if i % 2 == 0 { "even" } else { "odd" }}>
                            <a class="code-number" href={Route::new(View::Code(code), lang).href()}>{ code.to_string() }</a>
                            if parsed.opening_code() != code {
                                <span class="pill">{ format!("{} {}", text.opened_as, parsed.opening_code()) }</span>
                            }
                            <span class="hint">
                                { format!(" {} {}–{} · {} {}", text.bytes, parsed.offset(), parsed.end(),
                                    reply.lines().len(), if reply.lines().len() == 1 { text.line } else { text.lines }) }
                            </span>
                            <pre class="reply-text">{ reply.text() }</pre>
                        </li>
                    }
                }) }
            </ol>
            if reading.replies.is_empty() {
                <p class="hint">{ text.no_reply }</p>
            }
            if let Some(error) = reading.error {
                <p class="parse-error" role="note" data-offset={error.offset().to_string()}>
                    <strong>{ text.stopped }</strong>{ " " }{ error.message(lang) }
                </p>
            }
        </article>
    }
}
