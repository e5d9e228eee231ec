//! Certificates through the province database (migration V6): the unit's keys and register are
//! exchanged on every sync, and a code can be checked in the database itself.
//!
//! Keys: every key this folder knows is added to the unit's; the unit's first key becomes this
//! folder's current one and the rest are kept for verifying (see
//! [`crate::trainer::certificate::keys`]). So the first folder of a unit to sync gives the unit
//! its key, a folder that printed with its own key before keeps its codes valid everywhere, and
//! a new folder gets the key on its first sync. Register: each side gets the entries it lacks.

use std::path::Path;

use postgres::GenericClient;

use crate::trainer::certificate::code::{self, Contents, Issued};
use crate::trainer::certificate::keys;

type PgResult<T> = Result<T, postgres::Error>;

/// What one exchange did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchanged {
    /// Register entries sent to the database.
    pub sent: usize,
    /// Register entries added here.
    pub received: usize,
    /// This folder's current key changed to the unit's.
    pub adopted: bool,
}

/// Why the exchange failed: the database, or this folder's certificate files.
#[derive(Debug)]
pub enum ExchangeError {
    Db(postgres::Error),
    Local(anyhow::Error),
}

impl From<postgres::Error> for ExchangeError {
    fn from(e: postgres::Error) -> Self {
        ExchangeError::Db(e)
    }
}

/// Exchanges keys and register entries of the unit `key` with the database.
pub fn exchange(
    client: &mut impl GenericClient,
    key: &str,
    data_dir: &Path,
) -> Result<Exchanged, ExchangeError> {
    let local = ExchangeError::Local;
    let mut out = Exchanged::default();
    // The current key first: when the unit has none yet, it becomes the unit's.
    for k in keys::all(data_dir).map_err(local)? {
        client.execute(
            "INSERT INTO certificate_keys (unit_key, secret) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
            &[&key, &keys::to_hex(&k)],
        )?;
    }
    let unit_keys: Vec<Vec<u8>> = client
        .query(
            "SELECT secret FROM certificate_keys WHERE unit_key = $1 ORDER BY added, secret",
            &[&key],
        )?
        .iter()
        .filter_map(|r| keys::from_hex(r.get::<_, &str>(0)))
        .collect();
    let before = keys::current(data_dir).map_err(local)?;
    keys::adopt(data_dir, &unit_keys).map_err(local)?;
    out.adopted = !unit_keys.is_empty() && before.as_ref() != unit_keys.first();

    let there: std::collections::BTreeMap<String, String> = client
        .query(
            "SELECT code, payload FROM certificates WHERE unit_key = $1",
            &[&key],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let every_key = keys::all(data_dir).map_err(local)?;
    let here = code::register(data_dir).map_err(local)?;
    for entry in &here {
        // An entry edited by hand here is not spread to the rest of the unit.
        if there.contains_key(&entry.code) || !code::genuine(&every_key, entry) {
            continue;
        }
        let c = &entry.contents;
        out.sent += client.execute(
            "INSERT INTO certificates (unit_key, code, payload, learner_id, issued) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            &[
                &key,
                &entry.code,
                &code::payload(c),
                &c.learner_id,
                &c.issued,
            ],
        )? as usize;
    }
    let missing: Vec<Issued> = there
        .iter()
        .filter(|(c, _)| !here.iter().any(|e| &e.code == *c))
        .filter_map(|(c, p)| {
            let contents: Contents = serde_json::from_str(p).ok()?;
            Some(Issued {
                code: c.clone(),
                contents,
            })
        })
        .collect();
    out.received = code::merge(data_dir, missing).map_err(local)?;
    Ok(out)
}

/// One register entry found in the database for a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub province: String,
    pub commune: String,
    /// `None` when the stored text is not a certificate this version can read.
    pub entry: Option<Issued>,
    /// The code matches the entry under one of its unit's keys.
    pub genuine: bool,
}

/// The entries with `code` that the connected role may see, checked by the database.
pub fn verify(client: &mut impl GenericClient, code: &str) -> PgResult<Vec<Found>> {
    Ok(client
        .query(
            "SELECT o_province, o_commune, o_payload, o_genuine \
             FROM hocso_verify_certificate($1)",
            &[&code],
        )?
        .iter()
        .map(|r| Found {
            province: r.get(0),
            commune: r.get(1),
            entry: serde_json::from_str::<Contents>(r.get::<_, &str>(2))
                .ok()
                .map(|contents| Issued {
                    code: code.to_string(),
                    contents,
                }),
            genuine: r.get(3),
        })
        .collect())
}
