//! Dates in running text, as precise as the text allows.

use crate::lexicon::MONTHS;
use crate::text::{Shape, Token};

/// A date found in a sentence, with the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub value: String,
}

/// Whether a lowercase word is a month or weekday name ("may" only capitalised is a month).
pub fn is_weekday_or_month(w: &str) -> bool {
    matches!(w, "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")
        || MONTHS.iter().any(|(m, _)| m.to_lowercase() == w && w != "may")
}

fn month(t: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == t || m.trim_end_matches('.') == t).map(|&(_, n)| n)
}

/// A four-digit year token (1900–2199).
pub(crate) fn year(t: &Token<'_>) -> Option<i32> {
    (t.shape == Shape::Number && t.text.len() == 4)
        .then(|| t.text.parse().ok())
        .flatten()
        .filter(|y| (1900..2200).contains(y))
}

fn day(t: &Token<'_>) -> Option<u32> {
    let digits = t.text.trim_end_matches(|c: char| c.is_alphabetic());
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Finds dates: "April 19, 2019", "July 2014", "May 23" (with `default_year`),
/// "on the 19th" is left alone (no month).
pub fn find_dates(tokens: &[Token<'_>], default_year: Option<i32>) -> Vec<DateHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "12 March 2024".
        if let (Some(d), Some(m), Some(y)) = (
            day(&tokens[i]).filter(|_| tokens[i].shape == Shape::Number),
            tokens.get(i + 1).and_then(|t| month(t.text)),
            tokens.get(i + 2).and_then(year),
        ) {
            out.push(DateHit { start: i, end: i + 3, value: format!("{y:04}-{m:02}-{d:02}") });
            i += 3;
            continue;
        }
        // "in 2015": a year alone, after "in".
        if let Some(y) = year(&tokens[i]).filter(|_| i >= 1 && tokens[i - 1].text.eq_ignore_ascii_case("in")) {
            out.push(DateHit { start: i, end: i + 1, value: format!("{y:04}") });
            i += 1;
            continue;
        }
        let Some(m) = month(tokens[i].text) else {
            i += 1;
            continue;
        };
        // "May" is also a verb: require a number after it.
        let next = tokens.get(i + 1);
        if let Some(d) = next.filter(|t| t.shape == Shape::Number || t.text.ends_with("th")).and_then(day) {
            let mut j = i + 2;
            if tokens.get(j).is_some_and(|t| t.text == ",") {
                j += 1;
            }
            if let Some(y) = tokens.get(j).and_then(year) {
                out.push(DateHit { start: i, end: j + 1, value: format!("{y:04}-{m:02}-{d:02}") });
                i = j + 1;
                continue;
            }
            if let Some(y) = default_year {
                out.push(DateHit { start: i, end: i + 2, value: format!("{y:04}-{m:02}-{d:02}") });
            }
            i += 2;
            continue;
        }
        if let Some(y) = next.and_then(year) {
            out.push(DateHit { start: i, end: i + 2, value: format!("{y:04}-{m:02}") });
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// The publication date in a dateline at the start of a line ("July 25, 2019 (EIRNS)—").
pub fn dateline(tokens: &[Token<'_>]) -> Option<String> {
    // "Published: 2024-08-20".
    let labelled =
        tokens.first().is_some_and(|t| matches!(t.text, "Published" | "Posted" | "Updated" | "Date" | "Dated"));
    if labelled {
        for t in tokens.iter().take(4) {
            let b = t.text.as_bytes();
            let iso = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && t.text.chars().filter(|c| c.is_ascii_digit()).count() == 8;
            if iso {
                return Some(t.text.to_string());
            }
        }
    }
    let hits = find_dates(tokens, None);
    let first = hits.first()?;
    // "PARIS, 12 March 2024 —": a place in capitals may lead the dateline.
    let lead_ok = first.start == 0
        || (first.start <= 3
            && tokens[..first.start].iter().all(|t| {
                matches!(t.text, "Posted" | "on" | "Published" | "Updated" | ":" | "|" | ",") || t.is_all_caps()
            }));
    (lead_ok && first.value.len() == 10).then(|| first.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::text::tokenize;

    fn dates(s: &str, y: Option<i32>) -> Vec<String> {
        find_dates(&tokenize(s, Span { start: 0, end: s.len() }), y).into_iter().map(|d| d.value).collect()
    }

    #[test]
    fn dates_as_precise_as_the_text() {
        assert_eq!(dates("at the April 19, 2019 meeting", None), vec!["2019-04-19"]);
        assert_eq!(dates("in July 2014 in Washington and in April 2016", None), vec!["2014-07", "2016-04"]);
        assert_eq!(dates("on May 23 in Tokyo", Some(2022)), vec!["2022-05-23"]);
        assert_eq!(dates("on May 23 in Tokyo", None), Vec::<String>::new());
        assert_eq!(dates("They may 5 times", None), Vec::<String>::new());
        assert_eq!(dates("PARIS, 12 March 2024 — ESA", None), vec!["2024-03-12"]);
    }

    #[test]
    fn datelines_give_publication_dates() {
        let s = "July 25, 2019 (EIRNS)—On July 24 in Washington";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), Some("2019-07-25".into()));
        let s = "Published: 2024-08-20";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), Some("2024-08-20".into()));
        let s = "They met on July 24, 2019.";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), None);
    }
}
