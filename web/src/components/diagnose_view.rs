//! Diagnose a log: a client's log pasted in, every refusal in it explained
//! with its fix, by the core's `diagnose`.

use ftpsim::Lang;
use ftpsim::diagnose::diagnose;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::i18n::ui;

/// Most characters of a log the address keeps: links stay short enough to
/// share; the page still reads all that was pasted.
pub const MAX_LOG_IN_URL: usize = 4000;

/// Logs to start from: what FileZilla and lftp print when a server refuses.
pub const EXAMPLES: [(&str, &str); 3] = [
    (
        "FileZilla",
        "Status:\tConnecting to 192.0.2.10:21...\nStatus:\tConnection established, waiting for welcome message...\nResponse:\t421 Too many connections (8) from this IP\nError:\tCould not connect to server\nStatus:\tWaiting to retry...\n",
    ),
    (
        "lftp -d",
        "---- Connecting to ftp.example.org (192.0.2.10) port 21\n<--- 530 Sorry, the maximum number of clients (5) from your host are already connected.\n---> QUIT\n",
    ),
    (
        "curl -v",
        "*   Trying 192.0.2.10:21...\n* Connected to ftp.example.org (192.0.2.10) port 21 (#0)\n< 421 There are too many connected users, please try later.\n* Connection #0 to host ftp.example.org left intact\n",
    ),
];

#[derive(Properties, PartialEq, Debug)]
pub struct DiagnoseViewProps {
    /// The log as the address holds it (at most [`MAX_LOG_IN_URL`]).
    pub log: String,
    pub lang: Lang,
    pub on_edit: Callback<String>,
}

#[component]
pub fn DiagnoseView(props: &DiagnoseViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    // The whole paste; the address keeps its first part.
    let log = use_state(|| props.log.clone());
    {
        let log = log.clone();
        use_effect_with(props.log.clone(), move |from_url| {
            if !log.starts_with(from_url.as_str()) || from_url.is_empty() {
                log.set(from_url.clone());
            }
        });
    }
    let diagnosis = use_memo(((*log).clone(), lang), |(log, lang)| diagnose(log, *lang));
    let oninput = {
        let (log, on_edit) = (log.clone(), props.on_edit.clone());
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let value = area.value();
            on_edit.emit(value.chars().take(MAX_LOG_IN_URL).collect());
            log.set(value);
        })
    };
    let cut = log.chars().count() > MAX_LOG_IN_URL;

    html! {
        <section class="diagnose" aria-labelledby="diagnose-heading">
            <h1 id="diagnose-heading">{ text.diagnose_heading }</h1>
            <p class="intro">{ text.diagnose_intro }</p>
            <div class="examples" role="group" aria-label={text.examples}>
                { for EXAMPLES.iter().map(|&(name, example)| {
                    let (log, on_edit) = (log.clone(), props.on_edit.clone());
                    let onclick = Callback::from(move |_: MouseEvent| {
                        log.set(example.to_string());
                        on_edit.emit(example.to_string());
                    });
                    html! { <button type="button" class="quiet" data-example={name.to_string()} {onclick}>{ name }</button> }
                }) }
            </div>
            <div class="field">
                <label for="log-input">{ text.paste_log }</label>
                <textarea id="log-input" rows="8" spellcheck="false" value={(*log).clone()} {oninput} />
                if cut {
                    <span class="hint" id="log-cut">{ format!("{} {MAX_LOG_IN_URL}.", text.link_keeps_first) }</span>
                }
            </div>
            <p class="diagnosis-summary" id="diagnosis-summary" data-source={diagnosis.source.key()}
               data-findings={diagnosis.findings.len().to_string()}>
                { format!("{} {} · {} {}", text.log_format, diagnosis.source.key(), diagnosis.replies, text.replies_read) }
                { " · " }
                { match diagnosis.server.family {
                    Some(family) => format!("{} {}", text.server_seems, family.name()),
                    None => text.server_unknown.to_string(),
                } }
            </p>
            if diagnosis.findings.is_empty() {
                <p class="hint" id="no-findings">{ text.nothing_refused }</p>
            }
            <ol class="findings">
                { for diagnosis.findings.iter().map(|f| html! {
                    <li class="finding" data-line={f.line.to_string()}>
                        <p class="quote"><span class="hint">{ format!("{} {} ", text.line_heading, f.line) }</span><code>{ f.quote.trim() }</code></p>
                        <p><strong>{ text.cause }</strong>{ " " }{ &f.explanation }</p>
                        <p class="fix"><strong>{ text.fix }</strong>{ " " }{ &f.fix }</p>
                    </li>
                }) }
            </ol>
        </section>
    }
}
