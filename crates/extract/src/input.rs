//! Articles from bytes: plain text, HTML and JSON lines.
//!
//! This module parses what the caller has read; it opens no files.

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use thiserror::Error;

/// An article ready for extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Where it came from: a URL, or a path relative to the input root.
    pub source: String,
    /// Its headline, when known from the input (HTML `<title>`, JSON `title`).
    pub title: Option<String>,
    /// Its publication date (ISO), when the input gives it.
    pub date: Option<String>,
    /// The plain text that offsets point into.
    pub text: String,
    /// Whether `text` was extracted (HTML, JSON) rather than read as is.
    pub text_is_derived: bool,
    /// Lowercase hex SHA-256 of the input bytes.
    pub sha256: String,
    /// The encoding the bytes were read as when that was a guess (not UTF-8
    /// and no charset declared: `windows-1252`), for the caller to warn about.
    pub guessed_encoding: Option<&'static str>,
    /// When the bytes were UTF-8 with a few invalid sequences (a damaged
    /// file), read with U+FFFD in their place: the byte offset of the first
    /// and how many there were, for the caller to warn about.
    pub replaced: Option<Replaced>,
}

/// Invalid UTF-8 sequences replaced with U+FFFD ([`Article::replaced`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    /// Byte offset of the first invalid sequence in the input.
    pub first: usize,
    /// Number of invalid sequences.
    pub count: usize,
}

impl Replaced {
    /// The 1-based line of the first invalid sequence in `bytes`.
    pub fn line(&self, bytes: &[u8]) -> usize {
        bytes[..self.first.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
    }
}

/// Input that is not an article.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum InputError {
    /// Not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    /// Binary content.
    #[error("binary content (NUL byte at offset {0}), not an article")]
    Binary(usize),
    /// A JSON line that is not an article object.
    #[error("line {line}: {message}")]
    JsonLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// HTML without readable text.
    #[error("no readable article text in the HTML")]
    EmptyHtml,
    /// A text file with nothing but white space.
    #[error("empty article")]
    EmptyArticle,
    /// HTML nested deeper than [`MAX_NESTING`].
    #[error("HTML nested {depth} elements deep (more than {limit}): not an article page, skipped")]
    TooDeep {
        /// How deep the elements nest (counted before parsing).
        depth: usize,
        /// [`MAX_NESTING`].
        limit: usize,
    },
    /// JSON lines in UTF-16 (JSON lines are UTF-8).
    #[error(
        "JSON lines in {0} (by its byte-order mark): JSON lines must be UTF-8; convert with `iconv -f UTF-16 -t UTF-8`"
    )]
    Utf16JsonLines(&'static str),
    /// Bytes that are not valid in the encoding the page declares.
    #[error("not valid {0} (the encoding the page declares)")]
    BadEncoding(&'static str),
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn utf8(bytes: &[u8]) -> Result<&str, InputError> {
    no_nul(bytes)?;
    std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8(e.valid_up_to()))
}

fn no_nul(bytes: &[u8]) -> Result<(), InputError> {
    match bytes.iter().position(|&b| b == 0) {
        Some(p) => Err(InputError::Binary(p)),
        None => Ok(()),
    }
}

/// Text that is not UTF-8 and says nothing of its encoding is read as
/// windows-1252, as browsers do: it is what Western-European editors and
/// older sites write (ISO-8859-1 is a subset), and every byte decodes.
const FALLBACK: &Encoding = encoding_rs::WINDOWS_1252;

/// Decoded text, the encoding's name when it was guessed, and the invalid
/// UTF-8 replaced.
type Decoded = (String, Option<&'static str>, Option<Replaced>);

/// Bytes with no declared encoding: a byte-order mark, else UTF-8, else
/// damaged UTF-8 (valid multi-byte sequences outnumber invalid ones: one bad
/// byte in a UTF-8 file must not turn all its accents into mojibake), else
/// the fallback.
fn decode_undeclared(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), None, None);
    }
    let Err(e) = std::str::from_utf8(bytes) else {
        return (String::from_utf8(bytes.to_vec()).expect("checked UTF-8"), None, None);
    };
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte >= invalid {
        let replaced = Replaced { first: e.valid_up_to(), count: invalid };
        return (String::from_utf8_lossy(bytes).into_owned(), None, Some(replaced));
    }
    (FALLBACK.decode_without_bom_handling(bytes).0.into_owned(), Some(FALLBACK.name()), None)
}

