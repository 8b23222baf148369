//! The hand-written demo content in `assets/demo/*.json`, compiled in.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One catalogue entry; prices and stock keyed by currency and warehouse.
#[derive(Debug, Deserialize)]
pub struct ProductSeed {
    pub sku: String,
    pub name: String,
    pub model: String,
    pub category: String,
    pub prices: BTreeMap<String, i64>,
    pub stock: BTreeMap<String, i64>,
    pub restock_eta_days: Option<i64>,
}

/// A city and its time zone.
#[derive(Debug, Deserialize)]
pub struct CitySeed {
    pub name: String,
    pub timezone: String,
}

/// Names and places of one country's customers.
#[derive(Debug, Deserialize)]
pub struct CountrySeed {
    pub code: String,
    pub language: String,
    pub currency: String,
    pub store: String,
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
    pub cities: Vec<CitySeed>,
}

/// One message of a thread template, with `{placeholders}`.
#[derive(Debug, Deserialize)]
pub struct ThreadMessageSeed {
    pub author: String,
    pub body: String,
}

/// A believable conversation to instantiate for a customer.
#[derive(Debug, Deserialize)]
pub struct ThreadSeed {
    pub language: String,
    pub topic: String,
    pub tags: Vec<String>,
    pub needs_order: bool,
    pub messages: Vec<ThreadMessageSeed>,
}

/// A quick reply with its language variants.
#[derive(Debug, Deserialize)]
pub struct QuickReplySeed {
    pub category: String,
    pub title: String,
    pub slot: Option<i64>,
    pub variants: BTreeMap<String, String>,
}

/// A knowledge article.
#[derive(Debug, Deserialize)]
pub struct ArticleSeed {
    pub category_path: Vec<String>,
    pub title: String,
    pub language: String,
    pub visibility: fiido_protocol::model::Visibility,
    pub body: String,
}

/// Everything in the JSON files.
pub struct Content {
    pub products: Vec<ProductSeed>,
    pub countries: Vec<CountrySeed>,
    pub devices: Vec<String>,
    pub sources: Vec<fiido_protocol::model::CustomerSource>,
    pub threads: Vec<ThreadSeed>,
    pub quick_replies: Vec<QuickReplySeed>,
    pub articles: Vec<ArticleSeed>,
}

#[derive(Deserialize)]
struct Catalogue {
    products: Vec<ProductSeed>,
}
#[derive(Deserialize)]
struct People {
    countries: Vec<CountrySeed>,
    devices: Vec<String>,
    sources: Vec<fiido_protocol::model::CustomerSource>,
}
#[derive(Deserialize)]
struct Threads {
    threads: Vec<ThreadSeed>,
}
#[derive(Deserialize)]
struct QuickReplies {
    quick_replies: Vec<QuickReplySeed>,
}
#[derive(Deserialize)]
struct Articles {
    articles: Vec<ArticleSeed>,
}

impl Content {
    /// Parses the compiled-in files.
    pub fn load() -> anyhow::Result<Self> {
        let catalogue: Catalogue =
            serde_json::from_str(include_str!("../../../assets/demo/catalogue.json"))?;
        let people: People =
            serde_json::from_str(include_str!("../../../assets/demo/people.json"))?;
        let threads: Threads =
            serde_json::from_str(include_str!("../../../assets/demo/threads.json"))?;
        let replies: QuickReplies =
            serde_json::from_str(include_str!("../../../assets/demo/quick_replies.json"))?;
        let articles: Articles =
            serde_json::from_str(include_str!("../../../assets/demo/articles.json"))?;
        Ok(Content {
            products: catalogue.products,
            countries: people.countries,
            devices: people.devices,
            sources: people.sources,
            threads: threads.threads,
            quick_replies: replies.quick_replies,
            articles: articles.articles,
        })
    }
}
