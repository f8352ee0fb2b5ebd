//! The playground in a real browser: `cargo xtask test` builds the site,
//! serves it on 127.0.0.1 and drives headless Chromium over WebDriver.
//! Every expected value comes from the native core, so the checks say "the
//! page shows what the core computes", not "the page shows what it showed
//! last time".
//!
//! Without Chromium the step is skipped with a plain note, except under CI
//! (`CI=true`), where it must run.

use std::env;
use std::fs;
use std::time::Duration;

use ftpsim::admission::Preset;
use ftpsim::explain::{compare, explain};
use ftpsim::reply::parser::{Reading, Rule};
use ftpsim::reply::registry;
use ftpsim::sim::erlang::{engset, engset_servers_for, erlang_b, servers_for};
use ftpsim::sim::{Report, Scenario, Simulation};
use ftpsim::{Lang, ReplyCode};
use serde_json::{Value, json};

use crate::browser::{self, Browser, Driver};
use crate::{serve, site, target_dir};

const WAIT: Duration = Duration::from_secs(20);

type Check = fn(&Browser, &str) -> Result<(), String>;

const CHECKS: &[(&str, Check)] = &[
    ("simulator-ready-scenario", simulator_ready_scenario),
    ("simulator-transcript", simulator_transcript),
    ("simulator-js-api-equals-native", simulator_js_api),
    ("long-run-stays-responsive", long_run_stays_responsive),
    ("new-scenario-cancels-the-run", new_scenario_cancels_the_run),
    ("servers-side-by-side", servers_side_by_side),
    ("reply-reader", reply_reader),
    ("codes-search", codes_search),
    ("language-switch", language_switch),
    ("comparison", comparison),
    ("shared-url", shared_url),
    ("reference-pages", reference_pages),
    ("code-field-validation", code_field_validation),
    ("js-api", js_api),
    ("phone-layout", phone_layout),
    ("tap-targets", tap_targets),
    ("transcripts-across-the-run", transcripts_across_the_run),
    ("accessible-names", accessible_names),
    ("default-is-a-loss-system", default_is_a_loss_system),
    ("client-model-scenarios", client_model_scenarios),
    ("form-state", form_state),
    ("big-run-cancel", big_run_cancel),
    ("code-errors-and-links", code_errors_and_links),
    ("french-numbers-and-titles", french_numbers_and_titles),
    ("instant-feedback", instant_feedback),
    ("exports", exports),
    ("phone-simulator", phone_simulator),
    ("sizing", sizing),
    ("diagnose-a-log", diagnose_a_log),
    ("axe-audit", axe_audit),
    ("modules-on-demand", modules_on_demand),
];

/// Whether the browser checks ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    All,
    /// Not at all, for this reason (never under CI).
    Skipped(String),
}

pub fn run() -> Result<Ran, String> {
    let found = match browser::find() {
        Ok(found) => found,
        Err(why) if in_ci() => {
            return Err(format!("CI=true, so the browser tests must run, but {why}"));
        }
        Err(why) => {
            let why = format!(
                "{why}; install Debian's `chromium` and `chromium-driver` to run them \
                 (`cargo xtask test` does as root)"
            );
            eprintln!("xtask: SKIPPED the browser tests: {why}");
            return Ok(Ran::Skipped(why));
        }
    };
    let site = site::build()?;
    let server = serve::Background::start(&site)?;
    let driver = Driver::start(&found)?;
    let browser = driver.session()?;
    browser.set_script_timeout(Duration::from_secs(60))?;
    let shots = target_dir().join("browser-tests");
    fs::create_dir_all(&shots).map_err(|e| format!("cannot create {}: {e}", shots.display()))?;

    let base = server.url();
    let mut failures = Vec::new();
    // `XTASK_BROWSER_ONLY=a,b` runs only the checks so named: the loop of
    // fixing one view without waiting for all.
    let only = env::var("XTASK_BROWSER_ONLY").ok();
    let wanted = |name: &str| {
        only.as_deref()
            .is_none_or(|list| list.split(',').any(|n| n.trim() == name))
    };
    for (name, check) in CHECKS.iter().filter(|(name, _)| wanted(name)) {
        let outcome = check(&browser, &base);
        let shot = shots.join(format!("{name}.png"));
        if let Ok(png) = browser.screenshot() {
            let _ = fs::write(&shot, png);
        }
        match outcome {
            Ok(()) => eprintln!("browser: ok    {name}"),
            Err(why) => {
                eprintln!(
                    "browser: FAIL  {name}: {why}\n        (screenshot {})",
                    shot.display()
                );
                failures.push(*name);
            }
        }
    }
    eprintln!("browser: screenshots in {}", shots.display());
    if failures.is_empty() {
        Ok(Ran::All)
    } else {
        Err(format!("browser tests failed: {}", failures.join(", ")))
    }
}

fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Loads `url` afresh (not a same-document hash change) and waits for the
/// app's first render.
fn open(browser: &Browser, url: &str) -> Result<(), String> {
    browser.goto("about:blank")?;
    browser.goto(url)?;
    browser.wait_until(
        "the app's first render",
        "return document.documentElement.dataset.ready === 'true' \
         || document.documentElement.dataset.error || false",
        WAIT,
    )?;
    let error = browser.execute(
        "return document.documentElement.dataset.error || null",
        json!([]),
    )?;
    match error.as_str() {
        Some(error) => Err(format!("the app did not start: {error}")),
        None => Ok(()),
    }
}

fn text_of(browser: &Browser, css: &str) -> Result<String, String> {
    let element = browser.wait_for(css, WAIT)?;
    browser.text(&element)
}