/// The charset an HTML page declares in its first bytes, as browsers look for
/// it: `<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=...">`. Unknown labels count as no declaration.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()-]+)"#).expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(4096)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    // A page that reached us as bytes cannot be UTF-16 because its <meta> says so (HTML spec).
    Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { enc })
}

/// An HTML page's text: by its byte-order mark, else its declared charset,
/// else UTF-8 when it is valid, else windows-1252.
fn decode_html(bytes: &[u8]) -> Result<Decoded, InputError> {
    no_nul(bytes)?;
    if Encoding::for_bom(bytes).is_some() {
        return Ok(decode_undeclared(bytes));
    }
    let Some(enc) = declared_charset(bytes) else { return Ok(decode_undeclared(bytes)) };
    if enc == encoding_rs::UTF_8 {
        return utf8(bytes).map(|s| (s.to_string(), None, None));
    }
    let text =
        enc.decode_without_bom_handling_and_without_replacement(bytes).ok_or(InputError::BadEncoding(enc.name()))?;
    Ok((text.into_owned(), None, None))
}

/// A plain-text article: the text is the file's decoded contents — UTF-8
/// (with or without a byte-order mark), UTF-16 with a byte-order mark, or
/// else windows-1252, which [`Article::guessed_encoding`] then says.
pub fn from_text(source: &str, bytes: &[u8]) -> Result<Article, InputError> {
    no_nul(bytes).or_else(|e| if Encoding::for_bom(bytes).is_some() { Ok(()) } else { Err(e) })?;
    let (text, guessed_encoding, replaced) = decode_undeclared(bytes);
    Ok(Article {
        source: source.to_string(),
        title: None,
        date: None,
        text,
        text_is_derived: false,
        sha256: sha256_hex(bytes),
        guessed_encoding,
        replaced,
    })
}

/// Pages nesting elements deeper than this are refused before parsing: the
/// readability pass walks each node's ancestors, so its time grows with the
/// square of the depth (1,000 levels took a second, 10,000 minutes). News
/// pages nest a few dozen levels.
pub const MAX_NESTING: usize = 512;

/// Elements nested deeper than this are unwrapped before parsing (their
/// text kept, a block's end kept as a line break): readability measures the
/// text below every candidate element, so its time is the page's length
/// times its depth, and a 16 KB page nested 400 deep took five times as
/// long as one nested 20 deep (found by fuzzing). Lighthouse calls a DOM
/// deeper than 32 excessive; this count leaves out paragraphs, list items
/// and table cells, so a page a browser nests 32 deep is never touched.
pub const FLAT_BELOW: usize = 32;

/// Elements that hold no content or whose end tag may be left out: they do
/// not count towards nesting (an unclosed `<p>` or `<li>` is closed by the
/// parser, not nested).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb",
    "rt", "rp", "html", "head", "body", "!doctype",
];

/// Elements whose end ends a line: unwrapped, they leave a `<br>`.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// A tag that opens or closes a nesting element, as the scan sees it.
struct NestingTag<'a> {
    /// Where the tag starts (its `<`) and ends (after its `>`).
    span: std::ops::Range<usize>,
    /// Its name, lower case.
    name: &'a str,
    /// The depth of the element it opens or closes (1 for the outermost).
    depth: usize,
}

