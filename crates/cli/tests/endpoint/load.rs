//! A load client for SPARQL endpoints: `clients` threads, each on one
//! keep-alive HTTP/1.1 connection (reopened when the server closes it),
//! send `GET /query?query=…` for the given queries in turn until `requests`
//! have been answered. A request fails unless it is answered 200 with a
//! non-empty body. Plain `std`, so that the same client measures orbitkg and
//! Oxigraph's own server (`tests/serve_load.rs`, `examples/endpoint_load.rs`,
//! `benches/endpoint/run.sh`).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What to send, where.
#[derive(Debug, Clone)]
pub struct Load {
    /// The server.
    pub addr: SocketAddr,
    /// The endpoint's path, e.g. `/query`.
    pub path: String,
    /// Requests in all.
    pub requests: usize,
    /// Concurrent connections.
    pub clients: usize,
    /// The queries (name, SPARQL), sent in turn: request `i` sends query `i % len`.
    pub queries: Vec<(String, String)>,
}

/// What a run measured.
#[derive(Debug)]
pub struct Report {
    /// Requests answered 200 with a body.
    pub ok: usize,
    /// Requests that failed, and the first few reasons.
    pub failed: usize,
    /// Reasons for the first failures.
    pub failures: Vec<String>,
    /// Latency of each successful request, sorted.
    pub latencies: Vec<Duration>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Report {
    /// The `q`-quantile latency (0.5 = median).
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[i]
    }

    /// Requests answered per second.
    pub fn per_second(&self) -> f64 {
        (self.ok + self.failed) as f64 / self.elapsed.as_secs_f64()
    }

    /// One line: requests, failures, p50, p99, requests/s.
    pub fn summary(&self) -> String {
        format!(
            "{} requests, {} failed, p50 {:.2} ms, p99 {:.2} ms, {:.0} requests/s",
            self.ok + self.failed,
            self.failed,
            self.quantile(0.5).as_secs_f64() * 1e3,
            self.quantile(0.99).as_secs_f64() * 1e3,
            self.per_second()
        )
    }
}

/// Percent-encodes a query-string component.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One keep-alive connection.
pub struct Client {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
}

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (chunked bodies decoded).
    pub body: Vec<u8>,
}

impl Client {
    /// A client for `addr`; it connects on its first request.
    pub fn new(addr: SocketAddr) -> Client {
        Client { addr, conn: None }
    }

    /// Sends a GET for `target` (path and query string) and reads the answer.
    pub fn get(&mut self, target: &str, accept: &str) -> io::Result<Response> {
        let request = format!("GET {target} HTTP/1.1\r\nHost: {}\r\nAccept: {accept}\r\n\r\n", self.addr);
        // A kept-alive connection the server has closed fails on first use: retry once on a new one.
        let reused = self.conn.is_some();
        match self.exchange(request.as_bytes()) {
            Err(_) if reused => {
                self.conn = None;
                self.exchange(request.as_bytes())
            }
            r => r,
        }
    }

    fn exchange(&mut self, request: &[u8]) -> io::Result<Response> {
        if self.conn.is_none() {
            let s = TcpStream::connect(self.addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(60)))?;
            self.conn = Some(BufReader::new(s));
        }
        let conn = self.conn.as_mut().expect("connected");
        conn.get_mut().write_all(request)?;
        let response = read_response(conn);
        match &response {
            Ok(r) if !r.headers.iter().any(|(n, v)| n == "connection" && v.eq_ignore_ascii_case("close")) => {}
            _ => self.conn = None,
        }
        response
    }
}

fn bad(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

fn read_line(r: &mut impl BufRead) -> io::Result<String> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Reads one HTTP/1.1 response (Content-Length or chunked).
pub fn read_response(r: &mut impl BufRead) -> io::Result<Response> {
    let status_line = read_line(r)?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(r)?;
        if line.is_empty() {
            break;
        }
        let (n, v) = line.split_once(':').ok_or_else(|| bad(format!("bad header {line:?}")))?;
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            let size = read_line(r)?;
            let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| bad(format!("bad chunk size {size:?}")))?;
            if size == 0 {
                while !read_line(r)?.is_empty() {}
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            read_line(r)?;
        }
    } else if let Some(n) = header("content-length") {
        let n: usize = n.parse().map_err(|_| bad("bad Content-Length"))?;
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else if status != 204 && status != 304 {
        r.read_to_end(&mut body)?;
    }
    Ok(Response { status, headers, body })
}

/// Runs the load and reports.
pub fn run(load: &Load) -> Report {
    assert!(!load.queries.is_empty(), "no queries to send");
    let targets: Vec<String> = load.queries.iter().map(|(_, q)| format!("{}?query={}", load.path, encode(q))).collect();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let failed = AtomicUsize::new(0);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..load.clients)
            .map(|_| {
                scope.spawn(|| {
                    let mut client = Client::new(load.addr);
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= load.requests {
                            return mine;
                        }
                        let q = i % targets.len();
                        let t = Instant::now();
                        let outcome = client.get(&targets[q], "application/sparql-results+json");
                        let took = t.elapsed();
                        let problem = match outcome {
                            Ok(r) if r.status == 200 && !r.body.is_empty() => None,
                            Ok(r) => Some(format!(
                                "{}: status {}: {}",
                                load.queries[q].0,
                                r.status,
                                String::from_utf8_lossy(&r.body[..r.body.len().min(200)])
                            )),
                            Err(e) => Some(format!("{}: {e}", load.queries[q].0)),
                        };
                        match problem {
                            None => mine.push(took),
                            Some(p) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                let mut f = failures.lock().unwrap();
                                if f.len() < 10 {
                                    f.push(p);
                                }
                            }
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a load thread panicked")).collect()
    });
    let elapsed = started.elapsed();
    latencies.sort();
    Report {
        ok: latencies.len(),
        failed: failed.into_inner(),
        failures: failures.into_inner().unwrap(),
        latencies,
        elapsed,
    }
}
