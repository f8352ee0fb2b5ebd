//! What both WebAssembly modules do to the document around their views:
//! the tab's title, focus on a new view's heading, and the marks that say
//! the page is ready.
//!
//! The two modules share no memory, so the one fact they must agree on,
//! whether the page has shown its first view, lives in the document itself
//! (`<html data-ready>`).

use crate::i18n::ui;
use crate::route::Route;

/// Whether the page has shown its first view.
pub fn is_ready() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|root| root.has_attribute("data-ready"))
}

/// Sets the tab's title for `route` and, unless this is the page's first
/// view, moves focus to the view's heading so that a screen reader
/// announces it (on the first view, focus belongs to the page).
pub fn follow_view(route: &Route) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let first = !is_ready();
    let text = ui(route.lang);
    let heading = document.query_selector("main h1").ok().flatten();
    let name = heading
        .as_ref()
        .and_then(|h| h.text_content())
        .unwrap_or_default();
    document.set_title(&format!("{name} · {}", text.app_title));
    if first {
        return;
    }
    if let Some(heading) =
        heading.and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
    {
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}

/// Marks the first view's render in the Performance timeline (read by
/// `cargo xtask bench-web`) and on the document (waited for by the browser
/// tests); later calls do nothing.
pub fn mark_ready() {
    if is_ready() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(performance) = window.performance() {
        let _ = performance.mark("ftpsim-interactive");
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-ready", "true");
    }
}

/// Says on the document that the page cannot show its view (waited for by
/// the browser tests beside `data-ready`).
pub fn mark_failed(why: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-error", why);
    }
}