fn count(browser: &Browser, css: &str) -> Result<usize, String> {
    Ok(browser.find_all(css)?.len())
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(
    what: &str,
    shown: T,
    expected: T,
) -> Result<(), String> {
    if shown == expected {
        Ok(())
    } else {
        Err(format!(
            "{what}: the page shows {shown:?}, the core says {expected:?}"
        ))
    }
}

fn code(value: u16) -> ReplyCode {
    ReplyCode::new(value).expect("the tests use valid codes")
}

fn codes_search(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/codes?lang=en"))?;
    expect_eq(
        "rows in the code list",
        count(browser, "table.code-table tbody tr")?,
        registry::ALL.len(),
    )?;
    let search = browser.find("#code-search")?;
    browser.send_keys(&search, "not available")?;
    browser.wait_until(
        "the list to narrow",
        &format!(
            "return document.querySelectorAll('table.code-table tbody tr').length < {}",
            registry::ALL.len()
        ),
        WAIT,
    )?;
    let codes: Vec<String> = browser
        .find_all("table.code-table tbody tr .code-link")?
        .iter()
        .map(|e| browser.text(e))
        .collect::<Result<_, _>>()?;
    if !codes.iter().any(|c| c == "421") {
        return Err(format!(
            "searching \"not available\" lists {codes:?}, without 421"
        ));
    }
    let url = browser.current_url()?;
    if !url.contains("q=not%20available") {
        return Err(format!("the search is not in the URL: {url}"));
    }
    Ok(())
}

fn language_switch(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/code/421?lang=en"))?;
    expect_eq(
        "English title",
        text_of(browser, "#code-title")?,
        format!("421 {}", explain(code(421), Lang::En).primary().title),
    )?;
    browser.click(&browser.find("[data-lang=fr]")?)?;
    browser.wait_until(
        "<html lang=fr>",
        "return document.documentElement.lang === 'fr'",
        WAIT,
    )?;
    let french = explain(code(421), Lang::Fr);
    expect_eq(
        "French title",
        text_of(browser, "#code-title")?,
        format!("421 {}", french.primary().title),
    )?;
    let paragraphs: Vec<String> = browser
        .find_all(".meaning p")?
        .iter()
        .map(|e| browser.text(e))
        .collect::<Result<_, _>>()?;
    if !paragraphs.contains(&french.primary().description) {
        return Err(format!("no French description among {paragraphs:?}"));
    }
    let url = browser.current_url()?;
    if !url.ends_with("#/code/421?lang=fr") {
        return Err(format!("the language is not in the URL: {url}"));
    }
    Ok(())
}

fn comparison(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/codes?lang=fr"))?;
    browser.click(&browser.find("[data-nav=compare]")?)?;
    let expected = compare(code(220), code(421), Lang::Fr);
    expect_eq(
        "comparison title",
        text_of(browser, "#comparison-title")?,
        expected.title.clone(),
    )?;
    let differences: Vec<String> = browser
        .find_all(".differences li")?
        .iter()
        .map(|e| browser.text(e))
        .collect::<Result<_, _>>()?;
    expect_eq("differences", differences, expected.differences)?;
    // Swapping is a button press away, and lands in the URL.
    browser.click(&browser.find("button.swap")?)?;
    let swapped = compare(code(421), code(220), Lang::Fr);
    browser.wait_until(
        "the swapped comparison",
        &format!(
            "return document.getElementById('comparison-title').textContent === {}",
            Value::from(swapped.title.clone())
        ),
        WAIT,
    )?;
    let url = browser.current_url()?;
    if !url.ends_with("#/compare/421/220?lang=fr") {
        return Err(format!("the swap is not in the URL: {url}"));
    }
    Ok(())
}

fn shared_url(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/compare/530/421?lang=en"))?;
    expect_eq(
        "comparison from a link",
        text_of(browser, "#comparison-title")?,
        compare(code(530), code(421), Lang::En).title,
    )?;
    open(browser, &format!("{base}#/code/522?lang=fr"))?;
    expect_eq(
        "meanings of 522",
        count(browser, "section.meaning")?,
        explain(code(522), Lang::Fr).meanings.len(),
    )?;
    open(browser, &format!("{base}#/codes?q=42&class=4&lang=en"))?;
    let value = browser.property(&browser.find("#code-search")?, "value")?;
    expect_eq("search field from a link", value.as_deref(), Some("42"))?;
    // Back returns to the previous view.
    browser.click(&browser.find("table.code-table tbody tr .code-link")?)?;
    browser.wait_for("#code-title", WAIT)?;
    browser.execute("history.back()", json!([]))?;
    browser.wait_for("#code-search", WAIT)?;
    Ok(())
}

/// How many times the page has fetched the wasm of `module`.
fn wasm_fetches(browser: &Browser, module: site::Module) -> Result<u64, String> {
    browser
        .execute(
            "return performance.getEntriesByType('resource') \
               .filter((e) => e.name.endsWith(`/${arguments[0]}_bg.wasm`)).length",
            json!([module.stem]),
        )?
        .as_u64()
        .ok_or_else(|| "no resource count".to_string())
}

/// The simulator loads only the page's module; the first reading view
/// loads `ftpsim_reading` once, and that module's views then navigate,
/// edit the address, follow Back, change language and come back after a
/// simulation view as the page's own views do.
fn modules_on_demand(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    for (module, expected) in [(site::APP, 1), (site::READING, 0), (site::API, 0)] {
        expect_eq(
            &format!("{} fetched on the simulator", module.stem),
            wasm_fetches(browser, module)?,
            expected,
        )?;
    }
    browser.click(&browser.find("[data-nav=codes]")?)?;
    let search = browser.wait_for("#code-search", WAIT)?;
    expect_eq(
        "ftpsim_reading fetched after opening the codes",
        wasm_fetches(browser, site::READING)?,
        1,
    )?;
    // The module's view has the page's manners: title and focus.
    browser.wait_until(
        "the title and focus of the codes view",
        "const h1 = document.querySelector('main h1'); \
         return !!h1 && document.activeElement === h1 \
           && document.title === `${h1.textContent} · ftpsim playground`",
        WAIT,
    )?;
    // An edit in the module's view reaches the address bar, in place.
    let history = browser.execute("return history.length", json!([]))?;
    browser.send_keys(&search, "421")?;
    browser.wait_until(
        "the search in the address",
        "return location.hash.includes('q=421')",
        WAIT,
    )?;
    expect_eq(
        "history entries after typing",
        browser.execute("return history.length", json!([]))?,
        history,
    )?;
    // Its links are new pages: Back returns.
    browser.click(&browser.wait_for("table.code-table tbody tr .code-link", WAIT)?)?;
    browser.wait_for("#code-title", WAIT)?;
    browser.execute("history.back()", json!([]))?;
    browser.wait_until(
        "the codes view again, with its search",
        "const f = document.querySelector('#code-search'); return !!f && f.value === '421'",
        WAIT,
    )?;
    // Away to a simulation view and back to another reading view: the
    // module is mounted again, not fetched again.
    browser.click(&browser.find("[data-nav=servers]")?)?;
    browser.wait_until(
        "the servers view, without the reading view",
        "return location.hash.startsWith('#/servers') && !document.querySelector('.reading-view')",
        WAIT,
    )?;
    browser.click(&browser.find("[data-nav=compare]")?)?;
    expect_eq(
        "comparison after coming back",
        text_of(browser, "#comparison-title")?,
        compare(code(220), code(421), Lang::En).title,
    )?;
    browser.click(&browser.find("[data-lang=fr]")?)?;
    browser.wait_until(
        "the comparison in French",
        &format!(
            "const t = document.querySelector('#comparison-title'); return !!t && t.textContent === {}",
            json!(compare(code(220), code(421), Lang::Fr).title)
        ),
        WAIT,
    )?;
    expect_eq(
        "ftpsim_reading fetches in all",
        wasm_fetches(browser, site::READING)?,
        1,
    )?;
    expect_eq(
        "ftpsim_api fetches in all",
        wasm_fetches(browser, site::API)?,
        0,
    )
}

/// A code page links to the plain-HTML reference page of the same code and
/// language, which reads without JavaScript.
fn reference_pages(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/code/421?lang=fr"))?;
    browser.click(&browser.wait_for(".reference-link a", WAIT)?)?;
    browser.wait_until(
        "the reference page",
        "return location.pathname.endsWith('/reference/fr/421.html') \
         && document.readyState === 'complete'",
        WAIT,
    )?;
    let expected = explain(code(421), Lang::Fr);
    expect_eq(
        "reference page title",
        text_of(browser, "h1")?,
        format!("421 {}", expected.primary().title),
    )?;
    expect_eq(
        "scripts on the reference page",
        count(browser, "script")?,
        0,
    )?;
    Ok(())
}

fn code_field_validation(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/compare/220/421?lang=en"))?;
    let field = browser.find("#compare-a")?;
    browser.clear(&field)?;
    browser.send_keys(&field, "999")?;
    browser.wait_for("#compare-a-error", WAIT)?;
    browser.wait_for("#compare-invalid", WAIT)?;
    expect_eq(
        "comparison titles while a field is not a code",
        count(browser, "#comparison-title")?,
        0,
    )?;
    browser.clear(&field)?;
    browser.send_keys(&field, "550")?;
    browser.wait_until(
        "the comparison of 550",
        &format!(
            "return document.getElementById('comparison-title').textContent === {}",
            Value::from(compare(code(550), code(421), Lang::En).title)
        ),
        WAIT,
    )
}

fn js_api(browser: &Browser, base: &str) -> Result<(), String> {
    browser.goto(&format!("{base}embed.html"))?;
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         import('./ftpsim_api.js').then(async (m) => {
           await m.default();
           let error = null;
           try { m.explain(999); } catch (e) { error = String(e.message); }
           done({
             explain: m.explain(421, 'fr'),
             compare: m.compare('220', 421, 'en'),
             error,
           });
         }).catch((e) => done({ failed: String(e) }));",
        json!([]),
    )?;
    if let Some(failed) = result.get("failed") {
        return Err(format!("the module did not load: {failed}"));
    }
    let native_explain =
        serde_json::to_value(explain(code(421), Lang::Fr)).map_err(|e| e.to_string())?;
    expect_eq("explain(421, 'fr')", &result["explain"], &native_explain)?;
    let native_compare =
        serde_json::to_value(compare(code(220), code(421), Lang::En)).map_err(|e| e.to_string())?;
    expect_eq("compare('220', 421)", &result["compare"], &native_compare)?;
    expect_eq(
        "explain(999) error",
        result["error"].as_str(),
        Some("code: 999 is not an FTP reply code (three digits, 100 to 699)"),
    )?;
    // The example page itself renders with the API.
    browser.wait_until(
        "the example page's output",
        "return document.querySelector('#explain-output').textContent.includes('421') \
         && document.querySelector('#simulate-output').textContent.includes('greeted with 220')",
        WAIT,
    )
}

/// One link per view, in French to catch long labels.
const VIEWS: [&str; 8] = [
    "#/sim?lang=fr",
    "#/servers?lang=fr",
    "#/sizing?lang=fr",
    "#/diagnose?lang=fr",
    "#/reader?lang=fr",
    "#/codes?lang=fr",
    "#/code/421?lang=fr",
    "#/compare/220/421?lang=fr",
];

/// Waits until no simulation is running on the page.
fn settle(browser: &Browser) -> Result<(), String> {
    browser.wait_until(
        "the runs to finish",
        "return !document.querySelector('.progress')",
        Duration::from_secs(90),
    )
}

