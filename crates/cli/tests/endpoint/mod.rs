//! Helpers for the tests of `orbitkg serve` as a process: start it on a free
//! port, talk to it with raw sockets or the load client.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

pub mod load;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `orbitkg serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its standard error so far, one entry a line.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Starts `orbitkg serve ARGS --bind 127.0.0.1:0` and waits until it listens.
    pub fn start<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orbitkg"))
            .arg("serve")
            .args(args)
            .args(["--bind", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("orbitkg serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("at http://").nth(1)
                    && let Some(t) = tx.take()
                {
                    let _ = t.send(rest.split('/').next().unwrap_or("").to_string());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(a) => a.parse().expect("an address"),
            Err(_) => {
                let _ = child.kill();
                panic!("orbitkg serve did not start: {:?}", log.lock().unwrap());
            }
        };
        Served { child, addr, log }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Its standard error so far.
    pub fn stderr(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `bytes` on a new connection, then reads until the server closes it
/// (or `wait` passes); returns what was read. A reset counts as the end.
pub fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(wait)).unwrap();
    // The server may close before all is sent (it refuses early): that is fine.
    let _ = s.write_all(bytes);
    read_all(&mut s)
}

/// Reads until the end of the stream, a reset or the read timeout.
pub fn read_all(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The status code of the first response in `text`, if any.
pub fn status(text: &str) -> Option<u16> {
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// Runs a SELECT of one count (`?n`) over HTTP and returns it.
pub fn count(addr: SocketAddr, query: &str) -> Result<u64, String> {
    let mut c = load::Client::new(addr);
    let r = c.get(&format!("/query?query={}", load::encode(query)), "text/csv").map_err(|e| e.to_string())?;
    let body = String::from_utf8_lossy(&r.body).into_owned();
    if r.status != 200 {
        return Err(format!("status {}: {body}", r.status));
    }
    body.lines().nth(1).and_then(|l| l.trim().parse().ok()).ok_or_else(|| format!("no count in {body:?}"))
}

/// Waits until `f` holds, up to `limit`.
pub fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}
