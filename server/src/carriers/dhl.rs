//! DHL through its "Shipment Tracking – Unified" API:
//! `GET /track/shipments?trackingNumber=…` with the `DHL-API-Key` header.
//! Its `statusCode` is one of `pre-transit`, `transit`, `delivered`,
//! `failure` and `unknown`; a return to the sender has no code of its own
//! and is read from the status text.

use fiido_protocol::tickets::{Checkpoint, ShipmentException, Tracking};
use serde::Deserialize;

use super::{
    crosses_border, http_client, oldest_first, parse_time, place, read_answer, Carrier,
    CarrierError, Secret, ShipmentQuery,
};

/// The carrier name orders use for DHL (matched case-insensitively).
pub const NAME: &str = "DHL";
/// DHL's production API.
pub const DEFAULT_URL: &str = "https://api-eu.dhl.com";

/// Where DHL's API is and the key it wants.
#[derive(Debug, Clone)]
pub struct DhlConfig {
    /// `https://api-eu.dhl.com`, or a stand-in for tests.
    pub base_url: String,
    pub api_key: Secret,
}

/// DHL's tracking API.
#[derive(Debug)]
pub struct Dhl {
    config: DhlConfig,
    http: reqwest::Client,
}

impl Dhl {
    /// An adapter for the given configuration.
    pub fn new(config: DhlConfig) -> Self {
        Dhl {
            config,
            http: http_client(),
        }
    }
}

impl Carrier for Dhl {
    async fn track(&self, q: &ShipmentQuery, _now: i64) -> Result<Tracking, CarrierError> {
        let url = format!(
            "{}/track/shipments",
            self.config.base_url.trim_end_matches('/')
        );
        let sent = self
            .http
            .get(url)
            .query(&[("trackingNumber", q.tracking_no.as_str())])
            .header("DHL-API-Key", self.config.api_key.expose())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await;
        tracking_of(q, read_answer(NAME, &q.tracking_no, sent).await?)
    }
}

/// The fields of DHL's answer the desk uses.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    shipments: Vec<Shipment>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Shipment {
    origin: Option<Place>,
    destination: Option<Place>,
    status: Option<Event>,
    estimated_time_of_delivery: Option<String>,
    details: Option<Details>,
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    timestamp: Option<String>,
    location: Option<Place>,
    status_code: Option<String>,
    status: Option<String>,
    description: Option<String>,
    remark: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Place {
    address: Option<Address>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    country_code: Option<String>,
    address_locality: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Details {
    proof_of_delivery: Option<ProofOfDelivery>,
}

#[derive(Debug, Deserialize)]
struct ProofOfDelivery {
    timestamp: Option<String>,
}

impl Place {
    fn country(&self) -> Option<&str> {
        self.address.as_ref()?.country_code.as_deref()
    }
}

impl Event {
    fn checkpoint(&self) -> Option<Checkpoint> {
        let address = self.location.as_ref().and_then(|l| l.address.as_ref());
        Some(Checkpoint {
            at: parse_time(self.timestamp.as_deref()?)?,
            location: place(
                address.and_then(|a| a.address_locality.as_deref()),
                address.and_then(|a| a.country_code.as_deref()),
            ),
            description: self
                .description
                .clone()
                .or_else(|| self.status.clone())
                .unwrap_or_default(),
        })
    }

    fn code_is(&self, code: &str) -> bool {
        self.status_code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(code))
    }

    fn says_returned(&self) -> bool {
        [&self.status, &self.description, &self.remark]
            .into_iter()
            .flatten()
            .any(|text| {
                let text = text.to_lowercase();
                text.contains("return") && (text.contains("sender") || text.contains("shipper"))
            })
    }
}

