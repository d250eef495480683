//! Shows what the extractor reads in an article: sentences, mentions, facts.
//!
//! `cargo run -p orbitkg-extract --example explain -- ARTICLE.txt [SENTENCE-FILTER]`

use orbitkg_extract::input::from_text;
use orbitkg_extract::{Gazetteer, clean, extract_article, text};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: explain ARTICLE.txt [FILTER]")?;
    let filter = args.get(2).cloned().unwrap_or_default();
    let bytes = std::fs::read(path)?;
    let article = from_text(path, &bytes)?;
    let gaz = Gazetteer::builtin();
    let t = article.text.clone();
    let c = clean::clean(&t);
    let mut spans = Vec::new();
    for b in &c.blocks {
        if c.title == Some(*b) {
            spans.push((*b, true));
        } else {
            spans.extend(text::sentences(&t, *b).into_iter().map(|s| (s, false)));
        }
    }
    let tagged = orbitkg_extract::tag(&t, &spans, gaz);
    for s in &tagged.sentences {
        let st = &t[s.span.start..s.span.end];
        if !st.contains(&filter) {
            continue;
        }
        println!("\n» {st}");
        for m in &s.mentions {
            let e = tagged.table.get(m.entity);
            let words: Vec<&str> = s.tokens[m.start..m.end].iter().map(|t| t.text).collect();
            println!(
                "   [{}] {:?} → {} #{} {:?}",
                words.join(" "),
                m.kind,
                e.class,
                tagged.table.find(m.entity),
                e.names
            );
        }
    }
    let x = extract_article(article, gaz);
    println!("\n== facts");
    for f in &x.facts {
        let name = |i: usize| x.entities[i].names.iter().next().cloned().unwrap_or_default();
        if !filter.is_empty() && !f.evidence.sentence.contains(&filter) {
            continue;
        }
        println!(
            "{} {} {}   [{} {:.2}]",
            name(f.subject),
            f.property,
            name(f.object),
            f.evidence.rule,
            f.evidence.confidence
        );
    }
    for a in &x.attributes {
        println!("{:?} {:?}  [{}]", x.entities[a.subject].names, a.attribute, a.evidence.rule);
    }
    Ok(())
}
