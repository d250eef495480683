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

/// A day as written: "12", "1st", "14th" (not "12km").
fn day_word(t: &Token<'_>) -> Option<u32> {
    let suffix = t.text.trim_start_matches(|c: char| c.is_ascii_digit());
    let ok = t.shape == Shape::Number || matches!(suffix, "st" | "nd" | "rd" | "th");
    day(t).filter(|_| ok)
}

/// Words between the two days of a range: "3–5", "3 and 4", "from 14th to 17th".
fn range_word(t: &Token<'_>) -> bool {
    matches!(t.text, "-" | "–" | "—" | "to" | "and" | "&" | "through" | "until")
}

/// The first day of a day or a range of days starting at `i` ("3", "3–5",
/// "3 and 4", "14th to 17th", a single token "19-21"), and the token after it.
fn days_at(tokens: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let t = tokens.get(i)?;
    // "19-21" or "19–21" as one token.
    if let Some((a, b)) = t.text.split_once(['-', '–']) {
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        return ((1..=31).contains(&a) && (1..=31).contains(&b)).then_some((a, i + 1));
    }
    let first = day_word(t)?;
    let second = tokens.get(i + 1).filter(|t| range_word(t)).and_then(|_| tokens.get(i + 2)).and_then(day_word);
    Some((first, if second.is_some() { i + 3 } else { i + 1 }))
}

/// The year at token `k`, or after a comma there, and the token after it.
fn year_at(tokens: &[Token<'_>], k: usize) -> Option<(i32, usize)> {
    let k = if tokens.get(k).is_some_and(|t| t.text == ",") { k + 1 } else { k };
    tokens.get(k).and_then(year).map(|y| (y, k + 1))
}

/// Finds dates: "April 19, 2019", "July 2014", "May 23" (with `default_year`),
/// "12 March 2024", "1st October 2024", and ranges by their first day ("3–5
/// May 2024", "6 and 7 November 2023", "from 14th to 17th November 2017",
/// "May 3-5, 2024"); "in 2015" is a year. "On the 19th" is left alone (no month).
pub fn find_dates(tokens: &[Token<'_>], default_year: Option<i32>) -> Vec<DateHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "12 March 2024", "6 and 7 November 2023", "1st October 2024".
        if let Some((d, j)) = days_at(tokens, i)
            && let Some(m) = tokens.get(j).and_then(|t| month(t.text))
        {
            if let Some((y, end)) = year_at(tokens, j + 1) {
                out.push(DateHit { start: i, end, value: format!("{y:04}-{m:02}-{d:02}") });
                i = end;
                continue;
            }
            if let Some(y) = default_year.filter(|_| tokens[i].shape == Shape::Number || day_word(&tokens[i]).is_some())
            {
                out.push(DateHit { start: i, end: j + 1, value: format!("{y:04}-{m:02}-{d:02}") });
                i = j + 1;
                continue;
            }
        }
        // "in 2015", "during 2023": a year alone, after "in" or "during".
        let after_in = |t: &Token<'_>| t.text.eq_ignore_ascii_case("in") || t.text.eq_ignore_ascii_case("during");
        if let Some(y) = year(&tokens[i]).filter(|_| i >= 1 && after_in(&tokens[i - 1])) {
            out.push(DateHit { start: i, end: i + 1, value: format!("{y:04}") });
            i += 1;
            continue;
        }
        let Some(m) = month(tokens[i].text) else {
            i += 1;
            continue;
        };
        // "May" is also a verb: require a number after it.
        if let Some((d, j)) = days_at(tokens, i + 1) {
            if let Some((y, end)) = year_at(tokens, j) {
                out.push(DateHit { start: i, end, value: format!("{y:04}-{m:02}-{d:02}") });
                i = end;
                continue;
            }
            if let Some(y) = default_year {
                out.push(DateHit { start: i, end: j, value: format!("{y:04}-{m:02}-{d:02}") });
            }
            i = j;
            continue;
        }
        if let Some(y) = tokens.get(i + 1).and_then(year) {
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
    // "PARIS, 12 March 2024 —": a place in capitals may lead the dateline;
    // so may a bracket ("(December 30, 2016)" on a line of its own).
    let lead_ok = first.start == 0
        || (first.start <= 3
            && tokens[..first.start].iter().all(|t| {
                matches!(t.text, "Posted" | "on" | "Published" | "Updated" | ":" | "|" | "," | "(" | "[")
                    || t.is_all_caps()
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
        assert_eq!(dates("signed in 2015 in Paris", None), vec!["2015"]);
    }

    #[test]
    fn ranges_give_their_first_day() {
        assert_eq!(dates("met on 6 and 7 November 2023 in Seville", None), vec!["2023-11-06"]);
        assert_eq!(dates("held from 14th to 17th November 2017", None), vec!["2017-11-14"]);
        assert_eq!(dates("the summit on 19–21 May 2023", None), vec!["2023-05-19"]);
        assert_eq!(dates("the summit on 19 – 21 May 2023", None), vec!["2023-05-19"]);
        assert_eq!(dates("on May 3-5, 2024", None), vec!["2024-05-03"]);
        assert_eq!(dates("on 1st October 2024", None), vec!["2024-10-01"]);
        assert_eq!(dates("on 12 March", Some(2025)), vec!["2025-03-12"]);
        assert_eq!(dates("12km from March 2024", None), vec!["2024-03"]);
    }

    #[test]
    fn datelines_give_publication_dates() {
        let s = "July 25, 2019 (EIRNS)—On July 24 in Washington";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), Some("2019-07-25".into()));
        let s = "Published: 2024-08-20";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), Some("2024-08-20".into()));
        let s = "(December 30, 2016)";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), Some("2016-12-30".into()));
        let s = "They met on July 24, 2019.";
        assert_eq!(dateline(&tokenize(s, Span { start: 0, end: s.len() })), None);
    }
}
