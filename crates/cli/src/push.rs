//! `orbitkg push`: copy the graph into an existing SPARQL store.
//!
//! Each article's named graph, and the default graph (the merged knowledge
//! graph) under an IRI of its own, are sent over the SPARQL 1.1 Graph Store
//! HTTP Protocol (PUT replaces a graph; DELETE then POST where a store does
//! not take PUT) or, where a store has no Graph Store endpoint, as SPARQL 1.1
//! Update (`DROP SILENT GRAPH` then `INSERT DATA`). A graph larger than
//! `--batch-size` triples goes in several requests: the first replaces, the
//! others add. Requests that fail for a reason that may pass (no connection,
//! 5xx, 429) are tried again with a growing pause; whatever still fails is
//! listed at the end, and the exit status is then non-zero.
//!
//! HTTP Basic and Digest authentication (RFC 7616: MD5, SHA-256 and their
//! `-sess` forms, `qop=auth`) are answered when the store asks for them;
//! Virtuoso's Graph Store endpoint asks for Digest.

use crate::cli::push::{Method, PushArgs};
use crate::exit::ExitStatus;
use anyhow::{Context, Result, bail};
use base64::Engine as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use md5::Md5;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Triple};
use oxigraph::store::Store;
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use ureq::http;

/// Where a graph goes in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Named(String),
    Default,
}

impl Dest {
    fn label(&self) -> String {
        match self {
            Dest::Named(iri) => format!("<{iri}>"),
            Dest::Default => "the default graph".to_string(),
        }
    }
}

/// One graph to send: where it is read from, where it goes, its size.
struct Job {
    from: GraphName,
    to: Dest,
    triples: u64,
}

/// Why a graph was not (wholly) written.
struct Failure {
    graph: String,
    what: String,
    /// Triples of the graph that did reach the store before the failure.
    sent: u64,
    triples: u64,
}

