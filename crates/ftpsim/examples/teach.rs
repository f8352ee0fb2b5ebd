//! The teaching texts: what a code means, when you meet it, what to do, in
//! English and French, and two codes side by side, as text and Markdown.
//!
//! `cargo run -p ftpsim --example teach`

use ftpsim::explain::{compare, explain};
use ftpsim::{Lang, ReplyCode};

fn main() -> Result<(), ftpsim::reply::InvalidCode> {
    let refused = ReplyCode::new(421)?;
    let ready = ReplyCode::new(220)?;
    for lang in Lang::ALL {
        println!("{}", explain(refused, lang).to_text());
    }
    let page = compare(ready, refused, Lang::Fr).to_markdown();
    println!("{page}");
    assert!(page.starts_with('#'));
    assert!(explain(refused, Lang::En).to_text().contains("421"));
    Ok(())
}
