//! `orbitkg serve` against clients that misbehave, over raw sockets: each
//! is answered 4xx (or its connection closed) and the server goes on
//! answering everyone else; it never crashes and no worker stays stuck.

mod common;
mod endpoint;

use endpoint::load::encode;
use endpoint::{Served, raw, read_all, status};
use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The seeds as TriG, built once for all tests of this file.
fn seeds() -> PathBuf {
    static DUMP: OnceLock<PathBuf> = OnceLock::new();
    DUMP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        common::build_seeds(&dir, "seeds.trig")
    })
    .clone()
}

/// A server on the seeds with a 2 s request deadline and a 2 s query time limit.
fn serve() -> Served {
    serve_with_deadline("2")
}

/// A server on the seeds with a request deadline of `secs` and a 2 s query time limit.
fn serve_with_deadline(secs: &str) -> Served {
    let data = seeds();
    Served::start(&[
        "--data".as_ref(),
        data.as_os_str(),
        "--request-timeout".as_ref(),
        secs.as_ref(),
        "--timeout".as_ref(),
        "2".as_ref(),
    ])
}

const ASK: &str = "ASK { ?s ?p ?o }";

/// A well-formed query still answers 200 `true`.
fn answers(s: &mut Served) {
    assert!(s.alive(), "the server died: {}", s.stderr());
    let r = raw(
        s.addr,
        format!(
            "GET /query?query={} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n",
            encode(ASK)
        )
        .as_bytes(),
        Duration::from_secs(10),
    );
    assert_eq!(status(&r), Some(200), "{r}");
    assert!(r.trim_end().ends_with("true"), "{r}");
}

fn send(s: &Served, bytes: impl AsRef<[u8]>) -> String {
    raw(s.addr, bytes.as_ref(), Duration::from_secs(10))
}

#[test]
fn updates_are_refused_whichever_way_they_come() {
    let mut s = serve();
    let update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }";
    for request in [
        format!(
            "POST /update HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\nContent-Length: {}\r\n\r\n{update}",
            update.len()
        ),
        format!(
            "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\nContent-Length: {}\r\n\r\n{update}",
            update.len()
        ),
        format!("GET /query?update={} HTTP/1.1\r\nHost: x\r\n\r\n", encode(update)),
        format!("GET /query?query={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", encode(update)),
    ] {
        let r = send(&s, request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assert_eq!(status(&r), Some(403), "{request}\n{r}");
    }
    let n = endpoint::count(s.addr, "SELECT (COUNT(*) AS ?n) { <urn:a> ?p ?o }").unwrap();
    assert_eq!(n, 0, "nothing was inserted");
    answers(&mut s);
}

