//! The HTTP/1.1 server under `orbitkg serve`: one thread per connection (at
//! most [`HttpConfig::max_connections`] of them), keep-alive, and at most
//! [`HttpConfig::workers`] requests answered at a time.
//!
//! It replaces tiny_http, which reads request heads without a size limit or
//! a deadline (a client sending one header byte a second, or an endless
//! header line, kept a thread and its memory for as long as it liked). Here
//! every read has a deadline: the head must arrive within
//! [`HttpConfig::head_timeout`] of its first byte, the body within
//! [`HttpConfig::body_timeout`], and an idle keep-alive connection is closed
//! after [`HttpConfig::idle_timeout`]. Heads over [`HttpConfig::max_head`]
//! bytes get 431, bodies over [`HttpConfig::max_body`] 413 (before they are
//! read), malformed request lines or headers 400, other HTTP versions 505,
//! transfer codings other than `chunked` 501; each of these closes the
//! connection, as the server no longer knows where the next request starts.
//!
//! What it deliberately does not do: TLS, HTTP/2, pipelining in parallel
//! (pipelined requests are answered one after the other), trailers (read and
//! dropped).

use super::{HttpRequest, HttpResponse};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Limits and deadlines of the server.
#[derive(Debug, Clone, Copy)]
pub struct HttpConfig {
    /// Most bytes in a request's head (request line and headers).
    pub max_head: usize,
    /// Most header lines in a request.
    pub max_headers: usize,
    /// Most bytes in a request's body (after chunked decoding).
    pub max_body: usize,
    /// Time from a request's first byte to the end of its head.
    pub head_timeout: Duration,
    /// Time to read a request's body.
    pub body_timeout: Duration,
    /// Time a keep-alive connection may sit idle between requests.
    pub idle_timeout: Duration,
    /// Time to write a response (a client that does not read is dropped).
    pub write_timeout: Duration,
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Requests answered at once (the others wait their turn).
    pub workers: usize,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            max_head: 16 << 10,
            max_headers: 100,
            max_body: 1 << 20,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(30),
            max_connections: 256,
            workers: 4,
        }
    }
}

/// What answers requests; it is called from many threads.
pub type Handler = dyn Fn(&HttpRequest) -> HttpResponse + Send + Sync;

/// A running server.
pub struct HttpServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// Serves `listener` with `handler` on a thread of its own.
    pub fn start(listener: TcpListener, config: HttpConfig, handler: Arc<Handler>) -> io::Result<HttpServer> {
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            config,
            handler,
            active: AtomicUsize::new(0),
            permits: Permits::new(config.workers.max(1)),
            stop: Arc::clone(&stop),
        });
        let accept =
            std::thread::Builder::new().name("http-accept".into()).spawn(move || accept_loop(listener, shared))?;
        Ok(HttpServer { addr, stop, accept: Some(accept) })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks while the server runs.
    pub fn wait(mut self) {
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }

    /// Stops accepting connections (open ones end after their current request).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept call up; the loop sees the flag and ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        if self.accept.is_some() {
            self.stop();
        }
    }
}

struct Shared {
    config: HttpConfig,
    handler: Arc<Handler>,
    active: AtomicUsize,
    permits: Permits,
    stop: Arc<AtomicBool>,
}

/// A counting semaphore: how many requests may be answered at once.
struct Permits {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Permits {
    fn new(n: usize) -> Permits {
        Permits { free: Mutex::new(n), freed: Condvar::new() }
    }

    fn acquire(&self) -> PermitGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        PermitGuard(self)
    }
}

struct PermitGuard<'a>(&'a Permits);

impl Drop for PermitGuard<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// Counts a connection as open until dropped.
struct ConnectionGuard(Arc<Shared>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let accepted = listener.accept();
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if shared.active.fetch_add(1, Ordering::SeqCst) >= shared.config.max_connections {
            shared.active.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let busy = HttpResponse::text(503, "too many connections; try again shortly");
            let _ = write_response(&stream, &busy, false, true, false);
            continue;
        }
        let guard = ConnectionGuard(Arc::clone(&shared));
        let spawned = std::thread::Builder::new().name("http-conn".into()).spawn(move || {
            let shared = Arc::clone(&guard.0);
            serve_connection(stream, &shared);
            drop(guard);
        });
        // Without a thread the connection is dropped (closed) with its guard.
        drop(spawned);
    }
}

