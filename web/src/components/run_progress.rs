//! A run's progress while it is under way.

use ftpsim::Lang;
use yew::prelude::*;

use crate::format::{count, decimal};
use crate::i18n::ui;

#[derive(Properties, PartialEq, Debug)]
pub struct RunProgressProps {
    /// 0 to 1.
    pub progress: f64,
    pub events: u64,
    pub lang: Lang,
    /// What is running, e.g. a server's name.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// Stops the run; without it there is no Cancel button.
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

#[component]
pub fn RunProgress(props: &RunProgressProps) -> Html {
    let text = ui(props.lang);
    let percent = (props.progress * 100.0).clamp(0.0, 100.0);
    let label = props
        .label
        .clone()
        .unwrap_or_else(|| text.simulating.into());
    html! {
        <div class="progress" role="status">
            <label>
                { format!("{label} {} %", decimal(percent, 0, props.lang)) }
                <progress max="100" value={format!("{percent:.0}")} aria-valuetext={format!("{percent:.0}%")}></progress>
            </label>
            <span class="hint">{ format!("{} {}", count(props.events, props.lang), text.events) }</span>
            if let Some(on_cancel) = props.on_cancel.clone() {
                <button type="button" id="cancel-run" class="quiet" onclick={on_cancel.reform(|_: MouseEvent| ())}>
                    { text.cancel }
                </button>
            }
        </div>
    }
}
