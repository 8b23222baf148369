//! FedEx through its Track API: `POST /track/v1/trackingnumbers` with an
//! OAuth bearer token from `POST /oauth/token` (client credentials). An
//! unknown number is answered 200 with an error inside its track result.
//! The latest status code says the fate: `DL` delivered, `RS` returning to
//! the shipper, `DE`/`SE` delivery or shipment exception, `CD` clearance
//! delay.

use fiido_protocol::tickets::{Checkpoint, ShipmentException, Tracking};
use serde::Deserialize;
use serde_json::json;

use super::oauth::{SendCredentials, TokenSource};
use super::{
    crosses_border, http_client, oldest_first, parse_time, place, read_answer, Carrier,
    CarrierError, Secret, ShipmentQuery,
};

/// The carrier name orders use for FedEx (matched case-insensitively).
pub const NAME: &str = "FedEx";
/// FedEx's production API.
pub const DEFAULT_URL: &str = "https://apis.fedex.com";

/// Where FedEx's API is and the project's client credentials.
#[derive(Debug, Clone)]
pub struct FedExConfig {
    /// `https://apis.fedex.com`, or a stand-in for tests.
    pub base_url: String,
    /// FedEx calls it the API key.
    pub client_id: Secret,
    /// FedEx calls it the secret key.
    pub client_secret: Secret,
}

/// FedEx's tracking API, with its cached token.
#[derive(Debug)]
pub struct FedEx {
    base_url: String,
    token: TokenSource,
    http: reqwest::Client,
}

impl FedEx {
    /// An adapter for the given configuration.
    pub fn new(config: FedExConfig) -> Self {
        let base_url = config.base_url.trim_end_matches('/').to_owned();
        FedEx {
            token: TokenSource::new(
                NAME,
                format!("{base_url}/oauth/token"),
                config.client_id,
                config.client_secret,
                SendCredentials::InForm,
            ),
            base_url,
            http: http_client(),
        }
    }
}

impl Carrier for FedEx {
    async fn track(&self, q: &ShipmentQuery, _now: i64) -> Result<Tracking, CarrierError> {
        let bearer = self.token.bearer(&self.http).await?;
        let sent = self
            .http
            .post(format!("{}/track/v1/trackingnumbers", self.base_url))
            .bearer_auth(bearer)
            .header("X-locale", "en_US")
            .json(&json!({
                "includeDetailedScans": true,
                "trackingInfo": [{ "trackingNumberInfo": { "trackingNumber": q.tracking_no } }],
            }))
            .send()
            .await;
        match read_answer(NAME, &q.tracking_no, sent).await {
            Ok(answer) => tracking_of(q, answer),
            Err(CarrierError::Unauthorized(carrier)) => {
                self.token.forget().await;
                Err(CarrierError::Unauthorized(carrier))
            }
            Err(e) => Err(e),
        }
    }
}