/// Runs `orbitkg push`.
pub fn run(args: &PushArgs) -> Result<ExitStatus> {
    let credentials = credentials(args)?;
    check_url(&args.endpoint, "--endpoint")?;
    if let Some(gsp) = &args.graph_store {
        check_url(gsp, "--graph-store")?;
    }
    if matches!(args.method, Method::Put | Method::DeletePost) && args.graph_store.is_none() {
        bail!("--method {} needs --graph-store URL (the store's Graph Store endpoint)", args.method.describe());
    }
    let store = crate::data::open_source(&args.source)?;
    let base = store.id_base()?;
    let default_dest = match args.default_graph.as_deref() {
        Some("default") => Dest::Default,
        Some(iri) => Dest::Named(
            NamedNode::new(iri)
                .with_context(|| format!("--default-graph {iri:?} is not an absolute IRI (nor `default`)"))?
                .into_string(),
        ),
        None => Dest::Named(format!("{base}graph/merged")),
    };
    let jobs = jobs(store.inner(), &default_dest)?;
    let total: u64 = jobs.iter().map(|j| j.triples).sum();

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(args.timeout)))
        .user_agent(concat!("orbitkg/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut client = Client { agent, credentials, challenges: HashMap::new(), retries: args.retries, requests: 0 };
    let mut pusher = Pusher {
        client: &mut client,
        store: store.inner(),
        endpoint: &args.endpoint,
        graph_store: args.graph_store.as_deref(),
        method: match args.method {
            Method::Auto if args.graph_store.is_some() => Method::Put,
            Method::Auto => Method::Update,
            m => m,
        },
        fallback: args.method == Method::Auto,
        batch: args.batch_size,
    };

    let bar = progress(total, args.quiet);
    let started = Instant::now();
    let mut failures: Vec<Failure> = Vec::new();
    let mut pushed = (0u64, 0u64);
    let mut stopped: Option<String> = None;
    for (i, job) in jobs.iter().enumerate() {
        bar.set_message(job.to.label());
        match pusher.push(job, &bar) {
            Ok(()) => {
                pushed.0 += 1;
                pushed.1 += job.triples;
            }
            Err(PushError { what, sent, fatal }) => {
                failures.push(Failure { graph: job.to.label(), what, sent, triples: job.triples });
                // Without credentials that work, or without the store, every other
                // graph would fail the same way: say so once.
                let none_yet = pushed.0 == 0 && failures.len() >= 3;
                if fatal || none_yet {
                    stopped = Some(format!(
                        "{} graph(s) not sent: {}",
                        jobs.len() - i - 1,
                        if fatal { "the store cannot be written (see above)" } else { "the first 3 all failed" }
                    ));
                    break;
                }
            }
        }
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();

    if failures.is_empty() {
        if !args.quiet {
            eprintln!(
                "pushed {} graph(s), {} triples, in {} request(s) by {} in {secs:.1} s; the merged graph is {}",
                pushed.0,
                pushed.1,
                pusher.client.requests,
                pusher.method.describe(),
                default_dest.label()
            );
        }
        return Ok(ExitStatus::Success);
    }
    eprintln!("error: {} of {} graph(s) were not written:", jobs.len() as u64 - pushed.0, jobs.len());
    for f in &failures {
        let partial =
            if f.sent > 0 { format!(" ({} of its {} triples were written)", f.sent, f.triples) } else { String::new() };
        eprintln!("  {}: {}{partial}", f.graph, f.what);
    }
    if let Some(why) = stopped {
        eprintln!("  {why}");
    }
    if !args.quiet {
        eprintln!("pushed {} graph(s), {} triples, in {secs:.1} s", pushed.0, pushed.1);
    }
    Ok(ExitStatus::Failure)
}

/// The credentials from `--auth` or `--auth-env`.
fn credentials(args: &PushArgs) -> Result<Option<Credentials>> {
    let (text, from) = match (&args.auth, &args.auth_env) {
        (Some(a), _) => (a.clone(), "--auth".to_string()),
        (None, Some(var)) => {
            let value = std::env::var(var).with_context(|| format!("--auth-env {var}: the variable is not set"))?;
            (value, format!("the variable {var}"))
        }
        (None, None) => return Ok(None),
    };
    let Some((user, password)) = text.split_once(':') else {
        bail!("{from} must be USER:PASSWORD (there is no `:`)");
    };
    if user.is_empty() {
        bail!("{from} must be USER:PASSWORD (the user is empty)");
    }
    Ok(Some(Credentials { user: user.to_string(), password: password.to_string() }))
}

fn check_url(url: &str, flag: &str) -> Result<()> {
    match url.parse::<http::Uri>() {
        Ok(uri) if matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some() => Ok(()),
        _ => bail!("{flag} {url:?} is not an http:// or https:// URL"),
    }
}

/// The graphs to send, the article graphs sorted by IRI and the merged graph last.
fn jobs(store: &Store, default_dest: &Dest) -> Result<Vec<Job>> {
    let mut named = Vec::new();
    for g in store.named_graphs() {
        match g? {
            NamedOrBlankNode::NamedNode(n) => named.push(n),
            NamedOrBlankNode::BlankNode(b) => {
                bail!("the graph has a named graph called by a blank node ({b}), which no store can address")
            }
        }
    }
    named.sort();
    let count = |g: GraphNameRef<'_>| store.quads_for_pattern(None, None, None, Some(g)).count() as u64;
    let mut jobs = Vec::new();
    for n in named {
        if let Dest::Named(d) = default_dest
            && d == n.as_str()
        {
            bail!("--default-graph <{d}> is the name of one of the graph's own named graphs: choose another IRI");
        }
        let triples = count(n.as_ref().into());
        jobs.push(Job { to: Dest::Named(n.as_str().to_string()), from: n.into(), triples });
    }
    let triples = count(GraphNameRef::DefaultGraph);
    jobs.push(Job { from: GraphName::DefaultGraph, to: default_dest.clone(), triples });
    Ok(jobs)
}

fn progress(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("pushing {bar:30} {human_pos}/{human_len} triples, {eta} left  {wide_msg}")
            .expect("valid template"),
    );
    bar
}

/// What went wrong with one graph.
struct PushError {
    what: String,
    /// Triples already written.
    sent: u64,
    /// The next graphs would fail the same way (credentials refused, store unreachable).
    fatal: bool,
}

impl PushError {
    /// The same error, once `sent` triples of the graph were written.
    fn after(self, sent: u64) -> PushError {
        PushError { sent, ..self }
    }
}

/// Sends graphs one by one, in the method that works.
struct Pusher<'a> {
    client: &'a mut Client,
    store: &'a Store,
    endpoint: &'a str,
    graph_store: Option<&'a str>,
    method: Method,
    /// Whether `method` may change when the store refuses it.
    fallback: bool,
    /// `--batch-size`, if given.
    batch: Option<u64>,
}

