//! `ftpsim codes`: the registry as a table or as JSON.

use std::io::Write;

use clap::Args;
use ftpsim::Lang;
use ftpsim::explain::{category_name, class_name, explain};
use ftpsim::reply::registry;
use serde::Serialize;

use crate::error::{CliError, parse_lang};

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// Print a JSON array of objects instead of a table.
    #[arg(long)]
    json: bool,
    /// Language of the titles: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Serialize)]
struct CodeRow<'a> {
    code: u16,
    class: &'static str,
    category: Option<&'static str>,
    rfc: u16,
    section: &'a str,
    text: &'a str,
    title: String,
}

pub fn run(args: &CodesArgs) -> Result<(), CliError> {
    let rows: Vec<CodeRow<'_>> = registry::ALL
        .iter()
        .map(|info| {
            let explanation = explain(info.code, args.lang);
            let title = explanation
                .meanings
                .iter()
                .find(|m| m.rfc == Some(info.rfc))
                .map(|m| m.title.clone())
                .unwrap_or_default();
            CodeRow {
                code: info.code.get(),
                class: info.code.class().key(),
                category: info.code.category().map(|c| c.key()),
                rfc: info.rfc,
                section: info.section,
                text: info.text,
                title,
            }
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<4} {:<22} {:<30} {:<9} TITLE",
        "CODE", "CLASS", "CATEGORY", "RFC"
    )?;
    for (row, info) in rows.iter().zip(registry::ALL) {
        let class = class_name(info.code.class(), args.lang);
        let category = info
            .code
            .category()
            .map(|c| category_name(c, args.lang))
            .unwrap_or("-");
        writeln!(
            out,
            "{:<4} {:<22} {:<30} {:<9} {}",
            row.code,
            format!("{} {}", info.code.class().pattern(), class),
            category,
            format!("{} §{}", row.rfc, row.section),
            row.title
        )?;
    }
    Ok(())
}
