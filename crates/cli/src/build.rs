//! `orbitkg build`: read articles, extract in parallel, resolve, store, dump.

use crate::cli::{BuildArgs, RemoveArgs};
use crate::data::{dump_format, is_stdout, write_maybe_gz};
use crate::exit::ExitStatus;
use crate::interrupt::{self, Stage};
use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use orbitkg_extract::input::{self, Article};
use orbitkg_extract::{Gazetteer, Record, extract_article};
use orbitkg_rdf::{Archive, CommitReport, DumpFormat, KgStore, Progress, dump};
use oxigraph::model::NamedNode;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A file to read, with the name it goes by in the graph.
pub(crate) struct InputFile {
    pub(crate) path: PathBuf,
    pub(crate) source: String,
}

const EXTENSIONS: &[&str] = &["txt", "html", "htm", "jsonl"];

fn has_article_extension(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What a directory walk found: the article files, and a message for each
/// entry it skipped.
struct Walk<'a> {
    root: &'a Path,
    prefix: &'a str,
    files: &'a mut Vec<InputFile>,
    skipped: &'a mut Vec<String>,
    /// The real paths of the directories entered, so that a symbolic link
    /// back up the tree (a loop) is entered once, not until the path is too long.
    entered: std::collections::HashSet<PathBuf>,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path) {
        let real = match dir.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                self.skipped.push(format!("{}: cannot read: {e}", dir.display()));
                return;
            }
        };
        if !self.entered.insert(real.clone()) {
            self.skipped.push(format!(
                "{}: a symbolic link to {}, which is read already (a loop); skipped",
                dir.display(),
                real.display()
            ));
            return;
        }
        let entries: Result<Vec<PathBuf>, _> =
            std::fs::read_dir(dir).and_then(|d| d.map(|e| e.map(|e| e.path())).collect());
        let mut entries = match entries {
            Ok(e) => e,
            Err(e) => {
                self.skipped.push(format!("{}: cannot read directory: {e}", dir.display()));
                return;
            }
        };
        entries.sort();
        for p in entries {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            // Follows symbolic links; a dangling one is listed and reported when read.
            let meta = std::fs::metadata(&p);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                self.dir(&p);
            } else if has_article_extension(&p) {
                if meta.as_ref().is_ok_and(|m| !m.is_file()) {
                    // A FIFO would block the build for ever; a device is no article.
                    self.skipped
                        .push(format!("{}: not a regular file (a pipe, socket or device); skipped", p.display()));
                    continue;
                }
                let rel = p.strip_prefix(self.root).unwrap_or(&p);
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                self.files.push(InputFile { source: format!("{}{rel}", self.prefix), path: p.clone() });
            }
        }
    }
}

/// Every article file under the inputs, with sources relative to each input
/// root, and a message for each input that is skipped (missing, a folder
/// without articles, an unreadable folder, a symbolic-link loop, a pipe):
/// a long build goes on without it.
pub(crate) fn collect_inputs(inputs: &[PathBuf]) -> Result<(Vec<InputFile>, Vec<String>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if !input.exists() {
            skipped.push(format!("{}: no such file or directory", input.display()));
            continue;
        }
        if input.is_dir() {
            let before = files.len();
            let root_name = input
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
                .unwrap_or_default();
            let prefix = format!("{root_name}/");
            let mut walk = Walk {
                root: input,
                prefix: &prefix,
                files: &mut files,
                skipped: &mut skipped,
                entered: Default::default(),
            };
            walk.dir(input);
            if files.len() == before {
                skipped.push(format!(
                    "{}: no articles in this directory (looked for .txt, .html, .htm, .jsonl)",
                    input.display()
                ));
            }
        } else {
            if let Some(what) = not_an_article(input) {
                bail!("{}: {what}", input.display());
            }
            let name = input.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            files.push(InputFile { path: input.clone(), source: name });
        }
    }
    Ok((files, skipped))
}

