//! One connection's exchange, line by line, as an FTP server's log shows
//! it: time, who spoke, what crossed the wire.

use ftpsim::Lang;
use ftpsim::sim::report::{SampledSession, Side};
use yew::prelude::*;

use crate::format::clock;
use crate::i18n::ui;

#[derive(Properties, PartialEq, Debug)]
pub struct TranscriptViewProps {
    pub transcript: SampledSession,
    pub lang: Lang,
}

#[component]
pub fn TranscriptView(props: &TranscriptViewProps) -> Html {
    let text = ui(props.lang);
    let t = &props.transcript;
    let outcome = crate::sampled::ending(t, props.lang);
    html! {
        <section class="transcript" aria-labelledby="transcript-heading" id="transcript">
            <h3 id="transcript-heading">
                { format!("{} #{} · {} · {}", text.session, t.attempt, t.client_ip, outcome) }
            </h3>
            <table class="log">
                <caption class="visually-hidden">{ text.transcript }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ text.time }</th>
                        <th scope="col">{ text.from }</th>
                        <th scope="col">{ text.line_heading }</th>
                    </tr>
                </thead>
                <tbody>
                    { for t.lines.iter().map(|line| {
                        let (who, class) = match line.from {
                            Side::Client => (text.client, "client"),
                            Side::Server => (text.server, "server"),
                        };
                        let shown = line.text.trim_end_matches(['\r', '\n']);
                        html! {
                            <tr class={class}>
                                <td class="time">{ clock(line.at) }</td>
                                <td class="who">{ who }</td>
                                <td class="wire"><code>{ shown }</code></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if t.outcome != "greeted" && !t.lines.iter().any(|l| l.from == Side::Server) {
                <p class="note">{ text.silent_close_note }</p>
            }
            if !t.closed {
                <p class="hint">{ text.still_open }</p>
            }
        </section>
    }
}
