//! The wall-clock limit of a query: one watchdog thread cancels each
//! query's token at its own time ([`TimeLimit`]), and the results of a
//! limited query stop at the limit while they are read ([`limit_results`]).

use crate::store::QueryOutput;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};
use thiserror::Error;

/// The error of a query stopped by its time limit. [`KgStore::query_with`](crate::KgStore::query_with)
/// returns it as [`StoreError::Timeout`](crate::StoreError::Timeout); while results are read it comes
/// inside the [`QueryEvaluationError`] of an item (see [`timed_out`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the query ran out of time (limit: {}; raise it with --timeout)", seconds(*.limit))]
pub struct QueryTimedOut {
    /// The limit that was reached.
    pub limit: Duration,
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{:.1} s", d.as_secs_f64()) }
}

/// The time limit in an evaluation error, when the error is a timeout of a
/// query run by [`KgStore::query_with`](crate::KgStore::query_with) or with a [`TimeLimit`]'s token.
pub fn timed_out(e: &QueryEvaluationError) -> Option<QueryTimedOut> {
    match e {
        QueryEvaluationError::Dataset(inner) => inner.downcast_ref::<QueryTimedOut>().copied(),
        _ => None,
    }
}

/// A running time limit: the watchdog (one thread for the whole process,
/// started with the first limit) cancels [`TimeLimit::token`] when the time
/// is up; dropping the `TimeLimit` forgets it. Give the token to a
/// `SparqlEvaluator` (`with_cancellation_token`) to stop its evaluation.
/// Starting a limit costs a lock and a map insertion, not a thread, so a
/// server can give one to every request.
///
/// Oxigraph checks the token whenever the evaluation reads the store, and
/// [`KgStore::query_with`](crate::KgStore::query_with) checks the clock at each result, so most queries
/// stop at once; but a join of patterns already read (a cross product under
/// `COUNT`, `ORDER BY` or `DISTINCT`) can run on between two reads for as
/// long as the product is large, unless the query is prepared with
/// [`crate::guard::guarded`], as `query_with` does. [`TimeLimit::is_expired`] tells a caller
/// that must stop at once regardless (a command-line run ends its process;
/// a server can answer and leave the evaluation to finish or be cancelled).
///
/// ```
/// use orbitkg_rdf::TimeLimit;
/// use std::time::Duration;
/// let limit = TimeLimit::start(Duration::from_millis(10));
/// assert!(!limit.token().is_cancelled());
/// std::thread::sleep(Duration::from_millis(200));
/// assert!(limit.token().is_cancelled() && limit.is_expired());
/// ```
pub struct TimeLimit {
    token: CancellationToken,
    limit: Duration,
    expired: Arc<AtomicBool>,
    /// Its place in the watchdog's queue; `None` when there is no watchdog.
    key: Option<(Instant, u64)>,
}

impl std::fmt::Debug for TimeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeLimit").field("limit", &self.limit).field("expired", &self.is_expired()).finish()
    }
}

/// The limits running, by deadline, and the thread that expires them.
struct Watchdog {
    queue: Mutex<WatchQueue>,
    wake: Condvar,
}

#[derive(Default)]
struct WatchQueue {
    next_id: u64,
    limits: BTreeMap<(Instant, u64), (CancellationToken, Arc<AtomicBool>)>,
}