/// What a file named as an input is, when it is plainly no article: an RDF
/// dump, a SPARQL query or extraction records (read as news, a Turtle dump
/// gave 161 facts, false signings among them), with what to do instead.
fn not_an_article(path: &Path) -> Option<String> {
    let p = path.display();
    if let Some(format) = crate::data::format_from_extension(path) {
        return Some(format!(
            "an RDF dump (.{}), not articles: read it with --data (orbitkg query FILE.rq --data {p}; \
             also dump, analyze, export, serve)",
            format.extension(),
        ));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "rq" | "sparql" | "ru") {
        return Some(format!(
            "a SPARQL query, not articles: run it with orbitkg query {p} --data DUMP (or --store DIR)"
        ));
    }
    if ext == "jsonl" {
        // A record line opens with its format version and carries an entity table.
        let mut first = String::new();
        let file = std::fs::File::open(path).ok()?;
        std::io::BufReader::new(file).take(1 << 20).read_line(&mut first).ok()?;
        if first.starts_with("{\"v\":") && first.contains("\"sha256\"") && first.contains("\"entities\"") {
            return Some(format!(
                "extraction records (from orbitkg extract), not articles: merge them with orbitkg load {p}"
            ));
        }
    }
    None
}

/// Articles extracted together (and so held in memory together).
const BATCH: usize = 1_000;

/// JSON lines read at a time from a .jsonl file.
const JSONL_LINES: usize = 2_000;

/// Reads every input in batches of about [`BATCH`] articles, calling `each`
/// for each batch; problems are reported as messages in `problems`. Memory
/// holds one batch (and one chunk of a JSON-lines file) at a time.
pub(crate) fn read_in_batches(
    files: &[InputFile],
    problems: &mut Vec<String>,
    bytes_read: &dyn Fn(u64),
    mut each: impl FnMut(Vec<Article>) -> Result<()>,
) -> Result<()> {
    let mut batch: Vec<Article> = Vec::new();
    for f in files {
        let name = f.path.display().to_string();
        let ext = f.path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if let Some(e) = binary_head(&f.path) {
            // Named from its first bytes: a large binary file is not read into memory.
            problems.push(format!("{name}: {e}"));
            continue;
        }
        if ext == "jsonl" {
            let file = match std::fs::File::open(&f.path) {
                Ok(file) => file,
                Err(e) => {
                    problems.push(format!("{name}: cannot read: {e}"));
                    continue;
                }
            };
            let mut reader = std::io::BufReader::new(file);
            let mut lines_before = 0;
            let mut items_read = 0;
            let mut read_failed = false;
            loop {
                let mut chunk: Vec<u8> = Vec::new();
                let mut lines = 0;
                while lines < JSONL_LINES {
                    match reader.read_until(b'\n', &mut chunk) {
                        Ok(0) => break,
                        Ok(_) => lines += 1,
                        Err(e) => {
                            problems.push(format!("{name}: cannot read after line {}: {e}", lines_before + lines));
                            read_failed = true;
                            break;
                        }
                    }
                }
                if lines == 0 {
                    if items_read == 0 && !read_failed {
                        problems.push(format!("{name}: empty file (no JSON lines)"));
                    }
                    break;
                }
                bytes_read(chunk.len() as u64);
                match input::from_jsonl_at(&f.source, &chunk, lines_before) {
                    // Binary or UTF-16: the rest of the file is no better.
                    Err(e) if lines_before == 0 => {
                        problems.push(format!("{name}: {e}"));
                        break;
                    }
                    Err(e) => {
                        problems.push(format!("{name}: after line {lines_before}: {e}"));
                        break;
                    }
                    Ok(items) => {
                        items_read += items.len();
                        for it in items {
                            match it {
                                Ok(a) => {
                                    warn_if_cut(&name, &a);
                                    batch.push(a)
                                }
                                Err(e) => problems.push(format!("{name}:{e}").replacen(":line ", ":", 1)),
                            }
                        }
                    }
                }
                lines_before += lines;
                if batch.len() >= BATCH {
                    each(std::mem::take(&mut batch))?;
                }
                if read_failed {
                    break;
                }
            }
            continue;
        }
        let bytes = match std::fs::read(&f.path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{name}: cannot read: {e}"));
                continue;
            }
        };
        bytes_read(bytes.len() as u64);
        match parse_file(&ext, &f.source, &bytes) {
            Ok(a) => {
                // A guessed encoding is read, not skipped, but said: the guess may be wrong.
                if let Some(enc) = a.guessed_encoding {
                    eprintln!("warning: {name}: not UTF-8 and no charset declared; read as {enc}");
                }
                if let Some(r) = a.replaced {
                    let more = if r.count > 1 { format!(" and {} more", r.count - 1) } else { String::new() };
                    eprintln!(
                        "warning: {name}:{}: invalid UTF-8 (byte {}{more}), read as U+FFFD",
                        r.line(&bytes),
                        r.first
                    );
                }
                warn_if_cut(&name, &a);
                batch.push(a)
            }
            Err(e) => problems.push(format!("{name}: {e}")),
        }
        if batch.len() >= BATCH {
            each(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        each(batch)?;
    }
    Ok(())
}

/// Bytes looked at to tell a binary file before reading it.
const HEAD: u64 = 8 * 1024;

/// Whether the file's first [`HEAD`] bytes hold a NUL byte, with no UTF-16
/// byte-order mark to explain it: a binary file (an image, an archive).
/// `None` also when the file cannot be opened (reading it says why).
fn binary_head(path: &Path) -> Option<input::InputError> {
    use std::io::Read;
    // A pipe given as an input is read once, in full, later.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(HEAD).read_to_end(&mut head).ok()?;
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return None;
    }
    head.iter().position(|&b| b == 0).map(input::InputError::Binary)
}