/// The fields of FedEx's answer the desk uses.
#[derive(Debug, Deserialize)]
struct Answer {
    output: Option<Output>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    #[serde(default)]
    complete_track_results: Vec<CompleteTrackResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompleteTrackResult {
    #[serde(default)]
    track_results: Vec<TrackResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrackResult {
    error: Option<ResultError>,
    latest_status_detail: Option<StatusDetail>,
    #[serde(default)]
    scan_events: Vec<ScanEvent>,
    #[serde(default)]
    date_and_times: Vec<DateAndTime>,
    shipper_information: Option<Party>,
    recipient_information: Option<Party>,
}

#[derive(Debug, Deserialize)]
struct ResultError {
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StatusDetail {
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScanEvent {
    date: Option<String>,
    event_description: Option<String>,
    exception_description: Option<String>,
    scan_location: Option<Address>,
    derived_status_code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DateAndTime {
    #[serde(rename = "type")]
    kind: Option<String>,
    date_time: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Party {
    address: Option<Address>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    city: Option<String>,
    country_code: Option<String>,
}

impl ScanEvent {
    fn checkpoint(&self) -> Option<Checkpoint> {
        let what = self.event_description.as_deref().unwrap_or_default();
        let description = match self.exception_description.as_deref().map(str::trim) {
            Some(why) if !why.is_empty() => format!("{what}: {why}"),
            _ => what.to_owned(),
        };
        Some(Checkpoint {
            at: parse_time(self.date.as_deref()?)?,
            location: place(
                self.scan_location.as_ref().and_then(|a| a.city.as_deref()),
                self.scan_location
                    .as_ref()
                    .and_then(|a| a.country_code.as_deref()),
            ),
            description,
        })
    }
}

impl TrackResult {
    fn date_of(&self, kind: &str) -> Option<i64> {
        self.date_and_times
            .iter()
            .find(|d| d.kind.as_deref() == Some(kind))
            .and_then(|d| parse_time(d.date_time.as_deref()?))
    }
}

fn country(party: &Option<Party>) -> Option<&str> {
    party.as_ref()?.address.as_ref()?.country_code.as_deref()
}

/// Maps FedEx's answer about `q`'s parcel to the desk's tracking.
fn tracking_of(q: &ShipmentQuery, answer: Answer) -> Result<Tracking, CarrierError> {
    let results: Vec<TrackResult> = answer
        .output
        .into_iter()
        .flat_map(|o| o.complete_track_results)
        .flat_map(|c| c.track_results)
        .collect();
    // A reused number has several results, the current shipment first.
    let Some(result) = results.iter().find(|r| r.error.is_none()) else {
        let code = results
            .iter()
            .find_map(|r| r.error.as_ref()?.code.clone())
            .unwrap_or_default();
        return Err(if code.is_empty() || code.contains("TRACKINGNUMBER") {
            CarrierError::Unknown(q.tracking_no.clone())
        } else {
            CarrierError::Unavailable(format!("{NAME} answered {code}"))
        });
    };
    let checkpoints = oldest_first(
        result
            .scan_events
            .iter()
            .filter_map(ScanEvent::checkpoint)
            .collect(),
    );
    let code = result
        .latest_status_detail
        .as_ref()
        .and_then(|s| s.code.as_deref())
        .unwrap_or_default()
        .to_ascii_uppercase();
    let exception = match code.as_str() {
        "RS" => Some(ShipmentException::Returned),
        "DE" | "SE" | "CD" => Some(ShipmentException::Stuck),
        _ => None,
    };
    let delivered_at = (exception.is_none() && code == "DL")
        .then(|| {
            result.date_of("ACTUAL_DELIVERY").or_else(|| {
                let scans = result.scan_events.iter();
                scans
                    .filter(|s| s.derived_status_code.as_deref() == Some("DL"))
                    .filter_map(|s| parse_time(s.date.as_deref()?))
                    .max()
            })
        })
        .flatten();
    Ok(Tracking {
        carrier: q.carrier.clone(),
        tracking_no: q.tracking_no.clone(),
        eta: exception
            .is_none()
            .then(|| result.date_of("ESTIMATED_DELIVERY"))
            .flatten(),
        delivered_at,
        exception,
        cross_border: crosses_border(
            country(&result.shipper_information),
            country(&result.recipient_information),
        ),
        checkpoints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(tracking_no: &str) -> ShipmentQuery {
        ShipmentQuery {
            carrier: "FedEx".into(),
            tracking_no: tracking_no.into(),
            shipped_at: 0,
            destination: String::new(),
        }
    }

    fn map(tracking_no: &str, fixture: &str) -> Result<Tracking, CarrierError> {
        tracking_of(&query(tracking_no), serde_json::from_str(fixture).unwrap())
    }

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap()
    }

    #[test]
    fn a_parcel_in_transit_lists_its_scans_oldest_first_with_its_eta() {
        let t = map(
            "794843185271",
            include_str!("../../tests/fixtures/carriers/fedex_in_transit.json"),
        )
        .unwrap();
        assert_eq!(t.checkpoints.len(), 6);
        assert!(t.checkpoints.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(t.checkpoints[1].location, "SHENZHEN, CN");
        assert_eq!(t.eta, Some(at("2024-05-09T03:00:00Z")));
        assert_eq!((t.delivered_at, t.exception), (None, None));
        assert!(t.cross_border);
    }

    #[test]
    fn a_delivered_parcel_is_delivered_at_its_actual_delivery() {
        let t = map(
            "581190049992",
            include_str!("../../tests/fixtures/carriers/fedex_delivered.json"),
        )
        .unwrap();
        assert_eq!(t.delivered_at, Some(at("2024-04-26T16:26:00Z")));
        assert_eq!(t.exception, None);
        assert!(!t.cross_border);
    }

    #[test]
    fn a_clearance_delay_is_stuck_and_says_why() {
        let t = map(
            "771206448391",
            include_str!("../../tests/fixtures/carriers/fedex_clearance_delay.json"),
        )
        .unwrap();
        assert_eq!(t.exception, Some(ShipmentException::Stuck));
        assert_eq!(t.eta, None);
        assert_eq!(
            t.checkpoints.last().unwrap().description,
            "Clearance delay: Import documentation is required for customs clearance"
        );
    }

    #[test]
    fn a_return_to_the_shipper_is_returned() {
        let t = map(
            "286731549080",
            include_str!("../../tests/fixtures/carriers/fedex_returned.json"),
        )
        .unwrap();
        assert_eq!(t.exception, Some(ShipmentException::Returned));
        assert_eq!(t.delivered_at, None);
    }

    #[test]
    fn a_number_fedex_cannot_find_is_unknown() {
        let e = map(
            "123456789012",
            include_str!("../../tests/fixtures/carriers/fedex_not_found.json"),
        );
        assert!(matches!(e, Err(CarrierError::Unknown(n)) if n == "123456789012"));
    }
}
