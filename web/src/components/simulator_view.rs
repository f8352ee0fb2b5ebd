//! The simulator: ready scenarios, the form, the run and its results.

use std::cell::RefCell;
use std::rc::Rc;

use ftpsim::Lang;
use ftpsim::sim::Report;
use yew::prelude::*;

use crate::api::{scenario_json, to_json};
use crate::chart::timeline_csv;
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
    /// Applies without a new history entry: a live re-run while editing.
    pub on_live: Callback<SimParams>,
    pub on_select: Callback<Option<u64>>,
}

/// The last report shown (with its run time) and the one before it (the
/// chart's ghost).
#[derive(Default)]
struct Shown {
    last: Option<Last>,
    before: Option<Rc<Report>>,
}

/// A report and what it is drawn with: its run time, and the limit and
/// shutdown window of the scenario that made it (not of the one being
/// run next, which would redraw the old results for nothing).
#[derive(Clone)]
struct Last {
    report: Rc<Report>,
    elapsed_ms: f64,
    limit: Option<u32>,
    shutdown: Option<(f64, f64)>,
}

#[component]
pub fn SimulatorView(props: &SimulatorViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let scenario = use_memo(props.params.clone(), |params| params.scenario());
    let runs = use_simulations(vec![(*scenario).clone()]);
    let reset = use_state(|| 0u32);
    // Set by the form after every applied change: no render when it stays.
    let stale = use_state_eq(|| false);
    let shown = use_mut_ref(Shown::default);
    // Run pressed: once its results are in, bring them into view (on a
    // phone they are screens below the button).
    let scroll_pending = use_mut_ref(|| false);
    // The callbacks stay the same from one render to the next unless what
    // they use changes, so that the form and the cards are not redrawn when
    // only the run's state moves (most of a re-run's renders). Counters
    // live in cells: a handle kept from an earlier render reads old values.
    let resets = use_memo((), |_| std::cell::Cell::new(0u32));
    let on_pick = {
        let reset = reset.clone();
        use_callback(props.on_apply.clone(), move |ready: Ready, on_apply| {
            resets.set(resets.get() + 1);
            reset.set(resets.get());
            on_apply.emit(ready.params());
        })
    };
    let on_apply = {
        let cancelled = matches!(runs.states.first(), Some(RunState::Cancelled));
        let scroll_pending = scroll_pending.clone();
        use_callback(
            (
                props.on_apply.clone(),
                props.params.clone(),
                runs.restart.clone(),
                cancelled,
            ),
            move |new: SimParams, (on_apply, params, restart, cancelled)| {
                *scroll_pending.borrow_mut() = true;
                // Run on the scenario that was stopped starts it again.
                if new == *params && *cancelled {
                    restart.emit(());
                }
                on_apply.emit(new);
            },
        )
    };
    let on_dirty = {
        let stale = stale.clone();
        use_callback((), move |dirty: bool, ()| stale.set(dirty))
    };
    // Written only once the reader opens it: serialising is work (and code
    // to compile) that the first render does not need.
    let json_open = use_state_eq(|| false);
    let json = use_memo((scenario.clone(), *json_open), |(scenario, open)| {
        if *open {
            scenario_json(scenario)
        } else {
            String::new()
        }
    });
    let on_json_toggle = {
        let json_open = json_open.clone();
        use_callback((), move |event: Event, ()| {
            let details: web_sys::HtmlDetailsElement = event.target_unchecked_into();
            json_open.set(details.open());
        })
    };
    {
        let done = matches!(runs.states.first(), Some(RunState::Done { .. }));
        let scroll_pending = scroll_pending.clone();
        use_effect(move || {
            if done && std::mem::take(&mut *scroll_pending.borrow_mut()) {
                scroll_to_results();
            }
        });
    }
    let current = Ready::matching(&props.params);
    let limit = props.params.client_slots();
    let shutdown = props.params.shutdown_window();

    // While a new run is under way the last results stay, marked busy:
    // the page then updates them in place instead of building them again,
    // which is most of a small scenario's re-run.
    let last = shown.borrow().last.clone();
    let results = match runs.states.first() {
        Some(RunState::Done { report, elapsed_ms }) => {
            let (ghost, drawn) = ghost_of(
                &shown,
                Last {
                    report: report.clone(),
                    elapsed_ms: *elapsed_ms,
                    limit,
                    shutdown,
                },
            );
            let (limit, shutdown) = (drawn.limit, drawn.shutdown);
            let sim = html! {
                <SimResults report={report.clone()} {ghost} {limit} {shutdown} selected={props.session}
                            elapsed_ms={*elapsed_ms} stale={*stale} busy={false} {lang} on_select={props.on_select.clone()} />
            };
            // The same three places as below, so that the results are
            // updated, not rebuilt.
            html! { <>{ Html::default() }{ sim }{ exports(report, &scenario, text) }</> }
        }
        Some(state @ (RunState::Running { .. } | RunState::Queued)) => {
            let progress = match state {
                RunState::Running { progress, events } => html! {
                    <RunProgress progress={*progress} events={*events} {lang} on_cancel={runs.cancel.clone()} />
                },
                _ if last.is_none() => html! { <RunProgress progress={0.0} events={0} {lang} /> },
                _ => Html::default(),
            };
            let sim = match last {
                Some(Last {
                    report,
                    elapsed_ms,
                    limit,
                    shutdown,
                }) => html! {
                    <SimResults {report} ghost={shown.borrow().before.clone()} {limit} {shutdown} selected={props.session}
                                {elapsed_ms} stale={*stale} busy={true} {lang} on_select={props.on_select.clone()} />
                },
                None => Html::default(),
            };
            html! { <>{ progress }{ sim }{ Html::default() }</> }
        }
        Some(RunState::Invalid(message)) => html! {
            <p class="form-error" role="alert">{ format!("{}: {message}", text.scenario_refused) }</p>
        },
        Some(RunState::Cancelled) => html! {
            <p class="cancelled" id="run-cancelled" role="status">{ text.run_cancelled }</p>
        },
        None => html! { <RunProgress progress={0.0} events={0} {lang} /> },
    };

    html! {
        <section class="simulator" aria-labelledby="simulator-heading">
            <h1 id="simulator-heading" tabindex="-1">{ text.simulator_heading }</h1>
            <p class="intro">{ text.simulator_intro }</p>
            <ReadyPicker {current} cards={Ready::ALL.to_vec()} {lang} {on_pick} />
            <ScenarioForm params={props.params.clone()} {lang} show_preset={true} reset={*reset}
                          {on_apply} on_live={Some(props.on_live.clone())} {on_dirty} />
            { results }
            <details class="scenario-json" ontoggle={on_json_toggle}>
                <summary>{ text.scenario_as_json }</summary>
                <p class="hint">{ text.scenario_json_hint }</p>
                <pre id="scenario-json">{ (*json).clone() }</pre>
            </details>
        </section>
    }
}

