//! UPS through its Track API: `GET /api/track/v1/details/{inquiryNumber}`
//! with an OAuth bearer token from `POST /security/v1/oauth/token` (client
//! credentials as Basic authentication). An unknown number is documented as
//! a 404 but in practice is also answered 200 with a `TW0001` warning and no
//! package. A status `type` of `D` is delivered, `X` an exception, `RS`
//! returned to the shipper. Activity times are local (`YYYYMMDD`, `HHMMSS`)
//! with a `gmtOffset`; delivery dates have no offset and are read as UTC.

use fiido_protocol::tickets::{Checkpoint, ShipmentException, Tracking};
use serde::Deserialize;

use super::oauth::{SendCredentials, TokenSource};
use super::{
    crosses_border, http_client, oldest_first, parse_time, place, read_answer, Carrier,
    CarrierError, Secret, ShipmentQuery,
};

/// The carrier name orders use for UPS (matched case-insensitively).
pub const NAME: &str = "UPS";
/// UPS's production API.
pub const DEFAULT_URL: &str = "https://onlinetools.ups.com";
/// Who is calling, in the `transactionSrc` header UPS requires.
const TRANSACTION_SOURCE: &str = "fiido-desk";

/// Where UPS's API is and the project's client credentials.
#[derive(Debug, Clone)]
pub struct UpsConfig {
    /// `https://onlinetools.ups.com`, or a stand-in for tests.
    pub base_url: String,
    pub client_id: Secret,
    pub client_secret: Secret,
}

/// UPS's tracking API, with its cached token.
#[derive(Debug)]
pub struct Ups {
    base_url: String,
    token: TokenSource,
    http: reqwest::Client,
}

impl Ups {
    /// An adapter for the given configuration.
    pub fn new(config: UpsConfig) -> Self {
        let base_url = config.base_url.trim_end_matches('/').to_owned();
        Ups {
            token: TokenSource::new(
                NAME,
                format!("{base_url}/security/v1/oauth/token"),
                config.client_id,
                config.client_secret,
                SendCredentials::AsBasicAuth,
            ),
            base_url,
            http: http_client(),
        }
    }
}

impl Carrier for Ups {
    async fn track(&self, q: &ShipmentQuery, _now: i64) -> Result<Tracking, CarrierError> {
        // UPS inquiry numbers are letters and digits; anything else would
        // change the request's path.
        if q.tracking_no.is_empty() || !q.tracking_no.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CarrierError::Unknown(q.tracking_no.clone()));
        }
        let bearer = self.token.bearer(&self.http).await?;
        let sent = self
            .http
            .get(format!(
                "{}/api/track/v1/details/{}",
                self.base_url, q.tracking_no
            ))
            .query(&[("locale", "en_US")])
            .bearer_auth(bearer)
            .header("transId", uuid::Uuid::new_v4().simple().to_string())
            .header("transactionSrc", TRANSACTION_SOURCE)
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

/// The fields of UPS's answer the desk uses.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    track_response: Option<TrackResponse>,
}

#[derive(Debug, Deserialize)]
struct TrackResponse {
    #[serde(default)]
    shipment: Vec<Shipment>,
}