/// Says that an article longer than extraction reads will be cut
/// ([`orbitkg_extract::MAX_ARTICLE_BYTES`]), naming the file (and, for an
/// article of a JSON lines file, the article).
fn warn_if_cut(name: &str, a: &Article) {
    let max = orbitkg_extract::MAX_ARTICLE_BYTES;
    if a.text.len() > max {
        let which = if name.ends_with(a.source.as_str()) { String::new() } else { format!(" (article {})", a.source) };
        eprintln!(
            "warning: {name}{which}: text of {} MB cut at the last sentence end before {} MB; the rest is not read",
            a.text.len().div_ceil(1 << 20),
            max >> 20
        );
    }
}

/// One article file's bytes (a `.txt`, `.html` or `.htm` file; `ext` in
/// lowercase) as an article. JSON-lines files go through
/// [`input::from_jsonl_at`] in chunks instead.
pub(crate) fn parse_file(ext: &str, source: &str, bytes: &[u8]) -> Result<Article, input::InputError> {
    match ext {
        "html" | "htm" => input::from_html(source, bytes),
        _ => input::from_text(source, bytes)
            .and_then(|a| if a.text.trim().is_empty() { Err(input::InputError::EmptyArticle) } else { Ok(a) }),
    }
}

pub(crate) fn progress(len: u64, quiet: bool, template: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template(template)
            .expect("valid template")
            .with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rate(state.per_sec(), "articles"));
            })
            .progress_chars("=> "),
    );
    pb
}

/// The bar of a commit's stages (resolve, store), shared by `build` and `remove`.
pub(crate) const COMMIT_BAR: &str = "{prefix:>9} [{bar:30}] {pos}/{len} articles  {rate}  ETA {eta}";

/// The stages of a commit, on a progress bar.
pub(crate) struct Bar(pub(crate) ProgressBar);

impl Progress for Bar {
    fn stage(&self, name: &str, len: u64) {
        self.0.set_prefix(name.to_string());
        self.0.set_length(len);
        self.0.set_position(0);
        self.0.reset_eta();
    }
    fn inc(&self, n: u64) {
        self.0.inc(n);
    }
}

/// A rate as people read it: "1,087 articles/s" (indicatif's `{per_sec}`
/// gives "1087.2345/s"); one decimal under 10.
pub(crate) fn rate(per_sec: f64, unit: &str) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        return format!("0 {unit}/s");
    }
    if per_sec < 10.0 {
        return format!("{per_sec:.1} {unit}/s");
    }
    format!("{} {unit}/s", thousands(per_sec.round() as u64))
}

/// Where `build` writes its dump.
#[derive(Debug, PartialEq)]
pub(crate) enum Output {
    /// A file, written atomically.
    File(PathBuf, DumpFormat),
    /// Standard output (`--out -`, or no --out and --store while it is not a terminal).
    Stdout(DumpFormat),
    /// No dump: the graph goes into --store, or nowhere (which is said).
    Nowhere,
}

/// Standard output gets TriG unless told otherwise: it keeps everything.
const STDOUT_FORMAT: DumpFormat = DumpFormat::TriG;

/// Where the dump goes; `terminal` is whether standard output is one.
fn output(args: &BuildArgs, terminal: bool) -> Result<Output> {
    output_of(args.out.as_deref(), args.format.as_deref(), args.store.is_some(), terminal)
}