/// Triples per Graph Store request, unless `--batch-size` says otherwise.
const GSP_BATCH: u64 = 20_000;
/// Triples per SPARQL Update request, unless `--batch-size` says otherwise.
const UPDATE_BATCH: u64 = 2_000;

impl Pusher<'_> {
    fn batch_size(&self) -> u64 {
        self.batch.unwrap_or(match self.method {
            Method::Put | Method::DeletePost => GSP_BATCH,
            Method::Update | Method::Auto => UPDATE_BATCH,
        })
    }

    /// Sends one graph, batch by batch.
    fn push(&mut self, job: &Job, bar: &ProgressBar) -> Result<(), PushError> {
        loop {
            match self.try_push(job, bar) {
                Err(Attempt::Unsupported(reply)) if self.fallback => {
                    let next = match self.method {
                        Method::Put => Method::DeletePost,
                        _ => Method::Update,
                    };
                    if self.method == Method::Update {
                        return Err(reply.into_error(0));
                    }
                    self.method = next;
                }
                Err(Attempt::Unsupported(reply)) => return Err(reply.into_error(0)),
                Err(Attempt::Failed(e)) => return Err(e),
                Ok(()) => return Ok(()),
            }
        }
    }

    fn try_push(&mut self, job: &Job, bar: &ProgressBar) -> Result<(), Attempt> {
        let mut sent = 0u64;
        let mut first = true;
        let mut quads = self.store.quads_for_pattern(None, None, None, Some(job.from.as_ref()));
        loop {
            let mut batch = Vec::new();
            for q in quads.by_ref() {
                let q = q.map_err(|e| Attempt::Failed(PushError { what: e.to_string(), sent, fatal: true }))?;
                batch.push(Triple::from(q));
                if batch.len() as u64 == self.batch_size() {
                    break;
                }
            }
            if batch.is_empty() && !first {
                return Ok(());
            }
            self.send_batch(&job.to, &batch, first, sent)?;
            sent += batch.len() as u64;
            bar.inc(batch.len() as u64);
            first = false;
            if (batch.len() as u64) < self.batch_size() {
                return Ok(());
            }
        }
    }

    /// Writes one batch of a graph: the first replaces the graph, the others add.
    fn send_batch(&mut self, dest: &Dest, triples: &[Triple], replace: bool, sent: u64) -> Result<(), Attempt> {
        match self.method {
            Method::Put | Method::DeletePost => {
                let gsp = self.graph_store.expect("a Graph Store method has --graph-store");
                let url = graph_url(gsp, dest);
                let body = ntriples(triples);
                if replace && self.method == Method::DeletePost {
                    let reply = self.client.request("DELETE", &url, None, &[]).map_err(|e| e.after(sent))?;
                    // 404: there was no such graph yet, which is what DELETE is for.
                    if reply.status != 404 {
                        reply.check("DELETE", &url, sent)?;
                    }
                }
                let method = if replace && self.method == Method::Put { "PUT" } else { "POST" };
                if triples.is_empty() && method == "POST" {
                    return Ok(());
                }
                self.client
                    .request(method, &url, Some("application/n-triples"), &body)
                    .map_err(|e| e.after(sent))?
                    .check(method, &url, sent)
            }
            Method::Update | Method::Auto => {
                let body = update(dest, triples, replace);
                self.client
                    .request("POST", self.endpoint, Some("application/sparql-update"), body.as_bytes())
                    .map_err(|e| e.after(sent))?
                    .check("POST (SPARQL Update)", self.endpoint, sent)
            }
        }
    }
}

