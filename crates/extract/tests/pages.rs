//! HTML pages as sites serve them (issue 9 item 16): declared legacy charsets,
//! canonical links, newsletter boxes and cookie banners. The pages in
//! `tests/pages/` were written for these tests.

use orbitkg_extract::clean::clean;
use orbitkg_extract::input::{InputError, from_html, from_text};
use std::path::PathBuf;

fn page(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pages").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text the extractor reads: the cleaned blocks, one per line.
fn read_text(text: &str) -> String {
    clean(text).blocks.iter().map(|b| &text[b.start..b.end]).collect::<Vec<_>>().join("\n")
}

/// Regression: `<meta charset="windows-1252">` pages were rejected as invalid UTF-8.
#[test]
fn a_declared_windows_1252_page_is_decoded() {
    let bytes = page("cp1252-newsletter.html");
    assert!(std::str::from_utf8(&bytes).is_err(), "the page must not be UTF-8 for this test");
    let a = from_html("cp1252-newsletter.html", &bytes).unwrap();
    assert!(a.text.contains("Zürich"), "{}", a.text);
    assert!(a.text.contains("\u{201c}This is a first step,\u{201d}"), "{}", a.text);
    assert!(a.text.contains("two years \u{2013} and"), "{}", a.text);
    assert_eq!(a.guessed_encoding, None, "the charset was declared, not guessed");
}

/// Regression: an HTTP-era `<meta http-equiv=Content-Type ... charset=iso-8859-1>` page.
#[test]
fn a_latin1_http_equiv_page_is_decoded() {
    let a = from_html("p.html", &page("latin1-http-equiv.html")).unwrap();
    assert!(a.text.contains("Málaga") && a.text.contains("Cádiz"), "{}", a.text);
    // A relative canonical link cannot name the page: the source stays the path.
    assert_eq!(a.source, "p.html");
}

#[test]
fn the_canonical_link_is_the_source() {
    let a = from_html("local/copy.html", &page("cp1252-newsletter.html")).unwrap();
    assert_eq!(a.source, "https://news.example.org/2024/05/swiss-italian-lunar-telescope?ref=home&x=1");
}

/// Regression: newsletter boxes and cookie banners leaked into the article text.
#[test]
fn newsletter_boxes_and_cookie_banners_are_not_article_text() {
    let a = from_html("p.html", &page("cp1252-newsletter.html")).unwrap();
    // Neither in what the extractor reads nor in the derived text (okg:text).
    for text in [read_text(&a.text), a.text.clone()] {
        check_no_furniture(&text);
    }
}

fn check_no_furniture(text: &str) {
    for furniture in
        ["newsletter", "inbox", "email", "subscrib", "cookie", "Accept all", "Manage preferences", "Privacy Policy"]
    {
        assert!(!text.to_lowercase().contains(&furniture.to_lowercase()), "{furniture:?} leaked into:\n{text}");
    }
    assert!(text.contains("Teodoro Valente") && text.contains("early universe"), "article text lost:\n{text}");
}

#[test]
fn article_sentences_that_mention_a_newsletter_are_kept() {
    let text = "NASA and ESA sign lunar data deal\n\nThe agencies announced the agreement in their joint newsletter on Monday, \
                saying that the data from the Lunar Gateway would be shared with researchers in both Europe and the United \
                States from next year, and that a joint science team would be named by the end of the summer.\n";
    assert!(read_text(text).contains("joint newsletter"), "{}", read_text(text));
}

#[test]
fn undeclared_pages_are_utf8_when_valid_and_windows_1252_otherwise() {
    let html = |body: &str| {
        format!(
            "<html><head><title>CNES and DLR plan a joint study</title></head><body><article><p>{body} The French \
             and German agencies signed the study agreement on Monday and will name a joint team by the summer.</p>\
             </article></body></html>"
        )
    };
    let utf8 = from_html("u.html", html("Toulouse – Köln.").as_bytes()).unwrap();
    assert!(utf8.text.contains("Toulouse – Köln."), "{}", utf8.text);
    assert_eq!(utf8.guessed_encoding, None);
    let page = html("Toulouse – Köln.");
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let guessed = from_html("l.html", &latin).unwrap();
    assert!(guessed.text.contains("Toulouse – Köln."), "{}", guessed.text);
    assert_eq!(guessed.guessed_encoding, Some("windows-1252"));
}

#[test]
fn a_page_that_breaks_its_declared_charset_is_refused() {
    let bytes = b"<html><head><meta charset=\"utf-8\"><title>T</title></head><body><p>Z\xfcrich</p></body></html>";
    let bad = bytes.iter().position(|&b| b == 0xfc).unwrap();
    assert_eq!(from_html("p.html", bytes).unwrap_err(), InputError::NotUtf8(bad));
    let bytes = b"<html><head><meta charset=\"shift_jis\"><title>T</title></head><body><p>\x81</p></body></html>";
    assert_eq!(from_html("p.html", bytes).unwrap_err(), InputError::BadEncoding("Shift_JIS"));
}

/// Plain text that is not UTF-8 is read as windows-1252 and says so; UTF-16
/// with a byte-order mark is read as such; NUL bytes are still binary.
#[test]
fn plain_text_encodings() {
    let a = from_text("a.txt", b"NASA and ESA met in Z\xfcrich \x96 on Monday.").unwrap();
    assert_eq!(a.text, "NASA and ESA met in Zürich – on Monday.");
    assert_eq!(a.guessed_encoding, Some("windows-1252"));
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain("Köln".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let b = from_text("b.txt", &utf16).unwrap();
    assert_eq!((b.text.as_str(), b.guessed_encoding), ("Köln", None));
    assert_eq!(from_text("c.txt", b"PK\x03\x04\x00").unwrap_err(), InputError::Binary(4));
}

/// Regression: a minified page (no whitespace between elements) glued its
/// paragraphs and the newsletter box between them into one line.
#[test]
fn a_minified_page_keeps_its_blocks_apart() {
    let a = from_html("m.html", &page("minified-newsletter.html")).unwrap();
    assert!(!a.text.contains("newsletter") && !a.text.contains("inbox"), "furniture leaked into:\n{}", a.text);
    let text = read_text(&a.text);
    assert!(text.contains("officials said in a statement.\nESA Director General"), "paragraphs glued:\n{text}");
}