/// Every tag that opens or closes a nesting element, in order, by a linear
/// scan of the tags (comments, scripts and styles skipped); a scan, not a
/// parse, so that a pathological page costs no more than its length.
fn scan_nesting(html: &str, mut visit: impl FnMut(NestingTag<'_>)) {
    let b = html.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    let mut name = String::new();
    while let Some(lt) = memchr_lt(b, i) {
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = b[start..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'!' || *c == b'-'))
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        name.clear();
        name.push_str(&html[start..end]);
        name.make_ascii_lowercase();
        let tag_end = b[end..].iter().position(|&c| c == b'>').map_or(b.len(), |e| end + e);
        let self_closing = tag_end > end && b[tag_end - 1] == b'/';
        i = (tag_end + 1).min(b.len());
        if NOT_NESTING.contains(&name.as_str()) || self_closing {
            continue;
        }
        if !closing && (name == "script" || name == "style") {
            // Their text is not markup: on to the end of their closing tag.
            let close = format!("</{name}");
            i = find_ignoring_case(b, i, close.as_bytes())
                .map_or(b.len(), |c| b[c..].iter().position(|&x| x == b'>').map_or(b.len(), |e| c + e + 1));
            continue;
        }
        if closing {
            if depth > 0 {
                visit(NestingTag { span: lt..i, name: &name, depth });
                depth -= 1;
            }
        } else {
            depth += 1;
            visit(NestingTag { span: lt..i, name: &name, depth });
        }
    }
}

/// How deep the page's elements nest.
fn nesting_depth(html: &str) -> usize {
    let mut deepest = 0;
    scan_nesting(html, |t| deepest = deepest.max(t.depth));
    deepest
}

/// The page with every element nested deeper than [`FLAT_BELOW`] unwrapped:
/// its tags left out, its text kept, a `<br>` where a block was. A page
/// that nests no deeper comes back as it is.
fn flatten(html: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    scan_nesting(html, |t| {
        if t.depth > FLAT_BELOW {
            out.push_str(&html[copied..t.span.start]);
            if BLOCKS.contains(&t.name) {
                out.push_str("<br>");
            }
            copied = t.span.end;
        }
    });
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

fn memchr_lt(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?.iter().position(|&c| c == b'<').map(|p| from + p)
}

/// Where `needle` (which starts with `<`) is next, in any case, from `from`.
fn find_ignoring_case(b: &[u8], mut from: usize, needle: &[u8]) -> Option<usize> {
    while let Some(p) = memchr_lt(b, from) {
        if b.get(p..p + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

/// An HTML page: decoded by its declared charset, readability extraction
/// (title and main text), boilerplate out. Its `<link rel="canonical">`, when
/// it is an absolute http(s) URL, becomes the article's source. A page
/// nested deeper than [`MAX_NESTING`] is refused; elements deeper than
/// [`FLAT_BELOW`] are unwrapped first.
pub fn from_html(source: &str, bytes: &[u8]) -> Result<Article, InputError> {
    let (html, guessed_encoding, replaced) = decode_html(bytes)?;
    let depth = nesting_depth(&html);
    if depth > MAX_NESTING {
        return Err(InputError::TooDeep { depth, limit: MAX_NESTING });
    }
    let html = flatten(&html);
    let canonical = canonical_url(&html);
    // Formatted text puts block elements on lines of their own, so that a
    // minified page's paragraphs (and any box between them) stay apart.
    let config = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let mut readability =
        dom_smoothie::Readability::new(&*html, None, Some(config)).map_err(|_| InputError::EmptyHtml)?;
    let article = readability.parse().map_err(|_| InputError::EmptyHtml)?;
    let text = article.text_content.to_string();
    let text = tidy_lines(&text);
    if text.trim().is_empty() {
        return Err(InputError::EmptyHtml);
    }
    let title = Some(article.title.to_string()).filter(|t| !t.trim().is_empty());
    let date = article.published_time.as_deref().and_then(iso_date_prefix);
    // The headline leads the text so that cleaning and offsets treat it like a .txt file.
    let text = match &title {
        Some(t) if !text.trim_start().starts_with(t.trim()) => format!("{}\n\n{}", t.trim(), text),
        _ => text,
    };
    Ok(Article {
        source: canonical.unwrap_or_else(|| source.to_string()),
        title,
        date,
        text,
        text_is_derived: true,
        sha256: sha256_hex(bytes),
        guessed_encoding,
        replaced,
    })
}

/// The page's `<link rel="canonical" href="...">`, when it is an absolute
/// http(s) URL (a relative one would need the page's own address).
fn canonical_url(html: &str) -> Option<String> {
    static LINK: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"(?is)<link\s[^>]*>").expect("valid regex"));
    static ATTR: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"(?is)\b(rel|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex")
    });
    let head_end = html.find("</head>").or_else(|| html.find("<body")).unwrap_or(html.len());
    LINK.find_iter(&html[..head_end]).find_map(|tag| {
        let (mut rel, mut href) = (None, None);
        for c in ATTR.captures_iter(tag.as_str()) {
            let value = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
            match c[1].to_ascii_lowercase().as_str() {
                "rel" => rel = Some(value),
                _ => href = Some(value),
            }
        }
        let canonical = rel?.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical"));
        let href = unescape_attr(href?.trim());
        let absolute =
            ["http://", "https://"].iter().any(|p| href.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)));
        let well_formed = href.len() > 8 && !href.contains(|c: char| c.is_whitespace() || "<>\"{}|\\^`".contains(c));
        (canonical && absolute && well_formed).then_some(href)
    })
}

