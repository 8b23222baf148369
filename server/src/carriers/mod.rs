//! Carriers' tracking behind one interface (COM-3). DHL, FedEx and UPS are
//! asked through their public tracking APIs when the server has their keys
//! (`--dhl-api-key`, `--fedex-client-id`, ...); every other carrier, and
//! these three without keys, is the deterministic simulated carrier, which
//! the demo and the tests use.
//!
//! Each adapter reads only the fields it needs from the carrier's documented
//! JSON and maps them to [`Tracking`] in a pure function, tested on fixtures
//! in `server/tests/fixtures/carriers/`.

pub mod dhl;
pub mod fedex;
mod oauth;
pub mod simulated;
pub mod ups;

use std::fmt;
use std::time::Duration;

use fiido_protocol::tickets::{Checkpoint, Tracking};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use dhl::{Dhl, DhlConfig};
use fedex::{FedEx, FedExConfig};
use simulated::Simulated;
use ups::{Ups, UpsConfig};

/// What a carrier needs to find a parcel.
#[derive(Debug, Clone)]
pub struct ShipmentQuery {
    pub carrier: String,
    pub tracking_no: String,
    /// When the order was handed over (its `shipped` step).
    pub shipped_at: i64,
    /// ISO country the parcel goes to.
    pub destination: String,
}

/// Why a carrier gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum CarrierError {
    #[error("the carrier does not know tracking number {0}")]
    Unknown(String),
    /// The carrier (named) refused our key or client credentials: a
    /// configuration problem an admin has to fix, not something a retry cures.
    #[error("{0} refused the server's credentials")]
    Unauthorized(&'static str),
    /// The carrier could not be reached, failed, throttled us or answered
    /// something we could not read; worth retrying later.
    #[error("the carrier is unavailable: {0}")]
    Unavailable(String),
}

/// A carrier's tracking API.
pub trait Carrier: Send + Sync {
    /// The parcel's scans so far, its ETA and any exception, as of `now`.
    fn track(
        &self,
        query: &ShipmentQuery,
        now: i64,
    ) -> impl std::future::Future<Output = Result<Tracking, CarrierError>> + Send;
}

/// An API key or client secret. Its `Debug` prints `***` and it has no
/// `Display`, so configuration can be logged without leaking it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that sends it to the carrier.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Every carrier the server can ask, picked by an order's carrier name: the
/// real API when its keys are configured, the simulated carrier otherwise.
/// (The [`Carrier`] trait returns `impl Future`, so it is not object-safe;
/// one field per real carrier keeps the dispatch a plain `match`.)
#[derive(Debug, Default)]
pub struct Carriers {
    dhl: Option<Dhl>,
    fedex: Option<FedEx>,
    ups: Option<Ups>,
}

impl Carriers {
    /// The registry with the real carriers whose configuration is given.
    pub fn new(dhl: Option<DhlConfig>, fedex: Option<FedExConfig>, ups: Option<UpsConfig>) -> Self {
        Carriers {
            dhl: dhl.map(Dhl::new),
            fedex: fedex.map(FedEx::new),
            ups: ups.map(Ups::new),
        }
    }

    /// Whether parcels of this carrier (by name) are asked of its real API,
    /// whose quota the sweep must spare.
    pub fn uses_real_api(&self, carrier: &str) -> bool {
        let name = carrier.trim();
        (self.dhl.is_some() && name.eq_ignore_ascii_case(dhl::NAME))
            || (self.fedex.is_some() && name.eq_ignore_ascii_case(fedex::NAME))
            || (self.ups.is_some() && name.eq_ignore_ascii_case(ups::NAME))
    }