/// The outcome of one attempt at a graph.
enum Attempt {
    /// The store does not take this way of writing (405, 501): try the next.
    Unsupported(Refusal),
    /// It failed otherwise.
    Failed(PushError),
}

impl From<PushError> for Attempt {
    fn from(e: PushError) -> Attempt {
        Attempt::Failed(e)
    }
}

/// A request the store refused.
struct Refusal {
    what: String,
}

impl Refusal {
    fn into_error(self, sent: u64) -> PushError {
        PushError { what: self.what, sent, fatal: false }
    }
}

/// `URL?graph=IRI` (or `?default`), for the Graph Store protocol.
fn graph_url(gsp: &str, dest: &Dest) -> String {
    let sep = if gsp.contains('?') { '&' } else { '?' };
    match dest {
        Dest::Named(iri) => format!("{gsp}{sep}graph={}", percent_encode(iri)),
        Dest::Default => format!("{gsp}{sep}default"),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Triples as N-Triples.
fn ntriples(triples: &[Triple]) -> Vec<u8> {
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for t in triples {
        w.serialize_triple(t).expect("writing to memory does not fail");
    }
    w.finish().expect("writing to memory does not fail")
}

/// A SPARQL Update that replaces (or adds to) a graph. N-Triples lines are
/// SPARQL triples as they are.
fn update(dest: &Dest, triples: &[Triple], replace: bool) -> String {
    let body = String::from_utf8(ntriples(triples)).expect("N-Triples is UTF-8");
    let (drop, open, close) = match dest {
        Dest::Named(iri) => (format!("DROP SILENT GRAPH <{iri}>"), format!("GRAPH <{iri}> {{\n"), "}\n"),
        Dest::Default => ("DROP SILENT DEFAULT".to_string(), String::new(), ""),
    };
    let mut out = String::with_capacity(body.len() + 200);
    if replace {
        out.push_str(&drop);
        out.push_str(" ;\n");
    }
    out.push_str("INSERT DATA {\n");
    out.push_str(&open);
    out.push_str(&body);
    out.push_str(close);
    out.push_str("}\n");
    out
}

/// USER:PASSWORD.
struct Credentials {
    user: String,
    password: String,
}

/// A store's answer, its body cut short.
struct Reply {
    status: u16,
    reason: String,
    excerpt: String,
    /// How many times the request was sent (retries included).
    tries: u32,
}

impl Reply {
    /// Ok for 2xx; 405 and 501 say the store does not take the method.
    fn check(self, method: &str, url: &str, sent: u64) -> Result<(), Attempt> {
        if (200..300).contains(&self.status) {
            return Ok(());
        }
        let mut what = format!("{method} {url} → {} {}", self.status, self.reason);
        if !self.excerpt.is_empty() {
            what.push_str(": ");
            what.push_str(&self.excerpt);
        }
        if self.tries > 1 {
            what.push_str(&format!(" (tried {} times)", self.tries));
        }
        if (300..400).contains(&self.status) {
            what.push_str(" (redirected: give the URL it points to)");
        }
        Err(match self.status {
            405 | 501 => Attempt::Unsupported(Refusal { what }),
            401 | 403 => Attempt::Failed(PushError {
                what: format!("{what} (the credentials were refused, or none were given: --auth or --auth-env)"),
                sent,
                fatal: true,
            }),
            _ => Attempt::Failed(PushError { what, sent, fatal: false }),
        })
    }
}

/// The HTTP side: retries and authentication.
struct Client {
    agent: ureq::Agent,
    credentials: Option<Credentials>,
    /// The last challenge of each protection space (`scheme://host/path`),
    /// answered before it is asked for again.
    challenges: HashMap<String, Challenge>,
    retries: u32,
    /// Requests sent, retries and authentication rounds included.
    requests: u64,
}

impl Client {
    /// Sends a request, trying again after failures that may pass. An error
    /// is a failure to reach the store at all.
    fn request(
        &mut self,
        method: &str,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Reply, PushError> {
        let mut attempt = 0;
        loop {
            let wait = match self.authenticated(method, url, content_type, body) {
                Ok((mut reply, retry_after)) => {
                    if !retryable(reply.status) || attempt >= self.retries {
                        reply.tries = attempt + 1;
                        return Ok(reply);
                    }
                    backoff(attempt, retry_after)
                }
                Err(e) => {
                    if !e.transient || attempt >= self.retries {
                        let tries = if attempt > 0 { format!(" (tried {} times)", attempt + 1) } else { String::new() };
                        // A store that cannot be reached fails every graph; one that
                        // took too long may still take the others.
                        return Err(PushError {
                            what: format!("{method} {url}: {}{tries}", e.message),
                            sent: 0,
                            fatal: !e.timeout,
                        });
                    }
                    backoff(attempt, None)
                }
            };
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One request, answering an authentication challenge once.
    fn authenticated(
        &mut self,
        method: &str,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(Reply, Option<Duration>), TransportError> {
        let space = protection_space(url);
        let authorization = self.authorization(&space, method, url);
        let had_auth = authorization.is_some();
        let (reply, headers) = self.send(method, url, content_type, body, authorization)?;
        if reply.status != 401 || self.credentials.is_none() {
            return Ok((reply, retry_after(&headers)));
        }
        let Some(challenge) = headers
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(parse_challenges)
            .filter_map(Challenge::from_parsed)
            .max_by_key(Challenge::preference)
        else {
            return Ok((reply, None));
        };
        // A second refusal of the same, not stale, challenge: the credentials are wrong.
        if had_auth && !challenge.stale && self.challenges.get(&space).is_some_and(|c| c.nonce == challenge.nonce) {
            return Ok((reply, None));
        }
        self.challenges.insert(space.clone(), challenge);
        let authorization = self.authorization(&space, method, url);
        let (reply, headers) = self.send(method, url, content_type, body, authorization)?;
        Ok((reply, retry_after(&headers)))
    }

    fn authorization(&mut self, space: &str, method: &str, url: &str) -> Option<String> {
        let credentials = self.credentials.as_ref()?;
        let challenge = self.challenges.get_mut(space)?;
        Some(challenge.answer(credentials, method, &request_target(url)))
    }

    fn send(
        &mut self,
        method: &str,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
        authorization: Option<String>,
    ) -> Result<(Reply, http::HeaderMap), TransportError> {
        self.requests += 1;
        let mut builder = http::Request::builder().method(method).uri(url);
        if let Some(ct) = content_type {
            builder = builder.header(http::header::CONTENT_TYPE, ct);
        }
        if let Some(a) = authorization {
            builder = builder.header(http::header::AUTHORIZATION, a);
        }
        let result = if body.is_empty() && content_type.is_none() {
            builder.body(()).map(|r| self.agent.run(r))
        } else {
            builder.body(body).map(|r| self.agent.run(r))
        };
        let mut response = result
            .map_err(|e| TransportError {
                message: format!("cannot make the request: {e}"),
                transient: false,
                timeout: false,
            })?
            .map_err(TransportError::from)?;
        let status = response.status();
        // The start of the answer is enough to report it; Virtuoso repeats a
        // refused update whole.
        let mut bytes = Vec::new();
        let _ =
            std::io::Read::read_to_end(&mut std::io::Read::take(response.body_mut().as_reader(), 64 << 10), &mut bytes);
        let reply = Reply {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            excerpt: excerpt(&bytes),
            tries: 1,
        };
        Ok((reply, response.headers().clone()))
    }
}

/// A request that got no answer.
struct TransportError {
    message: String,
    /// Whether trying again may help.
    transient: bool,
    /// Whether the request ran out of time (`--timeout`).
    timeout: bool,
}

impl From<ureq::Error> for TransportError {
    fn from(e: ureq::Error) -> TransportError {
        let transient = matches!(
            e,
            ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed | ureq::Error::Protocol(_)
        );
        let timeout = matches!(e, ureq::Error::Timeout(_));
        TransportError { message: e.to_string(), transient, timeout }
    }
}

/// Statuses worth trying again: the store is busy or broke for a moment.
fn retryable(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status) && status != 501
}

/// The pause before try `attempt + 1`: 0.5 s doubling up to 30 s, or what
/// the store's Retry-After asked (up to a minute).
fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    retry_after.map(|d| d.min(Duration::from_secs(60))).unwrap_or_else(|| {
        Duration::from_millis(500u64.saturating_mul(1 << attempt.min(6))).min(Duration::from_secs(30))
    })
}

fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let secs: u64 = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs))
}

/// A response body as one short line, tags of an HTML error page left out.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' if text.trim_start().starts_with('<') => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let line = words.join(" ");
    const MAX: usize = 300;
    if line.chars().count() > MAX { format!("{}…", line.chars().take(MAX).collect::<String>()) } else { line }
}