/// The character references an attribute value commonly holds.
fn unescape_attr(v: &str) -> String {
    v.replace("&amp;", "&").replace("&#38;", "&").replace("&#x26;", "&")
}

/// Whitespace normalised, blank lines between blocks kept (one at most), and
/// lines that are furniture wherever they stand (menus, newsletter boxes,
/// cookie banners) left out of the derived text itself, not only skipped.
fn tidy_lines(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() || crate::clean::is_furniture_line(&l) {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&l);
    }
    out
}

fn iso_date_prefix(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && d.chars().filter(|c| c.is_ascii_digit()).count() == 8;
    ok.then(|| d.to_string())
}

#[derive(serde::Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: String,
    url: Option<String>,
    date: Option<String>,
}

/// A JSON-lines file: one article per non-empty line (`id`, `title`, `text`,
/// optional `url` and `date`). Bad lines come back as errors with their line
/// numbers; good lines are kept.
pub fn from_jsonl(source: &str, bytes: &[u8]) -> Result<Vec<Result<Article, InputError>>, InputError> {
    from_jsonl_at(source, bytes, 0)
}

/// Like [`from_jsonl`] for a part of a file that starts after `lines_before`
/// lines: line numbers (in errors and default ids) count from the file's start.
pub fn from_jsonl_at(
    source: &str,
    bytes: &[u8],
    lines_before: usize,
) -> Result<Vec<Result<Article, InputError>>, InputError> {
    if lines_before == 0 {
        match Encoding::for_bom(bytes) {
            Some((enc, _)) if enc != encoding_rs::UTF_8 => return Err(InputError::Utf16JsonLines(enc.name())),
            _ => {}
        }
    }
    no_nul(bytes)?;
    // A byte-order mark (Windows tools write one) is not part of the first line.
    let bytes = if lines_before == 0 { bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes) } else { bytes };
    let mut out = Vec::new();
    for (n, line_bytes) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let n = n + lines_before;
        // Each line on its own: one damaged line loses that line only.
        let raw = match std::str::from_utf8(line_bytes) {
            Ok(raw) => raw,
            Err(e) => {
                let message = format!("not valid UTF-8 (first bad byte at column {})", e.valid_up_to() + 1);
                out.push(Err(InputError::JsonLine { line: n + 1, message }));
                continue;
            }
        };
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let parsed: Result<JsonArticle, _> = serde_json::from_str(line);
        out.push(match parsed {
            Err(e) => Err(InputError::JsonLine { line: n + 1, message: format!("not an article object: {e}") }),
            Ok(a) if a.text.trim().is_empty() => {
                Err(InputError::JsonLine { line: n + 1, message: "empty \"text\"".into() })
            }
            Ok(a) => {
                let id = match &a.id {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => (n + 1).to_string(),
                };
                let src = a.url.clone().unwrap_or_else(|| format!("{source}#{id}"));
                let title = a.title.filter(|t| !t.trim().is_empty());
                let body = match &title {
                    Some(t) if !a.text.trim_start().starts_with(t.trim()) => format!("{}\n\n{}", t.trim(), a.text),
                    _ => a.text.clone(),
                };
                Ok(Article {
                    source: src,
                    title,
                    date: a
                        .date
                        .as_deref()
                        .and_then(iso_date_prefix)
                        .or(a.date.filter(|d| d.len() == 4 || d.len() == 7)),
                    text: body,
                    text_is_derived: true,
                    sha256: sha256_hex(line_bytes.strip_suffix(b"\n").unwrap_or(line_bytes)),
                    guessed_encoding: None,
                    replaced: None,
                })
            }
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_articles_hash_their_bytes() {
        let a = from_text("a.txt", b"abc").unwrap();
        assert_eq!(a.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(a.text, "abc");
        assert!(!a.text_is_derived);
    }

    #[test]
    fn bad_bytes_are_named() {
        let lines = from_jsonl("x", b"{\"text\": \"NASA\"}\nab\xffcd\n").unwrap();
        assert!(lines[0].is_ok());
        assert!(matches!(&lines[1], Err(InputError::JsonLine { line: 2, message }) if message.contains("column 3")));
        assert_eq!(from_text("x", b"PK\x03\x04\x00").unwrap_err(), InputError::Binary(4));
    }

    #[test]
    fn jsonl_keeps_good_lines_and_numbers_bad_ones() {
        let src = b"{\"id\":1,\"title\":\"T\",\"text\":\"NASA met ESA.\",\"date\":\"2024-05-01\"}\n\n{broken\n{\"id\":\"b\",\"text\":\"x\",\"url\":\"https://e.org/b\"}\n";
        let v = from_jsonl("f.jsonl", src).unwrap();
        assert_eq!(v.len(), 3);
        let a = v[0].as_ref().unwrap();
        assert_eq!(
            (a.source.as_str(), a.text.as_str(), a.date.as_deref()),
            ("f.jsonl#1", "T\n\nNASA met ESA.", Some("2024-05-01"))
        );
        assert!(matches!(v[1], Err(InputError::JsonLine { line: 3, .. })));
        assert_eq!(v[2].as_ref().unwrap().source, "https://e.org/b");
    }

    /// One invalid byte in a UTF-8 file costs that character, not every
    /// accent in the file (read as windows-1252 they became mojibake).
    #[test]
    fn damaged_utf8_is_read_as_utf8_with_a_replacement() {
        let bytes = b"Z\xc3\xbcrich and Gen\xc3\xa8ve.\nA bad \xff byte.\nM\xc3\xbcnchen.";
        let a = from_text("x.txt", bytes).unwrap();
        assert_eq!(a.text, "Zürich and Genève.\nA bad \u{fffd} byte.\nMünchen.");
        assert_eq!(a.guessed_encoding, None);
        let r = a.replaced.expect("the replacement is reported");
        assert_eq!((r.first, r.count, r.line(bytes)), (27, 1, 2));
        // Latin-1 text has no valid multi-byte sequence: windows-1252, as before.
        let a = from_text("y.txt", b"Z\xfcrich and Gen\xe8ve.").unwrap();
        assert_eq!(
            (a.text.as_str(), a.guessed_encoding, a.replaced),
            ("Zürich and Genève.", Some("windows-1252"), None)
        );
    }

    /// Windows tools write UTF-16 with a byte-order mark.
    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "NASA and JAXA signed the Artemis Accords in Zürich.";
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for bytes in [le, be] {
            let a = from_text("w.txt", &bytes).unwrap();
            assert_eq!((a.text.as_str(), a.guessed_encoding, a.replaced), (text, None, None));
        }
    }

    #[test]
    fn json_lines_take_a_utf8_byte_order_mark_and_refuse_utf16() {
        let line = "{\"id\": \"a\", \"text\": \"NASA met ESA.\"}\n";
        let plain = from_jsonl("f.jsonl", line.as_bytes()).unwrap();
        let bom = from_jsonl("f.jsonl", format!("\u{feff}{line}").as_bytes()).unwrap();
        assert_eq!(bom.len(), 1);
        assert_eq!(bom[0].as_ref().unwrap(), plain[0].as_ref().unwrap(), "the same article, hash included");
        let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(line.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(matches!(from_jsonl("f.jsonl", &utf16), Err(InputError::Utf16JsonLines("UTF-16LE"))));
    }

    /// Nesting is counted in one pass over the tags, ignoring what a parser
    /// closes by itself and what scripts and comments hold.
    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(nesting_depth("<html><body><div><p>a<p>b<br><img src=x><div/></div>"), 1);
        assert_eq!(nesting_depth("<div><section><div>x</div></section></div><div></div>"), 3);
        assert_eq!(nesting_depth("<div><!-- <div><div> --><script>if (a<b) { '<div>' }</SCRIPT></div>"), 1);
        // A script's end tag closes nothing that nests.
        assert_eq!(nesting_depth("<div><script>x</script><div></div></div>"), 2);
        let deep = "<div>".repeat(100_000);
        assert_eq!(nesting_depth(&deep), 100_000);
        let e = from_html("deep.html", format!("<html><body>{deep}<p>NASA met ESA.</p>").as_bytes()).unwrap_err();
        assert_eq!(e, InputError::TooDeep { depth: 100_000, limit: MAX_NESTING });
    }

    /// Below [`FLAT_BELOW`], elements are unwrapped: their text stays, a
    /// block leaves a line break, and the page nests no deeper than the limit.
    #[test]
    fn flatten_unwraps_elements_nested_below_the_limit() {
        let shallow = "<html><body><div><div><p>NASA met ESA.</p></div></div></body></html>";
        assert!(matches!(flatten(shallow), std::borrow::Cow::Borrowed(_)));
        let deep = format!(
            "<body>{}<p>NASA met ESA.</p>{}<b>end</b></body>",
            "<div><span>x".repeat(200),
            "</span></div>".repeat(200)
        );
        let flat = flatten(&deep);
        assert_eq!(nesting_depth(&deep), 400);
        assert_eq!(nesting_depth(&flat), FLAT_BELOW);
        let text = |h: &str| h.split('<').map(|t| t.split_once('>').map_or(t, |(_, text)| text)).collect::<String>();
        assert_eq!(text(&flat), text(&deep));
        // The divs at depths 33, 35, ..., 399 (184 of them), opened and closed.
        assert_eq!(flat.matches("<br>").count(), 2 * 184);
        // Kept as it was down to depth 32; below, a <br> for each div, nothing for each span.
        assert!(flat.starts_with(&format!("<body>{}<br>x<br>x", "<div><span>x".repeat(16))), "{}", &flat[..300]);
    }

    /// A page nested hundreds deep reads as the same page nested a few deep.
    #[test]
    fn a_deep_page_reads_like_a_shallow_one() {
        let page = |depth: usize| {
            format!(
                "<html><head><title>ESA and JAXA agree</title></head><body>{}<article>\
                 <p>The European Space Agency and JAXA signed an agreement on lunar exploration in Paris on Tuesday, officials said.</p>\
                 <p>ESA Director General Josef Aschbacher said the partnership would deepen cooperation between the agencies.</p>\
                 </article>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            )
        };
        let shallow = from_html("a.html", page(3).as_bytes()).expect("a shallow page");
        let deep = from_html("b.html", page(400).as_bytes()).expect("a deep page");
        assert_eq!(deep.text, shallow.text);
        assert!(shallow.text.contains("Josef Aschbacher said"), "{}", shallow.text);
    }

    #[test]
    fn html_gives_title_and_text() {
        let html = br#"<html><head><title>ESA and JAXA agree on Mars</title></head><body>
            <nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <article><h1>ESA and JAXA agree on Mars</h1>
            <p>The European Space Agency (ESA) and the Japan Aerospace Exploration Agency signed an agreement on Martian Moons eXploration in Paris on Tuesday, officials said.</p>
            <p>ESA Director General Josef Aschbacher said the partnership would deepen cooperation between Europe and Japan for many years to come.</p></article>
            <footer>Copyright 2024</footer></body></html>"#;
        let a = from_html("p.html", html).unwrap();
        assert_eq!(a.title.as_deref(), Some("ESA and JAXA agree on Mars"));
        assert!(a.text.contains("Josef Aschbacher"), "{}", a.text);
        assert!(!a.text.contains("Copyright"));
        assert!(a.text_is_derived);
    }
}