/// Every control has a name a screen reader can say, every control can be
/// reached with the keyboard, in every view.
fn accessible_names(browser: &Browser, base: &str) -> Result<(), String> {
    for view in VIEWS {
        open(browser, &format!("{base}{view}"))?;
        settle(browser)?;
        let nameless = browser.execute(
            "const nameOf = (e) =>
               (e.getAttribute('aria-label') || '').trim()
               || [...(e.labels || [])].map((l) => l.textContent).join('').trim()
               || (e.getAttribute('aria-labelledby') || '').split(' ')
                    .map((id) => (document.getElementById(id) || {}).textContent || '').join('').trim()
               || (['BUTTON', 'A'].includes(e.tagName) ? e.textContent.trim() : '');
             const controls = document.querySelectorAll(
               'a[href], button, input:not([disabled]), select, textarea, [role=button], svg[role=group]');
             return [...controls]
               .filter((e) => !nameOf(e) || (e.tabIndex < 0 && e.tagName !== 'svg'))
               .map((e) => e.outerHTML.slice(0, 120));",
            json!([]),
        )?;
        let nameless = nameless.as_array().cloned().unwrap_or_default();
        if !nameless.is_empty() {
            return Err(format!(
                "{view}: controls without a name or out of the tab order: {nameless:?}"
            ));
        }
    }
    Ok(())
}

/// On a phone-sized window nothing is wider than the screen (no sideways
/// scrolling), in every view.
fn phone_layout(browser: &Browser, base: &str) -> Result<(), String> {
    browser.set_window_size(390, 844)?;
    let result = (|| {
        for view in [
            "#/codes?lang=fr",
            "#/code/421?lang=fr",
            "#/compare/220/421?lang=fr",
        ] {
            open(browser, &format!("{base}{view}"))?;
            let overflow = browser.execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                json!([]),
            )?;
            if overflow.as_f64() != Some(0.0) {
                return Err(format!(
                    "{view} is {overflow} px wider than a phone screen; widest: {}",
                    too_wide(browser)?
                ));
            }
        }
        Ok(())
    })();
    browser.set_window_size(1280, 900)?;
    result
}

/// Every target a finger taps on a 390 px screen is 24 CSS px or more
/// across, links inside sentences included, and the chart's session dots
/// are 24 px targets whose 24 px circles do not touch (WCAG 2.5.8).
fn tap_targets(browser: &Browser, base: &str) -> Result<(), String> {
    browser.set_window_size(390, 844)?;
    let result = (|| {
        for view in [
            "#/sim?lang=en",
            // The maintenance scenario, in French: more kinds of sessions.
            "#/sim?lang=fr",
            "#/code/421?lang=en",
            "#/compare/220/421?lang=fr",
            "#/codes?lang=en",
            "#/sizing?lang=en",
            "#/servers?lang=en",
        ] {
            open(browser, &format!("{base}{view}"))?;
            if view.starts_with("#/sim") {
                wait_for_results(browser)?;
            }
            if view.starts_with("#/servers") {
                browser.wait_until(
                    "every server's run",
                    "return document.querySelectorAll('.server-card dd.greeted').length === 5",
                    Duration::from_secs(90),
                )?;
            }
            if view == "#/sim?lang=fr" {
                browser.click(&browser.find("[data-ready=shutdown]")?)?;
                browser.wait_until(
                    "the maintenance scenario",
                    "return location.hash.includes('shut_from=40') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
                    Duration::from_secs(60),
                )?;
            }
            let found = browser.execute(
                "const small = [...document.querySelectorAll('a[href], button, input, select, [role=button], [tabindex=\"0\"]')]
                   .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                   .map(e => [e, e.getBoundingClientRect()])
                   .filter(([e, r]) => r.width > 0 && (r.width < 23.99 || r.height < 23.99))
                   .map(([e, r]) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''} \"${(e.textContent || '').trim().slice(0, 30)}\" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
                 const dots = [...document.querySelectorAll('.session-dot')].map(d => {
                   const r = d.getBoundingClientRect();
                   return { x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height };
                 });
                 let closest = Infinity;
                 for (let i = 0; i < dots.length; i++)
                   for (let j = i + 1; j < dots.length; j++)
                     closest = Math.min(closest, Math.hypot(dots[i].x - dots[j].x, dots[i].y - dots[j].y));
                 return { small, dots: dots.length, closest: dots.length > 1 ? closest : null };",
                json!([]),
            )?;
            let small = found["small"].as_array().cloned().unwrap_or_default();
            if !small.is_empty() {
                return Err(format!("{view}: targets under 24 px: {small:?}"));
            }
            if view.starts_with("#/sim") {
                if found["dots"].as_u64().unwrap_or(0) < 2 {
                    return Err(format!("{view}: too few session dots to measure: {found}"));
                }
                let closest = found["closest"].as_f64().unwrap_or(0.0);
                if closest < 23.99 {
                    return Err(format!("{view}: two session dots {closest:.1} px apart"));
                }
            }
        }
        shot(browser, "tap-targets-sim")
    })();
    browser.set_window_size(1280, 900)?;
    result
}

/// The maintenance scenario's transcripts come from all over the run: its
/// shutdown moment among them, and every sampled session the native core
/// keeps, in time order, with how it ended.
fn transcripts_across_the_run(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    browser.click(&browser.find("[data-ready=shutdown]")?)?;
    browser.wait_until(
        "the maintenance scenario",
        "return location.hash.includes('shut_from=40') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    let (scenario, native) = native_run(browser)?;
    let shown = browser.execute(
        "return [...document.querySelectorAll('#results .session-button')]
           .map(b => [Number(b.dataset.attempt), b.dataset.kind]);",
        json!([]),
    )?;
    let expected: Vec<Value> = native
        .transcripts
        .iter()
        .map(|t| json!([t.attempt, t.kind]))
        .collect();
    expect_eq(
        "sampled sessions, in time order",
        shown,
        Value::Array(expected),
    )?;
    let shutdown = native
        .transcripts
        .iter()
        .find(|t| t.kind == "shutdown")
        .ok_or("no session ended by the shutdown among the samples")?;
    let disconnect = scenario
        .server
        .shutdown
        .as_ref()
        .map(|s| s.disconnect_at)
        .ok_or("the maintenance scenario has no shutdown")?;
    let last = native.transcripts.iter().map(|t| t.at).fold(0.0, f64::max);
    let first = native
        .transcripts
        .iter()
        .map(|t| t.at)
        .fold(f64::MAX, f64::min);
    if first > scenario.duration / 4.0 || last < scenario.duration * 3.0 / 4.0 {
        return Err(format!(
            "the samples span {first:.0}..{last:.0} s of {} s",
            scenario.duration
        ));
    }
    browser.click(&browser.find(&format!(
        ".session-button[data-attempt='{}']",
        shutdown.attempt
    ))?)?;
    browser.wait_for("#transcript", WAIT)?;
    let rows = browser.execute(
        "return [...document.querySelectorAll('#transcript tr.server td.wire')].map(td => td.textContent);",
        json!([]),
    )?;
    let last_line = rows
        .as_array()
        .and_then(|r| r.last())
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let expected = shutdown
        .lines
        .last()
        .map(|l| l.text.trim_end_matches(['\r', '\n']).to_string())
        .unwrap_or_default();
    if !expected.starts_with("421 ") || last_line != expected {
        return Err(format!(
            "the shutdown's transcript ends {last_line:?}, the core says {expected:?} at {disconnect:?}"
        ));
    }
    let heading = browser.text(&browser.find("#transcript-heading")?)?;
    if !heading.contains("ended by the shutdown") {
        return Err(format!("the transcript's heading says {heading:?}"));
    }
    scroll_to(browser, "#transcript")
}

/// The scenario the page ran, read from its JSON block, and the native
/// simulator's report for it.
fn native_run(browser: &Browser) -> Result<(Scenario, Report), String> {
    // The block is written when opened, as a reader opens it.
    browser.execute(
        "document.querySelector('details.scenario-json').open = true",
        json!([]),
    )?;
    browser.wait_until(
        "the scenario's JSON",
        "return document.getElementById('scenario-json').textContent.length > 0",
        WAIT,
    )?;
    let json = browser.execute(
        "return document.getElementById('scenario-json').textContent",
        json!([]),
    )?;
    let json = json.as_str().ok_or("no scenario JSON on the page")?;
    let scenario: Scenario = serde_json::from_str(json)
        .map_err(|e| format!("the page's scenario does not read natively: {e}"))?;
    let report = Simulation::run(&scenario).map_err(|e| format!("native run refused: {e}"))?;
    Ok((scenario, report))
}

fn data_value(browser: &Browser, css: &str) -> Result<String, String> {
    let value = browser.execute(
        "const e = document.querySelector(arguments[0]); return e ? e.dataset.value : null",
        json!([css]),
    )?;
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("no {css} with a value"))
}

/// Waits for the results of the run on the page (the last run's stay,
/// marked busy, while a new one is under way).
fn wait_for_results(browser: &Browser) -> Result<(), String> {
    browser
        .wait_for(
            "#results:not([aria-busy]) #count-greeted",
            Duration::from_secs(60),
        )
        .map(drop)
}