/// Why a request could not be read.
enum ReadError {
    /// The connection closed or went idle between requests: nothing to answer.
    Gone,
    /// An answer to send before closing.
    Refuse(HttpResponse),
}

fn refuse(status: u16, message: impl std::fmt::Display) -> ReadError {
    ReadError::Refuse(HttpResponse::text(status, message))
}

/// A connection's stream and the bytes read from it but not yet used.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    /// Reads more bytes, waiting until `deadline` at most. `Ok(0)`: the peer closed.
    fn fill(&mut self, deadline: Instant) -> io::Result<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0u8; 8192];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return Err(io::ErrorKind::TimedOut.into());
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes `n` bytes, reading until `deadline`.
    fn take(&mut self, n: usize, deadline: Instant) -> io::Result<Vec<u8>> {
        while self.buf.len() < n {
            if self.fill(deadline)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        Ok(self.buf.drain(..n).collect())
    }

    /// Takes one line (without its CRLF or LF), of at most `max` bytes.
    fn line(&mut self, max: usize, deadline: Instant) -> Result<Vec<u8>, ReadError> {
        loop {
            if let Some(i) = self.buf.iter().position(|b| *b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=i).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.buf.len() > max {
                return Err(refuse(400, "a chunk-size line is too long"));
            }
            match self.fill(deadline) {
                Ok(0) => return Err(ReadError::Gone),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    return Err(refuse(408, "the request body did not arrive in time"));
                }
                Err(_) => return Err(ReadError::Gone),
            }
        }
    }
}

/// Where the head ends (the index after its empty line), if it is all here.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(j) = buf[i..].iter().position(|b| *b == b'\n') {
        let nl = i + j;
        let rest = &buf[nl + 1..];
        if rest.starts_with(b"\n") {
            return Some(nl + 2);
        }
        if rest.starts_with(b"\r\n") {
            return Some(nl + 3);
        }
        i = nl + 1;
    }
    None
}

/// A request read, and whether the connection stays open after it.
struct Incoming {
    request: HttpRequest,
    keep_alive: bool,
    http10: bool,
}

fn serve_connection(stream: TcpStream, shared: &Shared) {
    let config = &shared.config;
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(config.write_timeout));
    let mut conn = Conn { stream, buf: Vec::new() };
    let mut first = true;
    loop {
        let incoming = match read_request(&mut conn, config, first) {
            Ok(r) => r,
            Err(ReadError::Gone) => break,
            Err(ReadError::Refuse(response)) => {
                let _ = write_response(&conn.stream, &response, false, true, false);
                linger(&conn.stream);
                return;
            }
        };
        first = false;
        let response = {
            let _permit = shared.permits.acquire();
            let handler = &shared.handler;
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&incoming.request)))
                .unwrap_or_else(|_| HttpResponse::text(500, "internal error (a bug in orbitkg; please report it)"))
        };
        let keep_alive = incoming.keep_alive && !shared.stop.load(Ordering::SeqCst);
        let head_only = incoming.request.method == "HEAD";
        if write_response(&conn.stream, &response, head_only, !keep_alive, incoming.http10 && keep_alive).is_err()
            || !keep_alive
        {
            break;
        }
    }
    // Lets the client see the end of the answer before the socket goes.
    let _ = conn.stream.shutdown(Shutdown::Write);
}

