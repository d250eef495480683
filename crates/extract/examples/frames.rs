//! Prints the clause frames the extractor reads in an article, sentence by
//! sentence: `cargo run -p orbitkg-extract --example frames -- FILE.txt`.
//! For looking at why a rule did or did not fire.

use orbitkg_extract::clause::Clauses;
use orbitkg_extract::{Gazetteer, clean, ner, text};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: frames FILE.txt")?;
    let raw = std::fs::read_to_string(&path)?;
    let gaz = Gazetteer::builtin();
    let cleaned = clean::clean(&raw);
    let mut spans = Vec::new();
    for b in &cleaned.blocks {
        let is_title = cleaned.title == Some(*b);
        spans.extend(text::sentences(&raw, *b).into_iter().map(|s| (s, is_title)));
    }
    let tagged = orbitkg_extract::tag(&raw, &spans, gaz);
    for s in &tagged.sentences {
        let c = Clauses::read(s, &|e| tagged.table.get(e).class, None);
        let name = |m: usize| {
            let e = s.mentions[m].entity;
            format!("{}:{}", ner::span_text(s, s.mentions[m].start, s.mentions[m].end), tagged.table.get(e).class)
        };
        let group = |g: usize| {
            let gr = &c.groups[g];
            let members: Vec<String> = gr.members.iter().map(|&m| name(m)).collect();
            format!("{}[{}]", gr.prep.as_deref().map(|p| format!("{p} ")).unwrap_or_default(), members.join(", "))
        };
        println!("\n{}", &raw[s.span.start..s.span.end]);
        let clauses: Vec<String> = c.clauses.iter().map(|&(a, b)| ner::span_text(s, a, b)).collect();
        println!("  clauses: {}", clauses.join(" ‖ "));
        let mentions: Vec<String> =
            (0..s.mentions.len()).map(|m| format!("{}/{:?}", name(m), s.mentions[m].kind)).collect();
        println!("  mentions: {}", mentions.join(" "));
        let groups: Vec<String> = (0..c.groups.len()).map(group).collect();
        println!("  lists: {}", groups.join(" "));
        for f in &c.frames {
            println!(
                "  {:?}{} «{}» status={:?} agent={:?} theme={:?} obl={:?} dates={:?}",
                f.class,
                if f.passive { " (passive)" } else { "" },
                ner::span_text(s, f.at, f.end),
                f.status,
                f.agent.iter().map(|&g| group(g)).collect::<Vec<_>>(),
                f.theme.iter().map(|&g| group(g)).collect::<Vec<_>>(),
                f.obliques.iter().map(|&g| group(g)).collect::<Vec<_>>(),
                f.dates.iter().map(|d| d.value.as_str()).collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}
