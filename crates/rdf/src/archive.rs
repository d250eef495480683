//! An archive: a store plus the extraction record of every article in it,
//! so that articles can be added, replaced and removed at any time and the
//! graph is always the one a single build of all of them would give.
//!
//! Each update stages records (appended to a new segment file), then
//! [`Archive::commit`] re-resolves entities over the records of every
//! article held (reading only their entity tables), and rewrites the graphs
//! of exactly the articles whose resolved entities changed: the new ones,
//! and the old ones that now name an entity differently. Entity IRIs that
//! stop being used while what they named lives on are kept as
//! `owl:sameAs` links to the IRI that replaced them.
//!
//! On disk, the archive's files sit in `orbitkg/` inside the store
//! directory: `segment-N.jsonl` (records, one per line, see
//! [`orbitkg_extract::record`]), `segment-N.heads.jsonl` (the same records'
//! identity and entity table, all that resolution reads) and `state.json` (which line of which segment
//! holds each article's record, the digest of what its graph says of its
//! entities, the entity IRIs in use). `state.json` is replaced atomically
//! and says whether the store matches it; after an interruption the next
//! commit rewrites every article's graph from the records. `writer.lock` is
//! locked by the process that has the archive open (with its process id
//! in it), so that readers tell a running build from an interrupted one.

use crate::crash_point;
use crate::mapping::{ArticleGraph, Base, article_graph};
use crate::store::{KgStore, StoreError};
use crate::vocab::OWL_SAME_AS;
use orbitkg_extract::record::{Record, RecordHead};
use orbitkg_extract::{DocEntities, Gazetteer, Resolution, document_facts, resolve_entities};
use oxigraph::model::{GraphName, Quad};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Version of `state.json`.
const STATE_VERSION: u32 = 1;

/// Articles whose graphs are written in one transaction or bulk load.
const BATCH: usize = 1_000;

/// What went wrong with an archive.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ArchiveError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file of the archive cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A file of the archive is damaged.
    #[error("{path}: {message}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The store holds articles but no records (built by an earlier orbitkg).
    #[error(
        "the store at {0} holds articles but no extraction records (it was built by an earlier orbitkg); \
         build into a new directory instead"
    )]
    NoRecords(PathBuf),
    /// Another process is writing the archive.
    #[error("another orbitkg (process {pid}) is writing the store at {dir}; wait for it to finish")]
    Busy {
        /// The store's directory.
        dir: PathBuf,
        /// The other process's id, as it wrote it.
        pid: String,
    },
    /// The store was built with another `--base`.
    #[error("the store was built with --base {stored}, not {given}; its IRIs cannot move")]
    Base {
        /// The base the store was built with.
        stored: String,
        /// The base asked for.
        given: String,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io { path: path.to_path_buf(), source }
}

/// Makes the creation, renaming and deletion of the files in `dir` durable
/// (a file's own `sync_all` does not cover its directory entry).
fn sync_dir(dir: &Path) -> Result<(), ArchiveError> {
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_error(dir))
}