/// Closing a socket with unread input makes the kernel reset the
/// connection, and the client may lose the answer it was sent: so, after a
/// refusal, the rest of what the client sends is read and dropped for a
/// moment (at most a second and 1 MB) before the socket closes.
fn linger(mut stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 8192];
    let mut left = 1usize << 20;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn read_request(conn: &mut Conn, config: &HttpConfig, first: bool) -> Result<Incoming, ReadError> {
    // Wait for the first byte of the request (a fresh connection gets the
    // head's time, a kept-alive one the idle time), then the rest of the head.
    let wait = if first { config.head_timeout } else { config.idle_timeout };
    let idle_deadline = Instant::now() + wait;
    // Empty lines before a request line are ignored (RFC 9112 §2.2).
    loop {
        while conn.buf.first().is_some_and(|b| *b == b'\r' || *b == b'\n') {
            conn.buf.remove(0);
        }
        if !conn.buf.is_empty() {
            break;
        }
        match conn.fill(idle_deadline) {
            Ok(0) => return Err(ReadError::Gone),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::TimedOut && !first => return Err(ReadError::Gone),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(refuse(408, "no request arrived in time"));
            }
            Err(_) => return Err(ReadError::Gone),
        }
    }
    let deadline = Instant::now() + config.head_timeout;
    let end = loop {
        if let Some(end) = head_end(&conn.buf) {
            if end > config.max_head {
                return Err(refuse(431, format!("the request head is larger than {} bytes", config.max_head)));
            }
            break end;
        }
        if conn.buf.len() > config.max_head {
            return Err(refuse(431, format!("the request head is larger than {} bytes", config.max_head)));
        }
        match conn.fill(deadline) {
            Ok(0) => return Err(ReadError::Gone),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(refuse(
                    408,
                    format!("the request head did not arrive within {} s", config.head_timeout.as_secs()),
                ));
            }
            Err(_) => return Err(ReadError::Gone),
        }
    };
    let head: Vec<u8> = conn.buf.drain(..end).collect();
    let mut lines = head.split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));

    let request_line = lines.next().unwrap_or_default();
    let parts: Vec<&[u8]> = request_line.split(|b| *b == b' ').collect();
    let [method, target, version] = parts.as_slice() else {
        return Err(refuse(400, "malformed request line: expected METHOD TARGET HTTP/1.1"));
    };
    if method.is_empty() || !method.iter().all(|b| is_tchar(*b)) {
        return Err(refuse(400, "malformed request line: the method is not a token"));
    }
    if target.is_empty() || target.iter().any(|b| *b <= b' ' || *b == 0x7f || *b >= 0x80) {
        return Err(refuse(400, "malformed request line: the target has spaces, control or non-ASCII bytes"));
    }
    let http10 = match *version {
        b"HTTP/1.1" => false,
        b"HTTP/1.0" => true,
        v if v.starts_with(b"HTTP/") => return Err(refuse(505, "this server speaks HTTP/1.0 and HTTP/1.1")),
        _ => return Err(refuse(400, "malformed request line: expected HTTP/1.1 at its end")),
    };
    let method = String::from_utf8_lossy(method).into_owned();
    let target = String::from_utf8_lossy(target).into_owned();
    // The absolute form (sent to proxies) names the path after the authority.
    let url = match target.strip_prefix("http://").or_else(|| target.strip_prefix("https://")) {
        Some(rest) => rest.find('/').map(|i| rest[i..].to_string()).unwrap_or_else(|| "/".to_string()),
        None if target.starts_with('/') || target == "*" => target,
        None => return Err(refuse(400, "malformed request target: expected a path starting with /")),
    };

    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if headers.len() >= config.max_headers {
            return Err(refuse(431, format!("more than {} header lines", config.max_headers)));
        }
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(refuse(400, "folded header lines are not accepted"));
        }
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            return Err(refuse(400, "malformed header line: no colon"));
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| is_tchar(*b)) {
            return Err(refuse(400, "malformed header name"));
        }
        let value = line[colon + 1..].trim_ascii();
        if value.iter().any(|b| (*b < b' ' && *b != b'\t') || *b == 0x7f) {
            return Err(refuse(400, "control characters in a header value"));
        }
        headers.push((String::from_utf8_lossy(name).into_owned(), String::from_utf8_lossy(value).into_owned()));
    }
    let values = |name: &str| -> Vec<&str> {
        headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    };
    let has_token = |name: &str, token: &str| {
        values(name).iter().flat_map(|v| v.split(',')).any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    let keep_alive = if http10 { has_token("Connection", "keep-alive") } else { !has_token("Connection", "close") };

    // The body: Content-Length or chunked, never more than max_body bytes.
    let transfer = values("Transfer-Encoding");
    let lengths = values("Content-Length");
    let chunked = match transfer.as_slice() {
        [] => false,
        _ if !lengths.is_empty() => return Err(refuse(400, "both Transfer-Encoding and Content-Length")),
        [t] if t.eq_ignore_ascii_case("chunked") => true,
        _ => return Err(refuse(501, "only the chunked transfer coding is supported")),
    };
    let length = match lengths.as_slice() {
        [] => 0,
        [first, rest @ ..] => {
            let parse = |v: &str| -> Option<u64> {
                (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.parse().ok()).flatten()
            };
            let Some(n) = parse(first) else { return Err(refuse(400, "Content-Length is not a number")) };
            if rest.iter().any(|v| parse(v) != Some(n)) {
                return Err(refuse(400, "Content-Length headers disagree"));
            }
            n
        }
    };
    if length > config.max_body as u64 {
        return Err(refuse(413, format!("the request body is larger than {} bytes", config.max_body)));
    }
    let expect = values("Expect");
    match expect.as_slice() {
        [] => {}
        [e] if e.eq_ignore_ascii_case("100-continue") => {
            if !http10 && (length > 0 || chunked) {
                let _ = conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
            }
        }
        _ => return Err(refuse(417, "the only expectation understood is 100-continue")),
    }
    let deadline = Instant::now() + config.body_timeout;
    let late = || refuse(408, format!("the request body did not arrive within {} s", config.body_timeout.as_secs()));
    let body = if chunked {
        read_chunked(conn, config, deadline)?
    } else {
        match conn.take(length as usize, deadline) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return Err(late()),
            Err(_) => return Err(ReadError::Gone),
        }
    };
    Ok(Incoming { request: HttpRequest { method, url, headers, body }, keep_alive, http10 })
}

