//! A per-client request budget: a fixed window of `limit` requests per `window`. Kept in
//! memory (one server process); enough to stop a runaway upload script.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `client`; `Err(wait)` when its budget is spent, with how long
    /// until the window ends.
    pub fn check(&self, client: &str) -> Result<(), Duration> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: &str, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().expect("not poisoned");
        let (started, used) = windows.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(*started) >= self.window {
            *started = now;
            *used = 0;
        }
        if *used >= self.limit {
            return Err(self.window - now.duration_since(*started));
        }
        *used += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_budget_per_window_and_others_theirs() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check_at("a", t0).is_ok());
        assert!(limiter.check_at("a", t0).is_ok());
        let wait = limiter
            .check_at("a", t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(
            limiter.check_at("b", t0).is_ok(),
            "another client is not limited"
        );
        assert!(
            limiter.check_at("a", t0 + Duration::from_secs(60)).is_ok(),
            "a new window"
        );
    }
}
