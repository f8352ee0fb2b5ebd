//! The ready scenarios, one button each.

use ftpsim::Lang;
use yew::prelude::*;

use crate::i18n::ui;
use crate::sim_params::Ready;

#[derive(Properties, PartialEq, Debug)]
pub struct ReadyPickerProps {
    /// The ready scenario the form currently holds, if any.
    pub current: Option<Ready>,
    /// The cards to offer, in order.
    pub cards: Vec<Ready>,
    pub lang: Lang,
    pub on_pick: Callback<Ready>,
}

#[component]
pub fn ReadyPicker(props: &ReadyPickerProps) -> Html {
    let text = ui(props.lang);
    html! {
        <div class={classes!("ready", format!("cards-{}", props.cards.len()))} role="group" aria-label={text.ready_scenarios}>
            { for props.cards.iter().copied().map(|ready| {
                let pressed = props.current == Some(ready);
                let onclick = props.on_pick.reform(move |_: MouseEvent| ready);
                html! {
                    <button type="button" class={classes!("ready-button", pressed.then_some("current"))}
                            aria-pressed={pressed.to_string()} data-ready={ready.key()} {onclick}>
                        <strong>{ ready.title(props.lang) }</strong>
                        <span>{ ready.story(props.lang) }</span>
                    </button>
                }
            }) }
        </div>
    }
}