/// Maps DHL's answer about `q`'s parcel to the desk's tracking.
fn tracking_of(q: &ShipmentQuery, answer: Answer) -> Result<Tracking, CarrierError> {
    let shipment = answer
        .shipments
        .into_iter()
        .next()
        .ok_or_else(|| CarrierError::Unknown(q.tracking_no.clone()))?;
    let checkpoints = oldest_first(
        shipment
            .events
            .iter()
            .filter_map(Event::checkpoint)
            .collect(),
    );
    // DHL lists events newest first; `status` repeats the latest one.
    let latest = shipment.status.as_ref().or(shipment.events.first());
    let exception = latest.and_then(|s| {
        if s.says_returned() {
            Some(ShipmentException::Returned)
        } else if s.code_is("failure") {
            Some(ShipmentException::Stuck)
        } else {
            None
        }
    });
    let delivered = exception.is_none() && latest.is_some_and(|s| s.code_is("delivered"));
    let delivered_at = delivered
        .then(|| {
            shipment
                .details
                .as_ref()
                .and_then(|d| d.proof_of_delivery.as_ref()?.timestamp.as_deref())
                .or(latest.and_then(|s| s.timestamp.as_deref()))
                .and_then(parse_time)
                .or(checkpoints.last().map(|c| c.at))
        })
        .flatten();
    Ok(Tracking {
        carrier: q.carrier.clone(),
        tracking_no: q.tracking_no.clone(),
        eta: exception
            .is_none()
            .then(|| {
                shipment
                    .estimated_time_of_delivery
                    .as_deref()
                    .and_then(parse_time)
            })
            .flatten(),
        delivered_at,
        exception,
        cross_border: crosses_border(
            shipment.origin.as_ref().and_then(Place::country),
            shipment.destination.as_ref().and_then(Place::country),
        ),
        checkpoints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(tracking_no: &str, fixture: &str) -> Tracking {
        let q = ShipmentQuery {
            carrier: "DHL".into(),
            tracking_no: tracking_no.into(),
            shipped_at: 0,
            destination: String::new(),
        };
        tracking_of(&q, serde_json::from_str(fixture).unwrap()).unwrap()
    }

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap()
    }

    #[test]
    fn a_parcel_in_transit_lists_its_scans_oldest_first_with_its_eta() {
        let t = map(
            "4481926370",
            include_str!("../../tests/fixtures/carriers/dhl_in_transit.json"),
        );
        assert_eq!(t.checkpoints.len(), 5);
        assert!(t.checkpoints.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(
            t.checkpoints[0].description,
            "Shipment information received"
        );
        assert_eq!(t.checkpoints[0].location, "SHENZHEN - CHINA");
        assert_eq!(t.eta, Some(at("2024-05-06T16:00:00Z")));
        assert_eq!((t.delivered_at, t.exception), (None, None));
        assert!(t.cross_border);
    }

    #[test]
    fn a_delivered_parcel_is_delivered_at_its_last_status() {
        let t = map(
            "00340434292135100124",
            include_str!("../../tests/fixtures/carriers/dhl_delivered.json"),
        );
        assert_eq!(t.delivered_at, Some(at("2024-05-07T09:48:00Z")));
        assert_eq!(t.checkpoints.last().unwrap().location, "Berlin, DE");
        assert_eq!(t.exception, None);
        assert!(!t.cross_border);
    }

    #[test]
    fn a_failure_is_stuck_and_has_no_eta() {
        let t = map(
            "7350481926",
            include_str!("../../tests/fixtures/carriers/dhl_customs_hold.json"),
        );
        assert_eq!(t.exception, Some(ShipmentException::Stuck));
        assert_eq!((t.eta, t.delivered_at), (None, None));
    }

    #[test]
    fn a_return_to_the_sender_is_returned_whatever_its_code() {
        let t = map(
            "00340434292135100187",
            include_str!("../../tests/fixtures/carriers/dhl_returned.json"),
        );
        assert_eq!(t.exception, Some(ShipmentException::Returned));
        assert_eq!(t.delivered_at, None);
    }

    #[test]
    fn an_answer_without_shipments_is_an_unknown_number() {
        let q = ShipmentQuery {
            carrier: "DHL".into(),
            tracking_no: "1".into(),
            shipped_at: 0,
            destination: String::new(),
        };
        let answer = serde_json::from_str(r#"{"shipments":[]}"#).unwrap();
        assert!(matches!(
            tracking_of(&q, answer),
            Err(CarrierError::Unknown(n)) if n == "1"
        ));
    }
}
