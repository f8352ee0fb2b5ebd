//! The ftpsim playground: a Yew app over the core, compiled to
//! `wasm32-unknown-unknown`, and a small JS API ([`api`]) for pages that
//! want the core without the app.
//!
//! Nothing here re-implements FTP: every code, text, comparison, parse and
//! simulation comes from the `ftpsim` crate. The modules without a browser
//! dependency (routes, search, labels) are tested on the host; the views
//! are tested in headless Chromium by `cargo xtask test`.

pub mod api;
pub mod catalog;
pub mod chart;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod reader;
pub mod route;
pub mod sampled;
pub mod sim_params;
pub mod sizing;
pub mod state;
pub mod url;

use wasm_bindgen::prelude::*;

/// Renders the playground into `root` (the site's `index.html` calls it
/// with `<div id="app">`).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    yew::Renderer::<components::app::App>::with_root(root).render();
}