/// Where the dump of `--out` and `--format` goes (`build` and `load`), with
/// or without `--store`; `terminal` is whether standard output is one.
pub(crate) fn output_of(out: Option<&Path>, format: Option<&str>, store: bool, terminal: bool) -> Result<Output> {
    let stdout_format = || match format {
        Some(f) => dump_format(Some(f), None),
        None => Ok(STDOUT_FORMAT),
    };
    Ok(match out {
        Some(out) if is_stdout(out) => Output::Stdout(stdout_format()?),
        Some(out) => {
            crate::data::check_writable(out)?;
            Output::File(out.to_path_buf(), dump_format(format, Some(out))?)
        }
        // `orbitkg build seeds > kg.trig` means the dump, not the summary.
        None if !store && (!terminal || format.is_some()) => Output::Stdout(stdout_format()?),
        None => Output::Nowhere,
    })
}

/// Writes the dump where `output` says.
pub(crate) fn write_output(store: &KgStore, output: &Output) -> Result<()> {
    match output {
        Output::File(path, format) => write_maybe_gz(path, |w| {
            dump(store, *format, None, w)?;
            Ok(())
        })?,
        Output::Stdout(format) => {
            let mut out = std::io::stdout().lock();
            dump(store, *format, None, &mut out)?;
            out.flush()?;
        }
        Output::Nowhere => {}
    }
    Ok(())
}

/// The extractor that writes records: records of another version are
/// extracted again when their articles are given again.
pub const EXTRACTOR: &str = concat!("orbitkg ", env!("CARGO_PKG_VERSION"));

/// Refuses a `--base` that is not an absolute IRI ending in `/` or `#`.
pub(crate) fn check_base(base: Option<&str>) -> Result<()> {
    if let Some(base) = base {
        let base_ok = NamedNode::new(base).is_ok() && (base.ends_with('/') || base.ends_with('#'));
        if !base_ok {
            bail!("--base {base:?} is not an absolute IRI ending in / or #");
        }
    }
    Ok(())
}

/// Runs `orbitkg build`.
pub fn run(args: &BuildArgs) -> Result<ExitStatus> {
    let started = Instant::now();
    check_base(args.base.as_deref())?;
    // Decide everything that can fail cheaply before any work.
    let output = output(args, std::io::stdout().is_terminal())?;
    let (files, skipped) = collect_inputs(&args.inputs)?;
    if files.is_empty() {
        // Nothing to read: fail before a store is created or opened.
        bail!("{}; nothing to build", skipped.join("; "));
    }
    let mut archive = open_archive(args.store.as_deref(), args.base.as_deref())?;
    let store_dir = args.store.as_deref();
    interrupt::stage(Stage::Reading { store: store_dir });
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global().ok();
    }

    let gaz = Gazetteer::builtin();
    let total_bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum();
    let pb = progress(total_bytes, args.quiet, "{prefix:>9} [{bar:30}] {binary_bytes}/{binary_total_bytes}  {msg}");
    pb.set_prefix("extract");
    let mut problems: Vec<String> = skipped;
    let mut counts = Counts::default();
    let extract_started = Instant::now();
    let mut extract_secs = 0.0;
    let mut same = SameContent::default();
    read_in_batches(&files, &mut problems, &|n| pb.inc(n), |batch| {
        counts.read += batch.len();
        let mut fresh: Vec<Article> = Vec::new();
        for a in batch {
            match same.admit(&mut archive, &a.source, &a.sha256, args.store.is_some()) {
                Admit::Replaces(h) => {
                    eprintln!("note: {h} has the same content as {}; kept once", a.source);
                    counts.duplicates += 1;
                    fresh.retain(|f| f.source != h);
                    fresh.push(a);
                }
                Admit::DuplicateOf(h) => {
                    eprintln!("note: {} has the same content as {h}; kept once", a.source);
                    counts.duplicates += 1;
                }
                Admit::Unchanged => counts.unchanged += 1,
                Admit::New => fresh.push(a),
            }
        }
        let t = Instant::now();
        let records: Vec<(Record, usize)> = fresh
            .into_par_iter()
            .map(|a| {
                let x = extract_article(a, gaz);
                (Record::from_extraction(&x, gaz), x.words)
            })
            .collect();
        extract_secs += t.elapsed().as_secs_f64();
        for (r, words) in &records {
            if args.verbose {
                eprintln!("{}: {words} words, {} entities, {} facts", r.source, r.entities.len(), r.facts.len());
            }
            counts.words += words;
            archive.stage(r)?;
        }
        let per_sec = counts.read as f64 / extract_started.elapsed().as_secs_f64().max(1e-9);
        pb.set_message(format!("{} articles  {}", thousands(counts.read as u64), rate(per_sec, "articles")));
        Ok(())
    })?;
    pb.finish_and_clear();
    for p in &problems {
        eprintln!("error: {p}");
    }
    if counts.read == 0 {
        bail!("no readable articles in the inputs");
    }

    let pb = progress(0, args.quiet, COMMIT_BAR);
    interrupt::stage(Stage::Committing { store: store_dir, build: true });
    let report = archive.commit(gaz, &Bar(pb.clone()))?;
    pb.finish_and_clear();
    let store = archive.store();
    if args.with_ontology {
        store.load_ontology()?;
    }
    store.flush()?;
    if let Output::File(out, _) = &output {
        interrupt::stage(Stage::Writing { store: store_dir, out });
    }
    write_output(store, &output)?;
    interrupt::stage(Stage::Done);
    if !args.quiet {
        // The summary goes to standard error when standard output carries the dump.
        let mut summary: Box<dyn Write> = match output {
            Output::Stdout(_) => Box::new(std::io::stderr().lock()),
            _ => Box::new(std::io::stdout().lock()),
        };
        write_summary(&mut summary, &report, (counts.unchanged, counts.duplicates), store, args.store.as_deref())?;
        writeln!(
            summary,
            "seconds    {:.2} (extraction {:.2}, {})",
            started.elapsed().as_secs_f64(),
            extract_secs,
            rate(counts.words as f64 / extract_secs.max(1e-9), "words")
        )?;
        if let Output::File(out, _) = &output {
            writeln!(summary, "wrote      {}", out.display())?;
        }
    }
    note_if_nothing_kept(&output, args.store.as_deref());
    Ok(if problems.is_empty() { ExitStatus::Success } else { ExitStatus::InputErrors })
}

