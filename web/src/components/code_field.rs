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
    /// Told whether the text is a code, at each change.
    #[prop_or_default]
    pub on_validity: Callback<bool>,
}

#[component]
pub fn CodeField(props: &CodeFieldProps) -> Html {
    let text = use_state(|| props.value.to_string());
    {
        // A new value from outside (swap, Back) replaces what was typed.
        let text = text.clone();
        let on_validity = props.on_validity.clone();
        use_effect_with(props.value, move |value| {
            text.set(value.to_string());
            on_validity.emit(true);
        });
    }
    let valid = text.parse::<ReplyCode>().is_ok();
    let oninput = {
        let (text, on_change, on_validity) = (
            text.clone(),
            props.on_change.clone(),
            props.on_validity.clone(),
        );
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            // A pasted " 421" or "421\n" is the code: spaces go before any
            // length counts.
            let value = input.value().trim().to_string();
            if input.value() != value {
                input.set_value(&value);
            }
            let code = value.parse::<ReplyCode>();
            on_validity.emit(code.is_ok());
            if let Ok(code) = code {
                on_change.emit(code);
            }
            text.set(value);
        })
    };
    let error_id = format!("{}-error", props.id);
    html! {
        <label class="field code-field">
            <span>{ &props.label }</span>
            <input id={props.id.clone()} type="text" inputmode="numeric" size="4"
                   pattern="[1-6][0-9][0-9]" value={(*text).clone()} {oninput}
                   autocomplete="off" aria-invalid={(!valid).then_some("true")}
                   aria-describedby={(!valid).then(|| error_id.clone())} />
            if !valid {
                <span class="field-error" id={error_id}>{ format!("{} (100–699)", props.invalid_message) }</span>
            }
        </label>
    }
}
