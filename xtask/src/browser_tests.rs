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

use ftpsim::explain::{compare, explain};
use ftpsim::reply::registry;
use ftpsim::{Lang, ReplyCode};
use serde_json::{Value, json};

use crate::browser::{self, Browser, Driver};
use crate::{serve, site, target_dir};

const WAIT: Duration = Duration::from_secs(20);

type Check = fn(&Browser, &str) -> Result<(), String>;

const CHECKS: &[(&str, Check)] = &[
    ("codes-search", codes_search),
    ("language-switch", language_switch),
    ("comparison", comparison),
    ("shared-url", shared_url),
    ("code-field-validation", code_field_validation),
    ("js-api", js_api),
    ("phone-layout", phone_layout),
];

pub fn run() -> Result<(), String> {
    let found = match browser::find() {
        Ok(found) => found,
        Err(why) if in_ci() => {
            return Err(format!("CI=true, so the browser tests must run, but {why}"));
        }
        Err(why) => {
            eprintln!(
                "xtask: SKIPPED the browser tests: {why}. \
                 Install Debian's `chromium` and `chromium-driver` to run them (CI does)."
            );
            return Ok(());
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
    for (name, check) in CHECKS {
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
        Ok(())
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

fn code_field_validation(browser: &Browser, base: &str) -> Result<(), String> {
    open(browser, &format!("{base}#/compare/220/421?lang=en"))?;
    let field = browser.find("#compare-a")?;
    browser.clear(&field)?;
    browser.send_keys(&field, "999")?;
    browser.wait_for("#compare-a-error", WAIT)?;
    expect_eq(
        "comparison while the field is invalid",
        text_of(browser, "#comparison-title")?,
        compare(code(220), code(421), Lang::En).title,
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
         import('./ftpsim_web.js').then(async (m) => {
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
        "return !!document.querySelector('#explain-output') \
         && document.querySelector('#explain-output').textContent.includes('421')",
        WAIT,
    )
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
                return Err(format!("{view} is {overflow} px wider than a phone screen"));
            }
        }
        Ok(())
    })();
    browser.set_window_size(1280, 900)?;
    result
}