#[derive(Debug, Deserialize)]
struct Shipment {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Package {
    #[serde(default)]
    activity: Vec<Activity>,
    current_status: Option<Status>,
    #[serde(default)]
    delivery_date: Vec<DeliveryDate>,
    delivery_time: Option<DeliveryTime>,
    #[serde(default)]
    package_address: Vec<PackageAddress>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Activity {
    date: Option<String>,
    time: Option<String>,
    gmt_offset: Option<String>,
    location: Option<Location>,
    status: Option<Status>,
}

#[derive(Debug, Deserialize)]
struct Location {
    address: Option<Address>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    city: Option<String>,
    country_code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Status {
    #[serde(rename = "type")]
    kind: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DeliveryDate {
    #[serde(rename = "type")]
    kind: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryTime {
    end_time: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PackageAddress {
    #[serde(rename = "type")]
    kind: Option<String>,
    address: Option<Address>,
}

/// Unix milliseconds of UPS's `YYYYMMDD` date and `HHMMSS` time at a
/// `±HH:MM` offset (UTC without one).
fn ups_time(date: &str, time: &str, offset: Option<&str>) -> Option<i64> {
    let time = format!("{:0>6}", time.trim());
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(date, 8) || !digits(&time, 6) {
        return None;
    }
    let offset = offset
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .unwrap_or("Z");
    parse_time(&format!(
        "{}-{}-{}T{}:{}:{}{offset}",
        &date[..4],
        &date[4..6],
        &date[6..],
        &time[..2],
        &time[2..4],
        &time[4..]
    ))
}

impl Activity {
    fn at(&self) -> Option<i64> {
        ups_time(
            self.date.as_deref()?,
            self.time.as_deref()?,
            self.gmt_offset.as_deref(),
        )
    }

    fn kind(&self) -> Option<&str> {
        self.status.as_ref()?.kind.as_deref()
    }

    fn checkpoint(&self) -> Option<Checkpoint> {
        let address = self.location.as_ref().and_then(|l| l.address.as_ref());
        Some(Checkpoint {
            at: self.at()?,
            location: place(
                address.and_then(|a| a.city.as_deref()),
                address.and_then(|a| a.country_code.as_deref()),
            ),
            description: self
                .status
                .as_ref()
                .and_then(|s| s.description.clone())
                .unwrap_or_default(),
        })
    }
}

impl Package {
    /// A delivery date of one of `kinds` (in that preference), at the
    /// delivery time's end or else the end of that day.
    fn delivery_date(&self, kinds: &[&str]) -> Option<i64> {
        let date = kinds.iter().find_map(|kind| {
            self.delivery_date
                .iter()
                .find(|d| d.kind.as_deref() == Some(*kind))?
                .date
                .as_deref()
        })?;
        let time = self
            .delivery_time
            .as_ref()
            .and_then(|t| t.end_time.as_deref())
            .unwrap_or("235959");
        ups_time(date, time, None)
    }

    fn country(&self, kind: &str) -> Option<&str> {
        self.package_address
            .iter()
            .find(|a| a.kind.as_deref() == Some(kind))?
            .address
            .as_ref()?
            .country_code
            .as_deref()
    }
}

/// Maps UPS's answer about `q`'s parcel to the desk's tracking.
fn tracking_of(q: &ShipmentQuery, answer: Answer) -> Result<Tracking, CarrierError> {
    let package = answer
        .track_response
        .into_iter()
        .flat_map(|r| r.shipment)
        .flat_map(|s| s.package)
        .next()
        .ok_or_else(|| CarrierError::Unknown(q.tracking_no.clone()))?;
    let newest = package.activity.iter().max_by_key(|a| a.at());
    let kind = package
        .current_status
        .as_ref()
        .and_then(|s| s.kind.as_deref())
        .or(newest.and_then(Activity::kind))
        .unwrap_or_default()
        .to_ascii_uppercase();
    let exception = match kind.as_str() {
        "RS" => Some(ShipmentException::Returned),
        "X" => Some(ShipmentException::Stuck),
        _ => None,
    };
    let delivered_at = (exception.is_none() && kind == "D")
        .then(|| {
            let scans = package.activity.iter();
            scans
                .filter(|a| a.kind() == Some("D"))
                .filter_map(Activity::at)
                .max()
                .or_else(|| package.delivery_date(&["DEL"]))
        })
        .flatten();
    Ok(Tracking {
        carrier: q.carrier.clone(),
        tracking_no: q.tracking_no.clone(),
        checkpoints: oldest_first(
            package
                .activity
                .iter()
                .filter_map(Activity::checkpoint)
                .collect(),
        ),
        eta: exception
            .is_none()
            .then(|| package.delivery_date(&["RDD", "SDD"]))
            .flatten(),
        delivered_at,
        exception,
        cross_border: crosses_border(package.country("ORIGIN"), package.country("DESTINATION")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(tracking_no: &str, fixture: &str) -> Result<Tracking, CarrierError> {
        let q = ShipmentQuery {
            carrier: "UPS".into(),
            tracking_no: tracking_no.into(),
            shipped_at: 0,
            destination: String::new(),
        };
        tracking_of(&q, serde_json::from_str(fixture).unwrap())
    }

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap()
    }

    #[test]
    fn local_times_are_read_at_their_offset() {
        assert_eq!(
            ups_time("20240508", "213500", Some("-05:00")),
            Some(at("2024-05-09T02:35:00Z"))
        );
        assert_eq!(
            ups_time("20240508", "74700", None),
            Some(at("2024-05-08T07:47:00Z"))
        );
        assert_eq!(ups_time("2024058", "074700", None), None);
    }

    #[test]
    fn a_parcel_in_transit_lists_its_scans_oldest_first_with_its_eta() {
        let t = map(
            "1ZA82D670391245567",
            include_str!("../../tests/fixtures/carriers/ups_in_transit.json"),
        )
        .unwrap();
        assert_eq!(t.checkpoints.len(), 5);
        assert!(t.checkpoints.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(t.checkpoints.last().unwrap().location, "Hodgkins, US");
        assert_eq!(t.eta, Some(at("2024-05-10T10:30:00Z")));
        assert_eq!((t.delivered_at, t.exception), (None, None));
        assert!(!t.cross_border);
    }

    #[test]
    fn a_delivered_parcel_is_delivered_at_its_delivery_scan_even_after_an_older_exception() {
        let t = map(
            "1Z3F71W20468553902",
            include_str!("../../tests/fixtures/carriers/ups_delivered.json"),
        )
        .unwrap();
        assert_eq!(t.delivered_at, Some(at("2024-05-10T12:23:00Z")));
        assert_eq!(t.exception, None);
        assert!(t.cross_border);
    }

    #[test]
    fn an_exception_is_stuck_and_a_return_is_returned() {
        let stuck = map(
            "1Z9E04V86693177245",
            include_str!("../../tests/fixtures/carriers/ups_customs_hold.json"),
        )
        .unwrap();
        assert_eq!(stuck.exception, Some(ShipmentException::Stuck));
        assert_eq!(stuck.eta, None);
        let returned = map(
            "1Z0Y5816A290614438",
            include_str!("../../tests/fixtures/carriers/ups_returned.json"),
        )
        .unwrap();
        assert_eq!(returned.exception, Some(ShipmentException::Returned));
    }

    #[test]
    fn a_200_with_no_package_is_an_unknown_number() {
        let e = map(
            "1Z5629230309413682",
            include_str!("../../tests/fixtures/carriers/ups_no_information.json"),
        );
        assert!(matches!(e, Err(CarrierError::Unknown(_))));
    }
}