/// Whether the archive in the store directory `dir` is mid-update: a
/// `build` or `remove` began changing the store and has not finished (it
/// was interrupted, or is still running). Each article's graph is then its
/// old one, its new one or none yet — never part of one — but the store
/// as a whole is part old, part new until a commit finishes the update.
pub fn is_mid_update(dir: &Path) -> bool {
    #[derive(Deserialize)]
    struct Flag {
        complete: bool,
    }
    std::fs::read(dir.join("orbitkg").join("state.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Flag>(&b).ok())
        .is_some_and(|f| !f.complete)
}

/// The file a writer holds locked while it has the store at `dir` open.
fn writer_lock_path(dir: &Path) -> PathBuf {
    dir.join("orbitkg").join("writer.lock")
}

/// Locks `orbitkg/writer.lock` for this process (released when the file is
/// closed, at the latest when the process ends, however it ends) and writes
/// the process id into it.
fn lock_writer(dir: &Path) -> Result<std::fs::File, ArchiveError> {
    let path = writer_lock_path(dir);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_error(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&path).unwrap_or_default();
            return Err(ArchiveError::Busy { dir: dir.to_path_buf(), pid: pid.trim().to_string() });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
    }
    file.set_len(0).map_err(io_error(&path))?;
    write!(file, "{}", std::process::id()).map_err(io_error(&path))?;
    Ok(file)
}

/// Whether a `build` into the store at `dir` began and never committed
/// (it was interrupted before its first commit): it left its lock file and
/// no state.
pub fn never_committed(dir: &Path) -> bool {
    writer_lock_path(dir).is_file() && !dir.join("orbitkg").join("state.json").exists()
}

/// The process id of the `build` or `remove` writing the store at `dir`
/// now, if one is (`Some("")` when it wrote no id). A store that is
/// mid-update with no writer was interrupted.
pub fn writer_running(dir: &Path) -> Option<String> {
    let path = writer_lock_path(dir);
    let file = std::fs::File::open(&path).ok()?;
    match file.try_lock_shared() {
        Err(std::fs::TryLockError::WouldBlock) => {
            Some(std::fs::read_to_string(&path).unwrap_or_default().trim().to_string())
        }
        _ => None,
    }
}

/// Where one article's record is, and what its graph says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DocState {
    sha256: String,
    segment: u64,
    offset: u64,
    len: u64,
    /// Where the record's head (identity and entity table, all that
    /// resolution reads) is in the segment's heads file.
    #[serde(default)]
    head_offset: u64,
    #[serde(default)]
    head_len: u64,
    /// Digest of the article's record hash and of the resolved identity of
    /// each of its entities; empty until its graph is stored.
    #[serde(default)]
    digest: String,
}

/// An entity IRI that is no longer an entity's: the article entity it
/// named, whose current IRI it now stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Witness {
    source: String,
    entity: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    base: String,
    /// The extractor that wrote the records (the orbitkg version).
    extractor: String,
    /// Whether the store holds exactly the graphs this state describes.
    complete: bool,
    next_segment: u64,
    docs: BTreeMap<String, DocState>,
    /// Every entity IRI id in use, with an article entity it names.
    entities: BTreeMap<String, Witness>,
    /// Retired ids, with the article entity they named and the id they
    /// currently stand for.
    retired: BTreeMap<String, (Witness, String)>,
    /// Entities per class, as the last commit resolved them.
    #[serde(default)]
    classes: Vec<(String, usize)>,
}

/// How an update changed the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitReport {
    /// Articles held after the commit.
    pub articles: usize,
    /// Articles added (sources not held before).
    pub added: usize,
    /// Articles whose text changed.
    pub replaced: usize,
    /// Articles removed.
    pub removed: usize,
    /// Articles held before whose graph changed because an entity they name
    /// was resolved differently.
    pub relabelled: usize,
    /// Entity IRIs retired (kept as `owl:sameAs` of their successor).
    pub retired: usize,
    /// Entities in the graph.
    pub entities: usize,
    /// Entities per class, most first (then by name).
    pub classes: Vec<(String, usize)>,
}

/// Reports how far a commit has got.
pub trait Progress: Sync {
    /// A stage with `len` steps begins.
    fn stage(&self, name: &str, len: u64);
    /// `n` more steps are done.
    fn inc(&self, n: u64);
}

/// A [`Progress`] that says nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &str, _: u64) {}
    fn inc(&self, _: u64) {}
}

/// The two files of a segment: whole records, and their heads (what
/// resolution reads: about a tenth of the bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Records,
    Heads,
}

/// The segment being written: for each part, what is buffered and how much
/// is already in the file.
#[derive(Debug)]
struct Writer {
    segment: u64,
    parts: [(Vec<u8>, u64); 2],
}

/// A record's head as written to the heads file ([`RecordHead`] reads it).
#[derive(Serialize)]
struct HeadLine<'a> {
    v: u32,
    source: &'a str,
    sha256: &'a str,
    entities: &'a [orbitkg_extract::record::RecordEntity],
}

/// Segments: files on disk, or buffers for an in-memory store.
#[derive(Debug)]
enum Segments {
    Disk(PathBuf),
    Memory(BTreeMap<(u64, Part), Vec<u8>>),
}

