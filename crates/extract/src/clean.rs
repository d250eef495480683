//! Page boilerplate out: which parts of an article's text are its content.
//!
//! Cleaning never rewrites the text; it returns the spans worth reading, so
//! that every offset the extractor reports points into the original text.

use crate::model::Span;
use regex::Regex;
use std::sync::LazyLock;

/// What a boilerplate rule does with the line it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Line,
    Rest,
    Suffix,
    Prefix,
}

static RULES: LazyLock<Vec<(Action, Regex)>> = LazyLock::new(|| {
    include_str!("../data/boilerplate.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (action, re) = l.split_once('\t').expect("boilerplate.tsv: action<TAB>regex");
            let action = match action {
                "line" => Action::Line,
                "rest" => Action::Rest,
                "suffix" => Action::Suffix,
                "prefix" => Action::Prefix,
                other => panic!("boilerplate.tsv: unknown action {other}"),
            };
            (action, Regex::new(re).expect("boilerplate.tsv: bad regex"))
        })
        .collect()
});

/// Whether a whole line is page furniture wherever it stands (a `line` rule of
/// `boilerplate.tsv`: menus, newsletter boxes, cookie banners). Text derived
/// from HTML leaves such lines out before offsets are taken.
pub fn is_furniture_line(line: &str) -> bool {
    let line = line.trim();
    RULES.iter().any(|(action, re)| *action == Action::Line && re.is_match(line))
}

/// The readable parts of an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// The headline's span, when the text starts with one.
    pub title: Option<Span>,
    /// Content blocks (one per line or paragraph), in order; the title is the first when present.
    pub blocks: Vec<Span>,
}

/// Finds the content of a plain-text article: drops page furniture, repeated
/// headlines, lines in other scripts, and credit suffixes.
pub fn clean(text: &str) -> Cleaned {
    let mut out = Cleaned::default();
    // Lines already kept, and whether a body paragraph has begun: kept as the
    // lines go by (searching every earlier line for each new one was quadratic).
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut begun = false;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let mut span = Span { start: line_start + lead, end: line_start + lead + trimmed.len() };
        if is_other_script(trimmed) {
            continue;
        }
        let mut drop = false;
        let mut stop = false;
        for (action, re) in RULES.iter() {
            let current = &text[span.start..span.end];
            let Some(m) = re.find(current) else { continue };
            match action {
                Action::Line => drop = true,
                Action::Rest => stop = true,
                Action::Suffix => span.end = span.start + m.start(),
                Action::Prefix => span.start += m.end(),
            }
            if drop || stop {
                break;
            }
        }
        // A footer marker ends the article only once the article has begun:
        // the same words in a page header are just a line.
        if stop && begun {
            break;
        }
        if stop {
            continue;
        }
        if drop {
            continue;
        }
        // A repeated headline, alone or glued before a caption.
        let mut current = text[span.start..span.end].trim();
        if let Some(title) = out.title.map(|t| &text[t.start..t.end])
            && let Some(rest) = current.strip_prefix(title)
            && (rest.starts_with(char::is_whitespace) || rest.is_empty())
        {
            let cut = span.start + (current.len() - rest.len());
            span.start = cut;
            current = rest.trim();
        }
        let lead = text[span.start..span.end].len() - text[span.start..span.end].trim_start().len();
        span.start += lead;
        span.end = span.start + current.len();
        if current.is_empty() || seen.contains(current) || !has_letters(current) {
            continue;
        }
        seen.insert(current);
        if out.title.is_none() && looks_like_headline(current) {
            out.title = Some(span);
        } else if out.title.is_none() && out.blocks.is_empty() && is_short_label(current) {
            // Navigation text before the headline ("Text Size", "Menu").
            continue;
        }
        begun |= current.split_whitespace().nth(11).is_some();
        out.blocks.push(span);
    }
    out
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// A line mostly in a non-Latin script (Hangul, CJK, Cyrillic …) is page
/// furniture in an English article.
fn is_other_script(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    let latin = letters.iter().filter(|c| (**c as u32) < 0x250).count();
    latin * 2 < letters.len()
}

fn looks_like_headline(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (4..=30).contains(&words) && !s.ends_with(['.', ':', ','])
}

fn is_short_label(s: &str) -> bool {
    s.split_whitespace().count() <= 3 && !s.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<&str> {
        clean(text).blocks.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn drops_navigation_and_comment_sections() {
        let text = "메인 메뉴 바로가기\nnav_bar_top\nMenu\n\nESA and JAXA sign deal on Mars sample return\n\n\
                    ESA and JAXA signed a deal on Tuesday to study a joint sample return mission to Mars.\n\n\
                    Posted on\n\nLeave a Reply\n\nGreat article!\n";
        assert_eq!(
            blocks(text),
            vec![
                "ESA and JAXA sign deal on Mars sample return",
                "ESA and JAXA signed a deal on Tuesday to study a joint sample return mission to Mars."
            ]
        );
        let c = clean(text);
        let t = c.title.unwrap();
        assert_eq!(&text[t.start..t.end], "ESA and JAXA sign deal on Mars sample return");
    }

    #[test]
    fn footer_words_in_a_header_do_not_end_the_article() {
        let text = "NASA and ISRO launch NISAR together\n\nShare this article\n\n\
                    ISRO and NASA launched the NISAR satellite from Sriharikota on Wednesday evening, officials said.\n";
        assert_eq!(
            blocks(text),
            vec![
                "NASA and ISRO launch NISAR together",
                "ISRO and NASA launched the NISAR satellite from Sriharikota on Wednesday evening, officials said."
            ]
        );
    }

    #[test]
    fn strips_repeated_headline_and_credits() {
        let text = "Canada joins lunar rover effort\n\nCanada joins lunar rover effort\n\
                    Canada joins lunar rover effort Minister Jane Roe speaks in Ottawa. Photo by CSA\n\
                    The Canadian Space Agency (CSA) will build it. © 2024 Daily Orbit. All rights reserved.\n\
                    Jane Roe, Minister | Official Website\n";
        assert_eq!(
            blocks(text),
            vec!["Canada joins lunar rover effort", "Minister Jane Roe speaks in Ottawa.", "Jane Roe, Minister"]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "  Indian and US agencies launch NISAR together\n  ISRO and NASA launched NISAR.  \n";
        let c = clean(text);
        let b = c.blocks[1];
        assert_eq!(&text[b.start..b.end], "ISRO and NASA launched NISAR.");
    }
}
