//! Runs one job per item on a few plain threads and hands the results back in input
//! order as each becomes ready.
//!
//! Plain threads, not a rayon pool: the jobs run neural networks whose operators are
//! parallel in `rten`'s own rayon pool. A rayon worker that waits on another pool keeps
//! taking jobs of its own pool meanwhile, so with a rayon pool here one thread would start
//! item after item, each stacked on the last, and memory would grow with the batch (seen:
//! 4 photos in flight on "one" job, 775 MB instead of 320 MB). A plain thread just waits.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Calls `work` on every item of `items` on `jobs` threads and `on_result` with each
/// result, in the order of `items`, on the calling thread. Stops early only if `on_result`
/// returns an error, and returns that error; items already started are finished first.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut on_result: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let next_item = AtomicUsize::new(0);
    // Set when the output fails, so the workers stop taking new items.
    let cancelled = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            let sender = sender.clone();
            let (next_item, cancelled, work) = (&next_item, &cancelled, &work);
            scope.spawn(move || {
                while !cancelled.load(Ordering::Relaxed) {
                    let index = next_item.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    // The receiver is gone only when the output failed: stop quietly.
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        // Results arrive in completion order; release them in input order.
        let mut pending = BTreeMap::new();
        let mut released = 0;
        for (index, result) in receiver {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&released) {
                if let Err(error) = on_result(result) {
                    cancelled.store(true, Ordering::Relaxed);
                    return Err(error);
                }
                released += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_back_in_input_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..40).collect();
        for jobs in [0, 1, 2, 7, 100] {
            let mut seen = Vec::new();
            for_each_ordered::<_, _, ()>(
                &items,
                jobs,
                |&i| {
                    // Later items finish first.
                    std::thread::sleep(Duration::from_micros(400 - 10 * i));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            let expected: Vec<u64> = items.iter().map(|i| i * 2).collect();
            assert_eq!(seen, expected, "jobs = {jobs}");
        }
    }

    #[test]
    fn no_more_than_jobs_items_run_at_once() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let items = [(); 30];
        for_each_ordered::<_, _, ()>(
            &items,
            3,
            |_| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(2));
                running.fetch_sub(1, Ordering::SeqCst);
            },
            |_| Ok(()),
        )
        .unwrap();
        assert!(most.load(Ordering::SeqCst) <= 3);
    }

    #[test]
    fn an_output_error_stops_the_run_and_is_returned() {
        let items: Vec<u32> = (0..1000).collect();
        let started = AtomicUsize::new(0);
        let mut written = 0;
        let result = for_each_ordered(
            &items,
            2,
            |&i| {
                started.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
                i
            },
            |_| {
                written += 1;
                if written == 3 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("disk full"));
        assert_eq!(written, 3);
        assert!(started.load(Ordering::Relaxed) < 1000);
    }

    #[test]
    fn no_items_is_no_calls() {
        let mut calls = 0;
        for_each_ordered::<u8, u8, ()>(
            &[],
            4,
            |&i| i,
            |_| {
                calls += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(calls, 0);
    }
}