/// `scheme://authority/path` of a URL: where one challenge holds.
fn protection_space(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or(url).to_string()
}

/// The request target (path and query) that Digest's `uri=` repeats.
fn request_target(url: &str) -> String {
    url.parse::<http::Uri>()
        .ok()
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()))
        .unwrap_or_else(|| "/".to_string())
}

/// One authentication challenge (`WWW-Authenticate`) as parsed: the scheme and
/// its parameters (names lower-cased).
type ParsedChallenge = (String, Vec<(String, String)>);

/// Parses a `WWW-Authenticate` value, which may hold several challenges:
/// `Digest realm="a", qop="auth", Basic realm="b"`.
fn parse_challenges(value: &str) -> Vec<ParsedChallenge> {
    let mut out: Vec<ParsedChallenge> = Vec::new();
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    while i < chars.len() {
        while i < chars.len() && (chars[i] == ',' || chars[i].is_whitespace()) {
            i += 1;
        }
        let start = i;
        while i < chars.len() && is_token(chars[i]) {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let token: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        if j < chars.len() && chars[j] == '=' && !out.is_empty() {
            // A parameter of the current challenge.
            i = j + 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let mut v = String::new();
            if i < chars.len() && chars[i] == '"' {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    v.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && chars[i] != ',' && !chars[i].is_whitespace() {
                    v.push(chars[i]);
                    i += 1;
                }
            }
            out.last_mut().expect("checked").1.push((token.to_ascii_lowercase(), v));
        } else if j < chars.len() && chars[j] == '=' {
            // token68 or garbage before any scheme: skip it.
            i = j + 1;
        } else {
            out.push((token, Vec::new()));
        }
    }
    out
}

/// The hash a Digest challenge names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DigestHash {
    Md5,
    Sha256,
}

