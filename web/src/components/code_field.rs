//! A labelled input for one reply code. It keeps what the reader types and
//! reports a code only once the text is a valid one.

use ftpsim::ReplyCode;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct CodeFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: ReplyCode,
    /// Shown under the field while the text is not a code.
    pub invalid_message: AttrValue,
    pub on_change: Callback<ReplyCode>,
}

#[component]
pub fn CodeField(props: &CodeFieldProps) -> Html {
    let text = use_state(|| props.value.to_string());
    {
        // A new value from outside (swap, Back) replaces what was typed.
        let text = text.clone();
        use_effect_with(props.value, move |value| text.set(value.to_string()));
    }
    let valid = text.parse::<ReplyCode>().is_ok();
    let oninput = {
        let (text, on_change) = (text.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let value = input.value();
            if let Ok(code) = value.parse::<ReplyCode>() {
                on_change.emit(code);
            }
            text.set(value);
        })
    };
    let error_id = format!("{}-error", props.id);
    html! {
        <label class="field code-field">
            <span>{ &props.label }</span>
            <input id={props.id.clone()} type="text" inputmode="numeric" maxlength="3"
                   pattern="[1-6][0-9][0-9]" value={(*text).clone()} {oninput}
                   autocomplete="off" aria-invalid={(!valid).then_some("true")}
                   aria-describedby={(!valid).then(|| error_id.clone())} />
            if !valid {
                <span class="field-error" id={error_id}>{ format!("{} (100–699)", props.invalid_message) }</span>
            }
        </label>
    }
}
