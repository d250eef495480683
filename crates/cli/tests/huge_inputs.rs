//! Huge inputs (issue 11): a 100 MB article on one line and a JSON line whose
//! `text` is 50 MB. Each builds, with a `warning:` that names the file and
//! says the text was cut at `MAX_ARTICLE_BYTES`, and the build's peak memory
//! is a small multiple of the input's size (read from the child's VmHWM).
//!
//! Both run at full size in every build (about 30 s each in a debug build on
//! a busy 2-core machine: only the first 2 MB of each article are read);
//! `HUGE_INPUT_MB` scales them down (or up).

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// Peak memory may be this many times the input's size: reading keeps the
/// bytes and the decoded text (2×), and what is extracted is bounded.
const MAX_MEMORY_RATIO: u64 = 10;

fn megabytes(default: usize) -> usize {
    std::env::var("HUGE_INPUT_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// News prose on one line: mostly plain words, a sentence with names every 4 KB.
fn one_line(bytes: usize) -> String {
    let plain = "the agency said that the mission would continue and that the partners would meet again. ";
    let named = "NASA Administrator Bill Nelson met ESA Director General Josef Aschbacher in Paris. ";
    let block = format!("{}{named}", plain.repeat(4096 / plain.len()));
    let mut out = block.repeat(bytes / block.len() + 1);
    out.truncate(bytes);
    out
}

/// Runs `orbitkg build ARGS` and returns (success, standard error, peak resident KB of the child).
fn build_with_peak(args: &[&std::ffi::OsStr]) -> (bool, String, Option<u64>) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orbitkg"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("orbitkg runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).expect("stderr");
        s
    });
    // VmHWM is the high-water mark of resident memory: the last value read
    // before the child exits is its peak (up to the last 20 ms).
    let mut peak = None;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = hwm.or(peak);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.success(), reader.join().expect("stderr reader"), peak)
}

fn check_memory(peak_kb: Option<u64>, input_bytes: u64) {
    match peak_kb {
        Some(kb) => {
            let ratio = kb as f64 * 1024.0 / input_bytes as f64;
            eprintln!("peak memory {} MB for {} MB of input ({ratio:.1}×)", kb >> 10, input_bytes >> 20);
            assert!(ratio < MAX_MEMORY_RATIO as f64, "peak {kb} kB is {ratio:.1}× the input's {input_bytes} bytes");
        }
        None if cfg!(target_os = "linux") => panic!("no VmHWM in /proc/PID/status"),
        None => eprintln!("skipped: the memory check reads /proc, which this system lacks"),
    }
}

fn dump_mentions(dump: &Path, what: &str) -> bool {
    std::fs::read_to_string(dump).expect("a dump").contains(what)
}

#[test]
fn a_100_mb_single_line_article_is_cut_with_a_warning_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    let bytes = megabytes(100) << 20;
    std::fs::write(dir.join("huge.txt"), one_line(bytes)).unwrap();
    let dump = tmp.path().join("out.nt");
    let (ok, stderr, peak) = build_with_peak(&["build".as_ref(), dir.as_os_str(), "--out".as_ref(), dump.as_os_str()]);
    assert!(ok, "{stderr}");
    let warning = stderr.lines().find(|l| l.starts_with("warning:")).unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert!(warning.contains("huge.txt") && warning.contains("cut"), "{warning}");
    assert!(dump_mentions(&dump, "Bill Nelson"), "the part read is extracted");
    check_memory(peak, bytes as u64);
}

#[test]
fn a_json_line_whose_text_is_50_mb_is_cut_with_a_warning_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    let bytes = megabytes(50) << 20;
    let path = dir.join("feed.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let big = serde_json::json!({"id": "big", "title": "A very long page", "text": one_line(bytes)});
    let small = serde_json::json!({"id": "small", "title": "Kenya joins", "text": "Kenya signed the Artemis Accords."});
    writeln!(f, "{big}\n{small}").unwrap();
    drop(f);
    let dump = tmp.path().join("out.nt");
    let (ok, stderr, peak) = build_with_peak(&["build".as_ref(), dir.as_os_str(), "--out".as_ref(), dump.as_os_str()]);
    assert!(ok, "{stderr}");
    let warning = stderr.lines().find(|l| l.starts_with("warning:")).unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert!(warning.contains("feed.jsonl") && warning.contains("big") && warning.contains("cut"), "{warning}");
    assert!(dump_mentions(&dump, "Bill Nelson") && dump_mentions(&dump, "Kenya"), "both articles are read");
    check_memory(peak, std::fs::metadata(&path).unwrap().len());
}
