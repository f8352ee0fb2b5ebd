//! The ftpsim playground: a Yew app over the core, compiled to
//! `wasm32-unknown-unknown`, and a small JS API ([`api`]) for pages that
//! want the core without the app.
//!
//! One crate, three WebAssembly modules, each built with one feature so
//! that a page downloads only what it shows:
//! - `app` (`ftpsim_web`): [`mount`], the page with the views that run
//!   simulations, loaded with the page;
//! - `reading` (`ftpsim_reading`): [`mount_reading`], the views that read
//!   what a server said, loaded when one is first opened;
//! - `api` (`ftpsim_api`): the functions of [`api`], for pages of one's own.
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
pub mod page;
pub mod reader;
pub mod route;
pub mod sampled;
pub mod sim_params;
pub mod sizing;
pub mod state;
pub mod url;

#[cfg(any(feature = "app", feature = "reading"))]
use wasm_bindgen::prelude::*;

/// Renders the playground into `root` (the site's `index.html` calls it
/// with `<div id="app">`). `load_reading` returns a promise of the
/// initialised `ftpsim_reading` module; it is called each time one of that
/// module's views opens, so it should cache what it loaded.
#[cfg(feature = "app")]
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, load_reading: js_sys::Function) {
    let props = components::app::AppProps {
        load_reading: components::reading_host::ModuleLoader(load_reading),
    };
    yew::Renderer::<components::app::App>::with_root_and_props(root, props).render();
}

/// Draws the reading view of `href` (a route in its link form) into `root`;
/// the app calls `on_route(href, push)` when the view changes the route
/// (`push`: a new page rather than an edit of this one).
#[cfg(feature = "reading")]
#[wasm_bindgen]
pub fn mount_reading(
    root: web_sys::Element,
    href: &str,
    on_route: js_sys::Function,
) -> ReadingView {
    use components::reading_app::{ReadingApp, ReadingAppProps, RouteChange};
    let on_route = yew::Callback::from(move |(route, change): (route::Route, RouteChange)| {
        let push = JsValue::from_bool(change == RouteChange::Navigate);
        let _ = on_route.call2(&JsValue::NULL, &JsValue::from_str(&route.href()), &push);
    });
    let props = ReadingAppProps {
        route: route::Route::parse(href),
        on_route: on_route.clone(),
    };
    let handle = yew::Renderer::<ReadingApp>::with_root_and_props(root, props).render();
    ReadingView {
        handle: Some(handle),
        on_route,
    }
}

/// A reading view drawn by [`mount_reading`]; `free()` takes it down.
#[cfg(feature = "reading")]
#[wasm_bindgen]
#[derive(Debug)]
pub struct ReadingView {
    handle: Option<yew::AppHandle<components::reading_app::ReadingApp>>,
    on_route: yew::Callback<(route::Route, components::reading_app::RouteChange)>,
}

#[cfg(feature = "reading")]
#[wasm_bindgen]
impl ReadingView {
    /// Shows the view of `href` (a route in its link form).
    pub fn update(&mut self, href: &str) {
        if let Some(handle) = &mut self.handle {
            handle.update(components::reading_app::ReadingAppProps {
                route: route::Route::parse(href),
                on_route: self.on_route.clone(),
            });
        }
    }
}

#[cfg(feature = "reading")]
impl Drop for ReadingView {
    fn drop(&mut self) {
        // The app's DOM goes with it; its host element stays the page's.
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}
