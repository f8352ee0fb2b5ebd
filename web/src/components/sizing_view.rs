//! Sizing: refusals against the limit on clients at once, Erlang B's curve
//! with simulated points on it, and the smallest limit for a target.

use ftpsim::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::run_progress::RunProgress;
use crate::format::{decimal, percent};
use crate::hooks::use_simulations::{RunState, use_simulations};
use crate::i18n::ui;
use crate::route::{Route, View};
use crate::sizing::{self, HEIGHT, SizingParams, WIDTH};

#[derive(Properties, PartialEq, Debug)]
pub struct SizingViewProps {
    pub params: SizingParams,
    pub lang: Lang,
    /// Every edit that reads applies at once: the view is cheap.
    pub on_edit: Callback<SizingParams>,
}

#[component]
pub fn SizingView(props: &SizingViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let params = &props.params;
    let scenarios = use_memo(params.clone(), |p| p.scenarios());
    let runs = use_simulations((*scenarios).clone());
    let limits = params.simulated_limits();
    let done: Vec<(u32, &ftpsim::sim::Report)> = limits
        .iter()
        .zip(runs.states.iter())
        .filter_map(|(&limit, run)| match run {
            RunState::Done { report, .. } => Some((limit, &**report)),
            _ => None,
        })
        .collect();
    let chart = sizing::layout(params, &done, lang);
    let running = runs.states.iter().find_map(|run| match run {
        RunState::Running { progress, events } => Some((*progress, *events)),
        _ => None,
    });
    let field = |key: &'static str, label: &'static str, unit: &'static str, value: f64| {
        let (on_edit, current) = (props.on_edit.clone(), params.clone());
        let oninput = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut pairs = current.to_pairs();
            if let Some(entry) = pairs.iter_mut().find(|(k, _)| *k == key) {
                entry.1 = input.value();
            }
            let next = SizingParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            if next != current {
                on_edit.emit(next);
            }
        });
        let id = format!("sizing-{key}");
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                <span class="with-unit">
                    <input id={id} type="text" inputmode="decimal" autocomplete="off"
                           value={decimal_text(value, lang)} {oninput} />
                    <span class="unit">{ unit }</span>
                </span>
            </div>
        }
    };
    let answer = params.smallest_limit();
    let fmt = |v: f64| format!("{v:.1}");

    html! {
        <section class="sizing" aria-labelledby="sizing-heading">
            <h1 id="sizing-heading">{ text.sizing_heading }</h1>
            <p class="intro">{ text.sizing_intro }</p>
            <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { field("load", text.arrivals_per_minute, "/min", params.load) }
                { field("session", text.session_mean, "s", params.session) }
                { field("target", text.sizing_target, "%", params.target) }
            </form>
            <p class="sizing-answer" id="sizing-answer" data-value={answer.map(|c| c.to_string()).unwrap_or_default()}>
                { format!("{} {} E. ", text.offered_load, decimal(params.erlangs(), 1, lang)) }
                if let Some(c) = answer {
                    { text.smallest_limit }{ " " }<strong>{ c }</strong>
                    { format!(" (Erlang B {}). ", percent(ftpsim::sim::erlang_b(params.erlangs(), c).unwrap_or(0.0), lang)) }
                    <a id="sizing-simulate" href={Route::new(View::Simulator { params: params.params_at(c), session: None }, lang).href()}>
                        { text.open_in_simulator }
                    </a>
                }
            </p>
            <figure class="chart">
                <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-labelledby="sizing-title sizing-desc" id="sizing-chart">
                    <title id="sizing-title">{ text.sizing_chart_title }</title>
                    <desc id="sizing-desc">{ text.sizing_chart_description }</desc>
                    { for chart.y_ticks.iter().map(|(y, label)| html! {
                        <g class="tick">
                            <line x1="70" x2={fmt(WIDTH - 16.0)} y1={fmt(*y)} y2={fmt(*y)} />
                            <text x="64" y={fmt(y + 4.0)} text-anchor="end">{ label }</text>
                        </g>
                    }) }
                    <line class="target" x1="70" x2={fmt(WIDTH - 16.0)} y1={fmt(chart.target_y)} y2={fmt(chart.target_y)} />
                    if let Some(x) = chart.answer_x {
                        <line class="answer" x1={fmt(x)} x2={fmt(x)} y1="14" y2="270" />
                    }
                    <polyline class="mean" points={chart.curve.clone()} />
                    { for chart.points.iter().map(|p| html! {
                        <g class="sim-point" data-limit={p.limit.to_string()} data-value={p.blocking.to_string()}>
                            if let Some((high, low)) = p.interval {
                                <line x1={fmt(p.x)} x2={fmt(p.x)} y1={fmt(high)} y2={fmt(low)} />
                            }
                            <circle cx={fmt(p.x)} cy={fmt(p.y)} r="5" />
                        </g>
                    }) }
                    { for chart.x_ticks.iter().map(|(x, c)| html! {
                        <text class="x-label" x={fmt(*x)} y="292" text-anchor="middle">{ c }</text>
                    }) }
                    <text class="x-label" x={fmt(WIDTH - 16.0)} y="312" text-anchor="end">{ text.max_clients }</text>
                </svg>
                <figcaption class="legend">
                    <span class="key mean-key">{ text.legend_erlang_b }</span>
                    <span class="key greeted-key">{ text.legend_simulated }</span>
                    <span class="key limit-key">{ text.sizing_target }</span>
                </figcaption>
            </figure>
            if let Some((progress, events)) = running {
                <RunProgress {progress} {events} {lang} />
            }
        </section>
    }
}

/// A number as the language writes it in a field.
fn decimal_text(value: f64, lang: Lang) -> String {
    let text = value.to_string();
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}