/// Says so when a graph built in memory was neither dumped nor stored.
pub(crate) fn note_if_nothing_kept(output: &Output, store: Option<&Path>) {
    if matches!(output, Output::Nowhere) && store.is_none() {
        eprintln!(
            "note: nothing was kept: the graph was built in memory only; keep it with --out FILE \
             (--out - for standard output) or --store DIR"
        );
    }
}

/// Runs `orbitkg remove`.
pub fn run_remove(args: &RemoveArgs) -> Result<ExitStatus> {
    if !args.store.exists() {
        bail!("no store at {}", args.store.display());
    }
    let mut archive = open_archive(Some(&args.store), None)?;
    let mut missing: Vec<&str> = Vec::new();
    for source in &args.sources {
        if archive.remove(source) {
            continue;
        }
        // "remove batch2/feed.html": the articles read from that file, whose
        // sources may be the URLs they declare.
        let from_file = sources_in_file(Path::new(source), &archive);
        if from_file.is_empty() {
            missing.push(source);
        }
        for s in from_file {
            archive.remove(&s);
        }
    }
    for m in &missing {
        let hint = archive
            .sources()
            .find(|s| s.ends_with(&format!("/{m}")) || m.ends_with(&format!("/{s}")))
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        eprintln!("error: {m}: no such article in the store{hint}");
    }
    if missing.len() == args.sources.len() {
        bail!("nothing to remove");
    }
    let pb = progress(0, args.quiet, COMMIT_BAR);
    interrupt::stage(Stage::Committing { store: Some(&args.store), build: false });
    let report = archive.commit(Gazetteer::builtin(), &Bar(pb.clone()))?;
    pb.finish_and_clear();
    interrupt::stage(Stage::Done);
    if !args.quiet {
        println!(
            "removed    {} articles ({} left, {} rewritten for entities they shared)",
            report.removed, report.articles, report.relabelled
        );
    }
    Ok(if missing.is_empty() { ExitStatus::Success } else { ExitStatus::InputErrors })
}

/// The stored sources of the articles an article file on disk holds (its
/// declared URL, or the same bytes under another name): what `remove FILE`
/// removes when FILE is no stored source itself. Empty when the path is no
/// readable article file or none of its articles is stored.
fn sources_in_file(path: &Path, archive: &Archive) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = path.to_string_lossy();
    let articles: Vec<Article> = if ext == "jsonl" {
        input::from_jsonl(&name, &bytes).map(|v| v.into_iter().flatten().collect()).unwrap_or_default()
    } else {
        parse_file(&ext, &name, &bytes).into_iter().collect()
    };
    let held = |s: &str| archive.sources().any(|x| x == s);
    articles
        .iter()
        .filter_map(|a| {
            if held(&a.source) { Some(a.source.clone()) } else { archive.source_with(&a.sha256).map(str::to_string) }
        })
        .collect()
}

