//! Aligned text tables for people: one line per row, whatever the cells
//! hold, and no wider than the screen.
//!
//! A cell's line breaks are shown as `⏎` and its tabs as spaces, so a
//! literal with several lines cannot break a row. When a width is known
//! ([`output_width`]), the widest columns are narrowed until the table fits,
//! and cells longer than their column end with `…`. Output to a pipe or a
//! file keeps every cell whole, unless `COLUMNS` asks for a width.

use std::io::{IsTerminal, Write};
use unicode_width::UnicodeWidthStr;

/// No column is narrowed below this many characters (nor below its own width).
const MIN_COLUMN: usize = 6;

/// Spaces between columns.
const GAP: usize = 2;

/// The width tables must fit: `COLUMNS` when it is set to a number (also
/// when the output is piped, as `ls -C` reads it), else the terminal's width
/// when standard output is a terminal, else none.
pub fn output_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok())
        && columns > 0
    {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)).filter(|w| *w > 0)
}

/// A cell's text on one line: line breaks as `⏎` (a CR LF pair as one),
/// tabs as a space, other control characters as `\u{…}` escapes.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('⏎');
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('⏎'),
            '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// How many terminal columns `text` takes (wide characters count two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// Column widths for `natural` widths within `total` columns (gaps
/// included): the widest columns give way first, none below
/// [`MIN_COLUMN`]. Without a total, or when the table fits, the natural
/// widths.
pub fn fit(natural: &[usize], total: Option<usize>) -> Vec<usize> {
    let Some(total) = total else { return natural.to_vec() };
    let gaps = GAP * natural.len().saturating_sub(1);
    let available = total.saturating_sub(gaps);
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    // The largest cap under which the capped columns fit.
    let floor = |w: usize| w.min(MIN_COLUMN);
    let capped = |cap: usize| natural.iter().map(|&w| w.min(cap.max(floor(w)))).collect::<Vec<_>>();
    let mut cap = natural.iter().copied().max().unwrap_or(0);
    while cap > MIN_COLUMN && capped(cap).iter().sum::<usize>() > available {
        cap -= 1;
    }
    let mut widths = capped(cap);
    // Columns the cap cut get what is left over, one column each in turn.
    let mut left = available.saturating_sub(widths.iter().sum());
    while left > 0 {
        let mut grew = false;
        for (w, &n) in widths.iter_mut().zip(natural) {
            if left > 0 && *w < n {
                *w += 1;
                left -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    widths
}

/// Writes `header`, a rule and `rows` as aligned columns, within `total`
/// columns when given (see [`fit`]).
pub fn write(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
    total: Option<usize>,
) -> std::io::Result<()> {
    write_aligned(out, header, rows, &[], total)
}

/// [`write()`], with the columns marked in `right` aligned to the right
/// (numbers).
pub fn write_aligned(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
    right: &[bool],
    total: Option<usize>,
) -> std::io::Result<()> {
    let header: Vec<String> = header.iter().map(|h| one_line(h)).collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| one_line(c)).collect()).collect();
    let mut natural: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in natural.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let widths = fit(&natural, total);
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, (cell, &w)) in cells.iter().zip(&widths).enumerate() {
            let cell = truncate(cell, w);
            let pad = " ".repeat(w - width(&cell));
            if i > 0 {
                s.push_str(&" ".repeat(GAP));
            }
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&pad);
                s.push_str(&cell);
            } else {
                s.push_str(&cell);
                s.push_str(&pad);
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header))?;
    writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join(&" ".repeat(GAP)))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &[&str], rows: &[&[&str]], total: Option<usize>) -> String {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        let mut out = Vec::new();
        write(&mut out, &header, &rows, total).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Regression: a literal with a line break split its row in two.
    #[test]
    fn line_breaks_do_not_break_rows() {
        let t = table(&["a", "b"], &[&["one\ntwo\r\nthree", "x\ty"]], None);
        assert_eq!(t, "a              b\n-------------  ---\none⏎two⏎three  x y\n");
        assert_eq!(one_line("bell\u{7}"), "bell\\u{7}");
    }

    /// Regression: long cells made lines wider than the terminal.
    #[test]
    fn tables_fit_the_width() {
        let long = "The Artemis Accords are a set of principles for the exploration of the Moon";
        let t = table(&["id", "label", "n"], &[&["id:nasa", long, "12"], &["id:esa", "ESA", "3"]], Some(40));
        for line in t.lines() {
            assert!(width(line) <= 40, "{} columns: {line:?}\n{t}", width(line));
        }
        assert!(t.contains("id:nasa  The Artemis Accords are a…  "), "{t}");
        assert!(t.lines().nth(2).unwrap().ends_with("  12"), "{t}");
        // Piped (no width): every cell whole.
        assert!(table(&["label"], &[&[long]], None).contains(long));
    }

    #[test]
    fn fitting_narrows_the_widest_columns_first() {
        assert_eq!(fit(&[5, 50, 3], None), vec![5, 50, 3]);
        assert_eq!(fit(&[5, 50, 3], Some(80)), vec![5, 50, 3]);
        assert_eq!(fit(&[5, 50, 3], Some(30)), vec![5, 18, 3]);
        assert_eq!(fit(&[40, 50], Some(42)), vec![20, 20]);
        // Too narrow for the minimum: the minimum, wider than asked.
        assert_eq!(fit(&[40, 50, 60], Some(10)), vec![6, 6, 6]);
    }

    #[test]
    fn truncation_counts_wide_characters() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("ab cd", 4), "ab…");
        assert_eq!(truncate("日本語の文字", 5), "日本…");
        assert_eq!(width("日本"), 4);
    }
}
