//! Concurrent sessions over time: the band between the least and most held
//! in each stretch, the average line, the limit, the shutdown window, the
//! refusals underneath, and the sampled sessions to click.

use std::rc::Rc;

use ftpsim::Lang;
use ftpsim::sim::Report;
use yew::prelude::*;

use crate::chart::{self, DOT_SPACING, REFUSALS_BOTTOM, REFUSALS_TOP, SESSIONS_Y, WIDTH};
use crate::i18n::ui;
use crate::sampled::ending;

#[derive(Properties, PartialEq, Debug)]
pub struct TimelineChartProps {
    pub report: Rc<Report>,
    /// The run before the last edit, drawn faintly for comparison.
    #[prop_or_default]
    pub ghost: Option<Rc<Report>>,
    pub limit: Option<u32>,
    /// Seconds: new connections refused from, live sessions ended at.
    pub shutdown: Option<(f64, f64)>,
    pub selected: Option<u64>,
    pub lang: Lang,
    pub on_select: Callback<u64>,
}

#[component]
pub fn TimelineChart(props: &TimelineChartProps) -> Html {
    let text = ui(props.lang);
    let chart = use_memo(
        (
            props.report.clone(),
            props.limit,
            props.shutdown.map(|(a, b)| (a.to_bits(), b.to_bits())),
        ),
        |(report, limit, _)| chart::layout(report, *limit, props.shutdown),
    );
    let c = &*chart;
    let ghost = props.ghost.as_ref().map(|g| c.ghost_line(g));
    let view_box = format!("0 0 {WIDTH} {}", c.height);
    let hit_radius = fmt(DOT_SPACING / 2.0);
    html! {
        <figure class="chart">
            <div class="chart-scroll">
            <svg viewBox={view_box} role="group" aria-labelledby="chart-title" aria-describedby="chart-desc" id="timeline-chart"
                 data-buckets={props.report.timeline.buckets.len().to_string()}>
                <title id="chart-title">{ text.chart_title }</title>
                <desc id="chart-desc">{ text.chart_description }</desc>
                if let Some((from, to)) = c.shutdown {
                    <rect class="shutdown" x={fmt(from)} y={fmt(c.plot_top)} width={fmt((to - from).max(1.0))}
                          height={fmt(c.plot_bottom - c.plot_top)}>
                        <title>{ text.shutdown_window }</title>
                    </rect>
                }
                { for c.y_ticks.iter().map(|t| html! {
                    <g class="tick">
                        <line x1={fmt(c.plot_left)} x2={fmt(c.plot_right)} y1={fmt(t.at)} y2={fmt(t.at)} />
                        <text x={fmt(c.plot_left - 6.0)} y={fmt(t.at + 4.0)} text-anchor="end">{ &t.label }</text>
                    </g>
                }) }
                <polygon class="band" points={c.band.clone()} />
                if let Some(ghost) = ghost {
                    <polyline class="ghost" points={ghost} />
                }
                <polyline class="mean" points={c.mean.clone()} />
                if let (Some(y), Some(limit)) = (c.limit_y, c.limit) {
                    <g class="limit">
                        <line x1={fmt(c.plot_left)} x2={fmt(c.plot_right)} y1={fmt(y)} y2={fmt(y)} />
                        <text x={fmt(c.plot_right - 4.0)} y={fmt(y - 5.0)} text-anchor="end">
                            { format!("{} = {limit}", text.limit) }
                        </text>
                    </g>
                }
                <text class="strip-label" x={fmt(c.plot_left - 6.0)} y={fmt((REFUSALS_TOP + REFUSALS_BOTTOM) / 2.0 + 4.0)}
                      text-anchor="end">{ text.refused_short }</text>
                <line class="axis" x1={fmt(c.plot_left)} x2={fmt(c.plot_right)}
                      y1={fmt(REFUSALS_BOTTOM)} y2={fmt(REFUSALS_BOTTOM)} />
                <path class="refusal" d={c.refusal_path.clone()} data-bars={c.refusal_bars.len().to_string()}>
                    <title>{ text.legend_refusals }</title>
                </path>
                <text class="strip-label" x={fmt(c.plot_left - 6.0)} y={fmt(SESSIONS_Y + 4.0)} text-anchor="end">
                    { text.sampled_short }
                </text>
                { for c.sessions.iter().map(|dot| {
                    let attempt = dot.attempt;
                    let onclick = props.on_select.reform(move |_: MouseEvent| attempt);
                    let onkeydown = {
                        let on_select = props.on_select.clone();
                        Callback::from(move |e: KeyboardEvent| {
                            if e.key() == "Enter" || e.key() == " " {
                                e.prevent_default();
                                on_select.emit(attempt);
                            }
                        })
                    };
                    let selected = props.selected == Some(attempt);
                    let outcome = props.report.transcripts.iter().find(|t| t.attempt == attempt)
                        .map_or("", |t| ending(t, props.lang));
                    let label = format!("{} #{attempt}: {outcome}", text.session);
                    let (cx, cy) = (fmt(dot.x), fmt(dot.y));
                    // The dot is small; the transparent circle around it is
                    // the target, 24 px across on a phone.
                    html! {
                        <g class={classes!("session-dot", if dot.greeted { "greeted" } else { "refused" },
                                           selected.then_some("selected"))}
                           tabindex="0" role="button" aria-label={label.clone()} aria-pressed={selected.to_string()}
                           data-attempt={attempt.to_string()} data-kind={dot.kind} {onclick} {onkeydown}>
                            <title>{ label }</title>
                            <circle class="hit" cx={cx.clone()} cy={cy.clone()} r={hit_radius.clone()} />
                            <circle class="dot" {cx} {cy} r={if selected { "7" } else { "5" }} />
                        </g>
                    }
                }) }
                { for c.x_ticks.iter().map(|t| html! {
                    <text class="x-label" x={fmt(t.at)} y={fmt(c.axis_label_y)} text-anchor="middle">{ &t.label }</text>
                }) }
                <text class="x-label" x={fmt(c.plot_right)} y={fmt(c.axis_label_y + 16.0)} text-anchor="end">{ text.minutes }</text>
            </svg>
            </div>
            <figcaption class="legend">
                <span class="key band-key">{ text.legend_band }</span>
                <span class="key mean-key">{ text.legend_mean }</span>
                if props.ghost.is_some() {
                    <span class="key ghost-key">{ text.legend_ghost }</span>
                }
                <span class="key limit-key">{ text.limit }</span>
                <span class="key refusal-key">{ text.legend_refusals }</span>
                <span class="key greeted-key">{ text.legend_sampled }</span>
            </figcaption>
        </figure>
    }
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}