fn simulator_ready_scenario(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    browser.click(&browser.find("[data-ready=rush]")?)?;
    browser.wait_until(
        "the rush in the URL",
        "return location.hash.includes('peak=12')",
        WAIT,
    )?;
    browser.wait_until(
        "the rush's results",
        "const b = document.querySelector('[data-ready=rush]'); \
         return b.getAttribute('aria-pressed') === 'true' && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    let (scenario, native) = native_run(browser)?;
    expect_eq("scenario name", scenario.name.as_deref(), Some("rush"))?;
    expect_eq(
        "220 counter",
        data_value(browser, "#count-greeted")?,
        native.greeted.to_string(),
    )?;
    for code in &native.refused_by_code {
        expect_eq(
            &format!("{} counter", code.code),
            data_value(browser, &format!("#count-refused-{}", code.code))?,
            code.count.to_string(),
        )?;
    }
    if native.refused == 0 {
        return Err("the rush should refuse someone".into());
    }
    expect_eq(
        "blocking probability",
        data_value(browser, "#blocking")?,
        native.blocking_probability.to_string(),
    )?;
    expect_eq(
        "attempts",
        data_value(browser, "#attempts")?,
        native.attempts.to_string(),
    )?;
    expect_eq(
        "peak",
        data_value(browser, "#peak")?,
        native.peak_concurrency.to_string(),
    )?;
    // The chart: one point per bucket, the limit, one bar per bucket with refusals.
    let chart = browser.execute(
        "const svg = document.getElementById('timeline-chart');
         return {
           points: svg.querySelector('polyline.mean').getAttribute('points').trim().split(' ').length,
           limit: !!svg.querySelector('.limit line'),
           bars: Number(svg.querySelector('path.refusal').dataset.bars),
           dots: svg.querySelectorAll('.session-dot').length,
         };",
        json!([]),
    )?;
    expect_eq(
        "chart points",
        chart["points"].as_u64(),
        Some(native.timeline.buckets.len() as u64),
    )?;
    expect_eq("limit line", chart["limit"].as_bool(), Some(true))?;
    let buckets_refusing = native
        .timeline
        .buckets
        .iter()
        .filter(|b| b.refused > 0)
        .count() as u64;
    expect_eq(
        "refusal bars",
        chart["bars"].as_u64(),
        Some(buckets_refusing),
    )?;
    expect_eq(
        "session dots",
        chart["dots"].as_u64(),
        Some(native.transcripts.len() as u64),
    )?;
    Ok(())
}

fn simulator_transcript(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=fr"))?;
    browser.click(&browser.find("[data-ready=greedy]")?)?;
    browser.wait_until(
        "the greedy scenario",
        "return location.hash.includes('greedy=40') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    let (_, native) = native_run(browser)?;
    // Why Erlang B does not apply: the core's reason, in the page's language.
    let why = browser.execute(
        "const e = document.getElementById('erlang-b-why'); \
         return e ? [e.dataset.key, e.textContent] : null",
        json!([]),
    )?;
    match native.erlang_b_not_applicable {
        Some(reason) => {
            let key = why[0].as_str().ok_or("no #erlang-b-why on the page")?;
            expect_eq("Erlang B reason", key, reason.key())?;
            let text = why[1].as_str().unwrap_or_default();
            if !text.contains(reason.describe(Lang::Fr)) {
                return Err(format!(
                    "#erlang-b-why does not give the French reason: {text:?}"
                ));
            }
        }
        None => expect_eq("#erlang-b-why for a loss system", &why, &Value::Null)?,
    }
    let refused = native
        .transcripts
        .iter()
        .find(|t| t.outcome == "refused")
        .ok_or("the greedy address should be refused at least once")?;
    expect_eq("refused address", refused.client_ip.as_str(), "10.0.0.1")?;
    // Keyboard: focus the dot and press Enter.
    let dot = browser.find(&format!(".session-dot[data-attempt='{}']", refused.attempt))?;
    browser.execute("arguments[0].focus()", json!([dot.to_json()]))?;
    browser.send_keys(&dot, "\u{E007}")?;
    browser.wait_for("#transcript", WAIT)?;
    let lines: Vec<String> = browser
        .find_all("#transcript td.wire")?
        .iter()
        .map(|e| browser.text(e))
        .collect::<Result<_, _>>()?;
    let expected: Vec<String> = refused
        .lines
        .iter()
        .map(|l| l.text.trim_end_matches(['\r', '\n']).to_string())
        .collect();
    expect_eq("transcript lines", lines, expected)?;
    let url = browser.current_url()?;
    if !url.contains(&format!("sample={}", refused.attempt)) {
        return Err(format!("the chosen session is not in the URL: {url}"));
    }
    // The link alone brings back the same transcript.
    open(browser, &url)?;
    wait_for_results(browser)?;
    browser.wait_for("#transcript", WAIT)?;
    scroll_to(browser, "#transcript")
}

/// Scrolls `css` into view, so that the test's screenshot shows it.
fn scroll_to(browser: &Browser, css: &str) -> Result<(), String> {
    browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })",
            json!([css]),
        )
        .map(drop)
}

fn simulator_js_api(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    browser.click(&browser.find("[data-ready=shutdown]")?)?;
    browser.wait_until(
        "the shutdown scenario",
        "return location.hash.includes('shut_from=40') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    let (scenario, native) = native_run(browser)?;
    let from_js = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         import('./ftpsim_api.js').then(async (m) => {
           await m.default();
           // As a string: WebDriver's own number formatting drops the
           // last digit of some doubles, JSON.stringify keeps them all.
           done(JSON.stringify(m.simulate(JSON.parse(arguments[0]))));
         }).catch((e) => done({ failed: String(e) }));",
        json!([serde_json::to_string(&scenario).map_err(|e| e.to_string())?]),
    )?;
    if let Some(failed) = from_js.get("failed") {
        return Err(format!("simulate() failed: {failed}"));
    }
    let from_js: Value = serde_json::from_str(from_js.as_str().ok_or("simulate() gave no JSON")?)
        .map_err(|e| format!("simulate() gave bad JSON: {e}"))?;
    let native_json = serde_json::to_value(&native).map_err(|e| e.to_string())?;
    if let Some(difference) = first_difference(&from_js, &native_json, "report") {
        return Err(format!(
            "simulate() in the browser and the native simulator differ: {difference}"
        ));
    }
    if native.ended_by_shutdown == 0 && native.refused == 0 {
        return Err("the shutdown scenario should refuse or end someone".into());
    }
    Ok(())
}