/// A challenge orbitkg can answer.
#[derive(Debug, Clone)]
enum Scheme {
    Basic,
    Digest { hash: DigestHash, sess: bool, realm: String, opaque: Option<String>, qop_auth: bool, algorithm: String },
}

/// A challenge and, for Digest, how often its nonce was used.
#[derive(Debug, Clone)]
struct Challenge {
    scheme: Scheme,
    nonce: String,
    stale: bool,
    nc: u32,
}

impl Challenge {
    fn from_parsed((scheme, params): ParsedChallenge) -> Option<Challenge> {
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if scheme.eq_ignore_ascii_case("basic") {
            return Some(Challenge { scheme: Scheme::Basic, nonce: String::new(), stale: false, nc: 0 });
        }
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let algorithm = get("algorithm").unwrap_or_else(|| "MD5".to_string());
        let (hash, sess) = match algorithm.to_ascii_uppercase().as_str() {
            "MD5" => (DigestHash::Md5, false),
            "MD5-SESS" => (DigestHash::Md5, true),
            "SHA-256" => (DigestHash::Sha256, false),
            "SHA-256-SESS" => (DigestHash::Sha256, true),
            _ => return None,
        };
        let qop = get("qop");
        let qop_auth = qop.as_deref().is_some_and(|q| q.split(',').any(|v| v.trim().eq_ignore_ascii_case("auth")));
        // Only auth-int offered: its body hash is not implemented.
        if qop.is_some() && !qop_auth {
            return None;
        }
        Some(Challenge {
            scheme: Scheme::Digest { hash, sess, realm: get("realm")?, opaque: get("opaque"), qop_auth, algorithm },
            nonce: get("nonce")?,
            stale: get("stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
            nc: 0,
        })
    }

    /// Digest with SHA-256 before Digest with MD5 before Basic.
    fn preference(&self) -> u8 {
        match &self.scheme {
            Scheme::Basic => 0,
            Scheme::Digest { hash: DigestHash::Md5, .. } => 1,
            Scheme::Digest { hash: DigestHash::Sha256, .. } => 2,
        }
    }

    /// The `Authorization` header for one request.
    fn answer(&mut self, c: &Credentials, method: &str, uri: &str) -> String {
        let Scheme::Digest { hash, sess, realm, opaque, qop_auth, algorithm } = &self.scheme else {
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", c.user, c.password));
            return format!("Basic {token}");
        };
        self.nc += 1;
        let nc = format!("{:08x}", self.nc);
        let cnonce = cnonce(self.nc);
        let response = digest_response(
            *hash,
            *sess,
            &DigestInput {
                user: &c.user,
                password: &c.password,
                realm,
                nonce: &self.nonce,
                method,
                uri,
                qop: qop_auth.then_some(("auth", nc.as_str(), cnonce.as_str())),
            },
        );
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm={algorithm}, response=\"{response}\"",
            quote(&c.user),
            quote(realm),
            quote(&self.nonce)
        );
        if let Some(o) = opaque {
            header.push_str(&format!(", opaque=\"{}\"", quote(o)));
        }
        if *qop_auth {
            header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
        }
        header
    }
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A client nonce: unpredictable enough for a nonce, which needs no secrecy.
fn cnonce(nc: u32) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seed = format!("{}:{}:{nc}", std::process::id(), now.as_nanos());
    hex(&Sha256::digest(seed.as_bytes()))[..16].to_string()
}