    /// The names of the carriers asked through their real API, for the
    /// startup log.
    pub fn real(&self) -> Vec<&'static str> {
        [
            self.dhl.as_ref().map(|_| dhl::NAME),
            self.fedex.as_ref().map(|_| fedex::NAME),
            self.ups.as_ref().map(|_| ups::NAME),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl Carrier for Carriers {
    async fn track(&self, q: &ShipmentQuery, now: i64) -> Result<Tracking, CarrierError> {
        let name = q.carrier.trim();
        match (&self.dhl, &self.fedex, &self.ups) {
            (Some(dhl), _, _) if name.eq_ignore_ascii_case(dhl::NAME) => dhl.track(q, now).await,
            (_, Some(fedex), _) if name.eq_ignore_ascii_case(fedex::NAME) => {
                fedex.track(q, now).await
            }
            (_, _, Some(ups)) if name.eq_ignore_ascii_case(ups::NAME) => ups.track(q, now).await,
            _ => Simulated.track(q, now).await,
        }
    }
}

/// How long one call to a carrier may take before it counts as unavailable
/// (the tracking route waits for it).
const TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client every adapter uses.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default()
}

/// Reads a carrier's answer to a tracking request: the payload on success,
/// otherwise the error its status means.
async fn read_answer<T: DeserializeOwned>(
    carrier: &'static str,
    tracking_no: &str,
    sent: Result<reqwest::Response, reqwest::Error>,
) -> Result<T, CarrierError> {
    let response =
        sent.map_err(|e| CarrierError::Unavailable(format!("{carrier}: {}", e.without_url())))?;
    match response.status() {
        status if status.is_success() => json_of(carrier, response).await,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            Err(CarrierError::Unauthorized(carrier))
        }
        StatusCode::NOT_FOUND => Err(CarrierError::Unknown(tracking_no.to_owned())),
        status => Err(CarrierError::Unavailable(format!(
            "{carrier} answered {status}"
        ))),
    }
}

/// The JSON payload of a successful answer; a payload that does not fit
/// says which field did not, for the log.
async fn json_of<T: DeserializeOwned>(
    carrier: &str,
    response: reqwest::Response,
) -> Result<T, CarrierError> {
    let body = response.bytes().await.map_err(|e| {
        CarrierError::Unavailable(format!("{carrier} answer cut short: {}", e.without_url()))
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        CarrierError::Unavailable(format!("{carrier} answered something unreadable: {e}"))
    })
}

/// Unix milliseconds of a carrier's timestamp: RFC 3339 with an offset, or a
/// local date-time or date without one, read as UTC (the carriers'
/// documented examples use both).
fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(at) = text.parse::<jiff::Timestamp>() {
        return Some(at.as_millisecond());
    }
    let civil = match text.parse::<jiff::civil::DateTime>() {
        Ok(civil) => civil,
        Err(_) => text
            .parse::<jiff::civil::Date>()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight()),
    };
    let at = jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()?;
    Some(at.as_millisecond())
}

/// A scan's place as the desk shows it: "Leipzig, DE", or whichever part
/// the carrier gave.
fn place(locality: Option<&str>, country: Option<&str>) -> String {
    [locality, country]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a parcel leaves its country, when the carrier names both ends.
fn crosses_border(origin: Option<&str>, destination: Option<&str>) -> bool {
    match (origin.map(str::trim), destination.map(str::trim)) {
        (Some(from), Some(to)) if !from.is_empty() && !to.is_empty() => {
            !from.eq_ignore_ascii_case(to)
        }
        _ => false,
    }
}

/// Checkpoints oldest first, whatever order the carrier listed them in.
fn oldest_first(mut checkpoints: Vec<Checkpoint>) -> Vec<Checkpoint> {
    checkpoints.sort_by_key(|c| c.at);
    checkpoints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_an_offset_are_converted_and_times_without_one_are_utc() {
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time("1970-01-01T00:00:01Z"), Some(1_000));
        assert_eq!(parse_time("1970-01-01T00:00:01.500Z"), Some(1_500));
        assert_eq!(parse_time("1970-01-02T00:00:00"), Some(86_400_000));
        assert_eq!(parse_time("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_time("next Tuesday"), None);
    }

    #[test]
    fn a_place_joins_what_is_known_and_a_border_needs_both_ends() {
        assert_eq!(place(Some("Leipzig"), Some("DE")), "Leipzig, DE");
        assert_eq!(place(None, Some("DE")), "DE");
        assert_eq!(place(Some(" "), None), "");
        assert!(crosses_border(Some("CN"), Some("DE")));
        assert!(!crosses_border(Some("de"), Some("DE")));
        assert!(!crosses_border(None, Some("DE")));
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(secret.expose(), "hunter2");
    }
}
