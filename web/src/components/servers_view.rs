//! Same load, different servers: one scenario under every preset, side by
//! side, with what a refused client actually receives from each.

use std::rc::Rc;

use ftpsim::Lang;
use ftpsim::admission::{Preset, ServerSpec};
use ftpsim::sim::Report;
use ftpsim::sim::report::Side;
use yew::prelude::*;

use crate::components::ready_picker::ReadyPicker;
use crate::components::run_progress::RunProgress;
use crate::components::scenario_form::ScenarioForm;
use crate::format::{count, percent};
use crate::hooks::use_simulations::{RunState, use_simulations};
use crate::i18n::{Ui, ui};
use crate::route::{Route, View};
use crate::sim_params::{Ready, SimParams};

#[derive(Properties, PartialEq, Debug)]
pub struct ServersViewProps {
    pub params: SimParams,
    pub lang: Lang,
    pub on_apply: Callback<SimParams>,
}

#[component]
pub fn ServersView(props: &ServersViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let scenarios = use_memo(props.params.clone(), |params| {
        Preset::ALL
            .iter()
            .map(|&preset| {
                SimParams {
                    server: ServerSpec {
                        preset,
                        ..params.server.clone()
                    },
                    ..params.clone()
                }
                .scenario()
            })
            .collect::<Vec<_>>()
    });
    let runs = use_simulations((*scenarios).clone());
    let reset = use_state(|| 0u32);
    let on_pick = {
        let (reset, on_apply) = (reset.clone(), props.on_apply.clone());
        Callback::from(move |ready: Ready| {
            reset.set(*reset + 1);
            on_apply.emit(ready.params());
        })
    };
    let current = Ready::matching(&props.params);

    html! {
        <section class="servers" aria-labelledby="servers-heading">
            <h1 id="servers-heading">{ text.servers_heading }</h1>
            <p class="intro">{ text.servers_intro }</p>
            <ReadyPicker {current} cards={Ready::SERVERS.to_vec()} {lang} {on_pick} />
            <ScenarioForm params={props.params.clone()} {lang} show_preset={false} reset={*reset}
                          on_apply={props.on_apply.clone()} />
            <div class="server-grid">
                { for Preset::ALL.iter().zip(runs.states.iter()).map(|(&preset, run)| html! {
                    <article class="server-card" data-preset={preset.name()}>
                        <h2>{ preset.server() }</h2>
                        { server_result(preset, run, text, lang) }
                    </article>
                }) }
            </div>
            <p class="note">{ text.servers_note }</p>
        </section>
    }
}

fn server_result(preset: Preset, run: &RunState, text: &Ui, lang: Lang) -> Html {
    match run {
        RunState::Done { report, .. } => outcome(report, text, lang),
        RunState::Running { progress, events } => html! {
            <RunProgress progress={*progress} events={*events} {lang} label={AttrValue::from(preset.name())} />
        },
        RunState::Queued => html! { <p class="hint">{ text.waiting }</p> },
        RunState::Invalid(message) => html! { <p class="form-error">{ message.clone() }</p> },
        RunState::Cancelled => html! { <p class="hint">{ text.run_cancelled }</p> },
    }
}

fn outcome(report: &Rc<Report>, text: &Ui, lang: Lang) -> Html {
    let code_link = |code: &str| -> Html {
        match code.parse::<ftpsim::ReplyCode>() {
            Ok(c) => {
                html! { <a class="code-number" href={Route::new(View::Code(c), lang).href()}>{ code }</a> }
            }
            Err(_) => html! { <span class="code-number">{ text.silent_close }</span> },
        }
    };
    let server_lines = |outcome: &str| -> Option<Vec<String>> {
        report
            .transcripts
            .iter()
            .find(|t| t.outcome == outcome)
            .map(|t| {
                t.lines
                    .iter()
                    .filter(|l| l.from == Side::Server)
                    .map(|l| l.text.trim_end_matches(['\r', '\n']).to_string())
                    .collect()
            })
    };
    html! {
        <>
            <dl class="facts">
                <div><dt>{ text.users_served }</dt>
                    <dd class="users-served" data-value={report.users.users_completed.to_string()}>{ count(report.users.users_completed, lang) }</dd></div>
                <div><dt>{ text.users_failed }</dt>
                    <dd class="users-failed" data-value={report.users.users_failed.to_string()}>{ count(report.users.users_failed, lang) }</dd></div>
                <div><dt>{ text.first_attempt_refused }</dt>
                    <dd class="first-attempt">{ report.users.first_attempt_blocking.map_or_else(|| "—".to_string(), |p| percent(p, lang)) }</dd></div>
                <div><dt>{ code_link("220") }{ " " }{ text.greeted }</dt>
                    <dd class="greeted" data-value={report.greeted.to_string()}>{ count(report.greeted, lang) }</dd></div>
                { for report.refused_by_code.iter().map(|c| html! {
                    <div><dt>{ code_link(&c.code) }</dt>
                        <dd class="refused" data-code={c.code.clone()} data-value={c.count.to_string()}>{ count(c.count, lang) }</dd></div>
                }) }
                <div><dt>{ text.blocking }</dt><dd>{ percent(report.blocking_probability, lang) }</dd></div>
            </dl>
            if let Some(lines) = server_lines("refused") {
                <h3>{ text.refused_client_sees }</h3>
                if lines.is_empty() {
                    <p class="wire-sample empty">{ text.silent_close_note }</p>
                } else {
                    <pre class="wire-sample refused">{ lines.join("\n") }</pre>
                }
            }
            if let Some(lines) = server_lines("greeted") {
                <h3>{ text.greeted_client_sees }</h3>
                <pre class="wire-sample greeted">{ lines.join("\n") }</pre>
            }
        </>
    }
}