/// What a Digest response is computed from.
struct DigestInput<'a> {
    user: &'a str,
    password: &'a str,
    realm: &'a str,
    nonce: &'a str,
    method: &'a str,
    uri: &'a str,
    /// `(qop, nc, cnonce)`, absent for RFC 2069 challenges without `qop`.
    qop: Option<(&'a str, &'a str, &'a str)>,
}

/// The `response=` of RFC 7616 (and RFC 2617, RFC 2069 without qop).
fn digest_response(hash: DigestHash, sess: bool, d: &DigestInput<'_>) -> String {
    let h = |s: &str| match hash {
        DigestHash::Md5 => hex(&Md5::digest(s.as_bytes())),
        DigestHash::Sha256 => hex(&Sha256::digest(s.as_bytes())),
    };
    let mut ha1 = h(&format!("{}:{}:{}", d.user, d.realm, d.password));
    if sess {
        let cnonce = d.qop.map_or("", |(_, _, c)| c);
        ha1 = h(&format!("{ha1}:{}:{cnonce}", d.nonce));
    }
    let ha2 = h(&format!("{}:{}", d.method, d.uri));
    match d.qop {
        Some((qop, nc, cnonce)) => h(&format!("{ha1}:{}:{nc}:{cnonce}:{qop}:{ha2}", d.nonce)),
        None => h(&format!("{ha1}:{}:{ha2}", d.nonce)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 2617 section 3.5's example.
    #[test]
    fn digest_md5_matches_rfc_2617() {
        let d = DigestInput {
            user: "Mufasa",
            password: "Circle Of Life",
            realm: "testrealm@host.com",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            method: "GET",
            uri: "/dir/index.html",
            qop: Some(("auth", "00000001", "0a4f113b")),
        };
        assert_eq!(digest_response(DigestHash::Md5, false, &d), "6629fae49393a05397450978507c4ef1");
    }

    /// RFC 7616 section 3.9.1's examples (MD5 and SHA-256).
    #[test]
    fn digest_matches_rfc_7616() {
        let d = DigestInput {
            user: "Mufasa",
            password: "Circle of Life",
            realm: "http-auth@example.org",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            method: "GET",
            uri: "/dir/index.html",
            qop: Some(("auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")),
        };
        assert_eq!(digest_response(DigestHash::Md5, false, &d), "8ca523f5e9506fed4657c9700eebdbec");
        assert_eq!(
            digest_response(DigestHash::Sha256, false, &d),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn challenges_are_parsed_from_one_header() {
        let parsed = parse_challenges(
            r#"Digest realm="SPARQL", domain="/sparql-auth", nonce="ab,c", qop="auth", algorithm="MD5", Basic realm="x""#,
        );
        assert_eq!(parsed.len(), 2, "{parsed:?}");
        assert_eq!(parsed[0].0, "Digest");
        assert!(parsed[0].1.contains(&("nonce".to_string(), "ab,c".to_string())));
        assert_eq!(parsed[1], ("Basic".to_string(), vec![("realm".to_string(), "x".to_string())]));
        let best = parsed.into_iter().filter_map(Challenge::from_parsed).max_by_key(Challenge::preference).unwrap();
        assert!(matches!(best.scheme, Scheme::Digest { hash: DigestHash::Md5, qop_auth: true, .. }));
    }

    #[test]
    fn graph_iris_are_percent_encoded() {
        assert_eq!(
            graph_url("http://h/store", &Dest::Named("https://orbitkg.org/id/doc/ab?x=1#y".into())),
            "http://h/store?graph=https%3A%2F%2Forbitkg.org%2Fid%2Fdoc%2Fab%3Fx%3D1%23y"
        );
        assert_eq!(graph_url("http://h/ds?x=1", &Dest::Default), "http://h/ds?x=1&default");
    }

    #[test]
    fn only_passing_failures_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 405, 413, 501] {
            assert!(!retryable(s), "{s}");
        }
        assert_eq!(backoff(0, None), Duration::from_millis(500));
        assert_eq!(backoff(2, None), Duration::from_secs(2));
        assert_eq!(backoff(20, None), Duration::from_secs(30));
        assert_eq!(backoff(0, Some(Duration::from_secs(7))), Duration::from_secs(7));
    }

    #[test]
    fn error_pages_are_cut_to_one_line() {
        assert_eq!(excerpt(b"<html><body><h1>Bad</h1>\n<p>graph  refused</p></body></html>"), "Bad graph refused");
        assert_eq!(
            excerpt(b"37000 Error SP030: SPARQL compiler, line 3: syntax error at 'x' < 3"),
            "37000 Error SP030: SPARQL compiler, line 3: syntax error at 'x' < 3"
        );
    }
}