/// Writes what a commit made of the store (`build` and `load`): articles
/// (with the `unchanged` and `duplicates` the reading stage saw), entities
/// per class, facts per property and quads, IRIs retired.
pub(crate) fn write_summary(
    summary: &mut dyn Write,
    report: &CommitReport,
    (unchanged, duplicates): (usize, usize),
    store: &KgStore,
    store_dir: Option<&Path>,
) -> Result<()> {
    // The same counts as `orbitkg stats`, from the graph just stored:
    // one definition of an entity and of a fact. On a large store that
    // means reading every fact, so the summary keeps to what the build
    // knows (articles, entities) and `orbitkg stats` has the rest.
    let full = store_dir.is_none() || report.articles <= FULL_SUMMARY_ARTICLES;
    let mut changes = vec![format!("{} added", report.added)];
    for (n, what) in [
        (report.replaced, "replaced"),
        (unchanged, "unchanged"),
        (report.relabelled, "relabelled"),
        (duplicates, "duplicate"),
    ] {
        if n > 0 {
            changes.push(format!("{n} {what}"));
        }
    }
    if report.removed > 0 {
        changes.push(format!("{} removed", report.removed));
    }
    writeln!(summary, "articles   {} ({})", report.articles, changes.join(", "))?;
    writeln!(summary, "entities   {}", report.entities)?;
    for (c, n) in &report.classes {
        writeln!(summary, "  {c:<26}{n}")?;
    }
    if full {
        let stats = crate::stats::compute(store, 0)?;
        writeln!(summary, "facts      {}", stats.properties.iter().map(|p| p.1).sum::<usize>())?;
        for (p, n, _) in &stats.properties {
            writeln!(summary, "  {p:<26}{n}")?;
        }
        writeln!(summary, "quads      {}", stats.quads)?;
    } else {
        writeln!(
            summary,
            "facts      see `orbitkg stats --store {}`",
            store_dir.unwrap_or(Path::new("DIR")).display()
        )?;
    }
    if report.retired > 0 {
        writeln!(summary, "retired    {} entity IRIs (now owl:sameAs their successors)", report.retired)?;
    }
    Ok(())
}

/// Up to this many articles in a store, the build summary counts facts and
/// quads (reading the whole store); above, `orbitkg stats` does.
const FULL_SUMMARY_ARTICLES: usize = 5_000;

/// What to do with an article, or its record, that has the same content as
/// another ([`SameContent::admit`]).
pub(crate) enum Admit {
    /// Nothing else has its content: extract or stage it.
    New,
    /// The store holds it already, with the same content.
    Unchanged,
    /// Kept once, as this other source.
    DuplicateOf(String),
    /// It replaces this other source, given earlier in the run, which has
    /// been unstaged.
    Replaces(String),
}

/// Two inputs with the same content are one document: the one with the
/// smallest source, so that the input order (and, for `load`, the order of
/// the record files) does not matter; what a store already holds stays.
#[derive(Default)]
pub(crate) struct SameContent {
    seen: HashMap<String, String>,
}

impl SameContent {
    /// Decides for `source` with content `sha256`; `store` says whether the
    /// archive is on disk (an in-memory one holds only this run's articles).
    pub(crate) fn admit(&mut self, archive: &mut Archive, source: &str, sha256: &str, store: bool) -> Admit {
        if let Some(h) = self.seen.get(sha256).filter(|h| source < h.as_str()).cloned() {
            archive.remove(&h);
            self.seen.insert(sha256.to_string(), source.to_string());
            return Admit::Replaces(h);
        }
        let holder = self
            .seen
            .get(sha256)
            .cloned()
            .or_else(|| archive.source_with(sha256).filter(|s| *s != source && store).map(str::to_string));
        match holder {
            Some(h) if h != source => Admit::DuplicateOf(h),
            _ if archive.holds(source, sha256) => Admit::Unchanged,
            _ => {
                self.seen.insert(sha256.to_string(), source.to_string());
                Admit::New
            }
        }
    }
}

/// What the reading stage saw.
#[derive(Debug, Default)]
struct Counts {
    read: usize,
    unchanged: usize,
    duplicates: usize,
    words: usize,
}

