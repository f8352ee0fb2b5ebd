//! The simulator against SimPy and Ciw: the same M/M/10/10 loss system in
//! each, speed and blocking probability next to Erlang B.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ftpsim::sim::{Scenario, SessionSpec, Simulation, erlang_b};
use serde_json::Value;

use super::report::{Doc, Row, ratio, si};
use super::{LOAD, Plan, SERVERS, SIM_ARRIVALS, VENV_PACKAGES};
use crate::{run as run_command, target_dir, workspace_root};

#[derive(Debug)]
pub(super) struct Models {
    simpy: Value,
    simpy_lean: Value,
    ciw: Value,
    ftpsim_blocking: f64,
}

pub(super) fn python_models(plan: &Plan) -> Result<Models, String> {
    let python = venv_python()?;
    let models = workspace_root().join("xtask").join("bench");
    let best = |script: &str, arrivals: u64, extra: &[&str]| -> Result<Value, String> {
        let mut best: Option<Value> = None;
        for run in 0..plan.python_runs {
            let output = Command::new(&python)
                .arg(models.join(script))
                .args([
                    SERVERS.to_string(),
                    LOAD.to_string(),
                    arrivals.to_string(),
                    (run + 1).to_string(),
                ])
                .args(extra)
                .output()
                .map_err(|e| format!("cannot run {script}: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "{script} failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
            let value: Value = serde_json::from_slice(&output.stdout)
                .map_err(|e| format!("{script} printed no JSON: {e}"))?;
            let faster = best.as_ref().is_none_or(|b| {
                value["arrivals_per_sec"].as_f64() > b["arrivals_per_sec"].as_f64()
            });
            if faster {
                best = Some(value);
            }
        }
        best.ok_or_else(|| format!("{script}: no run"))
    };
    eprintln!("==> SimPy and Ciw, M/M/{SERVERS}/{SERVERS}");
    let simpy = best("simpy_mmcc.py", plan.simpy_arrivals, &["idiomatic"])?;
    let simpy_lean = best("simpy_mmcc.py", plan.simpy_arrivals, &["lean"])?;
    let ciw = best("ciw_mmcc.py", plan.ciw_arrivals, &[])?;
    let mut simulation =
        Simulation::new(&loss_system()).map_err(|e| format!("the loss scenario: {e}"))?;
    while !simulation.step(u64::MAX) {}
    Ok(Models {
        simpy,
        simpy_lean,
        ciw,
        ftpsim_blocking: simulation.report().blocking_probability,
    })
}

/// The scenario of the criterion benchmark `simulator_M/M/10/10_ips1`.
fn loss_system() -> Scenario {
    Scenario::loss_system(
        SERVERS,
        LOAD,
        SessionSpec::Exponential { mean: 1.0 },
        1,
        SIM_ARRIVALS as f64,
    )
}

/// The virtualenv's Python, made (with SimPy and Ciw) when missing.
fn venv_python() -> Result<PathBuf, String> {
    let venv = target_dir().join("bench-venv");
    let python = venv.join("bin").join("python");
    let has_packages = |python: &Path| {
        Command::new(python)
            .args(["-c", "import simpy, ciw"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if python.is_file() && has_packages(&python) {
        return Ok(python);
    }
    let venv_text = venv.to_string_lossy().into_owned();
    run_command("python3", &["-m", "venv", &venv_text])?;
    let pip = venv.join("bin").join("pip").to_string_lossy().into_owned();
    let mut args = vec!["install", "--quiet"];
    args.extend(VENV_PACKAGES);
    run_command(&pip, &args)?;
    if has_packages(&python) {
        Ok(python)
    } else {
        Err(format!("{} cannot import simpy and ciw", python.display()))
    }
}

pub(super) fn section(
    peers: &Models,
    (ours, floor): (Option<f64>, Option<f64>),
    doc: &mut Doc,
    versions: &mut BTreeMap<&str, String>,
) {
    let version = |v: &Value| v["version"].as_str().unwrap_or("?").to_owned();
    versions.insert("SimPy", version(&peers.simpy));
    versions.insert("Ciw", version(&peers.ciw));
    let exact = erlang_b(LOAD, SERVERS).unwrap_or(f64::NAN);
    let mut rows = Vec::new();
    for (name, peer, wanted) in [
        ("SimPy", &peers.simpy, 200.0),
        ("SimPy (lean)", &peers.simpy_lean, 200.0),
        ("Ciw", &peers.ciw, 400.0),
    ] {
        let Some(rate) = peer["arrivals_per_sec"].as_f64() else {
            continue;
        };
        if let Some(ours) = ours {
            let times = ours / rate;
            let target = doc.target(
                &format!("simulator ≥ {wanted:.0}× {name}"),
                format!("{times:.0}×"),
                times >= wanted,
            );
            if let Some(floor) = floor.filter(|&f| times < wanted && wanted * rate > f) {
                doc.bounds.push(format!(
                    "**Simulator against {name}.** {name} ran {} here; {wanted:.0}× that is {}, \
                     more than the bare loop's {} (the floor in the Simulator table, which \
                     only draws the random numbers and keeps the heap). No simulator doing the \
                     same work can reach the target on this machine. (Issue 6 set it for \
                     SimPy at about 52,000 and Ciw at about 26,000 arrivals/s.)",
                    si(rate, "/s"),
                    si(wanted * rate, "/s"),
                    si(floor, "/s"),
                ));
            }
            rows.push(Row {
                figure: format!("arrivals/s, M/M/{SERVERS}/{SERVERS}, vs {name}"),
                ours: si(ours, "/s"),
                peer: si(rate, "/s"),
                ratio: ratio(times),
                target,
            });
        }
        let blocking = peer["blocking"].as_f64().unwrap_or(f64::NAN);
        let arrivals = peer["arrivals"].as_u64().unwrap_or(0);
        rows.push(Row {
            figure: format!(
                "blocking probability ({name}: {arrivals} arrivals; ftpsim: {SIM_ARRIVALS}; \
                 Erlang B {exact:.4})"
            ),
            ours: format!("{:.4}", peers.ftpsim_blocking),
            peer: format!("{blocking:.4}"),
            ratio: format!(
                "{:+.4} / {:+.4}",
                peers.ftpsim_blocking - exact,
                blocking - exact
            ),
            target: "ratio column: each one's difference from Erlang B".into(),
        });
    }
    let section = doc.section(
        "Simulator against SimPy and Ciw",
        "The same M/M/10/10 loss system (Poisson arrivals at 10 per second, exponential \
         sessions of mean 1 s, no queue) in ftpsim (criterion median of \
         `simulator_M/M/10/10_ips1`), SimPy (`xtask/bench/simpy_mmcc.py`: idiomatic, a \
         process per customer holding the resource with `with request()`; lean, no process \
         for a refused arrival, the least work SimPy can do) and Ciw \
         (`xtask/bench/ciw_mmcc.py`, one node, `queue_capacities=[0]`). The Python models \
         time only the simulation run, not the interpreter's start.",
    );
    section.rows = rows;
}