/// A store with the extraction records of its articles.
#[derive(Debug)]
pub struct Archive {
    store: KgStore,
    segments: Segments,
    state: State,
    base: Base,
    /// Records staged since the last commit: source → location.
    staged: BTreeMap<String, DocState>,
    /// Sources to remove at the next commit.
    removing: BTreeSet<String>,
    /// The segment being written.
    writer: Option<Writer>,
    /// Whether the state on disk is known not to match the store.
    needs_full_sync: bool,
    /// Whether the records were written by another extractor.
    stale_records: bool,
    /// Content hash → source, of the articles held (as of the last commit).
    held_by_sha: HashMap<String, String>,
    /// Content hash → source, of the records staged.
    staged_by_sha: HashMap<String, String>,
    /// `orbitkg/writer.lock`, locked while this archive is open on disk:
    /// readers tell a running build from an interrupted one by it.
    _writer_lock: Option<std::fs::File>,
}

impl Archive {
    /// The archive of `store`. For an on-disk store, `dir` is the store's
    /// directory (the records live in `dir/orbitkg/`); for an in-memory one,
    /// `None` keeps the records in memory.
    ///
    /// `base` is the IRI base for a new archive; `None` takes the one the
    /// archive was built with (or the default), and another one is refused.
    /// Records written by another `extractor` are not [held](Archive::holds),
    /// so their articles are extracted again when given again.
    pub fn open(
        store: KgStore,
        dir: Option<&Path>,
        base: Option<&str>,
        extractor: &str,
    ) -> Result<Archive, ArchiveError> {
        let mut writer_lock = None;
        let (segments, state) = match dir {
            Some(dir) => {
                let home = dir.join("orbitkg");
                std::fs::create_dir_all(&home).map_err(io_error(&home))?;
                let state_path = home.join("state.json");
                let state = match std::fs::read(&state_path) {
                    Ok(bytes) => serde_json::from_slice::<State>(&bytes).map_err(|e| ArchiveError::Damaged {
                        path: state_path.clone(),
                        message: format!("not an orbitkg archive state: {e}"),
                    })?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        if !store.is_empty()? {
                            return Err(ArchiveError::NoRecords(dir.to_path_buf()));
                        }
                        State::default()
                    }
                    Err(e) => return Err(io_error(&state_path)(e)),
                };
                (Segments::Disk(home), state)
            }
            None => (Segments::Memory(BTreeMap::new()), State::default()),
        };
        let mut state = state;
        if state.version == 0 {
            state.version = STATE_VERSION;
            state.base = base.map(str::to_string).unwrap_or_else(|| Base::default().id);
            state.extractor = extractor.to_string();
            state.complete = true;
        }
        if state.version != STATE_VERSION {
            return Err(ArchiveError::Damaged {
                path: PathBuf::from("orbitkg/state.json"),
                message: format!("state version {} (this orbitkg reads {STATE_VERSION})", state.version),
            });
        }
        if let Some(given) = base.filter(|b| *b != state.base) {
            return Err(ArchiveError::Base { stored: state.base, given: given.to_string() });
        }
        if let Some(dir) = dir {
            writer_lock = Some(lock_writer(dir)?);
        }
        let base = Base { id: state.base.clone() };
        let stale_records = state.extractor != extractor;
        let needs_full_sync = !state.complete;
        let mut archive = Archive {
            store,
            segments,
            state,
            base,
            staged: BTreeMap::new(),
            removing: BTreeSet::new(),
            writer: None,
            needs_full_sync,
            stale_records,
            held_by_sha: HashMap::new(),
            staged_by_sha: HashMap::new(),
            _writer_lock: writer_lock,
        };
        archive.held_by_sha = by_sha(&archive.state.docs);
        archive.state.extractor = extractor.to_string();
        archive.delete_unused_segments()?;
        Ok(archive)
    }

    /// The store.
    pub fn store(&self) -> &KgStore {
        &self.store
    }

    /// Number of articles held (not counting what is staged).
    pub fn len(&self) -> usize {
        self.state.docs.len()
    }

    /// Whether no article is held.
    pub fn is_empty(&self) -> bool {
        self.state.docs.is_empty()
    }

    /// Whether the archive already holds this article with this content,
    /// extracted by this extractor: it need not be extracted again.
    pub fn holds(&self, source: &str, sha256: &str) -> bool {
        !self.stale_records && self.state.docs.get(source).is_some_and(|d| d.sha256 == sha256)
    }

    /// The sources held, in order.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.state.docs.keys().map(String::as_str)
    }

    /// The source that holds this content, if any (held or staged).
    pub fn source_with(&self, sha256: &str) -> Option<&str> {
        let staged =
            self.staged_by_sha.get(sha256).filter(|s| self.staged.get(s.as_str()).is_some_and(|d| d.sha256 == sha256));
        let held = || {
            self.held_by_sha
                .get(sha256)
                .filter(|s| !self.staged.contains_key(s.as_str()) && !self.removing.contains(*s))
        };
        staged.or_else(held).map(String::as_str)
    }

    /// Stages a record: its article is added, or replaces the one with the
    /// same source, at the next [`Archive::commit`].
    pub fn stage(&mut self, record: &Record) -> Result<(), ArchiveError> {
        if self.writer.is_none() {
            let n = self.state.next_segment;
            self.state.next_segment += 1;
            self.writer = Some(Writer { segment: n, parts: [(Vec::new(), 0), (Vec::new(), 0)] });
        }
        let w = self.writer.as_mut().expect("a writer");
        let line = record.to_line();
        let head = serde_json::to_string(&HeadLine {
            v: record.v,
            source: &record.source,
            sha256: &record.sha256,
            entities: &record.entities,
        })
        .expect("heads serialise");
        let mut at = [(0, 0); 2];
        for (k, text) in [line.as_str(), head.as_str()].into_iter().enumerate() {
            let (buf, written) = &mut w.parts[k];
            at[k] = (*written + buf.len() as u64, text.len() as u64);
            buf.extend_from_slice(text.as_bytes());
            buf.push(b'\n');
        }
        let doc = DocState {
            sha256: record.sha256.clone(),
            segment: w.segment,
            offset: at[0].0,
            len: at[0].1,
            head_offset: at[1].0,
            head_len: at[1].1,
            digest: String::new(),
        };
        let full = w.parts[0].0.len() > 8 << 20;
        self.removing.remove(&record.source);
        self.staged_by_sha.insert(record.sha256.clone(), record.source.clone());
        self.staged.insert(record.source.clone(), doc);
        if full {
            self.flush_writer(false)?;
        }
        crash_point::abort_point("stage");
        Ok(())
    }

    /// Marks an article for removal at the next commit; false when the
    /// archive does not hold it.
    pub fn remove(&mut self, source: &str) -> bool {
        let held = self.state.docs.contains_key(source) || self.staged.contains_key(source);
        self.staged.remove(source);
        if self.state.docs.contains_key(source) {
            self.removing.insert(source.to_string());
        }
        held
    }

    fn flush_writer(&mut self, close: bool) -> Result<(), ArchiveError> {
        let Some(w) = self.writer.as_mut() else { return Ok(()) };
        for (k, part) in [Part::Records, Part::Heads].into_iter().enumerate() {
            let (buf, written) = &mut w.parts[k];
            match &mut self.segments {
                Segments::Memory(map) => map.entry((w.segment, part)).or_default().extend_from_slice(buf),
                Segments::Disk(home) => {
                    let path = home.join(file_name(w.segment, part));
                    // A new segment starts empty: a file of that name can only be
                    // left by a build that was interrupted before its commit.
                    let mut options = std::fs::OpenOptions::new();
                    if *written == 0 {
                        options.write(true).create(true).truncate(true);
                    } else {
                        options.append(true);
                    }
                    let mut f = options.open(&path).map_err(io_error(&path))?;
                    f.write_all(buf).map_err(io_error(&path))?;
                    if close {
                        f.sync_all().map_err(io_error(&path))?;
                    }
                }
            }
            *written += buf.len() as u64;
            buf.clear();
        }
        if close {
            // The segment's files must exist for sure before a state refers to them.
            if let Segments::Disk(home) = &self.segments {
                sync_dir(home)?;
                crash_point::abort_point("segment");
            }
            self.writer = None;
        }
        Ok(())
    }

    fn segment_name(&self, segment: u64, part: Part) -> PathBuf {
        match &self.segments {
            Segments::Disk(home) => home.join(file_name(segment, part)),
            Segments::Memory(_) => PathBuf::from(file_name(segment, part)),
        }
    }

    /// Reads the lines of `docs` (grouped by segment), parsing each with `parse`.
    fn read_lines<T: Send>(
        &self,
        docs: &[(&str, &DocState)],
        part: Part,
        parse: impl Fn(&str) -> Result<T, String> + Sync,
    ) -> Result<Vec<T>, ArchiveError> {
        let span = |d: &DocState| match part {
            Part::Heads => (d.head_offset, d.head_len),
            Part::Records => (d.offset, d.len),
        };
        let mut by_segment: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, (_, d)) in docs.iter().enumerate() {
            by_segment.entry(d.segment).or_default().push(i);
        }
        let mut out: Vec<Option<T>> = (0..docs.len()).map(|_| None).collect();
        for (segment, idx) in by_segment {
            // On disk, each record is read where it lies: memory holds the
            // records asked for, never a whole segment.
            let source = match &self.segments {
                Segments::Memory(map) => Ok(map.get(&(segment, part)).map(Vec::as_slice).unwrap_or(&[])),
                Segments::Disk(_) => {
                    let path = self.segment_name(segment, part);
                    Err(std::fs::File::open(&path).map_err(io_error(&path))?)
                }
            };
            let parsed: Vec<(usize, Result<T, String>)> = idx
                .par_iter()
                .map(|&i| {
                    let (offset, len) = span(docs[i].1);
                    let short = || "the segment is shorter than the state says".to_string();
                    let bytes: Result<std::borrow::Cow<'_, [u8]>, String> = match &source {
                        Ok(all) => all
                            .get(offset as usize..(offset + len) as usize)
                            .map(std::borrow::Cow::Borrowed)
                            .ok_or_else(short),
                        Err(file) => {
                            use std::os::unix::fs::FileExt;
                            let mut buf = vec![0; len as usize];
                            file.read_exact_at(&mut buf, offset).map(|()| std::borrow::Cow::Owned(buf)).map_err(|e| {
                                if e.kind() == std::io::ErrorKind::UnexpectedEof { short() } else { e.to_string() }
                            })
                        }
                    };
                    let line = bytes.and_then(|b| String::from_utf8(b.into_owned()).map_err(|e| e.to_string()));
                    (i, line.and_then(|l| parse(&l)))
                })
                .collect();
            for (i, r) in parsed {
                let v = r.map_err(|message| ArchiveError::Damaged {
                    path: self.segment_name(segment, part),
                    message: format!("record of {}: {message}", docs[i].0),
                })?;
                out[i] = Some(v);
            }
        }
        Ok(out.into_iter().map(|v| v.expect("every record read")).collect())
    }

    /// Re-resolves every article held and brings the store in line: the
    /// graphs of new and changed articles are written, those of removed
    /// ones deleted, and those of articles whose entities were resolved
    /// differently rewritten. Deterministic: the store ends up the same
    /// whatever order articles arrived in, in one commit or several
    /// (apart from the `owl:sameAs` links of retired IRIs).
    pub fn commit(&mut self, gaz: &Gazetteer, progress: &dyn Progress) -> Result<CommitReport, ArchiveError> {
        self.flush_writer(true)?;
        if self.staged.is_empty() && self.removing.is_empty() && !self.needs_full_sync {
            // Nothing changed: the store is what the last commit left.
            return Ok(CommitReport {
                articles: self.state.docs.len(),
                entities: self.state.entities.len(),
                classes: self.state.classes.clone(),
                ..CommitReport::default()
            });
        }
        let mut report = CommitReport::default();
        let old_docs = &self.state.docs;
        // The new index.
        let mut docs = self.state.docs.clone();
        for s in &self.removing {
            docs.remove(s);
            report.removed += 1;
        }
        for (s, d) in &self.staged {
            match docs.insert(s.clone(), d.clone()) {
                Some(old) if old.sha256 != d.sha256 => report.replaced += 1,
                Some(_) => {}
                None => report.added += 1,
            }
        }
        // Document IRIs to delete: removed articles, and replaced ones whose content changed.
        let mut delete: BTreeSet<String> = BTreeSet::new();
        for (s, old) in old_docs {
            match docs.get(s) {
                Some(d) if d.sha256 == old.sha256 => {}
                _ => {
                    delete.insert(old.sha256.clone());
                }
            }
        }
        for d in docs.values() {
            delete.remove(&d.sha256);
        }
        // Resolution over every article's entity table.
        let list: Vec<(&str, &DocState)> = docs.iter().map(|(s, d)| (s.as_str(), d)).collect();
        progress.stage("resolve", list.len() as u64);
        // The entity tables are dropped as soon as entities are resolved:
        // the graphs are written with the memory they took.
        let resolution = {
            let heads: Vec<Vec<orbitkg_extract::ArticleEntity>> = self.read_lines(&list, Part::Heads, |line| {
                let h = RecordHead::parse(line).map_err(|e| e.to_string())?;
                Ok(h.entities.iter().map(|e| e.to_entity(gaz)).collect())
            })?;
            let doc_entities: Vec<DocEntities<'_>> = list
                .iter()
                .zip(&heads)
                .map(|((s, d), ents)| DocEntities { source: s, sha256: &d.sha256, entities: ents })
                .collect();
            resolve_entities(&doc_entities, gaz)
        };
        progress.inc(list.len() as u64);
        report.entities = resolution.entities.len();
        let mut per_class: BTreeMap<&'static str, usize> = BTreeMap::new();
        for e in &resolution.entities {
            *per_class.entry(e.class.name()).or_default() += 1;
        }
        report.classes = per_class.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
        report.classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        report.articles = list.len();

        // Which graphs to write.
        let digests: Vec<String> = list
            .par_iter()
            .enumerate()
            .map(|(i, (_, d))| digest(&d.sha256, &resolution, &resolution.assignment[i]))
            .collect();
        let full = self.needs_full_sync;
        let dirty: Vec<usize> = (0..list.len()).filter(|&i| full || digests[i] != list[i].1.digest).collect();
        report.relabelled = dirty
            .iter()
            .filter(|&&i| old_docs.get(list[i].0).is_some_and(|o| o.sha256 == list[i].1.sha256) && !full)
            .filter(|&&i| !self.staged.contains_key(list[i].0))
            .count();

        // IRIs: those in use now, those retired.
        let mut entities: BTreeMap<String, Witness> = BTreeMap::new();
        let mut current: HashMap<(&str, usize), &str> = HashMap::new();
        for (i, (s, _)) in list.iter().enumerate() {
            for (e, &k) in resolution.assignment[i].iter().enumerate() {
                let id = resolution.entities[k].id.as_str();
                current.insert((s, e), id);
                entities.entry(id.to_string()).or_insert_with(|| Witness { source: s.to_string(), entity: e });
            }
        }
        let mut retired: BTreeMap<String, (Witness, String)> = BTreeMap::new();
        let candidates = self.state.entities.iter().chain(self.state.retired.iter().map(|(id, (w, _))| (id, w)));
        for (id, w) in candidates {
            if entities.contains_key(id) {
                continue;
            }
            // Only an article entity whose article is unchanged still names the same thing.
            let same_article =
                old_docs.get(&w.source).zip(docs.get(&w.source)).is_some_and(|(o, n)| o.sha256 == n.sha256);
            if let Some(now) = current.get(&(w.source.as_str(), w.entity)).filter(|_| same_article) {
                retired.insert(id.clone(), (w.clone(), now.to_string()));
            }
        }
        report.retired = retired.keys().filter(|k| !self.state.retired.contains_key(*k)).count();

        // From here on the store changes: say so first, so that an
        // interruption leads to a full rewrite from the records.
        let mut next = self.state.clone();
        next.complete = false;
        next.docs = docs.clone();
        self.write_state(&next)?;
        crash_point::abort_point("begin");

        progress.stage("store", (dirty.len() + delete.len()) as u64);
        for sha in &delete {
            self.store.remove_article(&self.base.document(sha))?;
            crash_point::abort_point("delete");
            progress.inc(1);
        }
        if full {
            self.delete_foreign_graphs(&docs)?;
        }
        let old_shas: HashSet<&str> = old_docs.values().map(|o| o.sha256.as_str()).collect();
        for chunk in dirty.chunks(BATCH) {
            let batch: Vec<(&str, &DocState)> = chunk.iter().map(|&i| list[i]).collect();
            let records: Vec<Record> =
                self.read_lines(&batch, Part::Records, |line| Record::parse(line).map_err(|e| e.to_string()))?;
            let graphs: Vec<(ArticleGraph, bool)> = records
                .into_par_iter()
                .zip(chunk.par_iter())
                .map(|(r, &i)| {
                    let x = r.into_extraction(gaz);
                    let d = document_facts(&x, &resolution.assignment[i]);
                    let fresh = !full && !old_shas.contains(list[i].1.sha256.as_str());
                    (article_graph(&d, &resolution.entities, &self.base), fresh)
                })
                .collect();
            let (fresh, known): (Vec<_>, Vec<_>) = graphs.into_iter().partition(|(_, fresh)| *fresh);
            self.store.add_articles(fresh.iter().map(|(g, _)| g))?;
            for (g, _) in &known {
                self.store.replace_article(g)?;
                crash_point::abort_point("graph");
            }
            crash_point::abort_point("batch");
            progress.inc(chunk.len() as u64);
        }
        // owl:sameAs from retired IRIs to their successors.
        let link = |id: &str, to: &str| {
            Quad::new(self.base.entity(id), OWL_SAME_AS.into_owned(), self.base.entity(to), GraphName::DefaultGraph)
        };
        let old_links: HashSet<Quad> = self.state.retired.iter().map(|(id, (_, to))| link(id, to)).collect();
        let new_links: HashSet<Quad> = retired.iter().map(|(id, (_, to))| link(id, to)).collect();
        self.store.apply(old_links.difference(&new_links), new_links.difference(&old_links))?;
        self.store.flush()?;
        crash_point::abort_point("links");

        for (i, (s, _)) in list.iter().enumerate() {
            if let Some(d) = next.docs.get_mut(*s) {
                d.digest = digests[i].clone();
            }
        }
        next.entities = entities;
        next.classes = report.classes.clone();
        next.retired = retired;
        next.complete = true;
        self.write_state(&next)?;
        self.state = next;
        self.staged.clear();
        self.staged_by_sha.clear();
        self.removing.clear();
        self.held_by_sha = by_sha(&self.state.docs);
        self.needs_full_sync = false;
        self.compact_if_sparse()?;
        Ok(report)
    }

    /// Deletes the document graphs (and their provenance) that the state
    /// does not hold: left by an interrupted commit.
    fn delete_foreign_graphs(&self, docs: &BTreeMap<String, DocState>) -> Result<(), ArchiveError> {
        let held: BTreeSet<String> = docs.values().map(|d| self.base.document(&d.sha256).into_string()).collect();
        for name in self.store.document_graphs()? {
            if !held.contains(name.as_str()) && name.as_str().starts_with(&self.base.id) {
                self.store.remove_article(&name)?;
            }
        }
        Ok(())
    }

    fn write_state(&self, state: &State) -> Result<(), ArchiveError> {
        let Segments::Disk(home) = &self.segments else { return Ok(()) };
        let path = home.join("state.json");
        let tmp = home.join("state.json.tmp");
        let bytes = serde_json::to_vec(state).expect("the state serialises");
        let mut f = std::fs::File::create(&tmp).map_err(io_error(&tmp))?;
        f.write_all(&bytes).map_err(io_error(&tmp))?;
        f.sync_all().map_err(io_error(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_error(&path))?;
        // The rename is what says the update began or ended: it must last.
        sync_dir(home)
    }

    /// Segments no article's record lives in any more are deleted.
    fn delete_unused_segments(&mut self) -> Result<(), ArchiveError> {
        let used: BTreeSet<u64> = self.state.docs.values().map(|d| d.segment).collect();
        match &mut self.segments {
            Segments::Memory(map) => map.retain(|k, _| used.contains(&k.0)),
            Segments::Disk(home) => {
                let entries = std::fs::read_dir(&*home).map_err(io_error(home))?;
                for entry in entries {
                    let path = entry.map_err(io_error(home))?.path();
                    let n = path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.strip_prefix("segment-"))
                        .and_then(|n| n.strip_suffix(".jsonl"))
                        .map(|n| n.strip_suffix(".heads").unwrap_or(n))
                        .and_then(|n| n.parse::<u64>().ok());
                    // A segment at or past `next_segment` was left by a build
                    // interrupted before its commit began: no state refers to it.
                    if n.is_some_and(|n| !used.contains(&n)) {
                        std::fs::remove_file(&path).map_err(io_error(&path))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// When more than a third of the record bytes belong to replaced or
    /// removed articles, the live records are copied into one new segment.
    fn compact_if_sparse(&mut self) -> Result<(), ArchiveError> {
        let live: u64 = self.state.docs.values().map(|d| d.len + 1).sum();
        let used: BTreeSet<u64> = self.state.docs.values().map(|d| d.segment).collect();
        let total: u64 = match &self.segments {
            Segments::Memory(map) => {
                map.iter().filter(|(k, _)| k.1 == Part::Records).map(|(_, v)| v.len() as u64).sum()
            }
            Segments::Disk(_) => used
                .iter()
                .map(|&s| std::fs::metadata(self.segment_name(s, Part::Records)).map(|m| m.len()).unwrap_or(0))
                .sum(),
        };
        if 2 * total <= 3 * live.max(1 << 20) {
            self.delete_unused_segments()?;
            return Ok(());
        }
        let list: Vec<(String, DocState)> = self.state.docs.iter().map(|(s, d)| (s.clone(), d.clone())).collect();
        let refs: Vec<(&str, &DocState)> = list.iter().map(|(s, d)| (s.as_str(), d)).collect();
        let records: Vec<String> = self.read_lines(&refs, Part::Records, |l| Ok(l.to_string()))?;
        let heads: Vec<String> = self.read_lines(&refs, Part::Heads, |l| Ok(l.to_string()))?;
        let segment = self.state.next_segment;
        let mut next = self.state.clone();
        next.next_segment += 1;
        let mut w = Writer { segment, parts: [(Vec::new(), 0), (Vec::new(), 0)] };
        for (((s, _), record), head) in list.iter().zip(&records).zip(&heads) {
            let d = next.docs.get_mut(s).expect("held");
            d.segment = segment;
            d.offset = w.parts[0].0.len() as u64;
            d.head_offset = w.parts[1].0.len() as u64;
            for (k, line) in [record, head].into_iter().enumerate() {
                w.parts[k].0.extend_from_slice(line.as_bytes());
                w.parts[k].0.push(b'\n');
            }
        }
        self.writer = Some(w);
        self.flush_writer(true)?;
        crash_point::abort_point("compact");
        self.write_state(&next)?;
        self.state = next;
        self.delete_unused_segments()
    }
}

/// Content hash → source, of the articles in `docs`.
fn by_sha(docs: &BTreeMap<String, DocState>) -> HashMap<String, String> {
    docs.iter().map(|(s, d)| (d.sha256.clone(), s.clone())).collect()
}

/// The file of a segment's part.
fn file_name(segment: u64, part: Part) -> String {
    match part {
        Part::Records => format!("segment-{segment}.jsonl"),
        Part::Heads => format!("segment-{segment}.heads.jsonl"),
    }
}

/// What an article's graph says of its entities: its content, and each of
/// its entities' IRI, class, label and QID.
fn digest(sha256: &str, resolution: &Resolution, assignment: &[usize]) -> String {
    let mut h = Sha256::new();
    h.update(sha256.as_bytes());
    for &k in assignment {
        let e = &resolution.entities[k];
        for part in [e.id.as_str(), e.class.name(), e.label.as_str(), e.qid.as_deref().unwrap_or("")] {
            h.update([0]);
            h.update(part.as_bytes());
        }
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}