/// The archive of `--store DIR` (or an in-memory one).
pub fn open_archive(store: Option<&Path>, base: Option<&str>) -> Result<Archive> {
    let kg = match store {
        Some(dir) => {
            let kg = KgStore::create_or_open(dir).map_err(|e| crate::data::store_open_error(dir, e))?;
            // Adding to it would give a default graph holding only the new
            // articles, which every plain query would take for the whole.
            if kg.only_named_graphs()? {
                bail!(
                    "the store at {} was built by an earlier orbitkg (everything in named graphs, no default \
                     graph); build into a new directory instead",
                    dir.display()
                );
            }
            kg
        }
        None => KgStore::in_memory()?,
    };
    Ok(Archive::open(kg, store, base, EXTRACTOR)?)
}

/// `1087` as "1,087".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    /// `remove FILE` finds what a build of FILE stored: an HTML article under
    /// the URL it declares, and a copy of a stored file under its own name.
    #[test]
    fn a_file_names_the_articles_it_was_stored_as() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("feed.html");
        std::fs::write(
            &html,
            "<html><head><title>Pact</title><link rel=\"canonical\" href=\"https://example.org/pact\"></head>\
             <body><p>NASA and JAXA signed a memorandum of understanding in Tokyo.</p></body></html>",
        )
        .unwrap();
        let copy = dir.path().join("copy.txt");
        std::fs::write(&copy, "Pact\n\nESA and CNES signed an agreement in Paris.\n").unwrap();
        let gaz = Gazetteer::builtin();
        let mut archive = open_archive(None, None).unwrap();
        for (path, source) in [(&html, "batch2/feed.html"), (&copy, "seeds/original.txt")] {
            let ext = path.extension().unwrap().to_str().unwrap();
            let article = parse_file(ext, source, &std::fs::read(path).unwrap()).unwrap();
            archive.stage(&Record::from_extraction(&extract_article(article, gaz), gaz)).unwrap();
        }
        archive.commit(gaz, &orbitkg_rdf::Quiet).unwrap();
        assert_eq!(sources_in_file(&html, &archive), vec!["https://example.org/pact".to_string()]);
        assert_eq!(sources_in_file(&copy, &archive), vec!["seeds/original.txt".to_string()]);
        assert!(sources_in_file(&dir.path().join("absent.txt"), &archive).is_empty());
    }

    /// Regression: the progress bar's rate read "1087.1234/s".
    #[test]
    fn the_rate_reads_like_a_number_with_a_unit() {
        assert_eq!(rate(1087.1234, "articles"), "1,087 articles/s");
        assert_eq!(rate(1_234_567.6, "articles"), "1,234,568 articles/s");
        assert_eq!(rate(999.5, "articles"), "1,000 articles/s");
        assert_eq!(rate(42.0, "articles"), "42 articles/s");
        assert_eq!(rate(2.345, "articles"), "2.3 articles/s");
        assert_eq!(rate(0.0, "articles"), "0 articles/s");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(100_000), "100,000");
    }

    fn output_of(args: &[&str], terminal: bool) -> Output {
        let cli = Cli::try_parse_from([&["orbitkg", "build", "seeds"], args].concat()).unwrap();
        let Command::Build(build) = cli.command else { panic!("not a build") };
        output(&build, terminal).unwrap()
    }

    /// Regression: `build seeds` with neither --out nor --store threw the
    /// graph away without a word, and `build seeds > kg.ttl` kept the summary.
    #[test]
    fn without_out_or_store_the_dump_goes_to_a_pipe_and_never_silently_nowhere() {
        assert_eq!(output_of(&[], false), Output::Stdout(DumpFormat::TriG));
        assert_eq!(output_of(&[], true), Output::Nowhere);
        assert_eq!(output_of(&["--format", "nt"], true), Output::Stdout(DumpFormat::NTriples));
        assert_eq!(output_of(&["--store", "kg"], false), Output::Nowhere);
        assert_eq!(output_of(&["--out", "-"], true), Output::Stdout(DumpFormat::TriG));
        assert_eq!(output_of(&["--out", "-", "--format", "ttl"], true), Output::Stdout(DumpFormat::Turtle));
        assert_eq!(output_of(&["--out", "kg.nq"], false), Output::File(PathBuf::from("kg.nq"), DumpFormat::NQuads));
    }

    #[test]
    fn rates_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1087), "1,087");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