fn scroll_to_results() {
    let results = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("results"));
    if let Some(results) = results {
        results.scroll_into_view();
    }
}

/// The run shown before `now`, and what `now` is drawn with: as it comes
/// if it is a new report, as first drawn if not (the form may hold another
/// scenario already).
fn ghost_of(shown: &Rc<RefCell<Shown>>, now: Last) -> (Option<Rc<Report>>, Last) {
    let mut shown = shown.borrow_mut();
    match &shown.last {
        Some(last) if Rc::ptr_eq(&last.report, &now.report) => {
            let drawn = last.clone();
            (shown.before.clone(), drawn)
        }
        _ => {
            shown.before = shown.last.replace(now.clone()).map(|last| last.report);
            (shown.before.clone(), now)
        }
    }
}

/// Links that save the report as JSON, the timeline as CSV and the chart
/// as SVG. Each file is made when its link is clicked (before the browser
/// follows it), not at every render: the report as JSON is the largest
/// thing on the page.
fn exports(report: &Rc<Report>, scenario: &ftpsim::sim::Scenario, text: &crate::i18n::Ui) -> Html {
    let stem = scenario
        .name
        .clone()
        .unwrap_or_else(|| "scenario".to_string());
    let fill = |make: Rc<dyn Fn() -> String>| {
        Callback::from(move |event: MouseEvent| {
            let link: web_sys::HtmlElement = event.target_unchecked_into();
            let _ = link.set_attribute("href", &make());
        })
    };
    let data = |mime: &str, body: &str| {
        format!(
            "data:{mime};charset=utf-8,{}",
            js_sys::encode_uri_component(body)
        )
    };
    let on_json = {
        let report = report.clone();
        fill(Rc::new(move || {
            data("application/json", &to_json(&*report))
        }))
    };
    let on_csv = {
        let report = report.clone();
        fill(Rc::new(move || data("text/csv", &timeline_csv(&report))))
    };
    let on_svg = fill(Rc::new(move || {
        // The chart as drawn now (ghost and selection included), made to
        // stand alone: its own namespace and colours.
        let svg = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("timeline-chart"))
            .map(|e| crate::chart::standalone_svg(&e.outer_html()))
            .unwrap_or_default();
        data("image/svg+xml", &svg)
    }));
    html! {
        <p class="exports" id="exports">
            <span>{ text.export }</span>
            <a id="export-json" href="#" download={format!("{stem}-report.json")} onclick={on_json}>{ text.export_json }</a>
            <a id="export-csv" href="#" download={format!("{stem}-timeline.csv")} onclick={on_csv}>{ text.export_csv }</a>
            <a id="export-svg" href="#" download={format!("{stem}-chart.svg")} onclick={on_svg}>{ text.export_svg }</a>
        </p>
    }
}
