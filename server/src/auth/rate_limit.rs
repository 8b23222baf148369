//! Login throttling per account and per client address (governor's GCRA).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;

/// Attempts per minute allowed for one account.
const PER_ACCOUNT_PER_MINUTE: u32 = 10;
/// Attempts per minute allowed from one address (an office shares one).
const PER_ADDRESS_PER_MINUTE: u32 = 60;

/// The two keyed limiters login consults.
pub struct LoginLimiter {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            by_account: RateLimiter::keyed(quota(PER_ACCOUNT_PER_MINUTE)),
            by_address: RateLimiter::keyed(quota(PER_ADDRESS_PER_MINUTE)),
        }
    }
}

impl LoginLimiter {
    /// Counts one attempt; refuses it with 429 when either budget is spent.
    pub fn check(&self, account: &str, address: IpAddr) -> Result<(), AppError> {
        let clock = DefaultClock::default();
        for outcome in [
            self.by_address.check_key(&address),
            self.by_account.check_key(&account.to_owned()),
        ] {
            if let Err(not_until) = outcome {
                let wait = not_until.wait_time_from(clock.now());
                return Err(AppError::RateLimited {
                    retry_after_secs: wait.as_secs().max(1),
                });
            }
        }
        Ok(())
    }
}