fn read_chunked(conn: &mut Conn, config: &HttpConfig, deadline: Instant) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = conn.line(1024, deadline)?;
        let size = line.split(|b| *b == b';').next().unwrap_or_default().trim_ascii();
        let size = std::str::from_utf8(size)
            .ok()
            .filter(|s| !s.is_empty() && s.len() <= 16)
            .and_then(|s| usize::from_str_radix(s, 16).ok())
            .ok_or_else(|| refuse(400, "malformed chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line, are read and dropped.
            let mut trailer_bytes = 0;
            loop {
                let t = conn.line(config.max_head, deadline)?;
                trailer_bytes += t.len();
                if t.is_empty() {
                    return Ok(body);
                }
                if trailer_bytes > config.max_head {
                    return Err(refuse(431, "the trailers are too large"));
                }
            }
        }
        if body.len() + size > config.max_body {
            return Err(refuse(413, format!("the request body is larger than {} bytes", config.max_body)));
        }
        match conn.take(size, deadline) {
            Ok(data) => body.extend_from_slice(&data),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(refuse(408, "the request body did not arrive in time"));
            }
            Err(_) => return Err(ReadError::Gone),
        }
        if !conn.line(2, deadline)?.is_empty() {
            return Err(refuse(400, "a chunk does not end with CRLF"));
        }
    }
}

/// The reason phrase of a status code.
fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        417 => "Expectation Failed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes `response` in one piece: status line, headers (`Content-Length`
/// and `Connection` added), then the body unless `head_only`.
fn write_response(
    mut stream: &TcpStream,
    response: &HttpResponse,
    head_only: bool,
    close: bool,
    say_keep_alive: bool,
) -> io::Result<()> {
    let mut out = Vec::with_capacity(256 + response.body.len());
    write!(out, "HTTP/1.1 {} {}\r\n", response.status, reason(response.status))?;
    for (name, value) in &response.headers {
        // A header value is never allowed to end the head early.
        if !value.bytes().any(|b| b == b'\r' || b == b'\n') {
            write!(out, "{name}: {value}\r\n")?;
        }
    }
    if response.status != 204 && response.status != 304 {
        write!(out, "Content-Length: {}\r\n", response.body.len())?;
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    } else if say_keep_alive {
        out.extend_from_slice(b"Connection: keep-alive\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !head_only && response.status != 204 && response.status != 304 {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nBODY"), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\nA: b\n\nBODY"), Some(21));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n"), None);
    }
}