#[test]
fn bad_methods_request_lines_and_versions() {
    let mut s = serve();
    let cases: [(&str, u16); 8] = [
        ("DELETE /query HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /\r\nHost: x\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET /qu\u{e9}ry HTTP/1.1\r\n\r\n", 400),
        ("\u{1}\u{2}\u{3}\u{ff}garbage\r\n\r\n", 400),
    ];
    for (request, expected) in cases {
        let r = send(&s, request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assert_eq!(status(&r), Some(expected), "{request:?}\n{r}");
    }
    // Malformed headers: no colon, a space in the name, folding, a bare CR in a value.
    for header in ["NoColon", "Bad Name: x", " folded", "X: a\rb"] {
        let r = send(&s, format!("GET / HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n"));
        assert_eq!(status(&r), Some(400), "{header:?}\n{r}");
    }
    answers(&mut s);
}

#[test]
fn huge_heads_are_431() {
    let mut s = serve();
    let long_line = format!("GET /query?query={} HTTP/1.1\r\nHost: x\r\n\r\n", "A".repeat(100_000));
    let r = send(&s, long_line);
    assert_eq!(status(&r), Some(431), "{r}");
    let big_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(1_000_000));
    let r = send(&s, big_header);
    assert_eq!(status(&r), Some(431), "{r}");
    let many: String = (0..500).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let r = send(&s, format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n"));
    assert_eq!(status(&r), Some(431), "{r}");
    answers(&mut s);
}

#[test]
fn bodies_over_a_megabyte_are_413_before_they_are_read() {
    let mut s = serve();
    // Only the head is sent: the answer must not wait for the 2 MB it announces.
    let started = Instant::now();
    let r = send(
        &s,
        "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 2000000\r\n\r\n",
    );
    assert_eq!(status(&r), Some(413), "{r}");
    assert!(started.elapsed() < Duration::from_secs(2), "waited for the body");
    // Chunked, a chunk at a time, over the limit.
    let chunk = format!("{:x}\r\n{}\r\n", 600_000, "#".repeat(600_000));
    let r = send(
        &s,
        format!(
            "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n{chunk}{chunk}0\r\n\r\n"
        ),
    );
    assert_eq!(status(&r), Some(413), "{r}");
    // Bad lengths, unknown codings, both.
    for (headers, expected) in [
        ("Content-Length: -1", 400),
        ("Content-Length: 1e3", 400),
        ("Content-Length: 3\r\nContent-Length: 4", 400),
        ("Transfer-Encoding: gzip", 501),
        ("Transfer-Encoding: chunked\r\nContent-Length: 3", 400),
    ] {
        let r = send(
            &s,
            format!(
                "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n{headers}\r\n\r\nASK"
            ),
        );
        assert_eq!(status(&r), Some(expected), "{headers}\n{r}");
    }
    answers(&mut s);
}

#[test]
fn chunked_bodies_expect_continue_and_pipelining_work() {
    let mut s = serve();
    let r = send(
        &s,
        format!(
            "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nASK {{\r\n{:x}\r\n ?s ?p ?o }}\r\n0\r\n\r\n",
            " ?s ?p ?o }".len()
        ),
    );
    assert_eq!(status(&r), Some(200), "{r}");
    assert!(r.trim_end().ends_with("true"), "{r}");
    // curl sends Expect: 100-continue before a larger body and waits for the go-ahead.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(c, "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\nExpect: 100-continue\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", ASK.len()).unwrap();
    let mut first = [0u8; 25];
    std::io::Read::read_exact(&mut c, &mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 100 Continue\r\n\r\n");
    c.write_all(ASK.as_bytes()).unwrap();
    let r = read_all(&mut c);
    assert_eq!(status(&r), Some(200), "{r}");
    // Two requests in one write, answered in order on the same connection.
    let q = encode(ASK);
    let r = send(
        &s,
        format!(
            "GET /query?query={q} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ),
    );
    let first = r.find("HTTP/1.1 200").expect("first answer");
    let second = r.find("HTTP/1.1 404").expect("second answer");
    assert!(first < second, "{r}");
    answers(&mut s);
}

#[test]
fn bad_parameters_and_content_types() {
    let mut s = serve();
    let cases = [
        // Invalid percent-encoding: kept as it is, so the query does not parse.
        ("GET /query?query=ASK%ZZ%7B%7D HTTP/1.1\r\n\r\n".to_string(), 400),
        ("GET /query?query=%FF%FE HTTP/1.1\r\n\r\n".to_string(), 400),
        ("GET /query?query=% HTTP/1.1\r\n\r\n".to_string(), 400),
        (format!("GET /query?query={}&query={} HTTP/1.1\r\n\r\n", encode(ASK), encode(ASK)), 400),
        (format!("GET /query?query={}&default-graph-uri=not%20an%20iri HTTP/1.1\r\n\r\n", encode(ASK)), 400),
        (format!("GET /query?query={} HTTP/1.1\r\nAccept: image/png\r\n\r\n", encode(ASK)), 406),
        (
            format!("POST /query HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{ASK}", ASK.len()),
            415,
        ),
        (format!("POST /query HTTP/1.1\r\nContent-Length: {}\r\n\r\n{ASK}", ASK.len()), 415),
        (
            "POST /query HTTP/1.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 2\r\n\r\n\u{ff}"
                .to_string(),
            400,
        ),
        ("GET /elsewhere HTTP/1.1\r\n\r\n".to_string(), 404),
    ];
    for (request, expected) in cases {
        let request = request.replacen("\r\n", "\r\nHost: x\r\nConnection: close\r\n", 1);
        let r = send(&s, &request);
        assert_eq!(status(&r), Some(expected), "{request:?}\n{r}");
    }
    answers(&mut s);
}

/// Clients that send a byte a second hold a connection of their own, not a
/// worker: everyone else is answered meanwhile (well within the deadline
/// they would otherwise wait for), and they are cut off once the request
/// deadline (here 4 s) has passed.
#[test]
fn slow_clients_neither_hold_workers_nor_stay_forever() {
    let mut s = serve_with_deadline("4");
    let slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let c = TcpStream::connect(s.addr).unwrap();
            c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            c
        })
        .collect();
    let head = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n";
    let started = Instant::now();
    let mut cut_off = vec![false; slow.len()];
    for (i, byte) in head.iter().enumerate() {
        for (c, done) in slow.iter().zip(&mut cut_off) {
            if !*done && (&*c).write_all(&[*byte]).is_err() {
                *done = true;
            }
        }
        // Meanwhile others are answered as usual (more slow clients than workers).
        if i % 3 == 0 {
            let t = Instant::now();
            answers(&mut s);
            assert!(t.elapsed() < Duration::from_secs(2), "a query waited {:?} behind slow clients", t.elapsed());
        }
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() > Duration::from_secs(6) {
            break;
        }
    }
    // Each slow client got 408 and its connection closed, within the deadline (and a margin).
    for mut c in slow {
        let r = read_all(&mut c);
        assert_eq!(status(&r), Some(408), "{r}");
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    // A client that sends its head and then nothing of the body it announced.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(
        b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    )
    .unwrap();
    let r = read_all(&mut c);
    assert_eq!(status(&r), Some(408), "{r}");
    // A client that connects and says nothing is dropped too.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let r = read_all(&mut c);
    assert!(r.is_empty() || status(&r) == Some(408), "{r}");
    // One that goes away in the middle of a body leaves nothing behind.
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.write_all(
        b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nAS",
    )
    .unwrap();
    drop(c);
    answers(&mut s);
}

#[test]
fn slow_queries_are_stopped_with_503() {
    let mut s = serve();
    // A cross product of the whole graph with itself six times: far beyond 2 s.
    let q = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }";
    let started = Instant::now();
    let r = send(&s, format!("GET /query?query={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", encode(q)));
    assert_eq!(status(&r), Some(503), "{r}");
    assert!(r.contains("ran out of time") && r.contains("--timeout"), "{r}");
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
    answers(&mut s);
}
