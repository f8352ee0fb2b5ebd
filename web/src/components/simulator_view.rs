//! The simulator: ready scenarios, the form, the run and its results.

use ftpsim::Lang;
use yew::prelude::*;

use crate::api::scenario_json;
use crate::components::ready_picker::ReadyPicker;
use crate::components::run_progress::RunProgress;
use crate::components::scenario_form::ScenarioForm;
use crate::components::sim_results::SimResults;
use crate::hooks::use_simulations::{RunState, use_simulations};
use crate::i18n::ui;
use crate::sim_params::{Ready, SimParams};

#[derive(Properties, PartialEq, Debug)]
pub struct SimulatorViewProps {
    pub params: SimParams,
    pub session: Option<u64>,
    pub lang: Lang,
    pub on_apply: Callback<SimParams>,
    pub on_select: Callback<Option<u64>>,
}

#[component]
pub fn SimulatorView(props: &SimulatorViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let scenario = use_memo(props.params.clone(), |params| params.scenario());
    let runs = use_simulations(vec![(*scenario).clone()]);
    let on_pick = props.on_apply.reform(|ready: Ready| ready.params());
    let current = Ready::matching(&props.params);
    let limit = props.params.client_slots();
    let shutdown = props.params.shutdown_window();

    let results = match runs.first() {
        Some(RunState::Done { report, elapsed_ms }) => html! {
            <SimResults report={report.clone()} {limit} {shutdown} selected={props.session}
                        elapsed_ms={*elapsed_ms} {lang} on_select={props.on_select.clone()} />
        },
        Some(RunState::Running { progress, events }) => html! {
            <RunProgress progress={*progress} events={*events} {lang} />
        },
        Some(RunState::Invalid(message)) => html! {
            <p class="form-error" role="alert">{ format!("{}: {message}", text.scenario_refused) }</p>
        },
        Some(RunState::Queued) | None => html! {
            <RunProgress progress={0.0} events={0} {lang} />
        },
    };

    html! {
        <section class="simulator" aria-labelledby="simulator-heading">
            <h1 id="simulator-heading">{ text.simulator_heading }</h1>
            <p class="intro">{ text.simulator_intro }</p>
            <ReadyPicker {current} {lang} {on_pick} />
            <ScenarioForm params={props.params.clone()} {lang} show_preset={true} on_apply={props.on_apply.clone()} />
            { results }
            <details class="scenario-json">
                <summary>{ text.scenario_as_json }</summary>
                <p class="hint">{ text.scenario_json_hint }</p>
                <pre id="scenario-json">{ scenario_json(&scenario) }</pre>
            </details>
        </section>
    }
}