impl Watchdog {
    /// The process's watchdog, started on first use; `None` if its thread
    /// cannot be started.
    fn get() -> Option<&'static Watchdog> {
        static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
        *WATCHDOG.get_or_init(|| {
            let dog: &'static Watchdog =
                Box::leak(Box::new(Watchdog { queue: Mutex::new(WatchQueue::default()), wake: Condvar::new() }));
            std::thread::Builder::new().name("orbitkg-query-limit".into()).spawn(move || dog.run()).ok().map(|_| dog)
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, WatchQueue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Expires each limit at its deadline, sleeping until the earliest.
    fn run(&self) {
        let mut queue = self.lock();
        loop {
            let now = Instant::now();
            while let Some(entry) = queue.limits.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                let (token, expired) = entry.remove();
                expired.store(true, Ordering::SeqCst);
                token.cancel();
            }
            queue = match queue.limits.keys().next() {
                Some(&(deadline, _)) => {
                    self.wake.wait_timeout(queue, deadline - now).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.wake.wait(queue).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

impl Drop for TimeLimit {
    fn drop(&mut self) {
        if let (Some(key), Some(dog)) = (self.key, Watchdog::get()) {
            dog.lock().limits.remove(&key);
        }
    }
}

impl TimeLimit {
    /// Starts the clock.
    pub fn start(limit: Duration) -> TimeLimit {
        let token = CancellationToken::new();
        let expired = Arc::new(AtomicBool::new(false));
        let key = match Watchdog::get() {
            Some(dog) => {
                // A limit too far away to represent is no limit.
                Instant::now().checked_add(limit).map(|deadline| {
                    let mut queue = dog.lock();
                    let key = (deadline, queue.next_id);
                    queue.next_id += 1;
                    let earliest = queue.limits.keys().next().is_none_or(|first| key < *first);
                    queue.limits.insert(key, (token.clone(), Arc::clone(&expired)));
                    if earliest {
                        dog.wake.notify_one();
                    }
                    key
                })
            }
            None => {
                // No thread to watch the clock: stop at once rather than run unlimited.
                expired.store(true, Ordering::SeqCst);
                token.cancel();
                None
            }
        };
        TimeLimit { token, limit, expired, key }
    }

    /// The token the watchdog cancels.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// The limit.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Whether the time is up.
    pub fn is_expired(&self) -> bool {
        self.expired.load(Ordering::SeqCst)
    }

    /// `e`, said as a timeout when the time is up and `e` is the
    /// cancellation.
    pub fn explain(&self, e: QueryEvaluationError) -> QueryEvaluationError {
        match e {
            QueryEvaluationError::Cancelled if self.is_expired() => {
                QueryEvaluationError::Dataset(Box::new(QueryTimedOut { limit: self.limit }))
            }
            e => e,
        }
    }

    /// The next item of a result iterator under this limit: a timeout error
    /// (once) when the time is up, whether or not the evaluation noticed.
    fn next_item<T>(
        &self,
        item: Option<Result<T, QueryEvaluationError>>,
        stopped: &mut bool,
    ) -> Option<Result<T, QueryEvaluationError>> {
        if *stopped {
            return None;
        }
        if self.is_expired() {
            *stopped = true;
            return Some(Err(QueryEvaluationError::Dataset(Box::new(QueryTimedOut { limit: self.limit }))));
        }
        item.map(|r| r.map_err(|e| self.explain(e)))
    }
}

/// The next item of guarded results (crate::guard): `None` when a guard
/// stopped the evaluation, which happens only once the time is up (the
/// caller then reports the timeout); any other unwind goes on.
fn guarded_next<I: Iterator>(results: &mut I) -> Option<I::Item> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| results.next())) {
        Ok(item) => item,
        Err(panic) if crate::guard::is_stop(&*panic) => None,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Results under a [`TimeLimit`]: each item checks the clock, and the
/// watchdog lives as long as the results.
pub(crate) fn limit_results(results: QueryOutput, limit: TimeLimit) -> QueryOutput {
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Arc<[oxigraph::sparql::Variable]> = solutions.variables().into();
            let mut solutions = solutions;
            let mut stopped = false;
            QueryResults::Solutions(QuerySolutionIter::new(
                variables,
                std::iter::from_fn(move || {
                    let item = if stopped || limit.is_expired() { None } else { guarded_next(&mut solutions) };
                    limit.next_item(item, &mut stopped)
                }),
            ))
        }
        QueryResults::Graph(triples) => {
            let mut triples = triples;
            let mut stopped = false;
            QueryResults::Graph(QueryTripleIter::new(std::iter::from_fn(move || {
                let item = if stopped || limit.is_expired() { None } else { guarded_next(&mut triples) };
                limit.next_item(item, &mut stopped)
            })))
        }
        boolean => boolean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query that would run for years stops at its limit and says so.
    #[test]
    fn one_watchdog_keeps_many_limits_each_at_its_own_time() {
        // A long limit first: the watchdog sleeps towards it, and must wake
        // for the short ones that come after.
        let long = TimeLimit::start(Duration::from_secs(600));
        let dropped = TimeLimit::start(Duration::from_millis(30));
        let dropped_key = dropped.key.expect("a watchdog");
        drop(dropped);
        let short: Vec<_> = (0..50).map(|i| TimeLimit::start(Duration::from_millis(20 + i))).collect();
        let deadline = Instant::now() + Duration::from_secs(30);
        while !short.iter().all(TimeLimit::is_expired) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(short.iter().all(|l| l.is_expired() && l.token().is_cancelled()), "short limits did not expire");
        assert!(!long.is_expired() && !long.token().is_cancelled());
        let dog = Watchdog::get().unwrap();
        let queue = dog.lock();
        assert!(!queue.limits.contains_key(&dropped_key), "a dropped limit stays queued");
        assert!(queue.limits.contains_key(&long.key.unwrap()));
    }
}
