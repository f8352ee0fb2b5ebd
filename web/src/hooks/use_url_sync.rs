//! Keeps the address bar and the app's route in step, both ways.

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::route::Route;
use crate::state::{Action, State, UrlUpdate};

/// The current location hash (empty outside a browser window).
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Follows `hashchange` (links, Back, an edited address) into the state, and
/// writes each new route back to the address bar as the state says.
#[hook]
pub fn use_url_sync(state: &UseReducerHandle<State>) {
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    dispatcher.dispatch(Action::UrlChanged(Route::parse(&current_hash())));
                })
            });
            move || drop(listener)
        });
    }
    use_effect_with((**state).clone(), |state| {
        write_url(state);
    });
}

fn write_url(state: &State) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let href = state.route.href();
    if current_hash() != href
        && let Ok(history) = window.history()
    {
        // A route that came from the address bar is rewritten in its
        // canonical form (a bare URL gets its view and language), without
        // adding a history entry.
        let _ = match state.url_update {
            UrlUpdate::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&href)),
            UrlUpdate::Replace | UrlUpdate::None => {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
            }
        };
    }
    if let Some(document) = window.document()
        && let Some(root) = document.document_element()
    {
        let _ = root.set_attribute("lang", state.route.lang.tag());
    }
}
