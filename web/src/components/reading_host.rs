//! Where the page shows a view of the `ftpsim_reading` module: it loads the
//! module the first time such a view opens (the page's loader caches it),
//! mounts the module's app into an element of its own, passes each new route
//! on and turns the module's changes of route back into the page's actions.
//!
//! The module is a second WebAssembly instance with its own Yew: the two
//! share only the document and the route, exchanged in its link form
//! ([`Route::href`] and [`Route::parse`]), which round-trips exactly.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::reading_app::RouteChange;
use crate::i18n::ui;
use crate::page;
use crate::route::Route;

/// The page's function that loads the module: it returns a promise of the
/// initialised module (`index.html` defines it and caches the promise).
#[derive(Clone, Debug, PartialEq)]
pub struct ModuleLoader(pub Function);

#[derive(Properties, PartialEq, Debug)]
pub struct ReadingHostProps {
    pub route: Route,
    pub loader: ModuleLoader,
    pub on_route: Callback<(Route, RouteChange)>,
}

/// The route to show and whom to tell of a change, as of the last render.
type Latest = (Route, Callback<(Route, RouteChange)>);

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Shown,
    Failed(String),
}

/// The module's app once mounted, and the closure it calls back, which must
/// live as long as the app.
struct Mounted {
    view: JsValue,
    _on_route: Closure<dyn FnMut(String, bool)>,
}

impl Mounted {
    fn call(&self, method: &str, args: &[JsValue]) -> Result<(), JsValue> {
        let function: Function =
            Reflect::get(&self.view, &JsValue::from_str(method))?.dyn_into()?;
        function.apply(&self.view, &args.iter().collect())?;
        Ok(())
    }
}

#[component]
pub fn ReadingHost(props: &ReadingHostProps) -> Html {
    let node = use_node_ref();
    let phase = use_state(|| Phase::Loading);
    let mounted = use_mut_ref(|| None::<Mounted>);
    // What the module is given when it arrives, and whom it calls: always the
    // latest, since routes may change while it loads.
    let latest = use_mut_ref(|| (props.route.clone(), props.on_route.clone()));
    *latest.borrow_mut() = (props.route.clone(), props.on_route.clone());

    {
        let (node, phase, mounted, latest) =
            (node.clone(), phase.clone(), mounted.clone(), latest.clone());
        let loader = props.loader.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(RefCell::new(true));
            {
                let (alive, mounted) = (alive.clone(), mounted.clone());
                yew::platform::spawn_local(async move {
                    let result = mount(&loader, &node, &latest).await;
                    if !*alive.borrow() {
                        if let Ok(view) = result {
                            let _ = view.call("free", &[]);
                        }
                        return;
                    }
                    match result {
                        Ok(view) => {
                            *mounted.borrow_mut() = Some(view);
                            phase.set(Phase::Shown);
                        }
                        Err(why) => {
                            let why = describe(&why);
                            page::mark_failed(&why);
                            phase.set(Phase::Failed(why));
                        }
                    }
                });
            }
            move || {
                *alive.borrow_mut() = false;
                if let Some(view) = mounted.borrow_mut().take() {
                    let _ = view.call("free", &[]);
                }
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(props.route.clone(), move |route| {
            if let Some(view) = mounted.borrow().as_ref() {
                let _ = view.call("update", &[JsValue::from_str(&route.href())]);
            }
        });
    }

    let text = ui(props.route.lang);
    let status = match &*phase {
        Phase::Loading => html! {
            <p class="boot" role="status">{ text.view_loading }</p>
        },
        Phase::Shown => html! {},
        Phase::Failed(why) => html! {
            <p class="error" role="alert">{ text.view_not_loaded }{ why }</p>
        },
    };
    html! {
        <>
            { status }
            <div class="reading-view" ref={node}></div>
        </>
    }
}

/// Loads the module and mounts its app on `node` with the latest route.
async fn mount(
    loader: &ModuleLoader,
    node: &NodeRef,
    latest: &Rc<RefCell<Latest>>,
) -> Result<Mounted, JsValue> {
    let promise: js_sys::Promise = loader.0.call0(&JsValue::NULL)?.dyn_into()?;
    let module = JsFuture::from(promise).await?;
    let element = node
        .get()
        .ok_or_else(|| JsValue::from_str("the view's element is gone"))?;
    let on_route = {
        let latest = latest.clone();
        Closure::<dyn FnMut(String, bool)>::new(move |href: String, push: bool| {
            let change = if push {
                RouteChange::Navigate
            } else {
                RouteChange::Edit
            };
            let on_route = latest.borrow().1.clone();
            on_route.emit((Route::parse(&href), change));
        })
    };
    let mount: Function = Reflect::get(&module, &JsValue::from_str("mount_reading"))?.dyn_into()?;
    let href = latest.borrow().0.href();
    let view = mount.call3(
        &JsValue::NULL,
        &element,
        &JsValue::from_str(&href),
        on_route.as_ref(),
    )?;
    Ok(Mounted {
        view,
        _on_route: on_route,
    })
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