/// Where two JSON values first differ, as `path: left != right`.
pub(crate) fn first_difference(left: &Value, right: &Value, path: &str) -> Option<String> {
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(x, y, &format!("{path}.{key}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        // JavaScript has one number type: 0 and 0.0 are the same value.
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        _ if left == right => None,
        _ => Some(format!("{path}: {left} != {right}")),
    }
}

fn long_run_stays_responsive(browser: &Browser, base: &str) -> Result<(), String> {
    // About 30 million arrivals: many seconds of work, done in slices.
    open(
        browser,
        &format!("{base}#/sim?load=3000&duration=10000&max=2000&per_ip=&ips=5000&lang=en"),
    )?;
    browser.wait_for(".progress progress", WAIT)?;
    let value = browser.execute(
        "return document.querySelector('.progress progress').value",
        json!([]),
    )?;
    let started = value.as_f64().ok_or("no progress value")?;
    // The page answers while the run goes on: the navigation works at once.
    browser.click(&browser.find("[data-nav=codes]")?)?;
    browser.wait_for("#code-search", Duration::from_secs(5))?;
    if started >= 100.0 {
        return Err("the run was over before it could be watched".into());
    }
    Ok(())
}

/// A scenario applied during a long run replaces it: the old run stops and
/// never overwrites the new results.
fn new_scenario_cancels_the_run(browser: &Browser, base: &str) -> Result<(), String> {
    open(
        browser,
        &format!("{base}#/sim?load=3000&duration=10000&max=2000&per_ip=&ips=5000&lang=en"),
    )?;
    browser.wait_for(".progress progress", WAIT)?;
    browser.click(&browser.find("[data-ready=evening]")?)?;
    wait_for_results(browser)?;
    let (scenario, native) = native_run(browser)?;
    expect_eq(
        "scenario after the switch",
        scenario.name.as_deref(),
        Some("evening"),
    )?;
    // Long enough for a stale slice of the old run to land, were it alive.
    std::thread::sleep(Duration::from_millis(500));
    expect_eq(
        "220 counter",
        data_value(browser, "#count-greeted")?,
        native.greeted.to_string(),
    )?;
    expect_eq("progress after the switch", count(browser, ".progress")?, 0)
}

fn servers_side_by_side(browser: &Browser, base: &str) -> Result<(), String> {
    // No scenario in the link: the view's own crowd of FileZilla users.
    open(browser, &format!("{base}#/servers?lang=en"))?;
    browser.wait_until(
        "every server's run",
        "return document.querySelectorAll('.server-card dd.greeted').length === 5",
        Duration::from_secs(90),
    )?;
    expect_eq(
        "ready cards in the servers view",
        count(browser, ".ready .ready-button")?,
        4,
    )?;
    expect_eq(
        "the crowd's card pressed",
        count(browser, "[data-ready=crowd][aria-pressed=true]")?,
        1,
    )?;
    let mut failed_users = Vec::new();
    for preset in Preset::ALL {
        let card = format!(".server-card[data-preset='{}']", preset.name());
        let greeted = data_value(browser, &format!("{card} dd.greeted"))?;
        let failed = data_value(browser, &format!("{card} dd.users-failed"))?;
        let codes = browser.execute(
            "return [...document.querySelectorAll(arguments[0] + ' dd.refused')].map(e => [e.dataset.code, e.dataset.value])",
            json!([card]),
        )?;
        // The native run of the same scenario under this preset.
        let scenario = servers_scenario(preset);
        let native = Simulation::run(&scenario).map_err(|e| e.to_string())?;
        expect_eq(
            &format!("{} greeted", preset.name()),
            greeted,
            native.greeted.to_string(),
        )?;
        expect_eq(
            &format!("{} users failed", preset.name()),
            failed,
            native.users.users_failed.to_string(),
        )?;
        let native_codes: Value = native
            .refused_by_code
            .iter()
            .map(|c| json!([c.code, c.count.to_string()]))
            .collect();
        expect_eq(&format!("{} refusals", preset.name()), codes, native_codes)?;
        if preset == Preset::Proftpd && native.refused_by_code.iter().any(|c| c.code == "421") {
            return Err("ProFTPD refused a connection limit with 421".into());
        }
        failed_users.push((preset, native.users.users_failed, native.refused));
    }
    // What the view is for: the same crowd meets different servers.
    let (_, vsftpd_failed, vsftpd_refused) = failed_users[1];
    let differ = failed_users
        .iter()
        .any(|&(_, failed, refused)| failed != vsftpd_failed || refused != vsftpd_refused);
    if !differ {
        return Err(format!(
            "every server gave the same outcome: {failed_users:?}"
        ));
    }
    // No card alone on a row: the last row holds two cards.
    let rows = browser.execute(
        "const tops = [...document.querySelectorAll('.server-card')].map(e => Math.round(e.getBoundingClientRect().top));
         const counts = {}; tops.forEach(t => counts[t] = (counts[t] || 0) + 1);
         return Object.values(counts);",
        json!([]),
    )?;
    if rows
        .as_array()
        .is_some_and(|r| r.iter().any(|n| n.as_u64() == Some(1)))
    {
        return Err(format!("a server card sits alone on its row: {rows}"));
    }
    scroll_to(browser, ".server-grid")
}

/// The servers view's crowd under `preset`, as the view builds it.
fn servers_scenario(preset: Preset) -> Scenario {
    let json = json!({
        "name": "crowd",
        "duration": 14400.0,
        "seed": 1,
        "server": { "preset": preset.name(), "max_clients": 30, "max_per_ip": 5 },
        "clients": { "ips": 20, "profile": "filezilla" },
        "arrivals": { "kind": "poisson", "rate": 2.0 / 60.0 },
        "session": { "kind": "exponential", "mean": 300.0 },
        "report": { "timeline_buckets": 120, "transcripts_greeted": 8, "transcripts_refused": 8 },
    });
    let mut scenario: Scenario =
        serde_json::from_value(json).expect("the servers scenario is valid");
    // The view names a run after its ready scenario only when the preset
    // is the card's own.
    if preset != Preset::Vsftpd {
        scenario.name = None;
    }
    scenario
}

fn reply_reader(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/reader?lang=fr"))?;
    browser.click(&browser.find("[data-example=glftpd]")?)?;
    browser.wait_until(
        "the glFTPd example",
        "return location.hash.includes('553') && !!document.querySelector('#verdict.disagree')",
        WAIT,
    )?;
    // Every client's rule, read by the core on the same bytes: the page
    // shows each one's count of replies, and the RFC rule's error where it
    // stops.
    let bytes = b"553-Error: the file exists.\r\n150 Opening BINARY mode data connection.\r\n";
    let readings = Reading::all(bytes);
    let shown = browser.execute(
        "return Object.fromEntries([...document.querySelectorAll('[id^=rule-]')].map(e => [e.id.slice(5), e.dataset.replies]));",
        json!([]),
    )?;
    for reading in &readings {
        expect_eq(
            &format!("replies read by the {} rule", reading.rule.name()),
            shown[reading.rule.name()].as_str().map(str::to_string),
            Some(reading.replies.len().to_string()),
        )?;
    }
    let rfc = readings
        .iter()
        .find(|r| r.rule == Rule::Rfc)
        .and_then(|r| r.error)
        .ok_or("the RFC rule should fail")?;
    let offset = browser.execute(
        "return document.querySelector('#reading-rfc .parse-error').dataset.offset",
        json!([]),
    )?;
    expect_eq(
        "RFC error offset",
        offset.as_str().map(str::to_string),
        Some(rfc.offset().to_string()),
    )?;
    let message = text_of(browser, "#reading-rfc .parse-error")?;
    if !message.contains("à l'octet") {
        return Err(format!("the error is not explained in French: {message}"));
    }
    // A bad escape is named where it is.
    let area = browser.find("#raw-input")?;
    browser.clear(&area)?;
    browser.send_keys(&area, "220 ok\\q")?;
    let error = text_of(browser, "#escape-error")?;
    if !error.contains("caractère 7") {
        return Err(format!("the escape error does not say where: {error}"));
    }
    // Back to the example, for the record.
    browser.click(&browser.find("[data-example=glftpd]")?)?;
    scroll_to(browser, "#verdict")
}

/// A screenshot of the page as it is now, beside the one each check leaves
/// at its end.
fn shot(browser: &Browser, name: &str) -> Result<(), String> {
    let path = target_dir()
        .join("browser-tests")
        .join(format!("{name}.png"));
    let png = browser.screenshot()?;
    fs::write(&path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The page's results against the native report of the page's scenario:
/// users first, then the per-attempt counters.
fn results_match_native(browser: &Browser) -> Result<Report, String> {
    wait_for_results(browser)?;
    let (_, native) = native_run(browser)?;
    expect_eq(
        "users served",
        data_value(browser, "#users-served")?,
        native.users.users_completed.to_string(),
    )?;
    expect_eq(
        "users failed",
        data_value(browser, "#users-failed")?,
        native.users.users_failed.to_string(),
    )?;
    expect_eq(
        "first-attempt refusals",
        data_value(browser, "#first-attempt")?,
        native
            .users
            .first_attempt_blocking
            .map(|p| p.to_string())
            .unwrap_or_default(),
    )?;
    expect_eq(
        "220 counter",
        data_value(browser, "#count-greeted")?,
        native.greeted.to_string(),
    )?;
    expect_eq(
        "blocking probability",
        data_value(browser, "#blocking")?,
        native.blocking_probability.to_string(),
    )?;
    Ok(native)
}

/// The default scenario is a pure loss system: the Erlang B card shows the
/// core's prediction beside the result, and the fields it does not use are
/// switched off.
fn default_is_a_loss_system(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    let native = results_match_native(browser)?;
    let predicted = native
        .erlang_b
        .ok_or("the default scenario should be a loss system")?;
    expect_eq(
        "Erlang B card",
        data_value(browser, "#erlang-b")?,
        predicted.to_string(),
    )?;
    expect_eq("#erlang-b-why", count(browser, "#erlang-b-why")?, 0)?;
    if native.refused == 0 {
        return Err("the default scenario should refuse someone".into());
    }
    let off = browser.execute(
        "return ['peak_from', 'peak_to', 'rate_window', 'retry_delay', 'retry_attempts', 'shut_at', 'think', 'file_mb', 'bw']
           .map(k => document.getElementById('field-' + k))
           .filter(e => !e || !e.disabled || e.value !== '')
           .map(e => e ? e.id : 'missing');",
        json!([]),
    )?;
    expect_eq("fields not switched off", off, json!([]))?;
    // The interval of a run that refused someone is a range, in English.
    let interval = text_of(browser, "#blocking-interval")?;
    if !interval.starts_with("95% interval: ") {
        return Err(format!("the interval reads {interval:?}"));
    }
    shot(browser, "default-is-a-loss-system-form")?;
    // Room for everyone: the interval says so in words, not "0.0% – 0.0%".
    open(browser, &format!("{base}#/sim?v=2&max=1000&lang=fr"))?;
    let native = results_match_native(browser)?;
    expect_eq("refusals with room for all", native.refused, 0)?;
    expect_eq(
        "interval without refusals",
        text_of(browser, "#blocking-interval")?.as_str(),
        "aucun refus",
    )?;
    scroll_to(browser, "#headline")
}

/// The client-model scenarios are cards; each runs as the core runs it, and
/// a client's own retry habits replace the retry fields.
fn client_model_scenarios(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    expect_eq("ready cards", count(browser, ".ready .ready-button")?, 8)?;
    for (key, profile) in [
        ("filezilla", "filezilla"),
        ("rclone", "rclone"),
        ("ghosts", "custom"),
        ("office", "curl"),
    ] {
        browser.click(&browser.find(&format!("[data-ready={key}]"))?)?;
        browser.wait_until(
            &format!("the {key} scenario"),
            &format!(
                "return document.querySelector('[data-ready={key}]').getAttribute('aria-pressed') === 'true' \
                 && !!document.querySelector('#results:not([aria-busy]) #count-greeted')"
            ),
            Duration::from_secs(60),
        )?;
        let native = results_match_native(browser)?;
        let (scenario, _) = native_run(browser)?;
        expect_eq(
            &format!("{key}: client"),
            scenario.clients.profile.as_str(),
            profile,
        )?;
        if profile != "custom" {
            browser.wait_for("#client-habits", WAIT)?;
            expect_eq(
                &format!("{key}: retry choice"),
                count(browser, "#field-retry")?,
                0,
            )?;
        }
        if key == "rclone" && native.users.first_attempt_blocking != Some(1.0) {
            return Err(format!(
                "rclone's defaults should meet a 421 at every copy: {:?}",
                native.users
            ));
        }
    }
    scroll_to(browser, "#headline")
}

/// Picking a ready scenario drops invalid text; an edit marks the results
/// stale; a shutdown's first minute alone is enough.
fn form_state(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    wait_for_results(browser)?;
    let load = browser.find("#field-load")?;
    browser.clear(&load)?;
    browser.send_keys(&load, "lots")?;
    browser.wait_for("#stale-note", WAIT)?;
    browser.click(&browser.find("#run")?)?;
    browser.wait_for("#field-load-error", WAIT)?;
    // The same card as the one applied: the draft still goes.
    browser.click(&browser.find("[data-ready=evening]")?)?;
    browser.wait_until(
        "the error to go",
        "return !document.getElementById('field-load-error') \
         && document.getElementById('field-load').value === '3' \
         && !document.getElementById('stale-note')",
        WAIT,
    )?;
    let from = browser.find("#field-shut_from")?;
    browser.send_keys(&from, "50")?;
    browser.click(&browser.find("#run")?)?;
    browser.wait_until(
        "the shutdown in the URL",
        "return location.hash.includes('shut_from=50') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    expect_eq("errors", count(browser, ".field-error")?, 0)?;
    let (scenario, _) = native_run(browser)?;
    let shutdown = scenario
        .server
        .shutdown
        .ok_or("no shutdown in the scenario")?;
    expect_eq(
        "live sessions end with the run",
        shutdown.disconnect_at,
        scenario.duration,
    )?;
    Ok(())
}

/// A big run says so before it starts, stops on Cancel, and Back to it does
/// not start it again.
fn big_run_cancel(browser: &Browser, base: &str) -> Result<(), String> {
    open(
        browser,
        &format!("{base}#/sim?load=3000&duration=10000&max=2000&per_ip=&ips=5000&lang=en"),
    )?;
    browser.wait_for("#estimate.warning", WAIT)?;
    let estimate: f64 = data_value(browser, "#estimate")?
        .parse()
        .map_err(|e| format!("estimate: {e}"))?;
    expect_eq("estimated attempts", estimate, 3000.0 * 10000.0)?;
    browser.click(&browser.wait_for("#cancel-run", WAIT)?)?;
    browser.wait_for("#run-cancelled", WAIT)?;
    browser.click(&browser.find("[data-nav=codes]")?)?;
    browser.wait_for("#code-search", WAIT)?;
    browser.execute("history.back()", json!([]))?;
    browser.wait_for("#run-cancelled", WAIT)?;
    std::thread::sleep(Duration::from_millis(300));
    expect_eq("progress after Back", count(browser, ".progress")?, 0)?;
    Ok(())
}

/// Error pages for what is not a code, comparisons that say what is wrong,
/// pasted spaces trimmed, and code pages that lead on.
fn code_errors_and_links(browser: &Browser, base: &str) -> Result<(), String> {
    for (given, first) in [("999", 9), ("abc", 0)] {
        open(browser, &format!("{base}#/code/{given}?lang=en"))?;
        let error = text_of(browser, "#code-error")?;
        let expected = given
            .parse::<ReplyCode>()
            .err()
            .ok_or("the test needs a wrong code")?
            .to_string();
        expect_eq(&format!("#/code/{given} error ({first})"), error, expected)?;
        if !browser.current_url()?.contains(&format!("#/code/{given}")) {
            return Err(format!("#/code/{given} jumped elsewhere"));
        }
    }
    open(browser, &format!("{base}#/compare/220/220?lang=fr"))?;
    browser.wait_for("#same-code", WAIT)?;
    let field = browser.find("#compare-b")?;
    browser.clear(&field)?;
    browser.send_keys(&field, " 421")?;
    browser.wait_until(
        "the comparison of 220 and 421",
        &format!(
            "return document.getElementById('comparison-title').textContent === {}",
            Value::from(compare(code(220), code(421), Lang::Fr).title)
        ),
        WAIT,
    )?;
    expect_eq(
        "trimmed field",
        browser.property(&field, "value")?.as_deref(),
        Some("421"),
    )?;
    open(browser, &format!("{base}#/code/421?lang=fr"))?;
    let guides = count(browser, ".learn-more .guide-link")?;
    if guides < 2 {
        return Err(format!("the 421 page links {guides} guides"));
    }
    // Every guide link resolves on the site.
    let broken = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const links = [...document.querySelectorAll('.learn-more .guide-link')].map(a => a.href);
         Promise.all(links.map(h => fetch(h).then(r => r.ok ? null : h)))
           .then(r => done(r.filter(Boolean)));",
        json!([]),
    )?;
    expect_eq("broken guide links", broken, json!([]))?;
    browser.click(&browser.find(".learn-more .scenario-link")?)?;
    browser.wait_until(
        "the FileZilla scenario",
        "return location.hash.includes('client=filezilla')",
        WAIT,
    )?;
    Ok(())
}

/// French numbers, labels and titles; the tab's title and the focus follow
/// the view.
fn french_numbers_and_titles(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=fr"))?;
    browser.click(&browser.find("[data-ready=ghosts]")?)?;
    browser.wait_until(
        "the ghost sessions",
        "return location.hash.includes('ghost=10') && !!document.querySelector('#results:not([aria-busy]) #count-greeted')",
        Duration::from_secs(60),
    )?;
    let (_, native) = native_run(browser)?;
    let greeted = browser.execute(
        "return document.getElementById('count-greeted').textContent",
        json!([]),
    )?;
    let greeted = greeted.as_str().unwrap_or_default().to_string();
    let expected = native.greeted.to_string();
    let split = expected.len() - 3;
    expect_eq(
        "greeted, in French",
        greeted,
        format!("{}\u{202f}{}", &expected[..split], &expected[split..]),
    )?;
    // textContent: WebDriver's text turns no-break spaces into spaces.
    let interval = browser.execute(
        "return document.getElementById('blocking-interval').textContent",
        json!([]),
    )?;
    let interval = interval.as_str().unwrap_or_default();
    if !interval.starts_with("intervalle à 95\u{a0}%\u{a0}: ") || !interval.contains(',') {
        return Err(format!("the French interval reads {interval:?}"));
    }
    let legend = text_of(browser, "fieldset:nth-of-type(5) legend")?;
    expect_eq("retry legend", legend.as_str(), "Nouvelles tentatives")?;
    // A decimal comma is a number.
    let load = browser.find("#field-load")?;
    browser.clear(&load)?;
    browser.send_keys(&load, "2,5")?;
    browser.click(&browser.find("#run")?)?;
    browser.wait_until(
        "load 2.5 in the URL",
        "return location.hash.includes('load=2.5')",
        WAIT,
    )?;
    expect_eq("errors", count(browser, ".field-error")?, 0)?;
    // The tab's title and the focus follow the view.
    browser.click(&browser.find("[data-nav=codes]")?)?;
    browser.wait_until(
        "the title and focus of the codes view",
        "return document.title.startsWith('Codes de réponse FTP') \
         && document.activeElement && document.activeElement.tagName === 'H1'",
        WAIT,
    )?;
    Ok(())
}

/// A small scenario re-runs as it is edited, the run before drawn as a
/// ghost.
fn instant_feedback(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    wait_for_results(browser)?;
    let load = browser.find("#field-load")?;
    browser.clear(&load)?;
    browser.send_keys(&load, "4")?;
    browser.wait_until(
        "the live re-run",
        "return location.hash.includes('load=4&') && !!document.querySelector('#timeline-chart polyline.ghost') \
         && !document.getElementById('stale-note')",
        WAIT,
    )?;
    results_match_native(browser)?;
    scroll_to(browser, "#timeline-chart")
}

/// The report as JSON, the timeline as CSV and the chart as SVG, each what
/// the core computed.
fn exports(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sim?lang=en"))?;
    let native = results_match_native(browser)?;
    // Each file is made when its link is clicked.
    browser.click(&browser.find("#export-json")?)?;
    browser.click(&browser.find("#export-csv")?)?;
    let saved = browser.execute(
        "const body = (id) => decodeURIComponent(document.getElementById(id).href.split(',').slice(1).join(','));
         return [body('export-json'), body('export-csv')];",
        json!([]),
    )?;
    let json_text = saved[0].as_str().ok_or("no JSON export")?;
    let from_page: Value =
        serde_json::from_str(json_text).map_err(|e| format!("the JSON export: {e}"))?;
    let native_json = serde_json::to_value(&native).map_err(|e| e.to_string())?;
    if let Some(difference) = first_difference(&from_page, &native_json, "report") {
        return Err(format!(
            "the JSON export differs from the core: {difference}"
        ));
    }
    let csv = saved[1].as_str().ok_or("no CSV export")?;
    expect_eq(
        "CSV rows",
        csv.lines().count(),
        native.timeline.buckets.len() + 1,
    )?;
    browser.click(&browser.find("#export-svg")?)?;
    let svg = browser.execute(
        "return decodeURIComponent(document.getElementById('export-svg').href.split(',').slice(1).join(','))",
        json!([]),
    )?;
    let svg = svg.as_str().unwrap_or_default();
    if !svg.starts_with("<svg") || !svg.contains("xmlns=\"http://www.w3.org/2000/svg\"") {
        return Err(format!(
            "the SVG export starts {:?}",
            &svg[..svg.len().min(80)]
        ));
    }
    scroll_to(browser, "#exports")
}

/// On a phone: the header stays compact, Run is on screen, the results come
/// into view after Run, the chart fits with words of 11 px or more.
fn phone_simulator(browser: &Browser, base: &str) -> Result<(), String> {
    browser.set_window_size(390, 844)?;
    let result = (|| {
        for lang in ["en", "fr"] {
            open(browser, &format!("{base}#/sim?lang={lang}"))?;
            wait_for_results(browser)?;
            let layout = browser.execute(
                "const form = document.querySelector('.scenario-form');
                 const form_top = form.getBoundingClientRect().top + scrollY;
                 // Once the form is on screen, Run is too (it sticks to the bottom).
                 form.querySelector('fieldset').scrollIntoView({ block: 'start' });
                 const run = document.getElementById('run').getBoundingClientRect();
                 const run_reach = form_top / innerHeight;
                 scrollTo(0, 0);
                 const header = document.querySelector('.site-header').getBoundingClientRect();
                 const svg = document.getElementById('timeline-chart');
                 const scale = svg.getScreenCTM().a;
                 const smallest = Math.min(...[...svg.querySelectorAll('text')]
                   .filter(t => getComputedStyle(t).display !== 'none')
                   .map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
                 const targets = [...document.querySelectorAll('a[href], button, input, select')]
                   // Links inside a sentence are exempt (WCAG 2.5.8, inline).
                   .filter(e => e.offsetParent !== null && !e.closest('p, dd, dt, td, .counter-label, figcaption'))
                   .map(e => e.getBoundingClientRect())
                   .filter(r => r.height < 24 && r.width > 0 && r.bottom > 0);
                 return {
                   overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                   run_visible: run.bottom <= innerHeight && run.top >= 0,
                   run_reach: run_reach,
                   header: header.height,
                   chart_overflow: svg.getBoundingClientRect().width - svg.parentElement.clientWidth,
                   smallest_text: smallest,
                   small_targets: targets.length,
                 };",
                json!([]),
            )?;
            if layout["overflow"].as_f64() != Some(0.0) {
                return Err(format!(
                    "{lang}: the page is {} px wider than the phone; widest: {}",
                    layout["overflow"],
                    too_wide(browser)?
                ));
            }
            expect_eq(
                &format!("{lang}: Run on screen"),
                layout["run_visible"].as_bool(),
                Some(true),
            )?;
            // Screens of scrolling before the form (and its Run) shows.
            let reach = layout["run_reach"].as_f64().unwrap_or(f64::MAX);
            if reach > 2.0 {
                return Err(format!("{lang}: the form starts {reach:.1} screens down"));
            }
            let header = layout["header"].as_f64().unwrap_or(f64::MAX);
            if header > 110.0 {
                return Err(format!("{lang}: the header is {header} px high"));
            }
            if layout["chart_overflow"].as_f64().unwrap_or(1.0) > 0.5 {
                return Err(format!("{lang}: the chart is wider than its box: {layout}"));
            }
            let smallest = layout["smallest_text"].as_f64().unwrap_or(0.0);
            if smallest < 11.0 {
                return Err(format!("{lang}: chart text of {smallest:.1} px"));
            }
            expect_eq(
                &format!("{lang}: tap targets under 24 px"),
                layout["small_targets"].as_u64(),
                Some(0),
            )?;
            shot(browser, &format!("phone-simulator-{lang}-form"))?;
            browser.click(&browser.find("[data-ready=rush]")?)?;
            wait_for_results(browser)?;
            let load = browser.find("#field-load")?;
            browser.clear(&load)?;
            browser.send_keys(&load, "3")?;
            browser.click(&browser.find("#run")?)?;
            browser.wait_until(
                "the results in view",
                "const r = document.getElementById('results'); \
                 return !!r && location.hash.includes('load=3&') && r.getBoundingClientRect().top < innerHeight / 2",
                Duration::from_secs(60),
            )?;
            shot(browser, &format!("phone-simulator-{lang}-results"))?;
        }
        for view in ["#/servers?lang=fr", "#/sim?lang=fr&client=filezilla"] {
            open(browser, &format!("{base}{view}"))?;
            settle(browser)?;
            let overflow = browser.execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                json!([]),
            )?;
            if overflow.as_f64() != Some(0.0) {
                return Err(format!("{view} is {overflow} px wider than a phone screen"));
            }
        }
        shot(browser, "phone-servers-fr")
    })();
    browser.set_window_size(1280, 900)?;
    result
}

/// The elements that reach past the right edge of the window, innermost
/// first: what to fix when a page scrolls sideways.
fn too_wide(browser: &Browser) -> Result<Value, String> {
    browser.execute(
        "const w = document.documentElement.clientWidth;
         return [...document.querySelectorAll('body *')]
           .filter(e => e.getBoundingClientRect().right > w + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5))
           .slice(0, 5)
           .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
        json!([]),
    )
}

/// axe-core (from npm) finds no serious or critical violation in any view,
/// in either language.
fn axe_audit(browser: &Browser, base: &str) -> Result<(), String> {
    let source = axe_source()?;
    let mut found = Vec::new();
    for view in
        VIEWS
            .iter()
            .copied()
            .chain(["#/sim?lang=en", "#/code/530?lang=en", "#/code/999?lang=fr"])
    {
        open(browser, &format!("{base}{view}"))?;
        settle(browser)?;
        browser.execute(&format!("{source}\nreturn true;"), json!([]))?;
        let violations = browser.execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            json!([]),
        )?;
        for v in violations.as_array().cloned().unwrap_or_default() {
            found.push(format!("{view}: {}", v.as_str().unwrap_or_default()));
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("axe-core: {}", found.join("; ")))
    }
}

/// axe-core's script, installed with npm under the target directory on
/// first use.
fn axe_source() -> Result<String, String> {
    let prefix = target_dir().join("tools").join("axe");
    let script = prefix
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js");
    if !script.exists() {
        fs::create_dir_all(&prefix)
            .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
        let prefix_text = prefix.to_str().ok_or("the target path is not UTF-8")?;
        crate::run(
            "npm",
            &[
                "install",
                "--prefix",
                prefix_text,
                "--no-audit",
                "--no-fund",
                "--no-save",
                AXE_CORE,
            ],
        )?;
    }
    fs::read_to_string(&script).map_err(|e| format!("cannot read {}: {e}", script.display()))
}

/// The axe-core release the audit runs.
const AXE_CORE: &str = "axe-core@4.14.1";

/// Sizing: the smallest limit for the target is the core's `servers_for`,
/// every simulated point is the native run of the same loss system, and an
/// edit moves the answer at once.
fn sizing(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/sizing?lang=en"))?;
    let erlangs = 3.0 / 60.0 * 300.0;
    let answer = servers_for(erlangs, 0.01).ok_or("no answer for 15 E")?;
    expect_eq(
        "smallest limit for 1%",
        data_value(browser, "#sizing-answer")?,
        answer.to_string(),
    )?;
    expect_eq("theory", sizing_theory(browser)?, "erlang_b".to_string())?;
    let points = sizing_points(browser)?;
    if !points.iter().any(|(at, _)| *at == f64::from(answer)) {
        return Err(format!(
            "the answer {answer} is not among the simulated points {points:?}"
        ));
    }
    for (limit, _) in &points {
        let scenario: Scenario = serde_json::from_value(json!({
            "duration": 120000.0,
            "seed": 1,
            "server": { "preset": "rfc", "max_clients": *limit as u32, "max_per_ip": 0 },
            "clients": { "ips": 200 },
            "arrivals": { "kind": "poisson", "rate": 3.0 / 60.0 },
            "session": { "kind": "exponential", "mean": 300.0 },
            "report": { "timeline_buckets": 120, "transcripts_greeted": 3, "transcripts_refused": 3 },
        }))
        .map_err(|e| e.to_string())?;
        let native = Simulation::run(&scenario).map_err(|e| e.to_string())?;
        let shown = points
            .iter()
            .find(|(at, _)| at == limit)
            .map(|p| p.1.clone());
        expect_eq(
            &format!("blocking at limit {limit}"),
            shown,
            Some(native.blocking_probability.to_string()),
        )?;
    }
    let target = browser.find("#sizing-target")?;
    browser.clear(&target)?;
    browser.send_keys(&target, "5")?;
    let answer = servers_for(erlangs, 0.05).ok_or("no answer for 5%")?;
    browser.wait_until(
        "the answer for 5%",
        &format!("return document.getElementById('sizing-answer').dataset.value === '{answer}'"),
        WAIT,
    )?;
    scroll_to(browser, "#sizing-chart")?;
    shot(browser, "sizing-limit")?;

    // Against the load, at a limit of 20: the most clients per minute with
    // at most 1% refused, and points that are the page's own scenarios.
    open(browser, &format!("{base}#/sizing?x=load&limit=20&lang=en"))?;
    expect_eq("axis", sizing_axis(browser)?, "load".to_string())?;
    let most: f64 = data_value(browser, "#sizing-answer")?
        .parse()
        .map_err(|e| format!("the most load does not read: {e}"))?;
    let b = |per_minute: f64| erlang_b(per_minute / 60.0 * 300.0, 20).unwrap_or(1.0);
    if !(b(most) <= 0.01 && b(most + 0.01) > 0.01) {
        return Err(format!(
            "{most} per minute is not the most a limit of 20 takes at 1%"
        ));
    }
    check_points_natively(browser, "load")?;
    shot(browser, "sizing-load")?;

    // A closed population of 40 users: Engset, on both axes.
    open(
        browser,
        &format!("{base}#/sizing?users=40&think=600&lang=fr"),
    )?;
    expect_eq("theory", sizing_theory(browser)?, "engset".to_string())?;
    let answer = engset_servers_for(300.0 / 600.0, 39, 0.01).ok_or("no Engset answer")?;
    expect_eq(
        "smallest limit for 40 users",
        data_value(browser, "#sizing-answer")?,
        answer.to_string(),
    )?;
    check_points_natively(browser, "engset")?;
    shot(browser, "sizing-engset")?;
    open(
        browser,
        &format!("{base}#/sizing?users=40&think=600&x=load&limit=10&lang=en"),
    )?;
    let most: u32 = data_value(browser, "#sizing-answer")?
        .parse()
        .map_err(|e| format!("the most users do not read: {e}"))?;
    let e = |users: u32| engset(0.5, users - 1, 10).unwrap_or(1.0);
    if !(e(most) <= 0.01 && e(most + 1) > 0.01) {
        return Err(format!("{most} users is not the most 10 slots serve at 1%"));
    }
    check_points_natively(browser, "engset")
}

fn sizing_axis(browser: &Browser) -> Result<String, String> {
    let axis = browser.execute(
        "return document.getElementById('sizing-chart').dataset.axis",
        json!([]),
    )?;
    Ok(axis.as_str().unwrap_or_default().to_string())
}

fn sizing_theory(browser: &Browser) -> Result<String, String> {
    let theory = browser.execute(
        "return document.getElementById('sizing-chart').dataset.theory",
        json!([]),
    )?;
    Ok(theory.as_str().unwrap_or_default().to_string())
}

/// Every simulated point, once all are done: where it stands, its value.
fn sizing_points(browser: &Browser) -> Result<Vec<(f64, String)>, String> {
    browser.wait_until(
        "every simulated point",
        "return document.querySelectorAll('#sizing-chart .sim-point').length >= 5 && !document.querySelector('.progress')",
        Duration::from_secs(120),
    )?;
    let points = browser.execute(
        "return [...document.querySelectorAll('#sizing-chart .sim-point')].map(g => [Number(g.dataset.at), g.dataset.value]);",
        json!([]),
    )?;
    Ok(points
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            (
                p[0].as_f64().unwrap_or(f64::NAN),
                p[1].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// Each simulated point is its scenario's native run, and an Engset
/// scenario gets Engset's prediction.
fn check_points_natively(browser: &Browser, what: &str) -> Result<(), String> {
    sizing_points(browser)?;
    let points = browser.execute(
        "return [...document.querySelectorAll('#sizing-chart .sim-point')].map(g => [g.dataset.scenario, g.dataset.value]);",
        json!([]),
    )?;
    for point in points.as_array().cloned().unwrap_or_default() {
        let scenario: Scenario = serde_json::from_str(point[0].as_str().unwrap_or_default())
            .map_err(|e| format!("{what}: a point's scenario does not read: {e}"))?;
        let native = Simulation::run(&scenario).map_err(|e| e.to_string())?;
        expect_eq(
            &format!("{what}: blocking of a point"),
            point[1].as_str().map(str::to_string),
            Some(native.blocking_probability.to_string()),
        )?;
        if what == "engset" && native.engset.is_none() {
            return Err(format!("{what}: a point without Engset's prediction"));
        }
    }
    Ok(())
}

/// A pasted log is read by the core's `diagnose`: the same format, server
/// and findings (cause and fix, in the page's language), and a long paste
/// is read whole while the link keeps its start.
fn diagnose_a_log(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/diagnose?lang=fr"))?;
    browser.click(&browser.find("[data-example=FileZilla]")?)?;
    let log = browser.execute(
        "return document.getElementById('log-input').value",
        json!([]),
    )?;
    let log = log.as_str().ok_or("no log in the box")?.to_string();
    let native = ftpsim::diagnose::diagnose(&log, Lang::Fr);
    if native.findings.is_empty() {
        return Err("the FileZilla example should hold a refusal".into());
    }
    browser.wait_until(
        "the diagnosis",
        &format!(
            "return document.querySelectorAll('.finding').length === {}",
            native.findings.len()
        ),
        WAIT,
    )?;
    expect_eq(
        "format",
        browser.execute(
            "return document.getElementById('diagnosis-summary').dataset.source",
            json!([]),
        )?,
        json!(native.source.key()),
    )?;
    let shown = browser.execute(
        "return [...document.querySelectorAll('.finding')].map(f => [Number(f.dataset.line), f.querySelector('.fix').textContent]);",
        json!([]),
    )?;
    let expected: Value = native
        .findings
        .iter()
        .map(|f| json!([f.line, format!("Que changer : {}", f.fix)]))
        .collect();
    expect_eq("findings", shown, expected)?;
    if !browser.current_url()?.contains("log=Status") {
        return Err("the log is not in the URL".into());
    }
    // A paste longer than the link keeps: read whole, said so.
    let long = format!(
        "{}{log}",
        "Status:\tRetrieving directory listing...\n".repeat(150)
    );
    browser.execute(
        "const area = document.getElementById('log-input');
         area.value = arguments[0];
         area.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        json!([long]),
    )?;
    browser.wait_for("#log-cut", WAIT)?;
    let whole = ftpsim::diagnose::diagnose(&long, Lang::Fr);
    expect_eq(
        "findings in a long paste",
        count(browser, ".finding")?,
        whole.findings.len(),
    )?;
    let url = browser.current_url()?;
    if url.len() > 20_000 {
        return Err(format!("the link holds {} characters", url.len()));
    }
    scroll_to(browser, ".findings")
}
